"""Reads for the survey pages, each scoped to a network (or, for a respondent, to the survey behind a public code):
the list, one survey with its questions and options, a draft in progress, and the signals made from a survey."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, bindparam, func, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk.capability import HomeLink
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.cache import kept_rows
from lerend_netwerk.networks.models import Network
from lerend_netwerk.surveys.models import (
    DailyTally,
    Draft,
    Media,
    MediaKind,
    Mode,
    Option,
    Question,
    Survey,
    SurveySignal,
    Tally,
    hash_token,
    today,
)
from lerend_netwerk.web.errors import NotFound


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
    """A survey with its questions in order, detached from the session: what every survey page shows."""

    survey: Survey
    questions: list[QuestionView]
    response_count: int = 0
    media: list[Media] = field(default_factory=list)  # recordings and pictures, oldest first

    def open_questions(self) -> list[QuestionView]:
        return [q for q in self.questions if q.question.closed_at is None]

    def question(self, question_id: int) -> QuestionView | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def audio(self, question_id: int, option_id: int | None, language: str) -> Media | None:
        """The recording of a question (option_id None) or of one of its options in `language`, if there is one."""
        return next(
            (
                m
                for m in reversed(self.media)
                if m.kind is MediaKind.AUDIO
                and m.question_id == question_id
                and m.option_id == option_id
                and m.language == language
            ),
            None,
        )

    def picture(self, option_id: int) -> Media | None:
        """The uploaded picture beside an option, if there is one."""
        return next((m for m in reversed(self.media) if m.kind is MediaKind.PICTURE and m.option_id == option_id), None)


@dataclass(frozen=True)
class DraftState:
    id: int
    language: str
    mode: Mode
    facilitator_id: int | None
    person_id: int | None
    answers: dict[str, Any]


def list_surveys(db: Session, network_id: int) -> list[tuple[Survey, int]]:
    """The network's surveys, newest first, each with its number of responses."""
    counts = (
        select(DailyTally.survey_id, func.sum(DailyTally.count).label("n"))
        .where(DailyTally.survey_id.in_(select(Survey.id).where(Survey.network_id == network_id)))
        .group_by(DailyTally.survey_id)
        .subquery()
    )
    rows = db.execute(
        select(Survey, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.survey_id == Survey.id)
        .where(Survey.network_id == network_id)
        .order_by(Survey.created_at.desc(), Survey.id.desc())
    ).all()
    return [(s, n) for s, n in rows]


def open_surveys(db: Session, network_id: int) -> list[Survey]:
    """The network's surveys that anyone can answer today, the one closing first on top."""
    on = today()
    return list(
        db.scalars(
            select(Survey)
            .where(
                Survey.network_id == network_id,
                Survey.opens_on <= on,
                or_(Survey.closes_on.is_(None), Survey.closes_on >= on),
            )
            .order_by(Survey.closes_on.is_(None), Survey.closes_on, Survey.id)
        )
    )


def home_links(db: Session, network_id: int) -> list[HomeLink]:
    """The open surveys, for the network's home page."""
    action = lazy_gettext("Vul de bevraging in")
    return [HomeLink(s.title, action, "surveys:start", {"code": s.code}) for s in open_surveys(db, network_id)]


@dataclass
class AfterAnswering:
    """Where the thank-you page leads: the network's home page and its other open surveys."""

    network_slug: str
    network_name: str
    others: list[Survey]


def after_answering(db: Session, network_id: int, survey_id: int) -> AfterAnswering:
    network = db.get(Network, network_id)
    assert network is not None
    others = [s for s in open_surveys(db, network_id) if s.id != survey_id]
    return AfterAnswering(network.slug, network.name, others)


def get_survey(db: Session, network_id: int, survey_id: int) -> Survey:
    """The survey itself (attached to `db`); NotFound when it is not this network's."""
    found = db.scalar(select(Survey).where(Survey.id == survey_id, Survey.network_id == network_id))
    if found is None:
        raise NotFound()
    return found


def survey_view(db: Session, network_id: int, survey_id: int) -> SurveyView:
    """A survey of the network with its questions and options; NotFound when it is not this network's."""
    return load(db, kept_survey(db, network_id, survey_id))


def view_by_code(db: Session, code: str) -> SurveyView:
    """The survey behind a public link /b/<code>, as a respondent sees it (without the staff's counts of answers);
    NotFound for a code that is not one."""
    if not (0 < len(code) <= 12 and code.isalnum()):
        raise NotFound()
    found = kept_rows(db, ("survey", code), Survey, lambda: list(db.scalars(select(Survey).where(Survey.code == code))))
    if not found:
        raise NotFound()
    return load(db, found[0], counts=False)


def respondent_view(db: Session, code: str, token: str | None) -> tuple[SurveyView, DraftState | None]:
    """`view_by_code` and the answers in progress behind the respondent's resume token (`get_draft`)."""
    view = view_by_code(db, code)
    return view, get_draft(db, view.survey.network_id, view.survey.id, token)


