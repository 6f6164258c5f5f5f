"""Surveys (bevragingen): questions with their choices, answers in progress, and submitted responses.

Privacy by design: a submitted response of an anonymous survey holds the survey, the mode, the language and the
DAY it came in — no person, no IP, no session or resume token, no exact time (a time of day could point at
whoever stood at the counter then). The in-progress draft is deleted in the same transaction that stores it.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Enum, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from lerend_netwerk.db import Base, utcnow
from lerend_netwerk.i18n import TIMEZONE, lazy_gettext
from lerend_netwerk.i18n import gettext as _


class Kind(enum.StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SMILEY = "smiley"
    YESNO = "yesno"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"


CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.SMILEY, Kind.YESNO})
TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})
KIND_LABELS = {
    Kind.SINGLE: lazy_gettext("Eén keuze"),
    Kind.MULTIPLE: lazy_gettext("Meerdere keuzes"),
    Kind.SMILEY: lazy_gettext("Smileys (van heel slecht tot heel goed)"),
    Kind.YESNO: lazy_gettext("Ja / nee / weet ik niet"),
    Kind.NUMBER: lazy_gettext("Een getal"),
    Kind.SHORT_TEXT: lazy_gettext("Korte tekst"),
    Kind.LONG_TEXT: lazy_gettext("Lange tekst"),
}


def N_(message: str) -> str:
    """Marks a msgid for extraction; the fixed labels are stored in Dutch and translated when shown."""
    return message


# Fixed choices: (code, Dutch label). Smileys always carry their label: never a face or a colour alone.
FIXED_OPTIONS: dict[Kind, list[tuple[str, str]]] = {
    Kind.SMILEY: [
        ("smiley1", N_("Heel slecht")),
        ("smiley2", N_("Slecht")),
        ("smiley3", N_("Gaat wel")),
        ("smiley4", N_("Goed")),
        ("smiley5", N_("Heel goed")),
    ],
    Kind.YESNO: [("ja", N_("Ja")), ("nee", N_("Nee")), ("weetniet", N_("Weet ik niet"))],
}
# Survey codes: 8 characters without look-alikes (0/O, 1/l/I), short enough to type from a poster.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class Mode(enum.StrEnum):
    SELF = "self"  # the person answers alone
    ASSISTED = "assisted"  # a facilitator fills in together with the person
    PAPER = "paper"  # a facilitator types in a paper form afterwards


def today() -> date:
    """The day in Flanders: a response keeps only this, and a survey opens and closes on it."""
    return datetime.now(TIMEZONE).date()


class Survey(Base):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # the short public link /b/<code>
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    # Extra languages besides Dutch, e.g. ["fr", "ar"]; texts per language live in `translations`.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"fr": {"title": .., "intro": ..}}
    opens_on: Mapped[date | None] = mapped_column()
    closes_on: Mapped[date | None] = mapped_column()
    anonymous: Mapped[bool] = mapped_column(default=True)
    # For people who read little: each question shows its easy-read text first (the usual text stays a click away).
    easy_read: Mapped[bool] = mapped_column(default=False)
    theme: Mapped[str] = mapped_column(String(80), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def is_open(survey: Survey, on: date | None = None) -> bool:
    """Open on day `on` (default: today in UTC) for people answering themselves."""
    on = on or utcnow().date()
    if survey.opens_on is None or survey.opens_on > on:
        return False
    return survey.closes_on is None or survey.closes_on >= on


def accepts(survey: Survey, mode: Mode) -> bool:
    """Self and assisted answers only while open; paper forms collected in time may be typed in after closing."""
    if mode is Mode.PAPER:
        return survey.opens_on is not None and survey.opens_on <= today()
    return is_open(survey, today())


def closed_message(survey: Survey) -> str:
    if survey.opens_on is None or survey.opens_on > today():
        return _("Deze bevraging is nog niet open. Kom later nog eens terug.")
    return _("Deze bevraging is afgesloten. Je kunt niet meer antwoorden. Bedankt om te willen meedoen!")


class Question(Base):
    __tablename__ = "survey_question"
    __table_args__ = (Index("ix_survey_question_survey_position", "survey_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[Kind] = mapped_column(Enum(Kind, native_enum=False, length=20))
    text: Mapped[str] = mapped_column(String(500))
    help: Mapped[str] = mapped_column(String(500), default="")
    # The same question in easy-read words (Dutch); other languages keep theirs in translations[lang]["easy"].
    easy_text: Mapped[str] = mapped_column(String(500), default="")
    required: Mapped[bool] = mapped_column(default=False)
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"fr": {"text": .., "help": ..}}
    # Simple skip logic: show only when the earlier question `show_if_question_id` got option `show_if_option_id`.
    show_if_question_id: Mapped[int | None] = mapped_column(ForeignKey("survey_question.id", ondelete="SET NULL"))
    # No foreign key here (options reference questions already); the builder checks it belongs to that question.
    show_if_option_id: Mapped[int | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()  # closed questions are no longer asked
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Option(Base):
    """A choice of a choice question. Smiley and yes/no questions get fixed options with a `code`."""

    __tablename__ = "survey_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(20), default="")  # smiley1..smiley5, ja/nee/weetniet
    label: Mapped[str] = mapped_column(String(200))
    translations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"fr": "…"}
    pictogram: Mapped[str] = mapped_column(String(20), default="")  # a built-in pictogram (media.PICTOGRAMS)


class MediaKind(enum.StrEnum):
    AUDIO = "audio"  # a short recording of a question or option, per language
    PICTURE = "picture"  # an uploaded picture beside an option (the same in every language)


class Media(Base):
    """A recording or picture of a question or one of its options. The file lives under
    `settings.upload_dir / "surveys"` with a random name; it is deleted with its row (and a retention rule removes
    any file there that no row names)."""

    __tablename__ = "survey_media"
    __table_args__ = (Index("ix_survey_media_question", "question_id", "option_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    option_id: Mapped[int | None] = mapped_column(ForeignKey("survey_option.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(10), default="")  # "" for a picture
    kind: Mapped[MediaKind] = mapped_column(Enum(MediaKind, native_enum=False, length=10))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Draft(Base):
    """Answers in progress, keyed by the hash of a random resume token (cookie + resume link).
    Linked to a person only for a named survey; to the facilitator for assisted and paper entry."""

    __tablename__ = "survey_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(10), default="nl")
    mode: Mapped[Mode] = mapped_column(Enum(Mode, native_enum=False, length=10), default=Mode.SELF)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"<question id>": value}
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def hash_token(token: str) -> str:
    """What a draft keeps of its resume token: the token itself is only in the respondent's cookie and link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Response(Base):
    __tablename__ = "survey_response"
    __table_args__ = (Index("ix_survey_response_survey_mode", "survey_id", "mode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    mode: Mapped[Mode] = mapped_column(Enum(Mode, native_enum=False, length=10))
    language: Mapped[str] = mapped_column(String(10), default="nl")
    submitted_on: Mapped[date] = mapped_column()  # the day only, on purpose
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))  # named only


