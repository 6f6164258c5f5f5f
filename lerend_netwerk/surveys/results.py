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

import functools
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from sqlalchemy import (
    BigInteger,
    CompoundSelect,
    Date,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)
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
from lerend_netwerk.surveys.queries import (
    QuestionView,
    SurveyView,
    kept_survey,
    questions_and_options,
    signals_of,
)

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


TallyRow = tuple[Any, ...]  # kind, day, mode, a, b, c, d, count: see `_tallies_statement`


@dataclass(frozen=True, eq=False)
class Tallies:
    """The running tallies of one survey, as read (see `read_tallies`); equal when read from the same rows, and
    hashed by them (once), so that what is computed from them can be remembered (`publish_tallies`). Never changed
    once made: every request that reads the same rows shares them."""

    modes: dict[Mode, int]
    days: dict[date, int]  # in order of day
    one: dict[Mark, int]  # people with one mark (an option, or 0: answered the question)
    number_sums: dict[int, int]
    two: dict[tuple[int, int, int, int], int]  # people with two marks of two questions: the smaller mark first
    rows: tuple[TallyRow, ...]
    row_hash: int  # hash(rows), computed once

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, Tallies) and self.rows == other.rows)

    def __hash__(self) -> int:
        return self.row_hash


def _tallies_statement() -> CompoundSelect:
    """Every running tally of a survey in one statement: per day and mode, per mark, per pair of marks. The rows of
    the three tables share columns (the first select gives the result's types, the others fill them with NULL); a
    mark's number sum shares the column of a pair's second question. The mode comes as its stored text (its name)."""
    survey = bindparam("survey_id", type_=Integer)
    no_int = cast(null(), Integer)
    daily = select(
        literal_column("0").label("kind"),
        DailyTally.day,
        type_coerce(DailyTally.mode, String).label("mode"),
        no_int.label("a"),
        no_int.label("b"),
        cast(null(), BigInteger).label("c"),
        no_int.label("d"),
        DailyTally.count,
    ).where(DailyTally.survey_id == survey)
    marks = select(
        literal_column("1"),
        cast(null(), Date),
        cast(null(), String),
        Tally.question_id,
        Tally.option_key,
        Tally.number_sum,
        no_int,
        Tally.count,
    ).where(Tally.survey_id == survey)
    pairs = select(
        literal_column("2"),
        cast(null(), Date),
        cast(null(), String),
        PairTally.question_a,
        PairTally.mark_a,
        PairTally.question_b,
        PairTally.mark_b,
        PairTally.count,
    ).where(PairTally.survey_id == survey)
    return union_all(daily, marks, pairs)


_TALLIES = _tallies_statement()


def read_tallies(db: Session, survey_id: int) -> Tallies:
    """The survey's running tallies, in one statement (a few hundred rows, whatever the number of answers)."""
    return _tallies_of(tuple(tuple(row) for row in db.execute(_TALLIES, {"survey_id": survey_id})))


@functools.lru_cache(maxsize=32)
def _tallies_of(rows: tuple[TallyRow, ...]) -> Tallies:
    """The tallies in these rows (`read_tallies`). Remembered per worker: rows read again unchanged give the same
    Tallies, so `publish_tallies` finds what it computed from them."""
    modes: dict[Mode, int] = defaultdict(int)
    days: dict[date, int] = defaultdict(int)
    one: dict[Mark, int] = {}
    number_sums: dict[int, int] = {}
    two: dict[tuple[int, int, int, int], int] = {}
    for kind, day, mode, a, b, c, d, n in rows:
        if kind == 2:
            two[(a, b, c, d)] = n
        elif kind == 1:
            one[(a, b)] = n
            if b == 0:
                number_sums[a] = int(c or 0)
        else:
            modes[Mode[mode]] += n  # stored by name, as SQLAlchemy stores an enum
            days[day] += n
    ordered = {day: days[day] for day in sorted(days)}
    return Tallies(dict(modes), ordered, one, number_sums, two, rows, hash(rows))


def publish(db: Session, view: SurveyView) -> Published:
    """Count everything a results view can show, and decide once which counts stay hidden. Read from the running
    tallies only (a few hundred rows, whatever the number of answers)."""
    return publish_tallies(view, read_tallies(db, view.survey.id))


