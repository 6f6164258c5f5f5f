"""The demo fills at least 15 practices over the three networks, some with photos, findable by a visitor."""

from sqlalchemy import func, select

from lerend_netwerk import demo
from lerend_netwerk.practices.models import Attachment, Practice
from lerend_netwerk.registry import Registry


def test_demo_has_practices_with_photos(client, db, settings):
    assert db.write_sync(demo.fill, settings, Registry.build())
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Practice))) >= 15
    networks = db.read_sync(lambda s: set(s.scalars(select(Practice.network_id))))
    assert len(networks) == 3
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Attachment))) >= 4
    page = client.get("/n/wevelgem/praktijken", params={"q": "sportmateriaal"})
    assert "Gratis tweedehands sportmateriaal" in page.text
    assert (
        "Ook toegepast" in client.get(page.text.split('href="http://testserver')[0] and "/n/wevelgem/praktijken/2").text
    )
    assert "Netwerkmoment lente" not in client.get("/n/wevelgem/praktijken").text
