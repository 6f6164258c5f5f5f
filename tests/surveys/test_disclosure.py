"""The adversary of issue 13, point 4: can a stuurgroep member compute a small group back?

It logs in as a steering member and takes everything that role can see or download about a survey: the results page
split by every choice question (and not split), the printable version of each, the figures CSV of each, the free-text
CSV, and the numbers printed beside the bars of every chart. Every number read becomes a linear equation over the
unknown microdata: how many people gave each possible combination of answers, way of answering, day and language
(whole numbers, at least 0). Then, for every count of a table (one question, or two questions crossed, or a question
crossed with the way of answering, the day or the language), it asks a MILP solver for the smallest and the largest
value that fits all equations. A count is *determined* when both are equal: then it was computed back, by differences
of totals, rows, columns, several splits combined, or anything else linear algebra and whole numbers allow.

Two findings, each must be empty:

- hidden counts that are determined (a count the pages hide with "–", or leave out although it is not 0);
- counts of 1 to 4 people that are shown or determined, in any of those tables.

The true microdata is known here (the test made it) and must satisfy every equation read: that checks the reading.
The example is the issue's (Centrum 7, Kouter 1); Hypothesis adds generated layouts (derandomized). The figures for
the closing note are printed (pytest -s) and are in the assertion message:

    PYTHONPATH=$PWD .venv/bin/python -m pytest -q -s tests/surveys/test_disclosure.py

This file imports nothing that today's main lacks, so the same command measures main too.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from sqlalchemy import select, update

from lerend_netwerk.surveys import queries, service, service_answers, tally
from lerend_netwerk.surveys.models import Kind, Mode, Option, Response

K = 5
NONE = "(geen)"
MODE_LABELS = {"Zelf ingevuld": Mode.SELF, "Samen met een begeleider": Mode.ASSISTED, "Op papier": Mode.PAPER}
NO_ANSWER = "Geen antwoord"


# -- the survey and its respondents ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Q:
    id: int
    kind: str  # single, multiple, number, text
    text: str
    options: tuple[str, ...] = ()
    option_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Person:
    answers: tuple  # per question: a label or NONE (single), a frozenset of labels (multiple), int or None, str or None
    mode: Mode
    day: date
    language: str


@dataclass
class Survey:
    id: int
    questions: list[Q]
    languages: tuple[str, ...]
    people: list[Person] = field(default_factory=list)


KINDS = {"single": Kind.SINGLE, "multiple": Kind.MULTIPLE, "number": Kind.NUMBER, "text": Kind.SHORT_TEXT}


def build(db, network, spec: list[tuple[str, str, tuple[str, ...]]], *, languages=("fr",)) -> Survey:  # noqa: ANN001
    """A survey with questions (kind, text, option labels), open since yesterday."""

    def run(session):  # noqa: ANN001, ANN202
        today = date.today()
        survey = service.create_survey(
            session,
            network.id,
            actor_id=None,
            title="Wat houdt jou tegen?",
            intro="",
            opens_on=today - timedelta(days=3),
            closes_on=today + timedelta(days=30),
            anonymous=True,
            languages=list(languages),
        )
        made = []
        for kind, text, options in spec:
            kw = {"options": list(options)} if options else {}
            qid = service.add_question(
                session, network.id, survey.id, kind=KINDS[kind], text=text, actor_id=None, **kw
            ).id
            session.flush()
            ids = tuple(
                session.scalars(select(Option.id).where(Option.question_id == qid).order_by(Option.position)).all()
            )
            made.append(Q(qid, kind, text, options, ids))
        return Survey(survey.id, made, ("nl", *languages))

    return db.write_sync(run)


def respond(db, network, survey: Survey, people: Iterable[Person]) -> None:  # noqa: ANN001
    """Store each person's response through the service (as the answer pages do), then move it to its day."""
    people = list(people)

    def run(session):  # noqa: ANN001, ANN202
        moved: dict[date, list[int]] = {}
        for person in people:
            given_answers: dict[str, object] = {}
            for q, value in zip(survey.questions, person.answers, strict=True):
                if value in (None, NONE) or value == frozenset():
                    continue
                if q.kind == "single":
                    given_answers[str(q.id)] = q.option_ids[q.options.index(value)]
                elif q.kind == "multiple":
                    given_answers[str(q.id)] = sorted(q.option_ids[q.options.index(v)] for v in value)
                else:
                    given_answers[str(q.id)] = value
            token = service_answers.start_draft(
                session, network.id, survey.id, language=person.language, mode=person.mode
            )
            session.flush()
            draft = queries.get_draft(session, network.id, survey.id, token)
            service_answers.save_answers(session, network.id, draft.id, given_answers)
            session.flush()
            response_id = service_answers.submit(session, network.id, survey.id, token)
            moved.setdefault(person.day, []).append(response_id)
        session.flush()
        for day, ids in moved.items():
            session.execute(update(Response).where(Response.id.in_(ids)).values(submitted_on=day))
        tally.rebuild(session, survey.id)

    db.write_sync(run)
    survey.people.extend(people)


