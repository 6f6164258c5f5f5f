"""Running tallies: incremented with one SQL upsert per key when a response is stored, rebuilt from the answers with
GROUP BY when needed (repair, bulk import, demo, migration). Results read these few rows, whatever the number of
answers.

Three kinds: per day and mode (`DailyTally`); per question and option (`Tally`, option_key 0: people who answered the
question, with number stats); and per pair of choice answers (`PairTally`): how many people have both of two "marks"
of two different questions, a mark being an option id or 0 for "answered the question". With the one-way counts and
the total, these give every cell of every two-way table the results page shows (see `results.publish`)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import combinations

from sqlalchemy import Connection, and_, delete, func, insert, literal, select, union_all
from sqlalchemy.orm import Session

from lerend_netwerk.db import upsert
from lerend_netwerk.surveys.models import Answer, DailyTally, Mode, PairTally, Response, Tally

PAIR_KEYS = ["survey_id", "question_a", "mark_a", "question_b", "mark_b"]
PAIR_BATCH = 1000  # rows per upsert statement: 6,000 parameters, well below SQLite's and PostgreSQL's limits


def marks(answers: list[Answer]) -> list[tuple[int, int]]:
    """(question id, mark) of one response's choice answers: each option picked, and 0 once per question answered."""
    picked = [(a.question_id, a.option_id) for a in answers if a.option_id is not None]
    return picked + [(q, 0) for q in dict.fromkeys(q for q, _o in picked)]


def pairs(answers: list[Answer]) -> Counter[tuple[int, int, int, int]]:
    """(question a, mark a, question b, mark b) with question a < question b, for one response's answers."""
    found: Counter[tuple[int, int, int, int]] = Counter()
    for x, y in combinations(sorted(marks(answers)), 2):
        if x[0] != y[0]:
            found[(*x, *y)] += 1
    return found


def _smaller(dialect: str):  # noqa: ANN202
    return func.least if dialect == "postgresql" else func.min


def _larger(dialect: str):  # noqa: ANN202
    return func.greatest if dialect == "postgresql" else func.max


def add(db: Session, survey_id: int, day: date, mode: Mode, answers: list[Answer]) -> None:
    """Count one new response and its answers (same transaction as the response itself)."""
    dialect = db.get_bind().dialect.name
    upsert(
        db,
        DailyTally,
        ["survey_id", "day", "mode"],
        {"survey_id": survey_id, "day": day, "mode": mode, "count": 1},
        {"count": lambda ex: DailyTally.count + ex.count},
    )
    per_option = Counter((a.question_id, a.option_id) for a in answers if a.option_id is not None)
    for (question_id, option_id), n in per_option.items():
        upsert(
            db,
            Tally,
            ["question_id", "option_key"],
            {"survey_id": survey_id, "question_id": question_id, "option_key": option_id, "count": n},
            {"count": lambda ex: Tally.count + ex.count},
        )
    # In key order (concurrent submits lock the rows in the same order), a statement per PAIR_BATCH rows.
    both = [dict(zip(PAIR_KEYS, (survey_id, *key), strict=True), count=n) for key, n in sorted(pairs(answers).items())]
    for start in range(0, len(both), PAIR_BATCH):
        upsert(
            db, PairTally, PAIR_KEYS, both[start : start + PAIR_BATCH], {"count": lambda ex: PairTally.count + ex.count}
        )
    numbers = {a.question_id: a.number for a in answers if a.number is not None}
    smaller, larger = _smaller(dialect), _larger(dialect)
    for question_id in dict.fromkeys(a.question_id for a in answers):
        number = numbers.get(question_id)
        upsert(
            db,
            Tally,
            ["question_id", "option_key"],
            {
                "survey_id": survey_id,
                "question_id": question_id,
                "option_key": 0,
                "count": 1,
                "number_sum": number,
                "number_min": number,
                "number_max": number,
            },
            {
                "count": lambda ex: Tally.count + 1,
                "number_sum": lambda ex: func.coalesce(Tally.number_sum, 0) + func.coalesce(ex.number_sum, 0),
                "number_min": lambda ex: smaller(
                    func.coalesce(Tally.number_min, ex.number_min), func.coalesce(ex.number_min, Tally.number_min)
                ),
                "number_max": lambda ex: larger(
                    func.coalesce(Tally.number_max, ex.number_max), func.coalesce(ex.number_max, Tally.number_max)
                ),
            },
        )


def rebuild(db: Session | Connection, survey_id: int) -> None:
    """Recount everything of one survey from the stored answers, in SQL."""
    db.execute(delete(Tally).where(Tally.survey_id == survey_id))
    db.execute(delete(DailyTally).where(DailyTally.survey_id == survey_id))
    rebuild_pairs(db, survey_id)
    db.execute(
        insert(Tally).from_select(
            ["survey_id", "question_id", "option_key", "count"],
            select(Answer.survey_id, Answer.question_id, Answer.option_id, func.count())
            .where(Answer.survey_id == survey_id, Answer.option_id.is_not(None))
            .group_by(Answer.survey_id, Answer.question_id, Answer.option_id),
        )
    )
    db.execute(
        insert(Tally).from_select(
            ["survey_id", "question_id", "option_key", "count", "number_sum", "number_min", "number_max"],
            select(
                Answer.survey_id,
                Answer.question_id,
                literal(0),
                func.count(func.distinct(Answer.response_id)),
                func.sum(Answer.number),
                func.min(Answer.number),
                func.max(Answer.number),
            )
            .where(Answer.survey_id == survey_id)
            .group_by(Answer.survey_id, Answer.question_id),
        )
    )
    db.execute(
        insert(DailyTally).from_select(
            ["survey_id", "day", "mode", "count"],
            select(Response.survey_id, Response.submitted_on, Response.mode, func.count())
            .where(Response.survey_id == survey_id)
            .group_by(Response.survey_id, Response.submitted_on, Response.mode),
        )
    )


def rebuild_pairs(db: Session | Connection, survey_id: int) -> None:
    """Recount the pair tallies of one survey from the stored answers, in SQL: the marks of each response (see
    `marks`) joined with themselves."""
    db.execute(delete(PairTally).where(PairTally.survey_id == survey_id))
    chosen = and_(Answer.survey_id == survey_id, Answer.option_id.is_not(None))
    picked = union_all(
        select(Answer.response_id, Answer.question_id, Answer.option_id.label("mark")).where(chosen),
        select(Answer.response_id, Answer.question_id, literal(0).label("mark")).where(chosen).distinct(),
    ).subquery()
    a, b = picked.alias("a"), picked.alias("b")
    db.execute(
        insert(PairTally).from_select(
            ["survey_id", "question_a", "mark_a", "question_b", "mark_b", "count"],
            select(literal(survey_id), a.c.question_id, a.c.mark, b.c.question_id, b.c.mark, func.count())
            .select_from(a.join(b, and_(a.c.response_id == b.c.response_id, a.c.question_id < b.c.question_id)))
            .group_by(a.c.question_id, a.c.mark, b.c.question_id, b.c.mark),
        )
    )
