"""Running tallies: incremented with one SQL upsert per key when a response is stored, rebuilt from the answers with
GROUP BY when needed (repair, bulk import, demo). Results read these few rows, whatever the number of answers."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lerend_netwerk.surveys.models import Answer, DailyTally, Mode, Response, Tally


def _upsert(db: Session, model: type, keys: list[str], values: dict[str, Any], merge: dict[str, Any]) -> None:
    dialect = db.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = make(model).values(**values)
    db.execute(stmt.on_conflict_do_update(index_elements=keys, set_={k: fn(stmt.excluded) for k, fn in merge.items()}))


def _smaller(dialect: str):  # noqa: ANN202
    return func.least if dialect == "postgresql" else func.min


def _larger(dialect: str):  # noqa: ANN202
    return func.greatest if dialect == "postgresql" else func.max


def add(db: Session, survey_id: int, day: date, mode: Mode, answers: list[Answer]) -> None:
    """Count one new response and its answers (same transaction as the response itself)."""
    dialect = db.get_bind().dialect.name
    _upsert(
        db,
        DailyTally,
        ["survey_id", "day", "mode"],
        {"survey_id": survey_id, "day": day, "mode": mode, "count": 1},
        {"count": lambda ex: DailyTally.count + ex.count},
    )
    per_option = Counter((a.question_id, a.option_id) for a in answers if a.option_id is not None)
    for (question_id, option_id), n in per_option.items():
        _upsert(
            db,
            Tally,
            ["question_id", "option_key"],
            {"survey_id": survey_id, "question_id": question_id, "option_key": option_id, "count": n},
            {"count": lambda ex: Tally.count + ex.count},
        )
    numbers = {a.question_id: a.number for a in answers if a.number is not None}
    smaller, larger = _smaller(dialect), _larger(dialect)
    for question_id in dict.fromkeys(a.question_id for a in answers):
        number = numbers.get(question_id)
        _upsert(
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
