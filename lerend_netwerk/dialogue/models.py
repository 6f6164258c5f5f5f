"""Dialogue tables, their sessions, sign-ups (with needs and a waiting list), calls to make, and note points."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lerend_netwerk.db import Base, utcnow


class SessionStatus(enum.StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"


class SignUpStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class DialogueTable(Base):
    __tablename__ = "dialogue_table"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(80), default="")
    audience: Mapped[str] = mapped_column(String(500), default="")  # who the table is for, in plain words
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TableFacilitator(Base):
    """The people who run a table: they (and the coordinator) see its sign-ups' contact data and needs."""

    __tablename__ = "dialogue_facilitator"
    __table_args__ = (UniqueConstraint("table_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("dialogue_table.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)


class TableSession(Base):
    __tablename__ = "dialogue_session"
    __table_args__ = (Index("ix_dialogue_session_network_starts", "network_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    table_id: Mapped[int] = mapped_column(ForeignKey("dialogue_table.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    place: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    wijk: Mapped[str] = mapped_column(String(80), default="")  # one of the network's wijken, or "" (none chosen)
    directions: Mapped[str] = mapped_column(Text, default="")  # by bus, on foot, what the entrance looks like
    accessibility: Mapped[str] = mapped_column(Text, default="")
    expect: Mapped[str] = mapped_column(String(500), default="")  # what to expect, in one or two sentences
    capacity: Mapped[int] = mapped_column(default=12)
    signup_deadline: Mapped[datetime | None] = mapped_column()
    status: Mapped[SessionStatus] = mapped_column(
        Enum(SessionStatus, native_enum=False, length=20), default=SessionStatus.PLANNED
    )
    # Calendar apps match updates on UID and take the highest SEQUENCE: bumped at every move or cancellation.
    sequence: Mapped[int] = mapped_column(default=0)
    compensation_cents: Mapped[int] = mapped_column(default=0)  # default vrijwilligersvergoeding per attendee
    summary: Mapped[str] = mapped_column(Text, default="")  # the facilitator's general notes
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def open_for_signup(self, now: datetime) -> bool:
        """Visitors can still sign up: planned, not started yet, and the sign-up deadline (if any) not passed."""
        return (
            self.status == SessionStatus.PLANNED
            and self.starts_at > now
            and not (self.signup_deadline and self.signup_deadline <= now)
        )


class SignUp(Base):
    """One person at one session. Contact data and needs are erased `signup_retention_days` after the session;
    status, attendance and compensation (with the payee number) stay so counts and the books remain true."""

    __tablename__ = "dialogue_signup"
    __table_args__ = (
        Index("ix_dialogue_signup_session_status", "session_id", "status"),
        Index("ix_dialogue_signup_network", "network_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    status: Mapped[SignUpStatus] = mapped_column(Enum(SignUpStatus, native_enum=False, length=20))
    waiting_position: Mapped[int | None] = mapped_column()  # order on the waiting list (1, 2, 3 ...)
    first_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    childcare: Mapped[bool] = mapped_column(default=False)
    children_count: Mapped[int | None] = mapped_column()
    children_ages: Mapped[str] = mapped_column(String(120), default="")
    transport: Mapped[bool] = mapped_column(default=False)
    interpreter: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str] = mapped_column(String(80), default="")
    diet: Mapped[str] = mapped_column(String(200), default="")
    accessibility: Mapped[str] = mapped_column(String(300), default="")
    other_needs: Mapped[str] = mapped_column(String(500), default="")
    consent_at: Mapped[datetime | None] = mapped_column()
    # The language the person signed up in: their e-mails (confirmation, reminder, waiting list, .ics) use it.
    language: Mapped[str] = mapped_column(String(10), default="nl", server_default="nl")
    # The personal link: a random nonce is stored, the token is an HMAC of it with the server secret (so later
    # mails can carry the same link), and only the token's SHA-256 is stored for lookup.
    link_nonce: Mapped[str | None] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    reminder_sent_at: Mapped[datetime | None] = mapped_column()
    attended: Mapped[bool] = mapped_column(default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column()
    compensation_cents: Mapped[int] = mapped_column(default=0)
    # The compensation ledger's number for the person paid (the id of their first paid sign-up): it ties one
    # person's payments together after their name is erased, and is cleared when the books no longer need it.
    payee_number: Mapped[int | None] = mapped_column()
    anonymised_at: Mapped[datetime | None] = mapped_column()

    def anonymise(self, now: datetime) -> None:
        """Erase what identifies the person or their needs; keep status, attendance, compensation and payee number."""
        self.first_name = ""
        self.email = None
        self.phone = None
        self.person_id = None
        self.childcare = False
        self.children_count = None
        self.children_ages = ""
        self.transport = False
        self.interpreter = False
        self.interpreter_language = ""
        self.diet = ""
        self.accessibility = ""
        self.other_needs = ""
        self.link_nonce = None
        self.token_hash = None
        self.anonymised_at = now


class CallTask(Base):
    """A message for someone who left only a phone number: it lands on the facilitators' call list."""

    __tablename__ = "dialogue_call"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("dialogue_signup.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # confirmation, promotion, change, cancelled, reminder
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column()
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


class NotePoint(Base):
    """A point raised at a session: what, theme, how many shared it; `signal_id` once it went to the board."""

    __tablename__ = "dialogue_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    theme: Mapped[str] = mapped_column(String(80), default="")
    people_count: Mapped[int] = mapped_column(default=1)
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("signal.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
