"""Writes of the surveys capability, each scoped to the network: building a survey (settings, questions, choices,
order, skip logic, translations) and handing answers or a result line to the signals board. The respondent's
writes (drafts and the submit) are in `service_answers`.

A survey with answers can grow (questions added, closed) but never be retyped."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.surveys.models import (
    CHOICE_KINDS,
    CODE_ALPHABET,
    FIXED_OPTIONS,
    Answer,
    Kind,
    Media,
    Option,
    Question,
    Survey,
    SurveySignal,
)
from lerend_netwerk.surveys.queries import get_survey
from lerend_netwerk.web.errors import DomainError, NotFound

MAX_OPTIONS = 30
NEIGHBOURHOOD_QUESTION = "In welke wijk woon je?"


class SurveyError(DomainError):
    """A refusal of the surveys capability, with a Dutch message for the form field `field`."""


class BuildError(SurveyError):
    """A change to a survey or its questions that the builder refuses."""


class AnswerError(SurveyError):
    """Answers that cannot be stored. `errors` maps each question id (or "__all__") to its Dutch message."""

    _errors: dict[str, str] | None = None

    @classmethod
    def of(cls, errors: dict[str, str]) -> AnswerError:
        field, message = next(iter(errors.items()))
        exc = cls(message, field=field)
        exc._errors = dict(errors)
        return exc

    @property
    def errors(self) -> dict[str, str]:
        return self._errors if self._errors is not None else {self.field or "__all__": self.message}


# -- building --------------------------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def create_survey(
    db: Session, network_id: int, *, actor_id: int | None, neighbourhoods: Sequence[str] = (), **values: Any
) -> Survey:
    """A new survey with its own public code. With `neighbourhoods` (the network's wijken) its first question asks
    which one the respondent lives in, so results can be split by it."""
    while True:
        code = new_code()
        if db.scalar(select(Survey.id).where(Survey.code == code)) is None:
            break
    survey = Survey(network_id=network_id, code=code, created_by_id=actor_id, **values)
    db.add(survey)
    db.flush()
    audit.record(db, "survey.created", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id))
    if neighbourhoods:
        add_question(
            db,
            network_id,
            survey.id,
            kind=Kind.SINGLE,
            text=NEIGHBOURHOOD_QUESTION,
            options=list(neighbourhoods),
            actor_id=actor_id,
        )
    return survey


def update_survey(db: Session, network_id: int, survey_id: int, *, actor_id: int | None, **values: Any) -> Survey:
    survey = get_survey(db, network_id, survey_id)
    has_answers = db.scalar(select(Answer.id).where(Answer.survey_id == survey.id).limit(1)) is not None
    if has_answers and "anonymous" in values and values["anonymous"] != survey.anonymous:
        # Turning anonymous answers into named ones (or back) would break the promise made to who answered.
        raise BuildError(
            _("Er zijn al antwoorden. Je kunt een bevraging dan niet meer anoniem of op naam maken."), field="anoniem"
        )
    for key, value in values.items():
        setattr(survey, key, value)
    audit.record(db, "survey.updated", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id))
    return survey


def _question(db: Session, network_id: int, survey_id: int, question_id: int) -> Question:
    question = db.scalar(
        select(Question)
        .join(Survey, Survey.id == Question.survey_id)
        .where(Question.id == question_id, Question.survey_id == survey_id, Survey.network_id == network_id)
    )
    if question is None:
        raise NotFound()
    return question


def _check_condition(
    db: Session, question: Question | None, survey_id: int, cond_q: int | None, cond_o: int | None
) -> tuple[int | None, int | None]:
    """Skip logic may only point at an EARLIER choice question of the same survey and one of its options."""
    if cond_q is None:
        return None, None
    source = db.scalar(select(Question).where(Question.id == cond_q, Question.survey_id == survey_id))
    if source is None or source.kind not in CHOICE_KINDS or (question is not None and source.id == question.id):
        raise BuildError(_("Kies een eerdere keuzevraag uit de lijst."), field="toon_als")
    if question is not None and source.position >= question.position:
        raise BuildError(_("De voorwaarde moet een vraag zijn die eerder komt."), field="toon_als")
    if (
        cond_o is None
        or db.scalar(select(Option.id).where(Option.id == cond_o, Option.question_id == source.id)) is None
    ):
        raise BuildError(_("Kies het antwoord waarbij deze vraag getoond wordt."), field="toon_als")
    return source.id, cond_o


def add_question(
    db: Session,
    network_id: int,
    survey_id: int,
    *,
    kind: Kind,
    text: str,
    help: str = "",
    easy_text: str = "",
    required: bool = False,
    options: list[str] | None = None,
    show_if: tuple[int | None, int | None] = (None, None),
    actor_id: int | None,
) -> Question:
    survey = get_survey(db, network_id, survey_id)
    cond_q, cond_o = _check_condition(db, None, survey.id, *show_if)
    last = db.scalar(select(func.max(Question.position)).where(Question.survey_id == survey.id))
    question = Question(
        survey_id=survey.id,
        position=(last or 0) + 1,
        kind=kind,
        text=text,
        help=help,
        easy_text=easy_text,
        required=required,
        show_if_question_id=cond_q,
        show_if_option_id=cond_o,
    )
    db.add(question)
    db.flush()
    _set_options(db, question, options or [], answered=False)
    audit.record(db, "survey.question_added", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id))
    return question


def _set_options(db: Session, question: Question, labels: list[str], *, answered: bool) -> None:
    existing = list(db.scalars(select(Option).where(Option.question_id == question.id).order_by(Option.position)))
    if question.kind in FIXED_OPTIONS:
        if not existing:
            for position, (code, label) in enumerate(FIXED_OPTIONS[question.kind], start=1):
                db.add(Option(question_id=question.id, position=position, code=code, label=label))
        return
    if question.kind not in CHOICE_KINDS:
        return
    labels = [label.strip() for label in labels if label.strip()]
    if len(labels) < 2:
        raise BuildError(_("Geef minstens twee keuzes, elk op een eigen regel."), field="keuzes")
    if len(labels) > MAX_OPTIONS:
        raise BuildError(_("Maximaal {n} keuzes.").format(n=MAX_OPTIONS), field="keuzes")
    if any(len(label) > 200 for label in labels):
        raise BuildError(_("Een keuze is te lang: maximaal 200 tekens per regel."), field="keuzes")
    if answered and len(labels) < len(existing):
        raise BuildError(
            _("Deze vraag heeft al antwoorden. Je kunt keuzes toevoegen of anders verwoorden, maar niet weghalen."),
            field="keuzes",
        )
    for position, label in enumerate(labels, start=1):
        if position <= len(existing):
            existing[position - 1].label = label
        else:
            db.add(Option(question_id=question.id, position=position, label=label))
    for option in existing[len(labels) :]:
        db.delete(option)


def update_question(
    db: Session,
    network_id: int,
    survey_id: int,
    question_id: int,
    *,
    kind: Kind,
    text: str,
    help: str = "",
    easy_text: str = "",
    required: bool = False,
    options: list[str] | None = None,
    show_if: tuple[int | None, int | None] = (None, None),
    actor_id: int | None,
) -> Question:
    question = _question(db, network_id, survey_id, question_id)
    answered = db.scalar(select(Answer.id).where(Answer.question_id == question.id).limit(1)) is not None
    if kind != question.kind:
        if answered:
            raise BuildError(
                _(
                    "Deze vraag heeft al antwoorden. Je kunt het soort vraag niet meer veranderen. "
                    "Sluit de vraag en maak een nieuwe."
                ),
                field="soort",
            )
        for option in db.scalars(select(Option).where(Option.question_id == question.id)):
            db.delete(option)
        db.flush()
        question.kind = kind
    question.show_if_question_id, question.show_if_option_id = _check_condition(db, question, survey_id, *show_if)
    question.text, question.help, question.required = text, help, required
    question.easy_text = easy_text
    _set_options(db, question, options or [], answered=answered)
    audit.record(db, "survey.question_edited", actor_id=actor_id, network_id=network_id, subject=("survey", survey_id))
    return question


def move_question(db: Session, network_id: int, survey_id: int, question_id: int, step: int) -> None:
    """Swap with the neighbour above (step -1) or below (+1); positions are renumbered 1..n."""
    _question(db, network_id, survey_id, question_id)
    questions = list(db.scalars(select(Question).where(Question.survey_id == survey_id).order_by(Question.position)))
    index = next(i for i, q in enumerate(questions) if q.id == question_id)
    other = index + step
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for position, q in enumerate(questions, start=1):
        q.position = position
    # A condition must stay on an earlier question: drop one that the move put after its question.
    by_id = {q.id: q for q in questions}
    for q in questions:
        source = by_id.get(q.show_if_question_id) if q.show_if_question_id else None
        if source is not None and source.position >= q.position:
            q.show_if_question_id = q.show_if_option_id = None


def close_question(db: Session, network_id: int, survey_id: int, question_id: int, *, reopen: bool = False) -> None:
    question = _question(db, network_id, survey_id, question_id)
    question.closed_at = None if reopen else utcnow()


def delete_question(db: Session, network_id: int, survey_id: int, question_id: int) -> list[str]:
    """Delete a question nobody answered. Returns the stored names of its recordings and pictures (their rows go
    with it), for the caller to delete once this is committed."""
    question = _question(db, network_id, survey_id, question_id)
    if db.scalar(select(Answer.id).where(Answer.question_id == question.id).limit(1)) is not None:
        raise BuildError(_("Deze vraag heeft al antwoorden. Sluit ze in plaats van ze te verwijderen."))
    for other in db.scalars(select(Question).where(Question.show_if_question_id == question.id)):
        other.show_if_question_id = other.show_if_option_id = None
    names = list(db.scalars(select(Media.stored_name).where(Media.question_id == question.id)))
    db.execute(delete(Media).where(Media.question_id == question.id))
    db.delete(question)
    return names


def save_translation(
    db: Session, network_id: int, survey_id: int, language: str, texts: dict[str, str], *, actor_id: int | None
) -> None:
    """`texts` holds "title", "intro", "q<id>", "q<id>_help", "q<id>_easy" (easy-read) and "o<id>" keys; empty
    values fall back to Dutch (an empty easy-read text to the language's usual text)."""
    survey = get_survey(db, network_id, survey_id)
    if language not in survey.languages:
        raise NotFound()
    survey.translations = {
        **survey.translations,
        language: {"title": texts.get("title", ""), "intro": texts.get("intro", "")},
    }
    for question in db.scalars(select(Question).where(Question.survey_id == survey.id)):
        question.translations = {
            **question.translations,
            language: {
                "text": texts.get(f"q{question.id}", ""),
                "help": texts.get(f"q{question.id}_help", ""),
                "easy": texts.get(f"q{question.id}_easy", ""),
            },
        }
        for option in db.scalars(select(Option).where(Option.question_id == question.id)):
            option.translations = {**option.translations, language: texts.get(f"o{option.id}", "")}
    audit.record(
        db, "survey.translated", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id), lang=language
    )


# -- signals ---------------------------------------------------------------------------------------------------


def make_signal(
    db: Session,
    network_id: int,
    survey_id: int,
    *,
    title: str,
    description: str,
    answer_ids: list[int],
    question_id: int | None,
    people_count: int,
    link: str,
    actor_id: int | None,
) -> int:
    """Hand a selection (free-text answers, or one result line) to the signals board and keep the link on our
    side. `link` is the site path of the survey's results. Returns the signal id."""
    survey = get_survey(db, network_id, survey_id)
    if answer_ids:
        found = db.scalars(select(Answer.id).where(Answer.survey_id == survey.id, Answer.id.in_(answer_ids))).all()
        if len(set(found)) != len(set(answer_ids)):
            raise SurveyError(_("Kies een van de mogelijkheden uit de lijst."), field="antwoord")
        quoted = db.scalars(select(Answer.text).where(Answer.id.in_(answer_ids)).order_by(Answer.id)).all()
        description = "\n".join([description, *(f"“{t}”" for t in quoted if t)]).strip()
    signal = receive(
        db,
        network_id,
        Incoming(
            title=title,
            kind="survey",
            description=description,
            theme=survey.theme,
            people_count=max(1, people_count),
            ref_id=survey.id,
            link=link,
            label=_("Bevraging: {title}").format(title=survey.title)[:200],
        ),
        actor_id=actor_id,
    )
    db.add(
        SurveySignal(
            survey_id=survey.id,
            signal_id=signal.id,
            title=title[:200],
            question_id=question_id,
            answer_ids=sorted(set(answer_ids)),
            created_by_id=actor_id,
        )
    )
    return signal.id


# -- exports ---------------------------------------------------------------------------------------------------


def record_export(
    db: Session,
    network_id: int,
    survey_id: int,
    *,
    export: str,
    rows: int,
    hidden: int = 0,
    split_by: int | None = None,
    actor_id: int | None,
) -> None:
    """Write a download of results to the audit log: which survey, which export ("figures" or "texts"), split by which
    question, how many rows and how many hidden counts. Never the data itself."""
    survey = get_survey(db, network_id, survey_id)
    audit.record(
        db,
        "survey.exported",
        actor_id=actor_id,
        network_id=network_id,
        subject=("survey", survey.id),
        export=export,
        rows=rows,
        hidden=hidden,
        split_by=split_by,
    )
