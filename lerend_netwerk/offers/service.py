"""Writes of the offers capability: saving and confirming an offer, a "this has a threshold for me" to the signals
board, and keeping offers current (the reminder after six months, hiding after a year). Each write is one step of
a transaction with its audit entry; an offer the actor may not read is NotFound."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.networks.models import Organisation
from lerend_netwerk.offers import search
from lerend_netwerk.offers.access import Viewer, may_edit, readable_offer
from lerend_netwerk.offers.models import Offer, OfferPhoto, Status, pack
from lerend_netwerk.practices.uploads import Stored
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.web.errors import DomainError, NotFound

REMIND_AFTER = timedelta(days=182)  # every six months the organisation confirms its offer
HIDE_AFTER = timedelta(days=365)  # not confirmed in a year: hidden from the overview, listed for the coordinator
PACKED = ("age_bands", "thresholds", "languages")


class OfferError(DomainError):
    """A refusal about an offer, with the form field it belongs to."""


def local_day(moment: datetime | None = None) -> date:
    """The day it is in Belgium at `moment` (now by default)."""
    return (moment or utcnow()).astimezone(TIMEZONE).date()


def reindex(db: Session, offer: Offer) -> None:
    org = db.get(Organisation, offer.organisation_id) if offer.organisation_id else None
    search.index(db, offer, extra=org.name if org else "")


def _lowest(offer: Offer) -> int | None:
    """The lowest of the offer's prices (None: no price filled in), kept in a column for the "gratis" filter."""
    prices = [offer.price_cents, offer.reduced_cents, offer.kansentarief_cents]
    known = [p for p in prices if p is not None]
    return min(known) if known else None


def save(
    db: Session,
    network_id: int,
    data: dict[str, Any],
    *,
    actor_id: int,
    offer_id: int | None = None,
    photo: Stored | None = None,
    alt: str = "",
) -> Offer:
    """Create or update an offer of this network. Saving it counts as checking it: its "checked on" is today."""
    if offer_id is None:
        offer = Offer(network_id=network_id, author_id=actor_id)
        db.add(offer)
    else:
        found = db.scalar(select(Offer).where(Offer.id == offer_id, Offer.network_id == network_id).with_for_update())
        if found is None:
            raise NotFound()
        offer = found
    was_published = offer.status == Status.PUBLISHED
    for key, value in data.items():
        if key in PACKED:
            value = pack(value)
        elif key == "practices":
            value = pack([str(i) for i in value])
        setattr(offer, key, value)
    offer.lowest_cents = _lowest(offer)
    offer.updated_at = utcnow()
    offer.checked_on = local_day()
    offer.expired_at = None
    if offer.status == Status.PUBLISHED and not was_published:
        offer.published_at = offer.updated_at
    db.flush()
    if photo is not None:
        db.add(
            OfferPhoto(
                offer_id=offer.id,
                stored_name=photo.stored_name,
                thumb_name=photo.thumb_name,
                content_type=photo.content_type,
                size=photo.size,
                alt=alt,
                uploaded_by_id=actor_id,
            )
        )
    reindex(db, offer)
    audit.record(
        db,
        "offer.created" if offer_id is None else "offer.edited",
        actor_id=actor_id,
        network_id=network_id,
        subject=("offer", offer.id),
        status=offer.status.value,
        visibility=offer.visibility.value,
    )
    return offer


def confirm(db: Session, network_id: int, offer_id: int, *, viewer: Viewer) -> Offer:
    """The organisation says the offer is still current: "checked on" today, shown again if it was hidden."""
    offer = readable_offer(db, network_id, offer_id, viewer)
    if offer.network_id != network_id or not may_edit(db, offer, viewer):
        raise NotFound()
    offer.checked_on = local_day()
    offer.expired_at = None
    audit.record(db, "offer.confirmed", actor_id=viewer.person_id, network_id=network_id, subject=("offer", offer.id))
    return offer


def report_threshold(
    db: Session, network_id: int, offer_id: int, description: str, *, viewer: Viewer, link: str
) -> int:
    """ "This offer has a threshold for me": a new signal for the offer's network, linked back to the offer
    (`link`: its site path). Nothing about the person is kept; returns the signal's id."""
    offer = readable_offer(db, network_id, offer_id, viewer)
    codes = offer.threshold_codes
    signal = receive(
        db,
        offer.network_id,
        Incoming(
            title=f"Drempel bij aanbod: {offer.title}",
            kind="offer",  # the source kind this capability declares
            description=description,
            theme=offer.theme,
            neighbourhood=offer.neighbourhood,
            threshold_code=codes[0] if codes else "",
            ref_id=offer.id,
            link=link,
            label=offer.title,
        ),
        actor_id=viewer.person_id,
    )
    audit.record(
        db, "offer.threshold_reported", actor_id=None, network_id=offer.network_id, subject=("offer", offer.id)
    )
    return signal.id


# -- kept current ----------------------------------------------------------------------------------------


def due_reminders(db: Session, now: datetime) -> list[Offer]:
    """Published offers not confirmed in six months whose organisation was not yet reminded about this check."""
    cutoff = local_day(now) - REMIND_AFTER
    return list(
        db.scalars(
            select(Offer)
            .where(Offer.status == Status.PUBLISHED, Offer.checked_on <= cutoff, Offer.expired_at.is_(None))
            .order_by(Offer.id)
        )
    )


def mark_reminded(offer: Offer) -> bool:
    """Whether the reminder about the offer's current "checked on" is still to be sent (marks it sent)."""
    if offer.reminded_for == offer.checked_on:
        return False
    offer.reminded_for = offer.checked_on
    return True


def expire(db: Session, now: datetime) -> list[Offer]:
    """Hide published offers not confirmed in a year; returns the ones hidden now."""
    cutoff = local_day(now) - HIDE_AFTER
    hidden = list(
        db.scalars(
            select(Offer).where(
                Offer.status == Status.PUBLISHED, Offer.checked_on <= cutoff, Offer.expired_at.is_(None)
            )
        )
    )
    for offer in hidden:
        offer.expired_at = now
        audit.record(db, "offer.expired", actor_id=None, network_id=offer.network_id, subject=("offer", offer.id))
    return hidden