def _signed(dim: Dimension, category: str) -> tuple[int, int, Mark]:
    """`_terms` as (everybody: 0 or 1, sign, mark): the category is everybody times the first, plus the sign times
    the people with the mark."""
    terms = _terms(dim, category)
    if len(terms) == 1:
        return 0, terms[0][0], terms[0][1]
    return 1, terms[1][0], terms[1][1]


def publish_tallies(view: SurveyView, tallies: Tallies) -> Published:
    """`publish` from tallies already read. What is published is a pure function of the survey's questions and
    options and of the tallies; it is remembered per worker for both as read (the last 32), so a results page read
    again without a new answer skips the counting and `suppression` (1 to 2 ms on the benchmark's survey). A new
    answer changes the tallies' rows, an edited survey its questions: both are computed again. Every request that
    publishes the same gets the same Published: nothing changes one once made."""
    texts = frozenset(qv.id for qv in view.questions if qv.question.kind in TEXT_KINDS)
    return _published(tuple(dimensions(view)), texts, tallies)


@functools.lru_cache(maxsize=32)
def _published(dims_read: tuple[Dimension, ...], texts: frozenset[int], tallies: Tallies) -> Published:
    """`publish_tallies`. Every count gets a number (its place in `keys`, the order in which `suppression` breaks
    ties) and is handed to `suppression.suppress_numbered` by number."""
    dims = list(dims_read)
    modes, days, one, two = tallies.modes, tallies.days, dict(tallies.one), tallies.two
    total = sum(modes.values())
    total = max([total, *one.values()])  # a guard: never fewer people than answered one question
    one[None] = total

    keys: list[Hashable] = [TOTAL]
    counts: list[int] = [total]
    # per dimension and category: (category, everybody: 0 or 1, sign, mark, people with the mark)
    terms = [[(c, *_signed(d, c)) for c in d.categories] for d in dims]
    signed = [[(c, e, sign, mark, one.get(mark, 0)) for c, e, sign, mark in dim] for dim in terms]
    numbered: list[list[int]] = []  # per dimension, the numbers of its categories' counts
    for i, d in enumerate(dims):
        numbered.append(list(range(len(keys), len(keys) + len(d.categories))))
        for c, everybody, sign, _mark, marked in signed[i]:
            keys.append(("1", i, c))
            counts.append(everybody * total + sign * marked)
    pairs = [
        (i, j)
        for i, j in combinations(range(len(dims)), 2)
        if dims[i].crossed and dims[j].crossed and dims[i].question_id != dims[j].question_id
    ]
    grids: list[suppression.Grid] = []
    for i, j in pairs:
        cells: list[tuple[int, ...]] = []
        swap = dims[i].question_id > dims[j].question_id  # a pair tally has the smaller question first
        for a, ea, sa, x, x_n in signed[i]:
            first = len(keys)
            for b, eb, sb, y, y_n in signed[j]:
                keys.append(("2", i, a, j, b))
                # (ea + sa x)(eb + sb y): everybody, those with one mark, those with both
                n = sa * sb * two.get(y + x if swap else x + y, 0)
                if ea:
                    n += eb * total + sb * y_n
                if eb:
                    n += sa * x_n
                counts.append(n)
            cells.append(tuple(range(first, len(keys))))
        grids.append(suppression.Grid(0, tuple(numbered[i]), tuple(numbered[j]), tuple(cells)))
    first_mode = len(keys)
    for mode in Mode:
        keys.append(("mode", mode.value))
        counts.append(int(modes.get(mode, 0)))
    first_day = len(keys)
    for day, n in days.items():
        keys.append(("day", day.isoformat()))
        counts.append(int(n))
    values: dict[Hashable, int] = dict(zip(keys, counts, strict=True))

    if total == 0:
        hidden: frozenset[Hashable] = frozenset()  # nothing to hide: every count is 0
    elif total < MIN_GROUP:
        hidden = frozenset(key for key in values if key != TOTAL)  # fewer than 5 answers: no figures at all
    else:
        lines = [suppression.Line(0, tuple(numbers)) for numbers in numbered]
        lines.append(suppression.Line(0, tuple(range(first_mode, first_day))))
        lines.append(suppression.Line(0, tuple(range(first_day, len(keys)))))
        hidden = frozenset(keys[n] for n in suppression.suppress_numbered(counts, lines=lines, grids=grids, fixed=[0]))
    text_counts = {m[0]: n for m, n in one.items() if m is not None and m[1] == 0 and m[0] in texts}
    return Published(total, dims, values, hidden, tallies.number_sums, text_counts, list(days))


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


