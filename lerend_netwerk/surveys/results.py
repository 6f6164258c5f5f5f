"""Results of a survey: counts, percentages, averages, cross-tables and free text. Every figure that a results page,
its printable version, its charts or its CSV export shows is computed here, and only here.

Small groups stay hidden, also when someone subtracts. Everything a results page can show, whatever it is split by,
is computed at once and handed to `lerend_netwerk.suppression` as one set of tables:

- the number of answers (always shown: the survey's pages show it too);
- answers per way of answering and per day (one-way tables);
- per choice question, how many people picked each option, and how many gave no answer (one-way tables);
- per pair of choice questions, how many people picked this option of the one and that option of the other: the
  cross-table of "split by" (two-way tables whose margins are the one-way tables above).

A count of 1 to 4 people is hidden, with enough other counts that it cannot be computed from totals, rows, columns or
other splits. One pattern of hidden counts serves every view, so two views never differ in what they hide. Percentages
are of everybody (one-way: all answers; cross-table: the whole group), so a percentage tells nothing that its count
and the shown total do not; a hidden count has no percentage. A multiple-choice question counts as one "picked it or
not" split per option, plus "answered or not". A number question shows how many answered and their average, not the
smallest and largest answer (those are one person's answer each). Free-text answers are shown as they are; their
number is not protected (each text is on the page).

Every count comes from the running tallies (`lerend_netwerk.surveys.tally`), kept in the transaction that stores a
response: per day and mode, per option (and per question answered), and per pair of choice answers of two
questions. A cell such as "picked A and did not answer B" is A's count minus the people with A and an answer to B:
every category is a signed sum of such "marks" (`_terms`), so a page reads a few hundred rows whatever the number of
answers, and never the answers themselves (only the free texts it shows).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk import suppression
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.surveys.models import (
    CHOICE_KINDS,
    TEXT_KINDS,
    Answer,
    DailyTally,
    Kind,
    Mode,
    PairTally,
    Question,
    Tally,
)
from lerend_netwerk.surveys.queries import QuestionView, SurveyView, signals_of

MIN_GROUP = suppression.K
MODE_LABELS = {
    Mode.SELF: lazy_gettext("Zelf ingevuld"),
    Mode.ASSISTED: lazy_gettext("Samen met een begeleider"),
    Mode.PAPER: lazy_gettext("Op papier"),
}
NO_ANSWER = lazy_gettext("Geen antwoord")
NONE, YES, NO, ANY = "none", "yes", "no", "any"


@dataclass(frozen=True)
class Figure:
    """A count as a page shows it: `count` None means hidden (and then there is no percentage either)."""

    count: int | None
    percent: int | None = None

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class OptionCount:
    option_id: int | None  # None: the "no answer" line
    label: str
    figure: Figure

    @property
    def count(self) -> int | None:
        return self.figure.count

    @property
    def percent(self) -> int | None:
        return self.figure.percent


@dataclass
class QuestionResult:
    view: QuestionView
    respondents: int | None = None  # people who answered this question; None when that would show a hidden count
    options: list[OptionCount] = field(default_factory=list)
    number_stats: dict[str, float | int] | None = None
    number_hidden: bool = False
    text_count: int = 0


@dataclass
class Summary:
    total: int
    per_mode: list[tuple[Mode, Figure]]
    per_day: list[tuple[date, Figure]]


@dataclass
class CrossColumn:
    label: str
    size: Figure  # the group's size


@dataclass
class CrossRow:
    label: str
    cells: list[Figure]  # one per column


@dataclass
class CrossTable:
    view: QuestionView
    rows: list[CrossRow]


@dataclass
class Crosstab:
    columns: list[CrossColumn]
    tables: list[CrossTable]
    hidden: int  # hidden cells and group sizes in this split


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# -- what is counted -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """One way to split everybody into parts that do not overlap, from one question."""

    question_id: int
    part: str  # "": a single-choice question; "o<id>": one option of a multiple-choice one; ANY: answered or not
    categories: tuple[str, ...]  # "o<id>" options, NONE, YES/NO, ANY
    crossed: bool  # part of the cross-tables (choice questions); numbers are only counted


def dimensions(view: SurveyView) -> list[Dimension]:
    found: list[Dimension] = []
    for qv in view.questions:
        kind = qv.question.kind
        if kind is Kind.MULTIPLE:
            found += [Dimension(qv.id, f"o{o.id}", (YES, NO), True) for o in qv.options]
            found.append(Dimension(qv.id, ANY, (ANY, NONE), True))
        elif kind in CHOICE_KINDS:
            found.append(Dimension(qv.id, "", (*(f"o{o.id}" for o in qv.options), NONE), True))
        elif kind is Kind.NUMBER:
            found.append(Dimension(qv.id, ANY, (ANY, NONE), False))
    return found


@dataclass
class Published:
    """Every count a results view can show, and which of them are hidden."""

    total: int
    dims: list[Dimension]
    values: dict[Hashable, int]
    hidden: frozenset[Hashable]
    number_sums: dict[int, int]
    text_counts: dict[int, int]
    days: list[date]

    def index(self, question_id: int, part: str = "") -> int:
        return next(i for i, d in enumerate(self.dims) if d.question_id == question_id and d.part == part)

    def figure(self, key: Hashable, base: Hashable | None = None) -> Figure:
        if key in self.hidden:
            return Figure(None)
        count = self.values[key]
        whole = self.total if base is None else (None if base in self.hidden else self.values[base])
        return Figure(count, None if whole is None else percent(count, whole))

    def one(self, dim: int, category: str) -> Hashable:
        return ("1", dim, category)

    @staticmethod
    def two(dim_a: int, cat_a: str, dim_b: int, cat_b: str) -> Hashable:
        if dim_a > dim_b:
            dim_a, cat_a, dim_b, cat_b = dim_b, cat_b, dim_a, cat_a
        return ("2", dim_a, cat_a, dim_b, cat_b)


TOTAL: Hashable = ("total",)


Mark = tuple[int, int] | None  # (question id, option id or 0: answered it); None: everybody


def _terms(dim: Dimension, category: str) -> list[tuple[int, Mark]]:
    """Who is in `category` of `dim`, as a signed sum of marks (see `tally.marks`): in "o<id>", YES and ANY are the
    people with that mark; in NO and NONE everybody minus them."""
    q = dim.question_id
    mark = (q, int(dim.part[1:])) if dim.part and dim.part != ANY else (q, 0)
    if category in (NO, NONE):
        return [(1, None), (-1, mark)]
    if category.startswith("o"):
        return [(1, (q, int(category[1:])))]
    return [(1, mark)]


def publish(db: Session, view: SurveyView) -> Published:
    """Count everything a results view can show, and decide once which counts stay hidden. Read from the running
    tallies only (a few hundred rows, whatever the number of answers)."""
    sid = view.survey.id
    dims = dimensions(view)
    modes: dict[Mode, int] = defaultdict(int)
    days: dict[date, int] = defaultdict(int)
    for day, mode, n in db.execute(
        select(DailyTally.day, DailyTally.mode, DailyTally.count)
        .where(DailyTally.survey_id == sid)
        .order_by(DailyTally.day)
    ).all():
        modes[mode] += n
        days[day] += n
    total = sum(modes.values())
    # People with one mark (Tally: an option, or 0 for having answered) and with two marks of two questions.
    one: dict[Mark, int] = {}
    number_sums: dict[int, int] = {}
    for question_id, key, n, number_sum in db.execute(
        select(Tally.question_id, Tally.option_key, Tally.count, Tally.number_sum).where(Tally.survey_id == sid)
    ).all():
        one[(question_id, key)] = n
        if key == 0:
            number_sums[question_id] = int(number_sum or 0)
    total = max([total, *one.values()])  # a guard: never fewer people than answered one question
    one[None] = total
    two: dict[tuple[Mark, Mark], int] = {
        ((qa, ma), (qb, mb)): n
        for qa, ma, qb, mb, n in db.execute(
            select(
                PairTally.question_a, PairTally.mark_a, PairTally.question_b, PairTally.mark_b, PairTally.count
            ).where(PairTally.survey_id == sid)
        ).all()
    }

    def both(x: Mark, y: Mark) -> int:
        if x is None:
            return one.get(y, 0)
        if y is None:
            return one.get(x, 0)
        return two.get((x, y) if x < y else (y, x), 0)

    values: dict[Hashable, int] = {TOTAL: total}
    terms = [{c: _terms(d, c) for c in d.categories} for d in dims]
    for i, d in enumerate(dims):
        for c in d.categories:
            values[("1", i, c)] = sum(sign * one.get(mark, 0) for sign, mark in terms[i][c])
    pairs = [
        (i, j)
        for i, j in combinations(range(len(dims)), 2)
        if dims[i].crossed and dims[j].crossed and dims[i].question_id != dims[j].question_id
    ]
    for i, j in pairs:
        for a in dims[i].categories:
            for b in dims[j].categories:
                values[("2", i, a, j, b)] = sum(sa * sb * both(x, y) for sa, x in terms[i][a] for sb, y in terms[j][b])
    for mode in Mode:
        values[("mode", mode.value)] = int(modes.get(mode, 0))
    for day, n in days.items():
        values[("day", day.isoformat())] = int(n)

    if total == 0:
        hidden: frozenset[Hashable] = frozenset()  # nothing to hide: every count is 0
    elif total < MIN_GROUP:
        hidden = frozenset(key for key in values if key != TOTAL)  # fewer than 5 answers: no figures at all
    else:
        lines = [suppression.Line(TOTAL, tuple(("1", i, c) for c in d.categories)) for i, d in enumerate(dims)]
        lines.append(suppression.Line(TOTAL, tuple(("mode", m.value) for m in Mode)))
        lines.append(suppression.Line(TOTAL, tuple(("day", d.isoformat()) for d in days)))
        grids = [
            suppression.Grid(
                TOTAL,
                tuple(("1", i, a) for a in dims[i].categories),
                tuple(("1", j, b) for b in dims[j].categories),
                tuple(tuple(("2", i, a, j, b) for b in dims[j].categories) for a in dims[i].categories),
            )
            for i, j in pairs
        ]
        hidden = suppression.suppress(values, lines=lines, grids=grids, fixed=[TOTAL])
    texts = {qv.id for qv in view.questions if qv.question.kind in TEXT_KINDS}
    text_counts = {m[0]: n for m, n in one.items() if m is not None and m[1] == 0 and m[0] in texts}
    return Published(total, dims, values, hidden, number_sums, text_counts, list(days))


# -- what a view shows -----------------------------------------------------------------------------------------------


def summary(published: Published) -> Summary:
    """Responses per mode and per day."""
    return Summary(
        total=published.total,
        per_mode=[(mode, published.figure(("mode", mode.value))) for mode in Mode],
        per_day=[(day, published.figure(("day", day.isoformat()))) for day in published.days],
    )


def _lines(published: Published, qv: QuestionView) -> list[tuple[str, int | None, int, str]]:
    """(label, option id, dimension, category) of the lines a choice question shows: its options, then "no answer"
    unless that is a shown 0."""
    if qv.question.kind is Kind.MULTIPLE:
        found = [(o.label, o.id, published.index(qv.id, f"o{o.id}"), YES) for o in qv.options]
        none_dim = published.index(qv.id, ANY)
    else:
        dim = published.index(qv.id)
        found = [(o.label, o.id, dim, f"o{o.id}") for o in qv.options]
        none_dim = dim
    key = published.one(none_dim, NONE)
    if key in published.hidden or published.values[key]:
        found.append((str(NO_ANSWER), None, none_dim, NONE))
    return found


def question_results(published: Published, view: SurveyView) -> list[QuestionResult]:
    """Per question: per option count and percent (of all answers); number questions their count and average."""
    results = []
    for qv in view.questions:
        kind = qv.question.kind
        result = QuestionResult(qv)
        if kind in CHOICE_KINDS:
            for label, option_id, dim, category in _lines(published, qv):
                result.options.append(OptionCount(option_id, label, published.figure(published.one(dim, category))))
            none = published.one(published.index(qv.id, ANY if kind is Kind.MULTIPLE else ""), NONE)
            if none not in published.hidden:
                result.respondents = published.total - published.values[none]
        elif kind is Kind.NUMBER:
            dim = published.index(qv.id, ANY)
            answered = published.one(dim, ANY)
            if answered in published.hidden:
                result.number_hidden = True
            else:
                result.respondents = n = published.values[answered]
                if n:
                    average = round(published.number_sums.get(qv.id, 0) / n, 1)
                    result.number_stats = {"count": n, "average": average}
        elif kind in TEXT_KINDS:
            result.respondents = result.text_count = published.text_counts.get(qv.id, 0)
        results.append(result)
    return results


def crosstab(published: Published, view: SurveyView, by: QuestionView) -> Crosstab:
    """Every other choice question split by the answer to `by` (a choice question): a column per option of `by` (and
    one for "no answer" unless nobody is in it); in each column the counts and percentages of the group."""
    columns: list[tuple[CrossColumn, int, str, Hashable]] = []
    for label, _option_id, dim, category in _lines(published, by):
        size = published.one(dim, category)
        columns.append((CrossColumn(label, published.figure(size)), dim, category, size))
    tables: list[CrossTable] = []
    hidden = sum(1 for c in columns if c[0].size.hidden)
    for qv in view.questions:
        if qv.id == by.id or qv.question.kind not in CHOICE_KINDS:
            continue
        rows = []
        for label, _option_id, dim, category in _lines(published, qv):
            cells = [
                published.figure(published.two(dim, category, col_dim, col_cat), base=size)
                for _column, col_dim, col_cat, size in columns
            ]
            hidden += sum(1 for cell in cells if cell.hidden)
            rows.append(CrossRow(label, cells))
        tables.append(CrossTable(qv, rows))
    return Crosstab([c[0] for c in columns], tables, hidden)


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
    published = publish(db, view)
    return {
        "summary": summary(published),
        "questions": question_results(published, view),
        "crosstab": crosstab(published, view, by) if by is not None else None,
        "texts": free_texts(db, view.survey.id, question_id=text_question, search=search),
        "signals": signals_of(db, view.survey.id),
        "hidden_total": len(published.hidden),
        "too_few": published.total < MIN_GROUP,
    }
