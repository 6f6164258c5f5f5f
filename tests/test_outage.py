"""When the database is unreachable, pages answer 503 in Dutch with a retry hint, a posted form comes back
filled in, /healthz says so, and the app recovers by itself once the database is back."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from lerend_netwerk.accounts import sessions
from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database
from lerend_netwerk.networks.models import Role
from lerend_netwerk.practices.models import Practice
from tests.conftest import csrf_from
from tests.factories import make_network, make_person
from tests.practices.helpers import practice_form


def test_pages_answer_503_and_recover_when_the_database_returns(make_settings, database_template, tmp_path):
    if not database_template.endswith(".db"):
        pytest.skip("the PostgreSQL outage is exercised by stopping the server in the trust suite")
    missing_dir = tmp_path / "not-yet"
    settings = make_settings(database_url=f"sqlite:///{missing_dir / 'app.db'}")
    with TestClient(create_app(settings), follow_redirects=False) as client:
        down = client.get("/")
        assert down.status_code == 503
        assert "Even niet beschikbaar" in down.text
        assert down.headers["retry-after"] == "30"
        assert client.get("/healthz").status_code == 503

        token = csrf_from(client.get("/inloggen").text)
        posted = client.post("/inloggen/email", data={"email": "amina@voorbeeld.be", "csrf_token": token})
        assert posted.status_code == 503
        assert "nog niet bewaard" in posted.text
        assert 'value="amina@voorbeeld.be"' in posted.text  # ready to send again

        missing_dir.mkdir()
        shutil.copyfile(database_template, missing_dir / "app.db")
        assert client.get("/").status_code == 200
        assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_a_logged_in_visitor_gets_503_not_500_when_the_database_is_gone(make_settings, tmp_path):
    settings = make_settings(database_url=f"sqlite:///{tmp_path / 'gone' / 'app.db'}")
    with TestClient(create_app(settings), follow_redirects=False) as client:
        client.cookies.set("ln_session", "a-session-id-from-before-the-outage")
        response = client.get("/mijn")
        assert response.status_code == 503
        assert "Even niet beschikbaar" in response.text


def resend_form(page: str) -> list[tuple[str, str]]:
    """The fields the 503 page offers to send again (hidden inputs of its form), as typed."""
    return [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page)
    ]


def test_a_logged_in_members_form_comes_back_when_the_database_goes_away(make_settings, database_template, tmp_path):
    """A member is logged in and writing; the database becomes unreachable before she sends. The session lookup
    fails before her form is read, yet the 503 page offers back everything she typed, and sending it again once the
    database is back saves it."""
    if not database_template.endswith(".db"):
        pytest.skip("PostgreSQL: tests/test_outage_postgres.py stops a real server")
    folder, away = tmp_path / "disk", tmp_path / "unmounted"
    folder.mkdir()
    shutil.copyfile(database_template, folder / "app.db")
    url = f"sqlite:///{folder / 'app.db'}"
    db = Database(url)
    network = db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")
    member = db.write_sync(make_person, network, Role.MEMBER, email="member@zele.example")
    app = create_app(make_settings(database_url=url), db=db)
    with TestClient(app, follow_redirects=False) as client:
        client.cookies.set("ln_session", db.write_sync(sessions.start, member.id, "test"))
        form_page = client.get("/n/zele/praktijken/nieuw").text
        typed = practice_form(csrf_from(form_page), titel="Soep & huiswerk <samen>", verhaal="Elke woensdag\nom 16 uur")

        folder.rename(away)  # the disk is gone ...
        db.dispose()  # ... and the open connections with it

        down = client.post("/n/zele/praktijken/nieuw", data=typed)
        assert down.status_code == 503
        assert "Wat je invulde, is nog niet bewaard" in down.text
        offered = resend_form(down.text)
        assert ("titel", "Soep & huiswerk <samen>") in offered
        assert ("verhaal", "Elke woensdag\nom 16 uur") in offered
        assert ("drempels", "geld") in offered

        away.rename(folder)
        fields: dict[str, list[str]] = {}
        for name, value in offered:
            fields.setdefault(name, []).append(value)
        again = client.post("/n/zele/praktijken/nieuw", data=fields)
        assert again.status_code == 303, again.text
    titles = db.read_sync(lambda s: s.scalars(select(Practice.title)).all())
    db.dispose()
    assert titles == ["Soep & huiswerk <samen>"]
