"""What the board prints and publishes: the signalenbundel, the meetings and their printable report, the public
feedback page and the feedback sheet for a dialogue table. Public functions here select only public columns, on
purpose."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session

from lerend_netwerk.meetings import queries as meeting_queries
from lerend_netwerk.meetings.models import AgendaItem, Body, Meeting
from lerend_netwerk.networks.models import Organisation
from lerend_netwerk.signals.export import EXPORT_LIMIT
from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.models import (
    Signal,
    SignalFollowUp,
    SignalSource,
    is_overdue,
)
from lerend_netwerk.web.errors import NotFound

# The source kind whose points the feedback sheet reads back to: the one the dialogue capability declares.
DIALOGUE = "dialogue"


def bundle(
    db: Session, network_id: int, start: date, end: date
) -> dict[str, list[tuple[Signal, SignalFollowUp | None]]]:
    """The signalenbundel: every signal of the period, grouped by theme, for the council."""
    period = Filters(start=start, end=end)
    rows = db.execute(
        select(Signal, SignalFollowUp)
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .where(*period.where())
        .order_by(Signal.theme, Signal.reported_on, Signal.id)
        .limit(EXPORT_LIMIT),
        period.params(network_id),
    ).all()
    grouped: dict[str, list[tuple[Signal, SignalFollowUp | None]]] = defaultdict(list)
    for signal, follow in rows:
        grouped[signal.theme].append((signal, follow))
    return dict(grouped)


@dataclass
class MeetingItem:
    """A point on a stuurgroep meeting's agenda: a signal with its follow-up, or a point of its own."""

    item: AgendaItem
    signal: Signal | None
    follow_up: SignalFollowUp | None
    partner: str

    @property
    def overdue(self) -> bool:
        return self.signal is not None and is_overdue(
            self.follow_up.due_on if self.follow_up else None, self.signal.status
        )


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[MeetingItem]
    present: set[int]
    members: list[tuple[int, str]]  # the stuurgroep: who can be marked present

    @property
    def signal_items(self) -> list[MeetingItem]:
        return [item for item in self.items if item.signal is not None]

    @property
    def present_names(self) -> list[str]:
        return [name for person_id, name in self.members if person_id in self.present]


def meetings(db: Session, network_id: int) -> list[Meeting]:
    """The stuurgroep's meetings, latest first."""
    return list(
        db.scalars(
            select(Meeting)
            .where(Meeting.network_id == network_id, Meeting.body == Body.STEERING)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        )
    )


