"""PostgreSQL goes down mid-use and comes back: the app answers 503 meanwhile and recovers by itself."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database
from lerend_netwerk.migrate import upgrade
from tests import pg_cluster
from tests.conftest import csrf_from
from tests.factories import make_network

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
