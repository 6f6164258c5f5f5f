"""Writes of the respondent's side, each scoped to the survey's network: a draft kept server-side under a random
resume token, answers saved into it, and an idempotent submit.

A draft is what lets someone stop and come back (connection dropped, phone locked). Submitting moves its answers
into a Response + Answer rows, counts them in the running tallies and deletes the draft in ONE transaction, with
the draft row locked: a second submission of the same draft finds nothing to submit and creates nothing."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from lerend_netwerk.surveys import answers as rules
from lerend_netwerk.surveys import tally
from lerend_netwerk.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Draft,
    Kind,
    Mode,
    Response,
    Survey,
    accepts,
    closed_message,
    hash_token,
    today,
)
from lerend_netwerk.surveys.queries import get_survey, load
from lerend_netwerk.surveys.service import AnswerError


def start_draft(
    db: Session,
    network_id: int,
    survey_id: int,
    *,
    language: str,
    mode: Mode = Mode.SELF,
    facilitator_id: int | None = None,
    person_id: int | None = None,
) -> str:
    """A new draft; returns the resume token (only its hash is stored). Stale drafts go by the retention rule."""
    survey = get_survey(db, network_id, survey_id)
    token = secrets.token_urlsafe(24)
    db.add(
        Draft(
            survey_id=survey.id,
            token_hash=hash_token(token),
            language=language,
            mode=mode,
            facilitator_id=facilitator_id,
            person_id=person_id,
            answers={},
        )
    )
    return token


# Built once: every answered step of every respondent runs it.
_DRAFT_TO_SAVE = (
    select(Draft)
    .join(Survey, Survey.id == Draft.survey_id)
    .where(Draft.id == bindparam("draft_id"), Survey.network_id == bindparam("network_id"))
    .with_for_update(of=Draft)
)


def save_answers(db: Session, network_id: int, draft_id: int, answers: dict[str, Any]) -> None:
    """Merge checked answers into a draft; an answer that became empty is dropped."""
    draft = db.scalar(_DRAFT_TO_SAVE, {"draft_id": draft_id, "network_id": network_id})
    if draft is not None:
        merged = {**draft.answers, **answers}
        draft.answers = {k: v for k, v in merged.items() if v is not None and v != []}


def submit(db: Session, network_id: int, survey_id: int, token: str) -> int | None:
    """Store the draft as a response and delete it. Returns the response id, or None when this draft was already
    submitted (or never existed): a double click, a resent form or two tabs never make a second response."""
    draft = db.scalar(
        select(Draft).where(Draft.token_hash == hash_token(token), Draft.survey_id == survey_id).with_for_update()
    )
    if draft is None:
        return None
    survey = get_survey(db, network_id, survey_id)
    if not accepts(survey, draft.mode):
        raise AnswerError(closed_message(survey))
    view = load(db, survey)
    given = dict(draft.answers)
    errors = rules.check(view, given)
    if errors:
        raise AnswerError.of(errors)
    response = Response(
        survey_id=survey.id,
        mode=draft.mode,
        language=draft.language,
        submitted_on=today(),
        facilitator_id=draft.facilitator_id if draft.mode is not Mode.SELF else None,
        person_id=None if survey.anonymous else draft.person_id,
    )
    db.add(response)
    db.flush()
    rows = []
    for qv in rules.visible(view, given):  # answers to questions that skip logic hid are dropped, not stored
        value = given.get(str(qv.id))
        if value in (None, "", []):
            continue
        base = {"survey_id": survey.id, "response_id": response.id, "question_id": qv.id}
        if qv.question.kind is Kind.MULTIPLE:
            rows += [Answer(**base, option_id=int(v)) for v in value]
        elif qv.question.kind in CHOICE_KINDS:
            rows.append(Answer(**base, option_id=int(value)))
        elif qv.question.kind is Kind.NUMBER:
            rows.append(Answer(**base, number=int(value)))
        else:
            rows.append(Answer(**base, text=str(value)))
    db.add_all(rows)
    tally.add(db, survey.id, response.submitted_on, response.mode, rows)
    db.delete(draft)
    return response.id
