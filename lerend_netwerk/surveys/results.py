"""Results: counts, percentages, cross-tabulation, free text, CSV, and turning results into signals.

All counting happens in SQL (GROUP BY over indexed columns); Python only shapes the few rows that come back, so
the page stays fast with a hundred thousand answers. Groups of fewer than MIN_GROUP people are never shown split
out: with small numbers, people are recognisable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.signals.models import SourceKind
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.surveys.builder import KIND_LABELS, QuestionView, SurveyView
from lerend_netwerk.surveys.models import (
    CHOICE_KINDS,
    TEXT_KINDS,
    Answer,
    DailyTally,
    Kind,
    Mode,
    Question,
    Response,
    SurveySignal,
    Tally,
)

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


def csv_table(db: Session, view: SurveyView) -> tuple[list[str], list[list[object]]]:
    """Header and one row per response, for `web.export.csv_response`; a multiple-choice answer lists its choices
    separated by "; "."""
    questions = view.questions
    labels = {o.id: o.label for qv in questions for o in qv.options}
    header = ["antwoord", "datum", "manier", "taal", *(f"{i}. {qv.question.text}" for i, qv in enumerate(questions, 1))]
    columns = {qv.id: i for i, qv in enumerate(questions)}
    rows: list[list[object]] = []
    for response, answers in _responses_with_answers(db, view.survey.id):
        cells: list[list[str]] = [[] for _ in questions]
        for question_id, option_id, number, text in answers:
            if question_id not in columns:
                continue
            value = labels.get(option_id, "") if option_id else (str(number) if number is not None else text or "")
            cells[columns[question_id]].append(value)
        rows.append(
            [response.id, response.submitted_on.isoformat(), response.mode.value, response.language]
            + ["; ".join(c) for c in cells]
        )
    return header, rows


def _responses_with_answers(db: Session, survey_id: int) -> Iterator[tuple[Response, list[tuple]]]:
    responses = db.scalars(select(Response).where(Response.survey_id == survey_id).order_by(Response.id)).all()
    rows = db.execute(
        select(Answer.response_id, Answer.question_id, Answer.option_id, Answer.number, Answer.text)
        .where(Answer.survey_id == survey_id)
        .order_by(Answer.response_id, Answer.id)
    ).all()
    by_response: dict[int, list[tuple]] = {}
    for response_id, *rest in rows:
        by_response.setdefault(response_id, []).append(tuple(rest))
    for response in responses:
        yield response, by_response.get(response.id, [])


def make_signal(
    db: Session,
    view: SurveyView,
    *,
    title: str,
    description: str,
    answer_ids: list[int],
    question_id: int | None,
    people_count: int,
    link: str,
    actor_id: int | None,
) -> int:
    """Hand a selection to the signals board and keep the link on our side. Returns the signal id."""
    survey = view.survey
    if answer_ids:
        found = db.scalars(select(Answer.id).where(Answer.survey_id == survey.id, Answer.id.in_(answer_ids))).all()
        if len(set(found)) != len(set(answer_ids)):
            raise LookupError(answer_ids)
        quoted = db.scalars(select(Answer.text).where(Answer.id.in_(answer_ids)).order_by(Answer.id)).all()
        description = "\n".join([description, *(f"“{t}”" for t in quoted if t)]).strip()
    signal = receive(
        db,
        survey.network_id,
        Incoming(
            title=title,
            kind=SourceKind.SURVEY,
            description=description,
            theme=survey.theme,
            people_count=max(1, people_count),
            ref_id=survey.id,
            link=link,
            label=_("Bevraging: {title}").format(title=survey.title)[:200],
        ),
        actor_id=actor_id,
    )
    db.add(
        SurveySignal(
            survey_id=survey.id,
            signal_id=signal.id,
            title=title[:200],
            question_id=question_id,
            answer_ids=sorted(set(answer_ids)),
            created_by_id=actor_id,
        )
    )
    return signal.id


def signals_of(db: Session, survey_id: int) -> list[SurveySignal]:
    rows = list(
        db.scalars(select(SurveySignal).where(SurveySignal.survey_id == survey_id).order_by(SurveySignal.id.desc()))
    )
    for row in rows:
        db.expunge(row)
    return rows


def kind_label(kind: Kind) -> str:
    return str(KIND_LABELS[kind])
