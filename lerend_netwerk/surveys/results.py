"""Results of a survey: counts, percentages, numbers, cross-tabulation and free text. Every figure a results page
shows is computed here, and only here (the CSV export of the raw answers is `export`).

All counting happens in SQL (GROUP BY over indexed columns); Python only shapes the few rows that come back, so
the page stays fast with a hundred thousand answers. Groups of fewer than MIN_GROUP people are never shown split
out: with small numbers, people are recognisable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.surveys.models import CHOICE_KINDS, TEXT_KINDS, Answer, DailyTally, Kind, Mode, Question, Tally
from lerend_netwerk.surveys.queries import QuestionView, SurveyView, signals_of

MIN_GROUP = 5
MODE_LABELS = {
    Mode.SELF: lazy_gettext("Zelf ingevuld"),
    Mode.ASSISTED: lazy_gettext("Samen met een begeleider"),
    Mode.PAPER: lazy_gettext("Op papier"),
}


@dataclass
class OptionCount:
    option_id: int
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    view: QuestionView
    respondents: int = 0  # people who answered this question
    options: list[OptionCount] = field(default_factory=list)
    number_stats: dict[str, float | int] | None = None
    text_count: int = 0


@dataclass
class Summary:
    total: int
    per_mode: list[tuple[Mode, int]]
    per_day: list[tuple[date, int]]


@dataclass
class CrossGroup:
    option_id: int
    label: str
    size: int
    hidden: bool
    # question id -> option id -> (count, percent)
    cells: dict[int, dict[int, tuple[int, int]]] = field(default_factory=dict)


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def summary(db: Session, survey_id: int) -> Summary:
    """Responses per mode and per day, from the running tallies (GROUP BY over a few rows)."""
    per_mode = db.execute(
        select(DailyTally.mode, func.sum(DailyTally.count))
        .where(DailyTally.survey_id == survey_id)
        .group_by(DailyTally.mode)
    ).all()
    per_day = db.execute(
        select(DailyTally.day, func.sum(DailyTally.count))
        .where(DailyTally.survey_id == survey_id)
        .group_by(DailyTally.day)
        .order_by(DailyTally.day)
    ).all()
    modes = {mode: int(n) for mode, n in per_mode}
    return Summary(
        total=sum(modes.values()),
        per_mode=[(mode, modes.get(mode, 0)) for mode in Mode],
        per_day=[(day, int(n)) for day, n in per_day],
    )


def question_results(db: Session, view: SurveyView) -> list[QuestionResult]:
    """Per question: how many answered, and per option count and percent; number questions get their stats."""
    rows = db.execute(
        select(
            Tally.question_id, Tally.option_key, Tally.count, Tally.number_sum, Tally.number_min, Tally.number_max
        ).where(Tally.survey_id == view.survey.id)
    ).all()
    totals = {q: (n, total, lo, hi) for q, key, n, total, lo, hi in rows if key == 0}
    option_counts = {(q, key): n for q, key, n, *_rest in rows if key != 0}
    results = []
    for qv in view.questions:
        respondents, total, lo, hi = totals.get(qv.id, (0, None, None, None))
        result = QuestionResult(qv, respondents=respondents)
        kind = qv.question.kind
        if kind in CHOICE_KINDS:
            for option in qv.options:
                n = option_counts.get((qv.id, option.id), 0)
                result.options.append(OptionCount(option.id, option.label, n, percent(n, respondents)))
        elif kind is Kind.NUMBER and respondents and total is not None:
            average = round(float(total) / respondents, 1)
            result.number_stats = {"count": respondents, "min": lo, "max": hi, "average": average}
        elif kind in TEXT_KINDS:
            result.text_count = respondents
        results.append(result)
    return results


def crosstab(db: Session, view: SurveyView, by: QuestionView) -> list[CrossGroup]:
    """Every choice question split by the answer to `by` (a choice question). Groups under MIN_GROUP are hidden."""
    sid = view.survey.id
    a, b = aliased(Answer), aliased(Answer)
    sizes = dict(
        db.execute(
            select(Answer.option_id, func.count(func.distinct(Answer.response_id)))
            .where(Answer.question_id == by.id)
            .group_by(Answer.option_id)
        ).all()
    )
    joined: Select = select(b.option_id, a.question_id, a.option_id, func.count()).join(
        b, and_(b.response_id == a.response_id, b.question_id == by.id)
    )
    counts = joined.where(a.survey_id == sid, a.option_id.is_not(None)).group_by(
        b.option_id, a.question_id, a.option_id
    )
    answered = (
        select(b.option_id, a.question_id, func.count(func.distinct(a.response_id)))
        .join(b, and_(b.response_id == a.response_id, b.question_id == by.id))
        .where(a.survey_id == sid)
        .group_by(b.option_id, a.question_id)
    )
    denominators = {(g, q): n for g, q, n in db.execute(answered).all()}
    groups = {o.id: CrossGroup(o.id, o.label, sizes.get(o.id, 0), sizes.get(o.id, 0) < MIN_GROUP) for o in by.options}
    for g, q, o, n in db.execute(counts).all():
        group = groups.get(g)
        if group is None or group.hidden:
            continue  # hidden groups' numbers never leave this function
        group.cells.setdefault(q, {})[o] = (n, percent(n, denominators.get((g, q), 0)))
    return list(groups.values())


def free_texts(
    db: Session, survey_id: int, *, question_id: int | None = None, search: str = "", limit: int = 200
) -> list[tuple[int, int, str]]:
    """(answer id, question id, text) of free-text answers, newest first, filtered by a word when given."""
    query = (
        select(Answer.id, Answer.question_id, Answer.text)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.survey_id == survey_id, Answer.text.is_not(None), Question.kind.in_(list(TEXT_KINDS)))
    )
    if question_id is not None:
        query = query.where(Answer.question_id == question_id)
    if search:
        escaped = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(Answer.text).like(f"%{escaped}%", escape="\\"))
    return [(i, q, t) for i, q, t in db.execute(query.order_by(Answer.id.desc()).limit(limit)).all()]


def page(
    db: Session, view: SurveyView, *, by: QuestionView | None, text_question: int | None, search: str
) -> dict[str, Any]:
    """Everything the results page (and its printable version) shows of `view`, split by the choice question `by`
    when given, with the free texts of one question and/or matching a word."""
    return {
        "summary": summary(db, view.survey.id),
        "questions": question_results(db, view),
        "crosstab": crosstab(db, view, by) if by is not None else None,
        "texts": free_texts(db, view.survey.id, question_id=text_question, search=search),
        "signals": signals_of(db, view.survey.id),
    }
