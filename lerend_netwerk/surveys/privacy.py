"""Surveys in the platform's privacy machinery: "my data" (see and erase) and the retention rules for unfinished
answers and for the names on named answers.

Anonymous answers hold nobody and are never touched. A named answer loses its link to the person on erasure (and
the person's name, address and number in its free text); the answer itself stays, so counts and results do not
change. Unfinished answers are deleted."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from lerend_netwerk.accounts.mydata import Provider, Subject, in_network, scrub_fields, unlink
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.retention import Rule, Run
from lerend_netwerk.surveys import media
from lerend_netwerk.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Draft,
    Media,
    MediaKind,
    Option,
    Question,
    Response,
    Survey,
    SurveySignal,
)


def _surveys_in_network(subject: Subject, survey_id: Any) -> Any:
    return survey_id.in_(select(Survey.id).where(in_network(subject, Survey.network_id)))


def _readable(db: Session, survey_id: int, values: dict[str, list[Any]]) -> dict[str, str]:
    """{question id: [option ids, numbers or texts]} -> {question text: what was answered, in words}."""
    questions = {q.id: q for q in db.scalars(select(Question).where(Question.survey_id == survey_id))}
    labels = dict(
        db.execute(
            select(Option.id, Option.label)
            .join(Question, Question.id == Option.question_id)
            .where(Question.survey_id == survey_id)
        ).all()
    )
    readable = {}
    for qid, given in values.items():
        question = questions.get(int(qid))
        if question is None:
            continue
        choice = question.kind in CHOICE_KINDS
        readable[question.text] = "; ".join(labels.get(v, "") if choice else str(v) for v in given)
    return readable


def _response_answers(db: Session, response: Response) -> dict[str, list[Any]]:
    values: dict[str, list[Any]] = {}
    for qid, option_id, number, text in db.execute(
        select(Answer.question_id, Answer.option_id, Answer.number, Answer.text)
        .where(Answer.response_id == response.id)
        .order_by(Answer.id)
    ):
        values.setdefault(str(qid), []).append(option_id if option_id is not None else number if text is None else text)
    return values


def _export(db: Session, subject: Subject) -> list[dict[str, Any]]:
    if subject.person_id is None:
        return []  # surveys keep nothing under an e-mail address
    pid = subject.person_id
    titles = dict(db.execute(select(Survey.id, Survey.title).where(in_network(subject, Survey.network_id))).all())
    rows: list[dict[str, Any]] = []
    for r in db.scalars(select(Response).where(Response.person_id == pid, Response.survey_id.in_(titles))):
        rows.append(
            {
                "kind": "named_answers",
                "survey": titles[r.survey_id],
                "submitted_on": r.submitted_on.isoformat(),
                "mode": r.mode.value,
                "answers": _readable(db, r.survey_id, _response_answers(db, r)),
            }
        )
    for d in db.scalars(select(Draft).where(Draft.person_id == pid, Draft.survey_id.in_(titles))):
        given = {k: v if isinstance(v, list) else [v] for k, v in d.answers.items()}
        rows.append(
            {
                "kind": "unfinished_answers",
                "survey": titles[d.survey_id],
                "last_changed_at": d.updated_at.isoformat(),
                "answers": _readable(db, d.survey_id, given),
            }
        )
    entered = db.scalars(
        select(Response.survey_id).where(Response.facilitator_id == pid, Response.survey_id.in_(titles))
    ).all()
    for survey_id in sorted(set(entered)):
        rows.append({"kind": "entered_for_others", "survey": titles[survey_id], "count": entered.count(survey_id)})
    made = db.scalars(select(Survey.title).where(Survey.created_by_id == pid, Survey.id.in_(titles))).all()
    rows += [{"kind": "survey_made", "survey": title} for title in made]
    recorded = db.execute(
        select(Media.survey_id, Media.kind, Media.language, Media.created_at).where(
            Media.uploaded_by_id == pid, Media.survey_id.in_(titles)
        )
    ).all()
    rows += [
        {
            "kind": "recording_made" if kind is MediaKind.AUDIO else "picture_added",
            "survey": titles[survey_id],
            "language": language,
            "added_at": added.isoformat(),
        }
        for survey_id, kind, language, added in recorded
    ]
    return rows


def _erase(db: Session, subject: Subject) -> int:
    if subject.person_id is None:
        return 0
    pid = subject.person_id
    scope = _surveys_in_network(subject, Response.survey_id)
    named = select(Response.id).where(Response.person_id == pid, scope)
    for answer in db.scalars(select(Answer).where(Answer.response_id.in_(named), Answer.text.is_not(None))):
        scrub_fields(answer, subject, "text")
    touched = unlink(db, Response.person_id, subject, scope)
    touched += unlink(db, Response.facilitator_id, subject, scope)
    result = db.execute(
        delete(Draft).where(
            or_(Draft.person_id == pid, Draft.facilitator_id == pid), _surveys_in_network(subject, Draft.survey_id)
        )
    )
    touched += result.rowcount  # type: ignore[attr-defined]
    touched += unlink(db, Survey.created_by_id, subject, in_network(subject, Survey.network_id))
    touched += unlink(db, SurveySignal.created_by_id, subject, _surveys_in_network(subject, SurveySignal.survey_id))
    # A recording is the person's own voice: it goes (its file with the next retention run). A picture stays,
    # without the name of who added it.
    voice = delete(Media).where(
        Media.uploaded_by_id == pid, Media.kind == MediaKind.AUDIO, _surveys_in_network(subject, Media.survey_id)
    )
    touched += db.execute(voice).rowcount  # type: ignore[attr-defined]
    touched += unlink(db, Media.uploaded_by_id, subject, _surveys_in_network(subject, Media.survey_id))
    return touched


def delete_stale_drafts(db: Session, run: Run) -> int:
    """Unfinished answers nobody touched for `survey_draft_days` days are deleted, with their resume link."""
    settings, now = run.settings, run.now
    cutoff = now - timedelta(days=settings.survey_draft_days)
    return db.execute(delete(Draft).where(Draft.updated_at < cutoff)).rowcount  # type: ignore[attr-defined]


def _unname_old_answers(db: Session, run: Run) -> int:
    """Named answers become anonymous `survey_named_days` days after their survey closed; the answers stay."""
    settings, now = run.settings, run.now
    closed_before = (now - timedelta(days=settings.survey_named_days)).date()
    old = select(Survey.id).where(Survey.closes_on < closed_before)
    stmt = update(Response).where(Response.person_id.is_not(None), Response.survey_id.in_(old)).values(person_id=None)
    return db.execute(stmt).rowcount  # type: ignore[attr-defined]


# A file younger than this may belong to an upload whose row is being written right now.
ORPHAN_GRACE = timedelta(hours=1)


def delete_orphan_media(db: Session, run: Run) -> int:
    """Files of recordings and pictures whose row is gone (a deleted question or option, an erased voice, an upload
    that was refused after its file was written) are deleted."""
    folder = media.folder(run.settings.upload_dir)
    if not folder.is_dir():
        return 0
    known = set(db.scalars(select(Media.stored_name)))
    cutoff = (run.now.replace(tzinfo=run.now.tzinfo or UTC) - ORPHAN_GRACE).timestamp()
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


PRIVACY = Provider("surveys", lazy_gettext("Bevragingen"), _export, _erase)
RETENTION = (
    Rule(
        "survey_drafts",
        lazy_gettext(
            "Antwoorden op een bevraging die u nog niet verstuurde, wissen we na {survey_draft_days} dagen zonder wijziging."
        ),
        delete_stale_drafts,
    ),
    Rule(
        "survey_named_answers",
        lazy_gettext(
            "Bij een bevraging op naam blijft uw naam bij uw antwoorden tot {survey_named_days} dagen nadat de bevraging sloot. Daarna zijn de antwoorden anoniem. Anonieme antwoorden zijn van niemand: die blijven."
        ),
        _unname_old_answers,
    ),
    Rule(
        "survey_media_files",
        lazy_gettext(
            "Opnames en afbeeldingen bij een vraag wissen we samen met de vraag. Een opname van je stem wissen we ook als je je gegevens laat wissen."
        ),
        delete_orphan_media,
    ),
)
