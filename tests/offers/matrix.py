"""Permission matrix for offers. Offers made here are network-only, so a visitor and the outsider (coordinator of
the other network) must get nothing of them (404/303/403); the overview and the folder are open to everyone."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from tests.matrix import EVERYONE, MEMBERS_OF_NETWORK, Case

STAFF = frozenset({"member", "facilitator", "steering", "coordinator"})
EDITORS = frozenset({"member", "coordinator"})


def _offer(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from lerend_netwerk.offers.models import Visibility
    from tests.offers.helpers import make_offer

    offer = make_offer(
        db, network, people["member"], visibility=Visibility.NETWORK, starts_at=datetime(2099, 3, 1, 13, tzinfo=UTC)
    )
    return {"id": offer.id}


def _photo(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from lerend_netwerk.offers.models import OfferPhoto

    offer_id = _offer(db, network, people)["id"]

    def add(session: Any) -> int:
        item = OfferPhoto(
            offer_id=offer_id, stored_name=secrets.token_urlsafe(8), content_type="image/jpeg", size=1, alt="Foto"
        )
        session.add(item)
        session.flush()
        return item.id

    return {"id": offer_id, "photo_id": db.write_sync(add)}


OFFER_FORM = {
    "titel": "Huiswerkklas",
    "samenvatting": "Hulp bij je huiswerk.",
    "soort": "groep",
    "leeftijd": ["kinderen"],
    "adres": "Kerkstraat 1, Zele",
    "wanneer": "Elke woensdag",
    "deelnemen": "vrij",
    "contact_naam": "Sara",
    "zichtbaarheid": "netwerk",
    "status": "concept",
}

CASES = [
    Case("offers:list", EVERYONE),
    Case("offers:folder", EVERYONE),
    Case("offers:manage", STAFF),
    Case("offers:new", STAFF),
    Case("offers:create", STAFF, method="POST", data=OFFER_FORM, note="a participant gets 403 before the form is read"),
    Case("offers:detail", MEMBERS_OF_NETWORK, setup=_offer),
    Case("offers:ics", MEMBERS_OF_NETWORK, setup=_offer),
    Case("offers:referral", MEMBERS_OF_NETWORK, setup=_offer),
    Case(
        "offers:threshold",
        MEMBERS_OF_NETWORK,
        method="POST",
        setup=_offer,
        data={"drempel": "Te duur voor ons"},
        note="anyone who may read the offer; a network-only offer is a 404 for visitors",
    ),
    Case("offers:photo", frozenset(), setup=_photo, note="readers get 404 too: the file is not on disk"),
    Case("offers:edit", EDITORS, setup=_offer, note="author's organisation or coordinator"),
    Case("offers:update", EDITORS, method="POST", setup=_offer, data=OFFER_FORM, note="other staff get 403"),
    Case("offers:confirm", EDITORS, method="POST", setup=_offer),
]
