"""Offers in the platform's privacy machinery: "my data" (see and erase) and the retention rule for the contact of
an offer that stays hidden.

An offer is the organisation's, not the person's: after erasure it stays, without the link to its author and
without the person's name, phone and address as its contact. The verwijsfiche asks and keeps nothing about a family;
"this offer has a threshold for me" keeps only what was written, on the signals board."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from lerend_netwerk.accounts import mydata
from lerend_netwerk.accounts.mydata import Provider, Subject, in_network, scrub_fields, unlink
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Network
from lerend_netwerk.offers.models import Offer, OfferPhoto
from lerend_netwerk.offers.service import reindex
from lerend_netwerk.retention import Rule, Run

TEXT_FIELDS = ("title", "summary", "description", "directions", "accessibility")
CONTACT_KEPT_HIDDEN = timedelta(days=365)  # an offer hidden this long loses its contact person


def _theirs(db: Session, subject: Subject) -> list[Offer]:
    who = []
    if subject.person_id is not None:
        who.append(Offer.author_id == subject.person_id)
    if subject.email:
        who.append(mydata.same_email(Offer.contact_email, subject.email))
    if not who:
        return []
    return list(db.scalars(select(Offer).where(or_(*who), in_network(subject, Offer.network_id)).order_by(Offer.id)))


def _export(db: Session, subject: Subject) -> list[dict[str, Any]]:
    return [
        {
            "kind": "offer",
            "title": o.title,
            "network": db.get(Network, o.network_id).name,  # type: ignore[union-attr]
            "written_by_you": subject.person_id is not None and o.author_id == subject.person_id,
            "contact_name": o.contact_name,
            "contact_phone": o.contact_phone,
            "contact_email": o.contact_email,
            "checked_on": o.checked_on.isoformat(),
        }
        for o in _theirs(db, subject)
    ]


def _erase(db: Session, subject: Subject) -> int:
    offers = _theirs(db, subject)
    email = (subject.email or "").lower()
    for offer in offers:
        scrub_fields(offer, subject, *TEXT_FIELDS)
        if email and offer.contact_email.lower() == email:
            offer.contact_name = offer.contact_phone = offer.contact_email = ""
        if offer.author_id == subject.person_id:
            offer.author_id = None
        db.flush()
        reindex(db, offer)
    touched = len(offers)
    if subject.person_id is not None:
        scope = OfferPhoto.offer_id.in_(select(Offer.id).where(in_network(subject, Offer.network_id)))
        touched += unlink(db, OfferPhoto.uploaded_by_id, subject, scope)
    return touched


def _contacts_of_hidden_offers(db: Session, run: Run) -> int:
    """An offer hidden for a year (never confirmed again) no longer names its contact person."""
    result = db.execute(
        update(Offer)
        .where(
            Offer.expired_at.is_not(None),
            Offer.expired_at < run.now - CONTACT_KEPT_HIDDEN,
            or_(Offer.contact_name != "", Offer.contact_phone != "", Offer.contact_email != ""),
        )
        .values(contact_name="", contact_phone="", contact_email="")
    )
    return result.rowcount  # type: ignore[attr-defined]


PRIVACY = Provider("offers", lazy_gettext("Aanbod"), _export, _erase)
RETENTION = (
    Rule(
        "offer_contacts",
        lazy_gettext(
            "Bij een aanbod staan de naam, het telefoonnummer en het e-mailadres van de contactpersoon. Is een aanbod een jaar niet bevestigd, dan verdwijnt het uit het overzicht; blijft het nog een jaar verborgen, dan wissen we die contactgegevens. Een verwijsfiche en een gemelde drempel bij een aanbod bewaren niets over jou of het gezin."
        ),
        _contacts_of_hidden_offers,
    ),
)