def load(db: Session, survey: Survey, *, counts: bool = True) -> SurveyView:
    """The survey with its questions (in order), their options and, for the staff (`counts`), whether each already
    has answers and how many responses there are: a respondent's pages show neither."""
    structure = questions_and_options(db, survey.id)
    # From the running tallies (kept in the transaction that stores a response), not by counting every answer:
    # every page of the survey, the respondent's too, loads this.
    answered: set[int] = set()
    count = 0
    if counts:
        answered = set(
            db.scalars(
                select(Tally.question_id).where(Tally.survey_id == survey.id, Tally.option_key == 0, Tally.count > 0)
            )
        )
        count = db.scalar(select(func.sum(DailyTally.count)).where(DailyTally.survey_id == survey.id)) or 0
    media = kept_rows(db, ("survey media", survey.id), Media, lambda: _media(db, survey.id), keep_empty=True)
    for item in [survey, *(row for q, options in structure for row in (q, *options)), *media]:
        if item in db:  # what the worker kept (`networks.cache`) never was
            db.expunge(item)
    return SurveyView(survey, [QuestionView(q, options, q.id in answered) for q, options in structure], count, media)


# A survey's questions, options and media change only while it is being written, so a worker keeps them (PostgreSQL
# and SQLite tell it of every change: `networks.cache`); a write transaction always reads them from the database.


def questions_and_options(db: Session, survey_id: int) -> list[tuple[Question, list[Option]]]:
    """The survey's questions in order, each with its options in order."""
    questions = kept_rows(db, ("survey questions", survey_id), Question, lambda: _questions(db, survey_id))
    options: dict[int, list[Option]] = {q.id: [] for q in questions}
    for option in kept_rows(
        db, ("survey options", survey_id), Option, lambda: _options(db, survey_id), keep_empty=True
    ):
        options[option.question_id].append(option)
    return [(q, options[q.id]) for q in questions]


def kept_survey(db: Session, network_id: int, survey_id: int) -> Survey:
    """The survey, detached (for reading only); NotFound when it is not this network's."""
    found = kept_rows(
        db, ("survey id", survey_id), Survey, lambda: list(db.scalars(select(Survey).filter_by(id=survey_id)))
    )
    if not found or found[0].network_id != network_id:
        raise NotFound()
    return found[0]


def _questions(db: Session, survey_id: int) -> list[Question]:
    return list(db.scalars(select(Question).where(Question.survey_id == survey_id).order_by(Question.position)))


def _options(db: Session, survey_id: int) -> list[Option]:
    return list(
        db.scalars(
            select(Option)
            .join(Question, Question.id == Option.question_id)
            .where(Question.survey_id == survey_id)
            .order_by(Option.position, Option.id)
        )
    )


def _media(db: Session, survey_id: int) -> list[Media]:
    return list(db.scalars(select(Media).where(Media.survey_id == survey_id).order_by(Media.id)))


def media_by_code(db: Session, code: str, media_id: int) -> Media:
    """A recording or picture of the survey behind a public code; NotFound when it is not that survey's."""
    if not (0 < len(code) <= 12 and code.isalnum()):
        raise NotFound()
    found = db.scalar(
        select(Media).join(Survey, Survey.id == Media.survey_id).where(Media.id == media_id, Survey.code == code)
    )
    if found is None:
        raise NotFound()
    db.expunge(found)
    return found


# Built once (every page of a survey in progress reads it): building it per request cost more than running it.
_DRAFT = (
    select(Draft)
    .join(Survey, Survey.id == Draft.survey_id)
    .where(
        Draft.token_hash == bindparam("token_hash"),
        Draft.survey_id == bindparam("survey_id"),
        Survey.network_id == bindparam("network_id"),
    )
)


def get_draft(db: Session, network_id: int, survey_id: int, token: str | None) -> DraftState | None:
    """The answers in progress behind a resume token, or None (no token, an old one, or already sent)."""
    if not token or len(token) > 100:
        return None
    found = db.scalar(_DRAFT, {"token_hash": hash_token(token), "survey_id": survey_id, "network_id": network_id})
    if found is None:
        return None
    return DraftState(found.id, found.language, found.mode, found.facilitator_id, found.person_id, dict(found.answers))


_SIGNALS_OF = (
    select(SurveySignal.signal_id, SurveySignal.title, SurveySignal.answer_ids)
    .where(SurveySignal.survey_id == bindparam("survey_id"))
    .order_by(SurveySignal.id.desc())
)


def signals_of(db: Session, survey_id: int) -> list[Row[Any]]:
    """The signals made from a survey (whose id comes from a view already scoped to the network), newest first:
    their signal_id, title and answer_ids (what the results page lists)."""
    return list(db.execute(_SIGNALS_OF, {"survey_id": survey_id}).all())
