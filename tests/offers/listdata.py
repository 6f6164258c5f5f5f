"""Growing offer data for the query-count test (tests/test_query_counts.py): K rows, then 3K."""

from __future__ import annotations

import secrets
from typing import Any

from lerend_netwerk.offers.models import OfferPhoto, Participation, Visibility
from tests.listdata import _once, _serial
from tests.offers.helpers import make_offer
from tests.practices.helpers import make_practice


def grow_offers(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """Offers in every wijk and age band, free and not, half public (a visitor sees half)."""
    wijken = network.neighbourhoods
    for _ in range(n):
        i = _serial(ctx)
        make_offer(
            db,
            network,
            people["member"],
            title=f"Zwemles voor het gezin {i}",
            neighbourhood=wijken[i % len(wijken)],
            age_bands=["kinderen"] if i % 2 else ["jongeren", "ouders"],
            price_cents=0 if i % 3 else 500,
            participation=Participation.JUST_COME if i % 2 else Participation.SIGN_UP,
            visibility=Visibility.PUBLIC if i % 2 else Visibility.NETWORK,
        )
    return {}


def grow_offer_page(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """Photos and linked practices on one offer."""
    made: dict[str, Any] = _once(ctx, "offer", lambda: {"practices": []})
    for _ in range(n):
        i = _serial(ctx)
        made["practices"].append(make_practice(db, network, people["member"], title=f"Praktijk {i}").id)
    offer = make_offer(db, network, people["member"], practices=made["practices"]) if "id" not in made else None
    if offer is not None:
        made["id"] = offer.id
    else:

        def link(s: Any) -> None:
            from lerend_netwerk.offers.models import Offer, pack

            s.get(Offer, made["id"]).practices = pack([str(p) for p in made["practices"]])

        db.write_sync(link)

    def add(s: Any) -> None:
        for _ in range(n):
            s.add(
                OfferPhoto(
                    offer_id=made["id"],
                    stored_name=secrets.token_urlsafe(8),
                    content_type="image/jpeg",
                    size=1,
                    alt="Foto",
                )
            )

    db.write_sync(add)
    return {"id": made["id"]}
