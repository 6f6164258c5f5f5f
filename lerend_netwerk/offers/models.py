"""Offers (aanbod) of a network's partner organisations, and their photos."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lerend_netwerk.db import Base, utcnow
from lerend_netwerk.practices.models import Status, Visibility, pack, unpack

__all__ = ["Kind", "Offer", "OfferPhoto", "Participation", "Status", "Visibility", "pack", "unpack"]


class Kind(enum.StrEnum):
    ACTIVITY = "activiteit"
    SERVICE = "dienst"
    GROUP = "groep"
    SUPPORT = "ondersteuning"


class Participation(enum.StrEnum):
    SIGN_UP = "inschrijven"
    JUST_COME = "vrij"
    REFERRAL = "verwijzing"


AGE_BANDS = ["kinderen", "jongeren", "ouders", "volwassenen"]
LANGUAGES = ["nl", "fr", "en", "ar", "tr", "uk", "ru", "ro", "pl", "so", "ti", "prs"]


# What the overview's filters, "current" and the viewer's rights test (see queries._filtered, access.readable).
LIST_FILTER_COLUMNS = (
    "expired_at",
    "checked_on",
    "neighbourhood",
    "theme",
    "lowest_cents",
    "reduced_cents",
    "kansentarief_cents",
    "uitpas",
    "participation",
    "age_bands",
    "languages",
)


class Offer(Base):
    __tablename__ = "offer"
    # The overview walks a network's published offers newest first (its own, then those its region shares). The
    # indexes also hold every column a filter tests, so a filtered overview (and its capped count) reads the index
    # alone, never the rows it skips (migration 0018).
    __table_args__ = (
        Index(
            "ix_offer_list_network", "network_id", "status", "published_at", "id", "visibility", *LIST_FILTER_COLUMNS
        ),
        Index(
            "ix_offer_list_visibility", "visibility", "status", "published_at", "id", "network_id", *LIST_FILTER_COLUMNS
        ),
        Index("ix_offer_checked_on", "status", "checked_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(150))
    summary: Mapped[str] = mapped_column(String(400), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[Kind] = mapped_column(Enum(Kind, native_enum=False, length=20), default=Kind.ACTIVITY)
    age_bands: Mapped[str] = mapped_column(String(100), default="")  # packed AGE_BANDS
    target_groups: Mapped[str] = mapped_column(
        String(300), default=""
    )  # free text: "nieuwkomers, alleenstaande ouders"
    theme: Mapped[str] = mapped_column(String(80), default="")  # one of the network's themes
    address: Mapped[str] = mapped_column(String(200), default="")
    neighbourhood: Mapped[str] = mapped_column(String(80), default="")  # one of the network's wijken
    directions: Mapped[str] = mapped_column(String(500), default="")  # how to get there
    schedule: Mapped[str] = mapped_column(String(500), default="")  # "elke woensdag 14-16 uur"
    starts_at: Mapped[datetime | None] = mapped_column()  # a dated offer: its (first) date
    ends_at: Mapped[datetime | None] = mapped_column()
    price_cents: Mapped[int | None] = mapped_column()  # regular price; None: not filled in, 0: free
    reduced_cents: Mapped[int | None] = mapped_column()
    kansentarief_cents: Mapped[int | None] = mapped_column()
    lowest_cents: Mapped[int | None] = mapped_column(index=True)  # the lowest of the three, for the "gratis" filter
    uitpas: Mapped[bool] = mapped_column(default=False)
    participation: Mapped[Participation] = mapped_column(
        Enum(Participation, native_enum=False, length=20), default=Participation.SIGN_UP
    )
    thresholds: Mapped[str] = mapped_column(String(500), default="")  # packed threshold codes
    practices: Mapped[str] = mapped_column(String(500), default="")  # packed ids of practices that say how
    languages: Mapped[str] = mapped_column(String(100), default="")  # packed LANGUAGES
    accessibility: Mapped[str] = mapped_column(String(500), default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_phone: Mapped[str] = mapped_column(String(25), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[Status] = mapped_column(Enum(Status, native_enum=False, length=20), default=Status.DRAFT)
    visibility: Mapped[Visibility] = mapped_column(
        Enum(Visibility, native_enum=False, length=20), default=Visibility.NETWORK
    )
    checked_on: Mapped[date] = mapped_column()  # last confirmed as still current
    reminded_for: Mapped[date | None] = mapped_column()  # the checked_on date the last reminder was about
    # Set by the periodic job when a year passed without confirmation: hidden from the overview until confirmed.
    expired_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column()

    @property
    def age_band_codes(self) -> list[str]:
        return unpack(self.age_bands)

    @property
    def threshold_codes(self) -> list[str]:
        return unpack(self.thresholds)

    @property
    def language_codes(self) -> list[str]:
        return unpack(self.languages)

    @property
    def practice_ids(self) -> list[int]:
        return [int(i) for i in unpack(self.practices) if i.isdigit()]

    @property
    def is_free(self) -> bool:
        return self.lowest_cents == 0

    @property
    def has_reduction(self) -> bool:
        return self.reduced_cents is not None or self.kansentarief_cents is not None or self.uitpas


class OfferPhoto(Base):
    """A photo of an offer, checked and cleaned like a practice's photos, with alt text."""

    __tablename__ = "offer_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    thumb_name: Mapped[str | None] = mapped_column(String(80))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column()
    alt: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
