"""Answering: drafts kept server-side under a random resume token, checked answers, and an idempotent submit.

A draft is what lets someone stop and come back (connection dropped, phone locked). Submitting moves its answers
into a Response + Answer rows and deletes the draft in ONE transaction, with the draft row locked: a second
submission of the same draft finds nothing to submit and creates nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys import tally
from lerend_netwerk.surveys.builder import QuestionView, SurveyView, is_open, load
from lerend_netwerk.surveys.models import CHOICE_KINDS, Answer, Draft, Kind, Mode, Response, Survey

MAX_NUMBER = 10**9
TEXT_LIMITS = {Kind.SHORT_TEXT: 300, Kind.LONG_TEXT: 5000}
BRUSSELS = ZoneInfo("Europe/Brussels")


class AnswerError(ValueError):
    """Answers that cannot be stored; `errors` maps a question id (or "__all__") to a Dutch message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())))
        self.errors = errors


@dataclass(frozen=True)
class DraftState:
    id: int
    language: str
    mode: Mode
    facilitator_id: int | None
    person_id: int | None
    answers: dict[str, Any]


def today() -> date:
    return datetime.now(BRUSSELS).date()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_by_code(db: Session, code: str) -> SurveyView | None:
    survey = db.scalar(select(Survey).where(Survey.code == code))
    return load(db, survey) if survey is not None else None


def accepts(survey: Survey, mode: Mode) -> bool:
    """Self and assisted answers only while open; paper forms collected in time may be typed in after closing."""
    if mode is Mode.PAPER:
        return survey.opens_on is not None and survey.opens_on <= today()
    return is_open(survey, today())


def closed_message(survey: Survey) -> str:
    if survey.opens_on is None or survey.opens_on > today():
        return _("Deze bevraging is nog niet open. Kom later nog eens terug.")
    return _("Deze bevraging is afgesloten. Je kunt niet meer antwoorden. Bedankt om te willen meedoen!")


def start_draft(
    db: Session,
    survey_id: int,
    *,
    language: str,
    mode: Mode = Mode.SELF,
    facilitator_id: int | None = None,
    person_id: int | None = None,
) -> str:
    """A new draft; returns the resume token (only its hash is stored). Stale drafts go by the retention rule."""
    token = secrets.token_urlsafe(24)
    db.add(
        Draft(
            survey_id=survey_id,
            token_hash=hash_token(token),
            language=language,
            mode=mode,
            facilitator_id=facilitator_id,
            person_id=person_id,
            answers={},
        )
    )
    return token


def get_draft(db: Session, survey_id: int, token: str | None) -> DraftState | None:
    if not token or len(token) > 100:
        return None
    draft = db.scalar(select(Draft).where(Draft.token_hash == hash_token(token), Draft.survey_id == survey_id))
    if draft is None:
        return None
    return DraftState(draft.id, draft.language, draft.mode, draft.facilitator_id, draft.person_id, dict(draft.answers))


def visible(view: SurveyView, answers: dict[str, Any]) -> list[QuestionView]:
    """The open questions this person gets, in order: skip logic hides those whose condition is not met."""
    shown: list[QuestionView] = []
    shown_ids: set[int] = set()
    for qv in view.open_questions():
        q = qv.question
        if q.show_if_question_id is not None:
            given = answers.get(str(q.show_if_question_id))
            picked = given if isinstance(given, list) else [given]
            if q.show_if_question_id not in shown_ids or q.show_if_option_id not in picked:
                continue
        shown.append(qv)
        shown_ids.add(q.id)
    return shown