# -- the attacker's unknowns: one count per combination ----------------------------------------------------------


class World:
    """Every combination of answers, way, day and language a respondent can have; x[t] people have combination t."""

    def __init__(self, survey: Survey, days: list[date]):
        self.survey = survey
        self.attrs: list[tuple[str, object, list]] = []
        for q in survey.questions:
            if q.kind == "single":
                self.attrs.append(("q", q.id, [*q.options, NONE]))
            elif q.kind == "multiple":
                subsets = [
                    frozenset(c) for r in range(len(q.options) + 1) for c in itertools.combinations(q.options, r)
                ]
                self.attrs.append(("q", q.id, subsets))
            elif q.kind == "number":
                self.attrs.append(("q", q.id, [True, False]))
        self.attrs += [("mode", None, list(Mode)), ("day", None, days), ("lang", None, list(survey.languages))]
        self.types = list(itertools.product(*(domain for _a, _b, domain in self.attrs)))
        self.position = {(a, b): i for i, (a, b, _d) in enumerate(self.attrs)}

    def person_type(self, person: Person) -> tuple:
        values = []
        for q, answer in zip(self.survey.questions, person.answers, strict=True):
            if q.kind == "single":
                values.append(answer)
            elif q.kind == "multiple":
                values.append(frozenset(answer or ()))
            elif q.kind == "number":
                values.append(answer is not None)
        return (*values, person.mode, person.day, person.language)

    def truth(self) -> np.ndarray:
        index = {t: i for i, t in enumerate(self.types)}
        x = np.zeros(len(self.types))
        for person in self.survey.people:
            x[index[self.person_type(person)]] += 1
        return x

    def holds(self, t: tuple, cond: tuple) -> bool:
        attr, key, want = cond
        value = t[self.position[(attr, key)]]
        if isinstance(value, frozenset):  # a multiple-choice question: "picked this option", or "none at all"
            return not value if want == NONE else want in value
        if want == "answered":
            return value is not NONE if not isinstance(value, bool) else value
        if want == "unanswered" and isinstance(value, bool):
            return not value
        return value == want

    def row(self, conds: tuple) -> np.ndarray:
        return np.array([1.0 if all(self.holds(t, c) for c in conds) else 0.0 for t in self.types])

    def cells(self) -> list[tuple]:
        """Every cell of every one-way table and of every table of two attributes (as a sorted tuple of conditions)."""
        singles: list[list[tuple]] = []
        for attr, key, domain in self.attrs:
            if attr == "q" and isinstance(domain[0], frozenset):
                q = next(q for q in self.survey.questions if q.id == key)
                singles.append([("q", key, o) for o in q.options] + [("q", key, NONE)])
            elif attr == "q" and isinstance(domain[0], bool):
                singles.append([("q", key, "answered"), ("q", key, "unanswered")])
            else:
                singles.append([(attr, key, v) for v in domain])
        found = [(c,) for group in singles for c in group]
        for a, b in itertools.combinations(range(len(singles)), 2):
            found += [tuple(sorted((ca, cb), key=repr)) for ca in singles[a] for cb in singles[b]]
        return found


