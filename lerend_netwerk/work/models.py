"""Working groups (werkgroepen), the kansenplan (objectives with actions, milestones and links), and the figures
a network keeps per wijk and year.

A working group's meetings are practices' network meetings (`network_meeting`) with the group's id in
`group_id`: the same agenda, minutes and attendance, with the group's own membership. Actions link signals and
practices by id, the way a signal refers to its source."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lerend_netwerk.db import Base, utcnow
from lerend_netwerk.i18n import lazy_gettext


class WorkGroup(Base):
    __tablename__ = "work_group"
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    theme: Mapped[str] = mapped_column(String(80), default="")
    description: Mapped[str] = mapped_column(String(2000), default="")
    trekker_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    meetings_per_year: Mapped[int] = mapped_column(default=4)
    shared_in_region: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GroupMember(Base):
    """A person of the network (with a role in the group, e.g. "sleutelfiguur"), or a partner organisation."""

    __tablename__ = "work_group_member"
    __table_args__ = (
        UniqueConstraint("group_id", "person_id"),
        UniqueConstraint("group_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("work_group.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(80), default="")


class ActionStatus(enum.StrEnum):
    PLANNED = "gepland"
    RUNNING = "bezig"
    DONE = "klaar"
    STOPPED = "gestopt"


ACTION_STATUS_LABELS = {
    ActionStatus.PLANNED: lazy_gettext("Gepland"),
    ActionStatus.RUNNING: lazy_gettext("Bezig"),
    ActionStatus.DONE: lazy_gettext("Klaar"),
    ActionStatus.STOPPED: lazy_gettext("Gestopt"),
}


class Objective(Base):
    """A beleidsdoelstelling of the kansenplan."""

    __tablename__ = "plan_objective"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    shared_in_region: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Action(Base):
    __tablename__ = "plan_action"
    __table_args__ = (Index("ix_plan_action_network_objective", "network_id", "objective_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    objective_id: Mapped[int] = mapped_column(ForeignKey("plan_objective.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # public, plain words
    internal_note: Mapped[str] = mapped_column(Text, default="")  # never on a public page or export
    trekker_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    partners: Mapped[str] = mapped_column(String(500), default="")  # packed organisation ids "|1|3|"
    group_id: Mapped[int | None] = mapped_column(ForeignKey("work_group.id", ondelete="SET NULL"), index=True)
    wijk: Mapped[str] = mapped_column(String(80), default="")
    due_on: Mapped[date | None] = mapped_column()
    status: Mapped[ActionStatus] = mapped_column(
        Enum(ActionStatus, native_enum=False, length=20), default=ActionStatus.PLANNED
    )
    progress: Mapped[int] = mapped_column(default=0)  # percent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def partner_ids(self) -> list[int]:
        return [int(v) for v in self.partners.split("|") if v]


class Milestone(Base):
    __tablename__ = "plan_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    done: Mapped[bool] = mapped_column(default=False)


class ActionSignal(Base):
    """A signal the action answers."""

    __tablename__ = "plan_action_signal"

    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id", ondelete="CASCADE"), primary_key=True, index=True)


class ActionPractice(Base):
    """A practice the action builds on."""

    __tablename__ = "plan_action_practice"

    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"), primary_key=True)


class WijkFigure(Base):
    """One of the network's own figures for a wijk in a year ("kinderen in kansarmoede (%)": 18.4)."""

    __tablename__ = "wijk_figure"
    __table_args__ = (UniqueConstraint("network_id", "wijk", "year", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    wijk: Mapped[str] = mapped_column(String(80))
    year: Mapped[int] = mapped_column()
    indicator: Mapped[str] = mapped_column(String(120))
    value: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
