"""What to tell whom, decided inside a transaction.

Services return `Notice`s; `mail.post()` writes each one's e-mail into the outbox in that same transaction, and the
outbox delivers it after commit. People who left only a phone number get a `CallTask` on the facilitators' call
list instead (made in the same transaction); an SMS channel can later take those over without touching the
services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from lerend_netwerk.dialogue.models import CallTask, DialogueTable, SessionStatus, SignUp, TableSession

KINDS = ("confirmation", "waiting", "promotion", "change", "cancelled", "reminder")


@dataclass(frozen=True)
class SessionInfo:
    """A snapshot of a session, enough to write a message and its calendar file after the transaction."""

    id: int
    network_id: int
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
            network_id=session.network_id,
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
    language: str = "nl"  # the language the person signed up in


def queue(db: Session, signup: SignUp, kind: str, info: SessionInfo, *, position: int | None = None) -> list[Notice]:
    """The notice for one sign-up: an e-mail for `mail.post`, or a call on the list (added to `db` now)."""
    if signup.email:
        return [
            Notice(kind, signup.id, signup.first_name, signup.email, signup.link_nonce, info, position, signup.language)
        ]
    if signup.phone:
        db.add(CallTask(network_id=signup.network_id, signup_id=signup.id, kind=kind))
    return []
