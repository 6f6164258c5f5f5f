"""Building a survey: settings, questions, choices, order, skip logic and translations. Every query is scoped
to the network; a survey with answers can grow (questions added, closed) but never be retyped."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.surveys.models import CHOICE_KINDS, Answer, DailyTally, Kind, Option, Question, Response, Survey

# Languages a network can add to a survey (Dutch is always there). Right-to-left ones get dir="rtl".
EXTRA_LANGUAGES: dict[str, str] = {
    "fr": "Français",
    "en": "English",
    "de": "Deutsch",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "ro": "Română",
    "uk": "Українська",
    "fa": "فارسی",
    "so": "Soomaali",
}
RTL = frozenset({"ar", "fa", "he", "ur"})

KIND_LABELS = {
    Kind.SINGLE: lazy_gettext("Eén keuze"),
    Kind.MULTIPLE: lazy_gettext("Meerdere keuzes"),
    Kind.SMILEY: lazy_gettext("Smileys (van heel slecht tot heel goed)"),
    Kind.YESNO: lazy_gettext("Ja / nee / weet ik niet"),
    Kind.NUMBER: lazy_gettext("Een getal"),
    Kind.SHORT_TEXT: lazy_gettext("Korte tekst"),
    Kind.LONG_TEXT: lazy_gettext("Lange tekst"),
}
# Fixed choices: (code, Dutch label). Smileys always carry their label: never a face or a colour alone.
FIXED_OPTIONS: dict[Kind, list[tuple[str, str]]] = {
    Kind.SMILEY: [
        ("smiley1", "Heel slecht"),
        ("smiley2", "Slecht"),
        ("smiley3", "Gaat wel"),
        ("smiley4", "Goed"),
        ("smiley5", "Heel goed"),
    ],
    Kind.YESNO: [("ja", "Ja"), ("nee", "Nee"), ("weetniet", "Weet ik niet")],
}
MAX_OPTIONS = 30


class BuildError(ValueError):
    """A change the builder refuses, with a Dutch message for field `field`."""

    def __init__(self, message: str, field: str = "__all__") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class QuestionView:
    question: Question
    options: list[Option] = field(default_factory=list)
    answered: bool = False

    @property
    def id(self) -> int:
        return self.question.id


@dataclass
class SurveyView:
    survey: Survey
    questions: list[QuestionView]
    response_count: int = 0

    def open_questions(self) -> list[QuestionView]:
        return [q for q in self.questions if q.question.closed_at is None]

    def question(self, question_id: int) -> QuestionView | None:
        return next((q for q in self.questions if q.id == question_id), None)


# Survey codes: 8 characters without look-alikes (0/O, 1/l/I), short enough to type from a poster.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def is_open(survey: Survey, today: date | None = None) -> bool:
    today = today or utcnow().date()
    if survey.opens_on is None or survey.opens_on > today:
        return False
    return survey.closes_on is None or survey.closes_on >= today


def list_surveys(db: Session, network_id: int) -> list[tuple[Survey, int]]:
    counts = (
        select(DailyTally.survey_id, func.sum(DailyTally.count).label("n")).group_by(DailyTally.survey_id).subquery()
    )
    rows = db.execute(
        select(Survey, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.survey_id == Survey.id)
        .where(Survey.network_id == network_id)
        .order_by(Survey.created_at.desc(), Survey.id.desc())
    ).all()
    return [(s, n) for s, n in rows]


def get_survey(db: Session, network_id: int, survey_id: int) -> Survey | None:
    return db.scalar(select(Survey).where(Survey.id == survey_id, Survey.network_id == network_id))


def load(db: Session, survey: Survey) -> SurveyView:
    """The survey with its questions (in order), their options and whether each already has answers."""
    questions = list(db.scalars(select(Question).where(Question.survey_id == survey.id).order_by(Question.position)))
    ids = [q.id for q in questions]
    options: dict[int, list[Option]] = {i: [] for i in ids}
    if ids:
        for option in db.scalars(select(Option).where(Option.question_id.in_(ids)).order_by(Option.position)):
            options[option.question_id].append(option)
    answered = set(
        db.scalars(select(Answer.question_id).where(Answer.survey_id == survey.id).group_by(Answer.question_id))
    )
    count = db.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey.id)) or 0
    for item in [survey, *questions, *(o for opts in options.values() for o in opts)]:
        db.expunge(item)
    return SurveyView(survey, [QuestionView(q, options[q.id], q.id in answered) for q in questions], count)


def create_survey(db: Session, network_id: int, *, actor_id: int | None, **values: Any) -> Survey:
    while True:
        code = new_code()
        if db.scalar(select(Survey.id).where(Survey.code == code)) is None:
            break
    survey = Survey(network_id=network_id, code=code, created_by_id=actor_id, **values)
    db.add(survey)
    db.flush()
    audit.record(db, "survey.created", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id))
    return survey


def update_survey(db: Session, network_id: int, survey_id: int, *, actor_id: int | None, **values: Any) -> Survey:
    survey = _survey_or_error(db, network_id, survey_id)
    has_answers = db.scalar(select(Answer.id).where(Answer.survey_id == survey.id).limit(1)) is not None
    if has_answers and "anonymous" in values and values["anonymous"] != survey.anonymous:
        # Turning anonymous answers into named ones (or back) would break the promise made to who answered.
        raise BuildError(
            _("Er zijn al antwoorden. Je kunt een bevraging dan niet meer anoniem of op naam maken."), "anoniem"
        )
    for key, value in values.items():
        setattr(survey, key, value)
    audit.record(db, "survey.updated", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id))
    return survey


def _survey_or_error(db: Session, network_id: int, survey_id: int) -> Survey:
    survey = get_survey(db, network_id, survey_id)
    if survey is None:
        raise LookupError(survey_id)
    return survey


def _question_or_error(db: Session, network_id: int, survey_id: int, question_id: int) -> Question:
    question = db.scalar(
        select(Question)
        .join(Survey, Survey.id == Question.survey_id)
        .where(Question.id == question_id, Question.survey_id == survey_id, Survey.network_id == network_id)
    )
    if question is None:
        raise LookupError(question_id)
    return question


def _check_condition(db: Session, question: Question | None, survey_id: int, cond_q: int | None, cond_o: int | None):
    """Skip logic may only point at an EARLIER choice question of the same survey and one of its options."""
    if cond_q is None:
        return None, None
    source = db.scalar(select(Question).where(Question.id == cond_q, Question.survey_id == survey_id))
    if source is None or source.kind not in CHOICE_KINDS or (question is not None and source.id == question.id):
        raise BuildError(_("Kies een eerdere keuzevraag uit de lijst."), "toon_als")
    if question is not None and source.position >= question.position:
        raise BuildError(_("De voorwaarde moet een vraag zijn die eerder komt."), "toon_als")
    if (
        cond_o is None
        or db.scalar(select(Option.id).where(Option.id == cond_o, Option.question_id == source.id)) is None
    ):
        raise BuildError(_("Kies het antwoord waarbij deze vraag getoond wordt."), "toon_als")
    return source.id, cond_o


def add_question(
    db: Session,
    network_id: int,
    survey_id: int,
    *,
    kind: Kind,
    text: str,
    help: str = "",
    required: bool = False,
    options: list[str] | None = None,
    show_if: tuple[int | None, int | None] = (None, None),
    actor_id: int | None,
) -> Question:
    survey = _survey_or_error(db, network_id, survey_id)
    cond_q, cond_o = _check_condition(db, None, survey.id, *show_if)
    last = db.scalar(select(func.max(Question.position)).where(Question.survey_id == survey.id))
    question = Question(
        survey_id=survey.id,
        position=(last or 0) + 1,
        kind=kind,
        text=text,
        help=help,
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
        raise BuildError(_("Geef minstens twee keuzes, elk op een eigen regel."), "keuzes")
    if len(labels) > MAX_OPTIONS:
        raise BuildError(_("Maximaal {n} keuzes.").format(n=MAX_OPTIONS), "keuzes")
    if any(len(label) > 200 for label in labels):
        raise BuildError(_("Een keuze is te lang: maximaal 200 tekens per regel."), "keuzes")
    if answered and len(labels) < len(existing):
        raise BuildError(
            _("Deze vraag heeft al antwoorden. Je kunt keuzes toevoegen of anders verwoorden, maar niet weghalen."),
            "keuzes",
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
    required: bool = False,
    options: list[str] | None = None,
    show_if: tuple[int | None, int | None] = (None, None),
    actor_id: int | None,
) -> Question:
    question = _question_or_error(db, network_id, survey_id, question_id)
    answered = db.scalar(select(Answer.id).where(Answer.question_id == question.id).limit(1)) is not None
    if kind != question.kind:
        if answered:
            raise BuildError(
                _(
                    "Deze vraag heeft al antwoorden. Je kunt het soort vraag niet meer veranderen. "
                    "Sluit de vraag en maak een nieuwe."
                ),
                "soort",
            )
        for option in db.scalars(select(Option).where(Option.question_id == question.id)):
            db.delete(option)
        db.flush()
        question.kind = kind
    question.show_if_question_id, question.show_if_option_id = _check_condition(db, question, survey_id, *show_if)
    question.text, question.help, question.required = text, help, required
    _set_options(db, question, options or [], answered=answered)
    audit.record(db, "survey.question_edited", actor_id=actor_id, network_id=network_id, subject=("survey", survey_id))
    return question


def move_question(db: Session, network_id: int, survey_id: int, question_id: int, step: int) -> None:
    """Swap with the neighbour above (step -1) or below (+1); positions are renumbered 1..n."""
    _question_or_error(db, network_id, survey_id, question_id)
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
    question = _question_or_error(db, network_id, survey_id, question_id)
    question.closed_at = None if reopen else utcnow()


def delete_question(db: Session, network_id: int, survey_id: int, question_id: int) -> None:
    question = _question_or_error(db, network_id, survey_id, question_id)
    if db.scalar(select(Answer.id).where(Answer.question_id == question.id).limit(1)) is not None:
        raise BuildError(_("Deze vraag heeft al antwoorden. Sluit ze in plaats van ze te verwijderen."))
    for other in db.scalars(select(Question).where(Question.show_if_question_id == question.id)):
        other.show_if_question_id = other.show_if_option_id = None
    db.delete(question)


def save_translation(
    db: Session, network_id: int, survey_id: int, language: str, texts: dict[str, str], *, actor_id: int | None
) -> None:
    """`texts` holds "title", "intro", "q<id>", "q<id>_help" and "o<id>" keys; empty values fall back to Dutch."""
    survey = _survey_or_error(db, network_id, survey_id)
    if language not in survey.languages:
        raise LookupError(language)
    survey.translations = {
        **survey.translations,
        language: {"title": texts.get("title", ""), "intro": texts.get("intro", "")},
    }
    for question in db.scalars(select(Question).where(Question.survey_id == survey.id)):
        question.translations = {
            **question.translations,
            language: {"text": texts.get(f"q{question.id}", ""), "help": texts.get(f"q{question.id}_help", "")},
        }
        for option in db.scalars(select(Option).where(Option.question_id == question.id)):
            option.translations = {**option.translations, language: texts.get(f"o{option.id}", "")}
    audit.record(
        db, "survey.translated", actor_id=actor_id, network_id=network_id, subject=("survey", survey.id), lang=language
    )


def localized(obj: Survey | Question | Option, language: str, key: str = "") -> str:
    """The text in `language`, falling back to Dutch when it is not translated (yet)."""
    if isinstance(obj, Option):
        return (obj.translations or {}).get(language) or obj.label
    default = getattr(obj, key)
    return ((obj.translations or {}).get(language) or {}).get(key) or default