class Answer(Base):
    """One value. A multiple-choice answer is one row per picked option; `tally.rebuild` GROUPs BY these columns
    (results read the tallies, and only the free texts from here)."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        Index("ix_survey_answer_survey_question_option", "survey_id", "question_id", "option_id"),
        Index("ix_survey_answer_response_question", "response_id", "question_id"),
        Index("ix_survey_answer_question_option", "question_id", "option_id"),
        # free-text answers, newest first (only the rows with a text are in it)
        Index(
            "ix_survey_answer_texts",
            "survey_id",
            "id",
            sqlite_where=text("text IS NOT NULL"),
            postgresql_where=text("text IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    option_id: Mapped[int | None] = mapped_column(ForeignKey("survey_option.id", ondelete="CASCADE"))
    number: Mapped[int | None] = mapped_column()
    text: Mapped[str | None] = mapped_column(Text)


class SurveySignal(Base):
    """A signal made from this survey: which signal, and what was selected (answers or a result line)."""

    __tablename__ = "survey_signal"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("signal.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("survey_question.id", ondelete="SET NULL"))
    answer_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Tally(Base):
    """Running counts per question (option_key 0: people who answered it, with number stats) and per option,
    kept in the submit transaction so results read a few rows instead of scanning every answer."""

    __tablename__ = "survey_tally"
    __table_args__ = (UniqueConstraint("question_id", "option_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    option_key: Mapped[int] = mapped_column(default=0)  # an option id, or 0 for the question as a whole
    count: Mapped[int] = mapped_column(default=0)
    number_sum: Mapped[int | None] = mapped_column(BigInteger)
    number_min: Mapped[int | None] = mapped_column()
    number_max: Mapped[int | None] = mapped_column()


class DailyTally(Base):
    """Responses per day and mode, kept like `Tally`."""

    __tablename__ = "survey_daily_tally"
    __table_args__ = (UniqueConstraint("survey_id", "day", "mode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column()
    mode: Mapped[Mode] = mapped_column(Enum(Mode, native_enum=False, length=10))
    count: Mapped[int] = mapped_column(default=0)


class PairTally(Base):
    """Running counts of people who gave both of two choice answers (for the cross-tables and their suppression),
    kept like `Tally`. A "mark" is an option id, or 0 for "answered" a multiple-choice question; question_a <
    question_b. Every other cell of a two-way table follows from these, the one-way tallies and the total."""

    __tablename__ = "survey_pair_tally"
    # named: the conventional name would be longer than PostgreSQL's 63 characters
    __table_args__ = (
        UniqueConstraint(
            "survey_id", "question_a", "mark_a", "question_b", "mark_b", name="uq_survey_pair_tally_marks"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    question_a: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    mark_a: Mapped[int] = mapped_column()
    question_b: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    mark_b: Mapped[int] = mapped_column()
    count: Mapped[int] = mapped_column(default=0)
