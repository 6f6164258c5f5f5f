"""The pair tallies: kept in the transaction that stores a response, they equal a recount from the answers
(`tally.rebuild`), and every figure `results.publish` reads from the tallies equals a count of the stored answers
made here, person by person, without any tally."""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Hashable
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from lerend_netwerk.surveys import queries, results, service, tally
from lerend_netwerk.surveys.models import Answer, DailyTally, Kind, PairTally, Response, Tally
from lerend_netwerk.surveys.queries import SurveyView
from tests.surveys.generate import fill
from tests.surveys.helpers import make_survey


def count_from_answers(session: Session, view: SurveyView) -> dict[Hashable, int]:
    """Every count `publish` shows, from the stored responses and answers: who is in which category of each
    dimension, and of each pair of dimensions of two choice questions."""
    sid = view.survey.id
    people: dict[int, set[tuple[int, int]]] = {
        r: set() for r in session.scalars(select(Response.id).where(Response.survey_id == sid))
    }
    for response_id, question_id, option_id in session.execute(
        select(Answer.response_id, Answer.question_id, Answer.option_id).where(
            Answer.survey_id == sid, Answer.text.is_(None)
        )
    ):
        people[response_id].add((question_id, 0))
        if option_id is not None:
            people[response_id].add((question_id, option_id))
    dims = results.dimensions(view)

    def category(dim: results.Dimension, has: set[tuple[int, int]]) -> str:
        q = dim.question_id
        if dim.part == results.ANY:
            return results.ANY if (q, 0) in has else results.NONE
        if dim.part:
            return results.YES if (q, int(dim.part[1:])) in has else results.NO
        picked = [c for c in dim.categories if c != results.NONE and (q, int(c[1:])) in has]
        return picked[0] if picked else results.NONE

    values: dict[Hashable, int] = Counter({results.TOTAL: len(people)})
    for i, d in enumerate(dims):
        for c in d.categories:
            values[("1", i, c)] += 0
    pairs = [
        (i, j)
        for i, j in combinations(range(len(dims)), 2)
        if dims[i].crossed and dims[j].crossed and dims[i].question_id != dims[j].question_id
    ]
    for i, j in pairs:
        for a in dims[i].categories:
            for b in dims[j].categories:
                values[("2", i, a, j, b)] += 0
    for has in people.values():
        of = [category(d, has) for d in dims]
        for i in range(len(dims)):
            values[("1", i, of[i])] += 1
        for i, j in pairs:
            values[("2", i, of[i], j, of[j])] += 1
    days = session.execute(
        select(Response.submitted_on, Response.mode, func.count())
        .where(Response.survey_id == sid)
        .group_by(Response.submitted_on, Response.mode)
    ).all()
    for mode in results.Mode:
        values[("mode", mode.value)] += sum(n for _d, m, n in days if m is mode)
    for day, _mode, n in days:
        values[("day", day.isoformat())] += n
    return dict(values)


def _tallies(session: Session, survey_id: int) -> dict[str, Any]:
    return {
        "pairs": sorted(
            session.execute(
                select(
                    PairTally.question_a, PairTally.mark_a, PairTally.question_b, PairTally.mark_b, PairTally.count
                ).where(PairTally.survey_id == survey_id)
            ).all()
        ),
        "options": sorted(
            session.execute(
                # number_sum: the running tally keeps 0 where a recount has NULL (no numbers); both read as 0
                select(Tally.question_id, Tally.option_key, Tally.count, func.coalesce(Tally.number_sum, 0)).where(
                    Tally.survey_id == survey_id
                )
            ).all()
        ),
        "days": sorted(
            session.execute(
                select(DailyTally.day, DailyTally.mode, DailyTally.count).where(DailyTally.survey_id == survey_id)
            ).all()
        ),
    }


def _view(db, network, survey_id):  # noqa: ANN001, ANN202
    return db.read_sync(queries.survey_view, network.id, survey_id)


def test_running_pair_counts_equal_a_rebuild_from_the_answers(db, network, monkeypatch):
    monkeypatch.setattr(tally, "PAIR_BATCH", 7)  # a response's pairs in several statements
    ids = make_survey(db, network)
    fill(db, network.id, ids["survey"], 40)
    # a question added after the first answers: those people did not answer it
    db.write_sync(
        lambda s: service.add_question(
            s,
            network.id,
            ids["survey"],
            kind=Kind.MULTIPLE,
            text="Hoe kom je?",
            options=["Fiets", "Bus"],
            actor_id=None,
        )
    )
    fill(db, network.id, ids["survey"], 25, seed=11)
    running = db.read_sync(_tallies, ids["survey"])
    assert len(running["pairs"]) > 50

    def rebuild(session):  # noqa: ANN001, ANN202
        tally.rebuild(session, ids["survey"])

    db.write_sync(rebuild)
    assert db.read_sync(_tallies, ids["survey"]) == running
    # and independently: two choices of the people who answered both questions
    marks = db.read_sync(
        lambda s: s.execute(
            select(Answer.response_id, Answer.question_id, Answer.option_id).where(Answer.option_id.is_not(None))
        ).all()
    )
    by_response: dict[int, set[tuple[int, int]]] = {}
    for response_id, question_id, option_id in marks:
        by_response.setdefault(response_id, set()).update({(question_id, option_id), (question_id, 0)})
    expected: Counter[tuple[int, int, int, int]] = Counter()
    for has in by_response.values():
        for x, y in combinations(sorted(has), 2):
            if x[0] != y[0]:
                expected[(*x, *y)] += 1
    assert {(qa, ma, qb, mb): n for qa, ma, qb, mb, n in running["pairs"]} == expected


def test_the_figures_read_from_the_tallies_equal_a_count_of_the_answers(db, network):
    ids = make_survey(db, network)
    view = _view(db, network, ids["survey"])
    for n, seed in [(0, 1), (3, 2), (60, 3)]:  # nobody, fewer than 5 (all hidden), enough to show and hide
        fill(db, network.id, ids["survey"], n, seed=seed)
        published = db.read_sync(results.publish, view)
        assert published.values == db.read_sync(count_from_answers, view)
    db.write_sync(
        lambda s: service.add_question(
            s,
            network.id,
            ids["survey"],
            kind=Kind.MULTIPLE,
            text="Hoe kom je?",
            options=["Fiets", "Bus"],
            actor_id=None,
        )
    )
    fill(db, network.id, ids["survey"], 9, seed=4)
    view = _view(db, network, ids["survey"])
    published = db.read_sync(results.publish, view)
    assert published.total == 72 and published.hidden
    assert published.values == db.read_sync(count_from_answers, view)


def test_the_migration_fills_the_pair_tallies_as_they_are_kept(db, network):
    """Migration 0019 fills the table for existing answers with its own SQL: the same rows as kept while answering."""
    path = Path(__file__).parents[2] / "migrations" / "versions" / "0019_survey_pair_tally.py"
    spec = importlib.util.spec_from_file_location("migration_0019", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    ids = make_survey(db, network)
    fill(db, network.id, ids["survey"], 30)
    running = db.read_sync(_tallies, ids["survey"])["pairs"]

    def refill(session):  # noqa: ANN001, ANN202
        session.execute(delete(PairTally))
        session.execute(text(migration.FILL))

    db.write_sync(refill)
    assert db.read_sync(_tallies, ids["survey"])["pairs"] == running and running
