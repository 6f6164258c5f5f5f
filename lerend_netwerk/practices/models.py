"""Practices (praktijken), their versions, attachments, adoptions, comments and follows. The network meetings
(netwerkmomenten) are `lerend_netwerk.meetings.models.Meeting` with the body "network"."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lerend_netwerk.db import Base, utcnow


class Status(enum.StrEnum):
    DRAFT = "concept"
    PUBLISHED = "gepubliceerd"


class Visibility(enum.StrEnum):
    NETWORK = "netwerk"
    REGION = "regio"
    PUBLIC = "publiek"


TARGET_GROUPS = ["kinderen", "jongeren", "ouders", "volwassenen", "senioren"]
SECTORS = ["sport", "cultuur", "jeugdwerk", "welzijn", "onderwijs", "werk", "andere"]


def pack(codes: list[str]) -> str:
    """Multi-valued codes are kept as "|a|b|" so both SQLite and PostgreSQL filter them with one LIKE."""
    return "|" + "|".join(codes) + "|" if codes else ""


def unpack(value: str) -> list[str]:
    return [c for c in value.split("|") if c]


# What the list's filters and the viewer's rights test (see listing._filters, access.readable_by); sector first.
LIST_FILTER_COLUMNS = ("sector", "organisation_id", "thresholds", "target_groups")


class Practice(Base):
    __tablename__ = "practice"
    # A list walks its three parts newest first and stops after a page: the network's own practices, those of
    # its region, and public ones (see listing.find). The indexes also hold every column a filter tests, so a
    # filtered list (and its capped count) reads the index alone, never the rows it skips (migration 0018).
    __table_args__ = (
        Index(
            "ix_practice_list_network", "network_id", "status", "published_at", "id", "visibility", *LIST_FILTER_COLUMNS
        ),
        Index(
            "ix_practice_list_visibility",
            "visibility",
            "status",
            "published_at",
            "id",
            "network_id",
            *LIST_FILTER_COLUMNS,
        ),
        # The same, for a list narrowed to a sector: it walks only that sector's practices.
        Index(
            "ix_practice_list_network_sector",
            "network_id",
            "status",
            "sector",
            "published_at",
            "id",
            "visibility",
            *LIST_FILTER_COLUMNS[1:],
        ),
        Index(
            "ix_practice_list_visibility_sector",
            "visibility",
            "status",
            "sector",
            "published_at",
            "id",
            "network_id",
            *LIST_FILTER_COLUMNS[1:],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(150))
    summary: Mapped[str] = mapped_column(String(400), default="")
    story: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered safely
    thresholds: Mapped[str] = mapped_column(String(500), default="")  # packed threshold codes
    target_groups: Mapped[str] = mapped_column(String(200), default="")  # packed
    sector: Mapped[str] = mapped_column(String(20), default="andere")
    cost: Mapped[str] = mapped_column(String(500), default="")
    worked: Mapped[str] = mapped_column(Text, default="")
    not_worked: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(String(500), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[Status] = mapped_column(Enum(Status, native_enum=False, length=20), default=Status.DRAFT)
    visibility: Mapped[Visibility] = mapped_column(
        Enum(Visibility, native_enum=False, length=20), default=Visibility.NETWORK
    )
    version: Mapped[int] = mapped_column(default=1)
    signal_id: Mapped[int | None] = mapped_column()  # the signal this practice was handed to (board's id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column()

    @property
    def threshold_codes(self) -> list[str]:
        return unpack(self.thresholds)

    @property
    def target_group_codes(self) -> list[str]:
        return unpack(self.target_groups)


class PracticeVersion(Base):
    """A snapshot of the practice as it was before an edit, with who saved it and when."""

    __tablename__ = "practice_version"
    __table_args__ = (UniqueConstraint("practice_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Attachment(Base):
    __tablename__ = "practice_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # photo | pdf
    filename: Mapped[str] = mapped_column(String(200))  # cleaned original name, for Content-Disposition
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)  # random, under settings.upload_dir
    thumb_name: Mapped[str | None] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Adoption(Base):
    """ "We apply this too in <gemeente>": another organisation tried the practice, with a short note."""

    __tablename__ = "practice_adoption"
    __table_args__ = (UniqueConstraint("practice_id", "network_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    municipality: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Comment(Base):
    __tablename__ = "practice_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column()
    hidden_reason: Mapped[str] = mapped_column(String(300), default="")


class Follow(Base):
    """A person follows a network's new practices (practice_id NULL) or one practice's comments."""

    __tablename__ = "practice_follow"
    __table_args__ = (UniqueConstraint("person_id", "network_id", "practice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    last_sent_at: Mapped[datetime] = mapped_column(default=utcnow)
