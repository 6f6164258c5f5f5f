"""Writes for recordings, pictures and pictograms of a survey's questions, each scoped to the network. The files are
written before (media.store_*) and deleted after the transaction (the names these functions return): a file whose
row never came, or whose row is gone, is removed by the retention rule `survey_media_files`."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.surveys.media import AUDIO_FIELD, PICTOGRAMS, PICTURE_FIELD, Stored
from lerend_netwerk.surveys.models import CHOICE_KINDS, Media, MediaKind, Option, Question, Survey
from lerend_netwerk.surveys.queries import get_survey
from lerend_netwerk.surveys.service import BuildError
from lerend_netwerk.web.errors import NotFound


def _question(db: Session, survey: Survey, question_id: int) -> Question:
    question = db.scalar(select(Question).where(Question.id == question_id, Question.survey_id == survey.id))
    if question is None:
        raise NotFound()
    return question


def add_media(
    db: Session,
    network_id: int,
    survey_id: int,
    question_id: int,
    *,
    option_id: int | None,
    language: str,
    kind: MediaKind,
    stored: Stored,
    actor_id: int | None,
) -> list[str]:
    """Keep a recording (per language) or a picture (of an option) and replace the one it follows up.
    Returns the stored names of the files it replaced, to delete once this is committed."""
    survey = get_survey(db, network_id, survey_id)
    question = _question(db, survey, question_id)
    field = AUDIO_FIELD if kind is MediaKind.AUDIO else PICTURE_FIELD
    if option_id is not None and (
        db.scalar(select(Option.id).where(Option.id == option_id, Option.question_id == question.id)) is None
    ):
        raise BuildError(_("Kies een van de mogelijkheden uit de lijst."), field="doel")
    if kind is MediaKind.PICTURE:
        if option_id is None or question.kind not in CHOICE_KINDS:
            raise BuildError(_("Een afbeelding hoort bij een keuze van een keuzevraag."), field=field)
        language = ""
    elif language != "nl" and language not in survey.languages:
        raise BuildError(_("Kies een van de talen van deze bevraging."), field="taal")
    replaced = list(
        db.scalars(
            select(Media).where(
                Media.question_id == question.id,
                Media.option_id.is_(None) if option_id is None else Media.option_id == option_id,
                Media.language == language,
                Media.kind == kind,
            )
        )
    )
    names = [m.stored_name for m in replaced]
    for old in replaced:
        db.delete(old)
    db.add(
        Media(
            survey_id=survey.id,
            question_id=question.id,
            option_id=option_id,
            language=language,
            kind=kind,
            stored_name=stored.stored_name,
            content_type=stored.content_type,
            size=stored.size,
            uploaded_by_id=actor_id,
        )
    )
    audit.record(
        db,
        "survey.media_added",
        actor_id=actor_id,
        network_id=network_id,
        subject=("survey", survey.id),
        kind=kind.value,
        lang=language,
    )
    return names


def delete_media(db: Session, network_id: int, survey_id: int, media_id: int, *, actor_id: int | None) -> str:
    """Remove a recording or picture; returns the stored name of its file, to delete once this is committed."""
    survey = get_survey(db, network_id, survey_id)
    found = db.scalar(select(Media).where(Media.id == media_id, Media.survey_id == survey.id))
    if found is None:
        raise NotFound()
    db.delete(found)
    audit.record(db, "survey.media_deleted", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id))
    return found.stored_name


def set_pictograms(
    db: Session, network_id: int, survey_id: int, question_id: int, chosen: dict[int, str], *, actor_id: int | None
) -> None:
    """{option id: pictogram code or ""} for the options of one choice question."""
    survey = get_survey(db, network_id, survey_id)
    question = _question(db, survey, question_id)
    for option in db.scalars(select(Option).where(Option.question_id == question.id)):
        if option.id in chosen:
            code = chosen[option.id]
            if code and code not in PICTOGRAMS:
                raise BuildError(_("Kies een van de mogelijkheden uit de lijst."), field=f"p{option.id}")
            option.pictogram = code
    audit.record(db, "survey.pictograms_set", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id))
