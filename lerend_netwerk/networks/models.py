"""Networks, partner organisations, people and their role in each network."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lerend_netwerk.db import Base, utcnow


class Role(enum.StrEnum):
    """Roles within one network, as DESIGN.md names them. A visitor has no membership at all."""

    PARTICIPANT = "participant"
    MEMBER = "member"
    FACILITATOR = "facilitator"
    STEERING = "steering"
    COORDINATOR = "coordinator"


class NetworkKind(enum.StrEnum):
    LOCAL = "local"
    REGIONAL = "regional"


class Network(Base):
    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[NetworkKind] = mapped_column(
        Enum(NetworkKind, native_enum=False, length=20), default=NetworkKind.LOCAL
    )
    municipality: Mapped[str] = mapped_column(String(120), default="")
    # A local network may belong to a regional one; practices shared "in the region" reach its siblings.
    region_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="SET NULL"), index=True)
    description: Mapped[str] = mapped_column(String(2000), default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    neighbourhoods: Mapped[list[str]] = mapped_column(JSON, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    region: Mapped[Network | None] = relationship(remote_side=[id], lazy="raise")


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Person(Base):
    """Someone who can log in. Participants may have neither e-mail nor phone (they log in with a code)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # stored lower-cased
    phone: Mapped[str | None] = mapped_column(String(40))
    is_admin: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(String(10), default="nl")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()


class Membership(Base):
    """A person's one role in one network, optionally on behalf of a partner organisation."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("person_id", "network_id"),
        Index("ix_membership_network_role", "network_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(lazy="joined")
    network: Mapped[Network] = relationship(lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