# -- reading what the role sees -----------------------------------------------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag, self.attrs, self.children, self.parts = tag, attrs, [], []

    def text(self) -> str:
        return " ".join(" ".join(p if isinstance(p, str) else p.text() for p in self.parts).split())

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if child.tag == tag and all(attrs[k] in child.attrs.get(k.rstrip("_"), "").split() for k in attrs):
                found.append(child)
            found += child.find_all(tag, **attrs)
        return found


VOID = {"input", "br", "img", "meta", "link", "hr", "rect", "source", "wbr"}


class Tree(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.root = Node("root", {})
        self.stack = [self.root]
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        self.stack[-1].parts.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].parts.append(data)


@dataclass
class Seen:
    equations: dict[tuple, int] = field(default_factory=dict)  # cell -> the count shown
    dashed: set[tuple] = field(default_factory=set)  # cells shown as hidden
    sources: dict[tuple, str] = field(default_factory=dict)
    microdata: list[tuple] | None = None  # a per-response export: the attacker knows every combination

    def add(self, cell: tuple, text: str, source: str) -> None:
        cell = tuple(sorted(cell, key=repr))
        number = _count_in(text)
        if number is None:
            self.dashed.add(cell)
            return
        if cell in self.equations and self.equations[cell] != number:
            raise AssertionError(f"{source}: {cell} shown as {number} and as {self.equations[cell]}")
        self.equations[cell] = number
        self.sources.setdefault(cell, source)


