"""A meeting (date, place, agenda, minutes, attendance) of one body of a network."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lerend_netwerk.db import Base, utcnow


class Body(enum.StrEnum):
    """Who meets, and so who belongs at the meeting: the whole network, one working group, or the stuurgroep
    (the network's people with the steering role, and its coordinators)."""

    NETWORK = "network"
    GROUP = "group"
    STEERING = "steering"


class Meeting(Base):
    """A meeting: date, place, agenda (points may link a practice or a signal), minutes afterwards, attendance.

    `body` says whose meeting it is; `group_id` is the working group's id (see `lerend_netwerk.work`) when the body
    is a group, NULL otherwise."""

    __tablename__ = "network_meeting"
    __table_args__ = (
        Index("ix_network_meeting_network_starts", "network_id", "starts_at"),
        Index("ix_network_meeting_group_starts", "group_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    body: Mapped[Body] = mapped_column(Enum(Body, native_enum=False, length=20), default=Body.NETWORK)
    group_id: Mapped[int | None] = mapped_column()  # a working group's meeting; NULL for the other bodies
    title: Mapped[str] = mapped_column(String(150))
    starts_at: Mapped[datetime] = mapped_column()
    place: Mapped[str] = mapped_column(String(200), default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgendaItem(Base):
    """A point on a meeting's agenda, in order; it may be about one practice or one signal of the network."""

    __tablename__ = "meeting_agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "signal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("network_meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("practice.id", ondelete="SET NULL"))
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"), index=True)


class Attendance(Base):
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("network_meeting.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
