"""The demo has realistic offers from the partners of Zele, Temse and Wevelgem that a visitor finds."""

from sqlalchemy import func, select

from lerend_netwerk import demo
from lerend_netwerk.offers.models import Offer
from lerend_netwerk.registry import Registry


def test_demo_has_offers_in_every_network_that_a_visitor_finds(client, db, settings):
    assert db.write_sync(demo.fill, settings, Registry.build())
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Offer))) >= 10
    assert len(db.read_sync(lambda s: set(s.scalars(select(Offer.network_id))))) == 3
    page = client.get("/n/wevelgem/aanbod", params={"q": "jongeren opstap", "prijs": "gratis"})
    assert "Jongerenwerking De Opstap" in page.text
    assert "Zwemmen met korting" not in client.get("/n/wevelgem/aanbod").text  # shared with the region's partners
    temse = client.get("/n/temse/aanbod", params={"leeftijd": "kinderen"})
    assert "Voorleesuur in de bibliotheek" in temse.text
    assert "Praatgroep voor alleenstaande ouders" not in client.get("/n/temse/aanbod").text  # network only
    zele = client.get("/n/zele/aanbod", params={"wijk": "Kouter"})
    assert "Huiswerkklas in De Regenboog" in zele.text and "Sportkampen" not in zele.text
