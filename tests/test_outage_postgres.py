"""PostgreSQL goes down mid-use and comes back: the app answers 503 meanwhile and recovers by itself."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from lerend_netwerk.accounts import sessions
from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database
from lerend_netwerk.migrate import upgrade
from lerend_netwerk.networks.models import Role
from lerend_netwerk.practices.models import Practice
from tests import pg_cluster
from tests.conftest import csrf_from
from tests.factories import make_network, make_person
from tests.practices.helpers import practice_form
from tests.test_outage import resend_form

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not pg_cluster.available(), reason="PostgreSQL server binaries not installed"),
]


@pytest.fixture
def cluster():
    server = pg_cluster.TempCluster()
    server.init()
    server.start()
    yield server
    server.destroy()


def test_stopping_and_restarting_postgresql(cluster, make_settings):
    upgrade(cluster.url)
    settings = make_settings(database_url=cluster.url)
    db = Database(cluster.url)
    db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")
    app = create_app(settings, db=db)
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/n/zele").status_code == 200
        token = csrf_from(client.get("/inloggen").text)

        cluster.stop()
        down = client.get("/n/zele")
        assert down.status_code == 503
        assert "Even niet beschikbaar" in down.text
        assert client.get("/healthz").status_code == 503
        posted = client.post("/inloggen/email", data={"email": "amina@voorbeeld.be", "csrf_token": token})
        assert posted.status_code == 503
        assert 'value="amina@voorbeeld.be"' in posted.text

        cluster.start()
        assert client.get("/n/zele").status_code == 200
        assert client.get("/healthz").json()["database"] == "ok"
    db.dispose()


def test_a_logged_in_members_form_comes_back_when_postgresql_stops(cluster, make_settings):
    """Mid-session: the member's session lookup fails before her form is read; the 503 page still offers back
    everything she typed, and sending it again after the restart saves it."""
    upgrade(cluster.url)
    settings = make_settings(database_url=cluster.url)
    db = Database(cluster.url)
    network = db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")
    member = db.write_sync(make_person, network, Role.MEMBER, email="member@zele.example")
    app = create_app(settings, db=db)
    with TestClient(app, follow_redirects=False) as client:
        client.cookies.set("ln_session", db.write_sync(sessions.start, member.id, "test"))
        assert client.get("/mijn").status_code == 200  # logged in
        form_page = client.get("/n/zele/praktijken/nieuw").text
        typed = practice_form(csrf_from(form_page), titel="Soep & huiswerk <samen>", verhaal="Elke woensdag")

        cluster.stop()
        down = client.post("/n/zele/praktijken/nieuw", data=typed)
        assert down.status_code == 503
        assert "Wat je invulde, is nog niet bewaard" in down.text
        offered = resend_form(down.text)
        assert ("titel", "Soep & huiswerk <samen>") in offered
        assert ("verhaal", "Elke woensdag") in offered

        cluster.start()
        fields: dict[str, list[str]] = {}
        for name, value in offered:
            fields.setdefault(name, []).append(value)
        again = client.post("/n/zele/praktijken/nieuw", data=fields)
        assert again.status_code == 303, again.text
    assert db.read_sync(lambda s: s.scalars(select(Practice.title)).all()) == ["Soep & huiswerk <samen>"]
    db.dispose()


def test_a_restart_between_two_visits_goes_unnoticed(cluster, make_settings):
    """The pool's connections die with a restart while nobody asks for a page: the next visitor's page still comes
    (a read finds its connection dead, the pool lets go of the old ones, the read runs again on a new one)."""
    upgrade(cluster.url)
    settings = make_settings(database_url=cluster.url)
    db = Database(cluster.url)
    db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")
    app = create_app(settings, db=db)
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/n/zele").status_code == 200
        cluster.stop()
        cluster.start()
        again = client.get("/n/zele")
        assert again.status_code == 200
        assert "Kansenplatform Zele" in again.text
    db.dispose()