def parse_one(qv: QuestionView, raw: list[str]) -> tuple[Any, str | None]:
    """One question's raw form values -> (value to keep, Dutch error or None). Empty answers are None."""
    q = qv.question
    raw = [v.strip() for v in raw if v.strip()]
    if not raw:
        return None, None
    if q.kind in CHOICE_KINDS:
        allowed = {str(o.id): o.id for o in qv.options}
        if any(v not in allowed for v in raw):
            return None, _("Dit antwoord hoort niet bij deze vraag. Kies een van de mogelijkheden.")
        if q.kind is Kind.MULTIPLE:
            return sorted({allowed[v] for v in raw}), None
        if len(raw) > 1:
            return None, _("Kies één antwoord.")
        return allowed[raw[0]], None
    if len(raw) > 1:
        return None, _("Geef één antwoord.")
    value = raw[0].replace("\r\n", "\n")
    if q.kind is Kind.NUMBER:
        try:
            number = int(value.replace(" ", ""))
        except ValueError:
            return None, _("Vul een getal in, zonder letters.")
        if abs(number) > MAX_NUMBER:
            return None, _("Dit getal is te groot.")
        return number, None
    limit = TEXT_LIMITS[q.kind]
    if len(value) > limit:
        return None, _("Dit is te lang: maximaal {max} tekens, je schreef er {n}.").format(max=limit, n=len(value))
    if q.kind is Kind.SHORT_TEXT and "\n" in value:
        value = " ".join(value.split())
    return value, None


def parse_form(
    view: SurveyView, values: dict[str, list[str]], question_ids: list[int]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse the `v<id>` fields of a form for `question_ids`. A field for a question that is not in this survey
    (or closed) is refused as a whole: better a clear message than an answer stored under the wrong question."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    known = {qv.id for qv in view.open_questions()}
    for key in values:
        if key.startswith("v") and key[1:].isdigit() and int(key[1:]) not in known:
            errors["__all__"] = _("Een antwoord hoort bij een vraag die niet (meer) bestaat. Laad de pagina opnieuw.")
    for qid in question_ids:
        qv = view.question(qid)
        if qv is None:
            continue
        value, error = parse_one(qv, values.get(f"v{qid}", []))
        if error:
            errors[str(qid)] = error
        answers[str(qid)] = value
    return answers, errors


def save_answers(db: Session, draft_id: int, answers: dict[str, Any]) -> None:
    draft = db.get(Draft, draft_id, with_for_update=True)
    if draft is not None:
        merged = {**draft.answers, **answers}
        draft.answers = {k: v for k, v in merged.items() if v is not None and v != []}


def check(view: SurveyView, answers: dict[str, Any]) -> dict[str, str]:
    """Everything wrong with a full set of answers: unknown questions, values outside the choices, missing required."""
    errors: dict[str, str] = {}
    known = {str(qv.id): qv for qv in view.open_questions()}
    for key, value in answers.items():
        qv = known.get(key)
        if qv is None:
            errors["__all__"] = _("Een antwoord hoort bij een vraag die niet (meer) bestaat. Laad de pagina opnieuw.")
            continue
        raw = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        _value, error = parse_one(qv, raw)
        if error:
            errors[key] = error
    for qv in visible(view, answers):
        if qv.question.required and answers.get(str(qv.id)) in (None, "", []):
            errors.setdefault(str(qv.id), _("Deze vraag is verplicht. Geef een antwoord."))
    return errors


def submit(db: Session, survey_id: int, token: str) -> int | None:
    """Store the draft as a response and delete it. Returns the response id, or None when this draft was already
    submitted (or never existed): a double click, a resent form or two tabs never make a second response."""
    draft = db.scalar(
        select(Draft).where(Draft.token_hash == hash_token(token), Draft.survey_id == survey_id).with_for_update()
    )
    if draft is None:
        return None
    survey = db.get(Survey, survey_id)
    assert survey is not None
    if not accepts(survey, draft.mode):
        raise AnswerError({"__all__": closed_message(survey)})
    view = load(db, survey)
    answers = dict(draft.answers)
    errors = check(view, answers)
    if errors:
        raise AnswerError(errors)
    shown = visible(view, answers)
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
    for qv in shown:  # answers to questions that skip logic hid are dropped, not stored
        value = answers.get(str(qv.id))
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