def _count_in(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    found = re.search(r"\((\d+)\)\s*$", text)
    return int(found.group(1)) if found else None


def _answer_cond(q: Q, label: str) -> tuple:
    if label == NO_ANSWER:
        return ("q", q.id, NONE)
    assert label in q.options, f"unknown answer {label!r} of {q.text!r}"
    return ("q", q.id, label)


def read_page(survey: Survey, html: str, seen: Seen, source: str) -> None:
    tree = Tree(html).root
    by_text = {q.text: q for q in survey.questions}
    found = re.search(r"(\d+) antwoorden in totaal", html)
    if found:
        seen.equations[()] = int(found.group(1))
    for table in tree.find_all("table"):
        caption = table.find_all("caption")
        title = caption[0].text() if caption else ""
        rows = [tr for tr in table.find_all("tr") if tr.find_all("th", scope="row")]
        if title == "Antwoorden per manier":
            for tr in rows:
                seen.add(
                    (("mode", None, MODE_LABELS[tr.find_all("th")[0].text()]),), tr.find_all("td")[0].text(), source
                )
        elif title == "Antwoorden per dag":
            for tr in rows:
                day = date.fromisoformat(tr.find_all("th")[0].find_all("time")[0].attrs["datetime"])
                seen.add((("day", None, day),), tr.find_all("td")[0].text(), source)
    for article in tree.find_all("article"):
        qid = int(article.attrs.get("id", "resultaat-0").split("-")[1])
        q = next(q for q in survey.questions if q.id == qid)
        text = article.text()
        answered = re.search(r"(\d+) mensen beantwoordden", text)
        if answered and q.kind != "text" and () in seen.equations:
            cond = ("q", q.id, "unanswered") if q.kind == "number" else ("q", q.id, NONE)
            seen.add((cond,), str(seen.equations[()] - int(answered.group(1))), source + " (beantwoord)")
        for table in article.find_all("table"):
            for tr in table.find_all("tr"):
                ths, tds = tr.find_all("th", scope="row"), tr.find_all("td")
                if ths and tds:
                    seen.add((_answer_cond(q, ths[0].text()),), tds[0].text(), source)
        for dl in article.find_all("dl"):
            terms = [n.text() for n in dl.find_all("dt")]
            values = [n.text() for n in dl.find_all("dd")]
            if "Aantal" in terms:
                seen.add((("q", q.id, "answered"),), values[terms.index("Aantal")], source)
        for svg in article.find_all("svg"):
            labels = [n.text() for n in svg.find_all("text", class_="chart-label")]
            values = [n.text() for n in svg.find_all("text", class_="chart-value")]
            for label, value in zip(labels, values, strict=True):
                seen.add((_answer_cond(q, label),), value, source + " (grafiek)")
    split = re.search(r"Opgesplitst volgens: ([^<]+)</h2>", html)
    if split:
        by = by_text[split.group(1).strip()]
        for table in tree.find_all("table", class_="crosstab"):
            q = by_text[table.find_all("caption")[0].text()]
            heads = table.find_all("th", scope="col")[1:]
            groups = []
            for th in heads:
                label, _, size = th.text().partition(" (n=")
                group = _answer_cond(by, label.strip())
                groups.append(group)
                seen.add((group,), size.rstrip(")"), source + " (groep)")
            for tr in table.find_all("tr"):
                ths = tr.find_all("th", scope="row")
                if not ths:
                    continue
                row = _answer_cond(q, ths[0].text())
                for group, td in zip(groups, tr.find_all("td"), strict=True):
                    seen.add((row, group), td.text(), source)


def read_csv(survey: Survey, body: str, seen: Seen, source: str) -> None:
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, data = rows[0], rows[1:]
    by_text = {q.text: q for q in survey.questions}
    if header[:4] == ["antwoord", "datum", "manier", "taal"]:  # one row per response
        seen.microdata = []
        for row in data:
            values = []
            for q, cell in zip(survey.questions, row[4:], strict=True):
                if q.kind == "single":
                    values.append(cell or NONE)
                elif q.kind == "multiple":
                    values.append(frozenset(v for v in cell.split("; ") if v))
                elif q.kind == "number":
                    values.append(bool(cell))
            seen.microdata.append((*values, Mode(row[2]), date.fromisoformat(row[1]), row[3]))
        return
    if header == ["vraag", "antwoord"]:
        return  # free texts only: no counts
    assert header[:6] == ["tabel", "vraag", "antwoord", "groep", "aantal", "procent"], header
    for table, question, answer, group, count, _percent in data:
        if table == "totaal":
            seen.equations[()] = int(count)
        elif table == "per manier":
            seen.add((("mode", None, MODE_LABELS[answer]),), count, source)
        elif table == "per dag":
            seen.add((("day", None, date.fromisoformat(answer)),), count, source)
        elif table == "per vraag":
            q = by_text[question]
            if q.kind == "number":
                if answer == "aantal":
                    seen.add((("q", q.id, "answered"),), count, source)
            else:
                seen.add((_answer_cond(q, answer),), count, source)
        elif table == "groepen":
            seen.add((_answer_cond(by_text[question], answer),), count, source)
        elif table == "opgesplitst":
            by_label, _, label = group.partition(": ")
            cell = (_answer_cond(by_text[question], answer), _answer_cond(by_text[by_label], label))
            seen.add(cell, count, source)


def look(client, survey: Survey) -> Seen:  # noqa: ANN001
    """Everything a steering member can open or download about the survey, read into equations."""
    seen = Seen()
    base = f"/n/zele/bevragingen/{survey.id}"
    splits = [""] + [f"?per={q.id}" for q in survey.questions if q.kind in ("single", "multiple")]
    for split in splits:
        for path in (f"{base}/resultaten{split}", f"{base}/resultaten/afdrukken{split}"):
            page = client.get(path)
            assert page.status_code == 200, path
            read_page(survey, page.text, seen, path)
        export = client.get(f"{base}/resultaten.csv{split}")
        assert export.status_code == 200
        read_csv(survey, export.content.decode("utf-8"), seen, f"{base}/resultaten.csv{split}")
    texts = client.get(f"{base}/vrije-antwoorden.csv")
    if texts.status_code == 200:
        read_csv(survey, texts.content.decode("utf-8"), seen, "vrije-antwoorden.csv")
    return seen


# -- solving ------------------------------------------------------------------------------------------------------


@dataclass
class Findings:
    determined_hidden: list[tuple]  # hidden (or left out, not 0) and computed back
    small_counts: list[tuple]  # 1..K-1 people, shown or computed back
    hidden: int

    def __str__(self) -> str:
        return (
            f"{len(self.determined_hidden)} of {self.hidden} hidden counts determined, "
            f"{len(self.small_counts)} counts of 1-{K - 1} people shown or determined"
        )


def attack(survey: Survey, seen: Seen) -> Findings:
    days = sorted({p.day for p in survey.people} | {c[0][2] for c in seen.equations if c and c[0][0] == "day"})
    world = World(survey, days or [date.today()])
    truth = world.truth()
    rows, values = [], []
    for cell, value in seen.equations.items():
        rows.append(world.row(cell))
        values.append(value)
    if seen.microdata is not None:
        index = {t: i for i, t in enumerate(world.types)}
        counts = np.zeros(len(world.types))
        for t in seen.microdata:
            counts[index[t]] += 1
        for i in range(len(world.types)):
            rows.append(np.eye(1, len(world.types), i)[0])
            values.append(counts[i])
    a = np.array(rows) if rows else np.zeros((0, len(world.types)))
    b = np.array(values, dtype=float)
    assert np.allclose(a @ truth, b), "what was read does not fit the real answers: the reading is wrong"
    constraints = [LinearConstraint(a, b, b)] if rows else []
    integrality = np.ones(len(world.types))
    bounds = Bounds(0, np.inf)

    def extreme(c: np.ndarray, sign: float) -> float:
        found = milp(sign * c, constraints=constraints, integrality=integrality, bounds=bounds)
        assert found.status == 0, found.message
        return sign * found.fun

    def determined(cell: tuple) -> bool:
        c = world.row(cell)
        value = c @ truth
        return extreme(c, -1.0) <= value + 0.5 and extreme(c, 1.0) >= value - 0.5

    shown = {tuple(sorted(c, key=repr)) for c in seen.equations}
    choice = {q.id for q in survey.questions if q.kind in ("single", "multiple")}
    # the tables the pages are made of: one question, or two choice questions crossed
    published = [
        c for c in world.cells() if all(x[0] == "q" for x in c) and (len(c) == 1 or {x[1] for x in c} <= choice)
    ]
    hidden = [c for c in published if c not in shown and (c in seen.dashed or world.row(c) @ truth > 0)]
    determined_hidden = [c for c in hidden if determined(c)]
    small = []
    for cell in world.cells():
        value = world.row(cell) @ truth
        if 0 < value < K and (cell in shown or determined(cell)):
            small.append(cell)
    return Findings(determined_hidden, small, len(hidden))


def check(client, survey: Survey, label: str) -> Findings:  # noqa: ANN001
    findings = attack(survey, look(client, survey))
    print(f"\n{label}: {findings}")  # the figure for the closing note (pytest -s)
    return findings


# -- the tests ------------------------------------------------------------------------------------------------------


EXAMPLE = [
    ("single", "In welke wijk woon je?", ("Centrum", "Kouter", "Heikant")),
    ("single", "Is sport te duur?", ("Ja", "Nee")),
    ("multiple", "Wat doe je graag?", ("Sport", "Muziek")),
    ("number", "Hoeveel kinderen heb je?", ()),
    ("text", "Eén idee?", ()),
]


def test_the_issues_example_centrum_7_kouter_1_cannot_be_computed_back(db, network, client, login_as):
    """Centrum 7, Kouter 1: on main, overall minus Centrum read Kouter's answers straight off."""
    survey = build(db, network, EXAMPLE)
    today, yesterday = date.today(), date.today() - timedelta(days=1)
    people = [
        Person(("Centrum", "Ja", frozenset({"Sport"}), 2, "Te duur"), Mode.SELF, today, "nl"),
        Person(("Centrum", "Ja", frozenset({"Sport", "Muziek"}), 1, None), Mode.SELF, today, "nl"),
        Person(("Centrum", "Nee", frozenset({"Muziek"}), 0, "Geen bus"), Mode.SELF, today, "nl"),
        Person(("Centrum", "Nee", frozenset({"Sport"}), None, None), Mode.ASSISTED, today, "nl"),
        Person(("Centrum", "Ja", frozenset({"Sport"}), 3, None), Mode.SELF, yesterday, "nl"),
        Person(("Centrum", "Nee", frozenset(), 2, None), Mode.SELF, yesterday, "nl"),
        Person(("Centrum", "Ja", frozenset({"Muziek"}), 1, None), Mode.SELF, yesterday, "nl"),
        Person(("Kouter", "Ja", frozenset({"Sport", "Muziek"}), 4, "Mijn zoon"), Mode.PAPER, yesterday, "fr"),
    ]
    respond(db, network, survey, people)
    login_as("steering")
    findings = check(client, survey, "example (Centrum 7, Kouter 1)")
    assert not findings.determined_hidden and not findings.small_counts, (
        f"{findings}: determined {findings.determined_hidden[:8]}, small {findings.small_counts[:8]}"
    )


def test_a_larger_survey_still_shows_figures_and_hides_only_what_it_must(db, network, client, login_as):
    """Suppression is not "hide everything": with 40 answers most figures stay, and still nothing is computed back."""
    survey = build(db, network, EXAMPLE[:3])
    today = date.today()
    people = [
        Person(
            (
                "Kouter" if i == 0 else ("Heikant" if i % 3 == 0 else "Centrum"),
                "Ja" if i % 2 else "Nee",
                frozenset({"Sport"} if i % 4 else {"Sport", "Muziek"}),
            ),
            Mode.PAPER if i in (1, 2) else Mode.SELF,
            today,
            "nl",
        )
        for i in range(40)
    ]
    respond(db, network, survey, people)
    login_as("steering")
    seen = look(client, survey)
    findings = attack(survey, seen)
    print(f"\nlarger survey: {findings}, {len(seen.equations)} counts shown")
    assert not findings.determined_hidden and not findings.small_counts, str(findings)
    wijk = survey.questions[0]
    assert seen.equations[(("q", wijk.id, "Centrum"),)] == 26  # large groups are shown


def _layouts() -> st.SearchStrategy:
    question = st.tuples(st.sampled_from(["single", "single", "multiple"]), st.integers(2, 3))
    return st.tuples(
        st.lists(question, min_size=2, max_size=3),
        st.integers(0, 22),  # respondents
        st.integers(0, 10_000),  # seed for who answers what
    )


@pytest.mark.slow
@settings(max_examples=12, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(layout=_layouts())
def test_generated_layouts_hide_no_small_group(db, network, client, login_as, layout):
    import random

    questions, n, seed = layout
    rng = random.Random(seed)
    labels = ["Aa", "Bb", "Cc"]
    spec = [(kind, f"Vraag {i + 1}?", tuple(labels[:size])) for i, (kind, size) in enumerate(questions)]
    survey = build(db, network, spec)
    today, yesterday = date.today(), date.today() - timedelta(days=1)
    people = []
    for _ in range(n):
        answers = []
        for kind, size in questions:
            weights = [6, 2, 1][:size] + [1]  # skewed, so small groups appear; the last is "no answer"
            pick = rng.choices([*labels[:size], NONE], weights)[0]
            if kind == "multiple":
                answers.append(frozenset(x for x in labels[:size] if rng.random() < 0.4))
            else:
                answers.append(pick)
        mode = rng.choices(list(Mode), [8, 1, 1])[0]
        people.append(Person(tuple(answers), mode, rng.choice([today, yesterday]), rng.choice(["nl", "nl", "fr"])))
    respond(db, network, survey, people)
    login_as("steering")
    findings = attack(survey, look(client, survey))
    assert not findings.determined_hidden and not findings.small_counts, (
        f"{findings}: determined {findings.determined_hidden[:6]}, small {findings.small_counts[:6]}"
    )