@functools.cache
def _free_texts_statement(by_question: bool, by_word: bool) -> Select[Any]:
    """`free_texts`' statement, built once per kind of filter: building it cost about as much as running it."""
    query = (
        select(Answer.id, Answer.question_id, Answer.text)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Answer.survey_id == bindparam("survey_id"),
            Answer.text.is_not(None),
            Question.kind.in_(sorted(TEXT_KINDS, key=lambda kind: kind.value)),
        )
    )
    if by_question:
        query = query.where(Answer.question_id == bindparam("question_id"))
    if by_word:
        query = query.where(func.lower(Answer.text).like(bindparam("pattern", type_=String), escape="\\"))
    return query.order_by(Answer.id.desc()).limit(bindparam("limit", type_=Integer))


def free_texts(
    db: Session, survey_id: int, *, question_id: int | None = None, search: str = "", limit: int = 200
) -> list[tuple[int, int, str]]:
    """(answer id, question id, text) of free-text answers, newest first, filtered by a word when given."""
    params: dict[str, Any] = {"survey_id": survey_id, "limit": limit}
    if question_id is not None:
        params["question_id"] = question_id
    if search:
        escaped = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["pattern"] = f"%{escaped}%"
    query = _free_texts_statement(question_id is not None, bool(search))
    return [(i, q, t) for i, q, t in db.execute(query, params).all()]


def results_view(db: Session, network_id: int, survey_id: int, tallies: Tallies) -> SurveyView:
    """The survey of the network with its questions and options (kept per worker: `queries.questions_and_options`),
    for the results pages: whether a question has answers and the number of responses come from `tallies` (read
    beside it), and there are no recordings or pictures (`queries.load` for every other survey page). NotFound when
    it is not this network's."""
    survey = kept_survey(db, network_id, survey_id)
    questions = [
        QuestionView(q, options, answered=tallies.one.get((q.id, 0), 0) > 0)
        for q, options in questions_and_options(db, survey.id)
    ]
    return SurveyView(survey, questions, sum(tallies.days.values()))


def page_for(
    db: Session, network_id: int, survey_id: int, *, by_id: int | None, text_question: int | None, search: str
) -> dict[str, Any]:
    """The results page of a survey in one read: the survey with its questions, its tallies, the free texts and
    its signals (four statements), and `page` of them. Split by the choice question `by_id` when it is one."""
    tallies = read_tallies(db, survey_id)
    view = results_view(db, network_id, survey_id, tallies)
    by = view.question(by_id) if by_id else None
    if by is not None and by.question.kind not in CHOICE_KINDS:
        by = None
    return {
        "view": view,
        "by": by,
        **page(db, view, by=by, text_question=text_question, search=search, tallies=tallies),
    }


def page(
    db: Session,
    view: SurveyView,
    *,
    by: QuestionView | None,
    text_question: int | None,
    search: str,
    tallies: Tallies | None = None,
) -> dict[str, Any]:
    """Everything the results page (and its printable version) shows of `view`, split by the choice question `by`
    when given, with the free texts of one question and/or matching a word. `tallies`: already read."""
    published = publish_tallies(view, tallies or read_tallies(db, view.survey.id))
    return {
        "summary": summary(published),
        "questions": question_results(published, view),
        "crosstab": crosstab(published, view, by) if by is not None else None,
        "texts": free_texts(db, view.survey.id, question_id=text_question, search=search),
        "signals": signals_of(db, view.survey.id),
        "hidden_total": len(published.hidden),
        "too_few": published.total < MIN_GROUP,
    }
