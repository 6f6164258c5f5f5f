"""What to tell whom, decided inside a transaction and delivered after it commits.

Services return `Notice`s; `deliver()` sends them through one `Channel` per way of reaching people. E-mail
(`mail.EmailChannel`) is the only channel today. People who left only a phone number get a `CallTask` on the
facilitators' call list instead (made in the same transaction); an SMS channel can later take those over without
touching the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from lerend_netwerk.dialogue.models import CallTask, DialogueTable, SessionStatus, SignUp, TableSession

KINDS = ("confirmation", "waiting", "promotion", "change", "cancelled", "reminder")


@dataclass(frozen=True)
class SessionInfo:
    """A snapshot of a session, enough to write a message and its calendar file after the transaction."""

    id: int
    table_name: str
    network_slug: str
    network_name: str
    starts_at: datetime
    ends_at: datetime
    place: str
    address: str
    directions: str
    accessibility: str
    expect: str
    sequence: int
    cancelled: bool

    @classmethod
    def of(cls, session: TableSession, table: DialogueTable, network_slug: str, network_name: str) -> SessionInfo:
        return cls(
            id=session.id,
            table_name=table.name,
            network_slug=network_slug,
            network_name=network_name,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            place=session.place,
            address=session.address,
            directions=session.directions,
            accessibility=session.accessibility,
            expect=session.expect,
            sequence=session.sequence,
            cancelled=session.status == SessionStatus.CANCELLED,
        )


@dataclass(frozen=True)
class Notice:
    kind: str  # one of KINDS
    signup_id: int
    first_name: str
    email: str
    link_nonce: str | None
    session: SessionInfo
    waiting_position: int | None = None


def queue(db: Session, signup: SignUp, kind: str, info: SessionInfo, *, position: int | None = None) -> list[Notice]:
    """The notice for one sign-up: an e-mail to send after commit, or a call on the list (added to `db` now)."""
    if signup.email:
        return [Notice(kind, signup.id, signup.first_name, signup.email, signup.link_nonce, info, position)]
    if signup.phone:
        db.add(CallTask(network_id=signup.network_id, signup_id=signup.id, kind=kind))
    return []


class Channel(Protocol):
    def deliver(self, notice: Notice) -> bool: ...


def deliver(channel: Channel, notices: list[Notice]) -> list[Notice]:
    """Send every notice: the one place where dialogue messages leave. Returns the notices that did not go out
    (the channel logs why, never raises), so a caller can try them again."""
    return [notice for notice in notices if not channel.deliver(notice)]
