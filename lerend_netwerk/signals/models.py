"""Signals: what a threshold or need is, where it came from, how many raised it, and what was done with it."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from lerend_netwerk.db import Base, utcnow
from lerend_netwerk.i18n import lazy_gettext


class Status(enum.StrEnum):
    """The signal process Flemish cities use (Gent's beleidssignalen), as board columns."""

    NEW = "nieuw"
    BUNDLED = "gebundeld"
    ANALYSED = "geanalyseerd"
    DECIDED = "beslist"
    IN_ACTION = "in_actie"
    REPORTED_BACK = "teruggekoppeld"
    NOT_RETAINED = "niet_weerhouden"


STATUS_LABELS = {
    Status.NEW: lazy_gettext("Nieuw"),
    Status.BUNDLED: lazy_gettext("Gebundeld"),
    Status.ANALYSED: lazy_gettext("Geanalyseerd"),
    Status.DECIDED: lazy_gettext("Beslist"),
    Status.IN_ACTION: lazy_gettext("In actie"),
    Status.REPORTED_BACK: lazy_gettext("Teruggekoppeld"),
    Status.NOT_RETAINED: lazy_gettext("Niet weerhouden"),
}
# What happened, for the history of a signal (`SignalEvent.kind`), when the change has no reason of its own.
EVENT_LABELS = {
    "created": lazy_gettext("Gemeld"),
    "moved": lazy_gettext("Verplaatst"),
    "merged": lazy_gettext("Samengevoegd"),
    "edited": lazy_gettext("Aangepast"),
    "feedback": lazy_gettext("Terugkoppeling gepubliceerd"),
}
# Statuses in which an action runs and can be late.
ACTING = (Status.DECIDED, Status.IN_ACTION)
# Statuses after a decision: the ones that get a public feedback text.
DECIDED = (Status.DECIDED, Status.IN_ACTION, Status.REPORTED_BACK, Status.NOT_RETAINED)


class Signal(Base):
    __tablename__ = "signal"
    # Most signals are not merged, so the board's indexes hold only those (`merged_into_id IS NULL` in their WHERE),
    # and the index on merged_into_id only the few that are: a planner can then never mistake "not merged" for a
    # selective condition, whatever its statistics say (PostgreSQL once walked 10,000 rows that way). The partial
    # indexes end in merged_into_id because SQLite reads an index alone only when it holds every column the query
    # names, the one in the index's own WHERE included.
    __table_args__ = (
        # a board column: newest first, LIMIT n (also the totals per column, from the index alone)
        Index(
            "ix_signal_board",
            "network_id",
            "status",
            "reported_on",
            "id",
            "merged_into_id",
            sqlite_where=text("merged_into_id IS NULL"),
            postgresql_where=text("merged_into_id IS NULL"),
        ),
        # counts per wijk x theme and per month, read from the index alone; also a period ("van", "tot") and the
        # latest reported signals ("looks like a duplicate")
        Index(
            "ix_signal_counts",
            "network_id",
            "reported_on",
            "neighbourhood",
            "theme",
            "people_count",
            "merged_into_id",
            sqlite_where=text("merged_into_id IS NULL"),
            postgresql_where=text("merged_into_id IS NULL"),
        ),
        Index(
            "ix_signal_merged_into_id",
            "merged_into_id",
            sqlite_where=text("merged_into_id IS NOT NULL"),
            postgresql_where=text("merged_into_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(80), default="")
    neighbourhood: Mapped[str] = mapped_column(String(80), default="")
    threshold_code: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[Status] = mapped_column(Enum(Status, native_enum=False, length=20), default=Status.NEW)
    people_count: Mapped[int] = mapped_column(default=1)
    reported_on: Mapped[date] = mapped_column(default=lambda: utcnow().date())
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("signal.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SignalSource(Base):
    """Where a signal came from. Refers to its source by kind, id and link only: the board imports no capability.
    `kind` is the string a capability declares in its `signal_sources` ("practice", "dialogue", "direct", ...)."""

    __tablename__ = "signal_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int | None] = mapped_column()
    link: Mapped[str] = mapped_column(String(300), default="")
    label: Mapped[str] = mapped_column(String(200), default="")
    people_count: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignalContact(Base):
    """Someone who asked to hear what happened with a signal, with their consent. Erased after feedback is sent."""

    __tablename__ = "signal_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    # The language the person reported in: the feedback mail is written in it.
    language: Mapped[str] = mapped_column(String(10), default="nl", server_default="nl")
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column()


class SignalEvent(Base):
    """The history of a signal: every change, with who, when, from, to and why."""

    __tablename__ = "signal_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(30))  # created, moved, merged, edited, feedback
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")


# -- added by the board (migration 0005): follow-up, decision, feedback, and stuurgroep meetings --------------


class SignalFollowUp(Base):
    """What the stuurgroep decided and who follows the signal up. One row per signal, created when first needed.

    Kept apart from `signal` so the intake table other capabilities write to stays as it was."""

    __tablename__ = "signal_follow_up"

    # the public feedback page: a network's newest published feedback
    __table_args__ = (Index("ix_signal_follow_up_feedback", "network_id", "feedback_published_at"),)

    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"), primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    # The trekker: a person of the network or a partner organisation (one of both, or none yet).
    trekker_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    trekker_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    action_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(index=True)
    internal_note: Mapped[str] = mapped_column(Text, default="")  # never on a public page
    feedback: Mapped[str] = mapped_column(Text, default="")  # public, plain words
    feedback_published_at: Mapped[datetime | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# The board filters by source kind over 10,000 signals; this index keeps that an index lookup.
Index("ix_signal_source_kind_signal", SignalSource.kind, SignalSource.signal_id)


def is_overdue(due_on: date | None, status: Status) -> bool:
    """An action that should have been done by `due_on` and is still running."""
    return due_on is not None and due_on < date.today() and status in ACTING


class SignalTally(Base):
    """Running counts of the signals that are not merged, per network, month, wijk and theme: how many signals and
    how many people behind them. Kept in the transaction that receives or merges a signal (`signals.tallies`), so
    the counts page and the wijk comparison read a few hundred rows however many signals a network holds."""

    __tablename__ = "signal_tally"
    # The counts page adds the rows up per wijk and theme: in this order, from the index alone (SQLite sorted the
    # primary key's order in a temporary B-tree first, three times as long).
    __table_args__ = (Index("ix_signal_tally_heat", "network_id", "neighbourhood", "theme", "signals", "people"),)

    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)  # the first day of the month the signals were reported
    neighbourhood: Mapped[str] = mapped_column(String(80), primary_key=True)
    theme: Mapped[str] = mapped_column(String(80), primary_key=True)
    signals: Mapped[int] = mapped_column(default=0)
    people: Mapped[int] = mapped_column(default=0)


class SignalWijkTally(Base):
    """The same running counts per network and wijk only, all months and themes together: the wijk comparison
    reads a row per wijk, where summing `SignalTally` read a row per wijk, theme and month (1,480 rows, most of the
    page's database time, on a network with 12,500 signals). Kept beside `SignalTally`, in the same transactions."""

    __tablename__ = "signal_wijk_tally"

    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), primary_key=True)
    neighbourhood: Mapped[str] = mapped_column(String(80), primary_key=True)
    signals: Mapped[int] = mapped_column(default=0)
    people: Mapped[int] = mapped_column(default=0)