def meeting(db: Session, network_id: int, meeting_id: int) -> MeetingPage:
    """A stuurgroep meeting with its agenda (each signal with its decision and action), who was there, and the
    stuurgroep's people; another network's or another body's meeting is not found."""
    found = meeting_queries.meeting(db, network_id, meeting_id, body=Body.STEERING)
    rows = db.execute(
        select(AgendaItem, Signal, SignalFollowUp, Organisation.name)
        .outerjoin(Signal, (Signal.id == AgendaItem.signal_id) & (Signal.network_id == network_id))
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .outerjoin(Organisation, Organisation.id == SignalFollowUp.action_organisation_id)
        .where(AgendaItem.meeting_id == found.id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    items = [MeetingItem(item, s, f, name or "") for item, s, f, name in rows]
    present = meeting_queries.present(db, found)
    return MeetingPage(found, items, present, meeting_queries.steering_members(db, network_id))


@dataclass(frozen=True)
class PublicFeedback:
    """Only what the public page may show: no description, no notes, no names, no contacts."""

    title: str
    theme: str
    people_count: int
    feedback: str
    published_on: date


FEEDBACK_SHOWN = 100  # the public page shows the newest decisions: a light page, and a LIMITed index walk


def _published_feedback_statement() -> Select[Any]:
    """The newest FEEDBACK_SHOWN published follow-ups (a LIMITed walk of their index, kept apart as a MATERIALIZED
    CTE that no planner turns round), then their signals by primary key. One joined query without that fence was
    started from "every unmerged signal" by PostgreSQL without statistics; two statements sent the signals' ids as
    100 parameters, which psycopg parses anew on every call (7.7 % of the page's time). Built once."""
    newest = (
        select(SignalFollowUp.signal_id, SignalFollowUp.feedback, SignalFollowUp.feedback_published_at)
        .where(
            SignalFollowUp.network_id == bindparam("network_id", type_=Integer),
            SignalFollowUp.feedback_published_at.is_not(None),
        )
        .order_by(SignalFollowUp.feedback_published_at.desc())
        .limit(FEEDBACK_SHOWN)
        .cte("newest")
        .prefix_with("MATERIALIZED")
    )
    return (
        select(
            newest.c.feedback,
            newest.c.feedback_published_at,
            Signal.title,
            Signal.theme,
            Signal.people_count,
            Signal.merged_into_id,
        )
        .join_from(newest, Signal, Signal.id == newest.c.signal_id)
        .order_by(newest.c.feedback_published_at.desc())
    )


_PUBLISHED_FEEDBACK = _published_feedback_statement()


def published_feedback(db: Session, network_id: int) -> dict[str, list[PublicFeedback]]:
    """The newest published feedback, grouped by theme (themes in alphabetical order, newest first in each). A
    merged signal's feedback is not shown (its target's is): dropped here, not in SQL, where "IS NULL" would tempt
    a planner to its partial indexes."""
    grouped: dict[str, list[PublicFeedback]] = defaultdict(list)
    for feedback, published, title, theme, people, merged_into in db.execute(
        _PUBLISHED_FEEDBACK, {"network_id": network_id}
    ):
        if merged_into is None:
            grouped[theme].append(PublicFeedback(title, theme, people, feedback, published.date()))
    return {theme: grouped[theme] for theme in sorted(grouped)}


@dataclass
class Sheet:
    """The feedback sheet: the dialogue tables that handed signals to the board (link, label), and for the one
    chosen (`link`, "" for none yet) what happened to the points raised there."""

    sources: list[tuple[str, str]]
    link: str = ""
    label: str = ""
    rows: list[tuple[Signal, SignalFollowUp | None]] = field(default_factory=list)


def sheet(db: Session, network_id: int, link: str) -> Sheet:
    """The feedback sheet for the dialogue table at `link` (none chosen: ""); a link that handed this network's
    board nothing is not found."""
    sources = _dialogue_sources(db, network_id)
    if not link:
        return Sheet(sources)
    known = dict(sources)
    if link not in known:
        raise NotFound()
    return Sheet(sources, link, known[link], _points_of(db, network_id, link))


def _dialogue_sources(db: Session, network_id: int) -> list[tuple[str, str]]:
    """The dialogue tables (link, label) that handed signals to this network's board."""
    rows = db.execute(
        select(SignalSource.link, SignalSource.label)
        .join(Signal, Signal.id == SignalSource.signal_id)
        .where(Signal.network_id == network_id, SignalSource.kind == DIALOGUE, SignalSource.link != "")
        .distinct()
        .order_by(SignalSource.label)
    ).all()
    return [(link, label) for link, label in rows]


def _points_of(db: Session, network_id: int, link: str) -> list[tuple[Signal, SignalFollowUp | None]]:
    """What happened to the points raised at one dialogue table (sources keep their link through merges)."""
    rows = db.execute(
        select(Signal, SignalFollowUp)
        .join(SignalSource, SignalSource.signal_id == Signal.id)
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .where(
            Signal.network_id == network_id,
            Signal.merged_into_id.is_(None),
            SignalSource.kind == DIALOGUE,
            SignalSource.link == link,
        )
        .order_by(Signal.reported_on, Signal.id)
    ).all()
    seen: set[int] = set()
    result = []
    for signal, follow in rows:
        if signal.id not in seen:
            seen.add(signal.id)
            result.append((signal, follow))
    return result
