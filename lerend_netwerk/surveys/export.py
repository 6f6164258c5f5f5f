"""The CSV export of a survey: one row per response with every answer in words, for a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.surveys.models import Answer, Response
from lerend_netwerk.surveys.queries import SurveyView


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
