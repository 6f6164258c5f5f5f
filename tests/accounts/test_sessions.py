"""Server-side sessions: the cookie's flags, a new id at login, and every way a session ends
(logout, role change, removal, idle and absolute lifetimes) — for every copy of the cookie."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lerend_netwerk.accounts import sessions
from lerend_netwerk.accounts.models import WebSession
from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database, utcnow
from tests.conftest import csrf_from
from tests.smtp import body_of


def log_in_by_link(client: TestClient, outbox: list, email: str = "member@zele.example"):  # noqa: ANN001, ANN201
    """The whole magic-link login; returns the response that logs in."""
    page = client.get("/inloggen")
    client.post("/inloggen/email", data={"email": email, "csrf_token": csrf_from(page.text)})
    path = re.search(r"https?://testserver(/inloggen/link/[^\s?]+)", body_of(outbox[-1])).group(1)
    confirm = client.get(path)
    return client.post(path, data={"csrf_token": csrf_from(confirm.text)})


def session_cookie(response, name: str = "ln_session") -> str:  # noqa: ANN001
    """The full Set-Cookie line for `name`."""
    lines = [c for c in response.headers.get_list("set-cookie") if c.startswith(name + "=")]
    assert len(lines) == 1, response.headers.get_list("set-cookie")
    return lines[0]


def cookie_value(line: str) -> str:
    return line.split(";")[0].split("=", 1)[1]


def browser_with(app: Starlette, session_id: str) -> TestClient:
    """A browser holding (a copy of) a session cookie."""
    return TestClient(app, base_url="http://testserver", follow_redirects=False, cookies={"ln_session": session_id})


def is_logged_in(client: TestClient) -> bool:
    page = client.get("/mijn")
    if page.status_code == 303:
        assert page.headers["location"].startswith("/inloggen")
        return False
    assert page.status_code == 200
    return True


def shift_session(db: Database, **deltas: timedelta) -> None:
    """Move the stored session times into the past, as if the clock ran on."""

    def shift(session: Session) -> None:
        for row in session.scalars(select(WebSession)):
            for column, delta in deltas.items():
                setattr(row, column, getattr(row, column) - delta)

    db.write_sync(shift)


@pytest.fixture
def member_session(db: Database, people) -> str:  # noqa: ANN001
    return db.write_sync(sessions.start, people["member"].id, "test")


def membership_id(page_html: str, name: str) -> str:
    return re.search(rf'<tr id="lid-(\d+)">\s*<td>{name}', page_html).group(1)


# -- the cookie ------------------------------------------------------------------------------------------


def test_session_cookie_is_httponly_and_samesite_lax(client, people, outbox):
    line = session_cookie(log_in_by_link(client, outbox))
    assert "HttpOnly" in line
    assert "SameSite=Lax" in line
    assert "Path=/" in line
    assert "Secure" not in line  # plain http in local use: a Secure cookie would never come back


def test_session_id_has_at_least_128_random_bits(client, people, outbox):
    value = cookie_value(session_cookie(log_in_by_link(client, outbox)))
    assert len(value) >= 22  # url-safe base64: 6 bits a character


def test_https_cookie_is_host_prefixed_and_secure(make_settings, db, people, outbox):
    app = create_app(make_settings(base_url="https://testserver"), db=db)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        line = session_cookie(log_in_by_link(c, outbox), "__Host-ln_session")
        assert "Secure" in line
        assert "HttpOnly" in line
        assert "SameSite=Lax" in line
        assert "Path=/" in line
        assert "Domain" not in line
        assert c.get("/mijn").status_code == 200


def test_no_session_cookie_for_visitors(client, network):
    page = client.get("/")
    assert not any(c.startswith("ln_session=") for c in page.headers.get_list("set-cookie"))


# -- renewal at login ------------------------------------------------------------------------------------


def test_session_id_is_renewed_at_login(client, app, people, outbox):
    before = cookie_value(session_cookie(log_in_by_link(client, outbox)))
    after = cookie_value(session_cookie(log_in_by_link(client, outbox)))
    assert before != after
    assert is_logged_in(client)
    with browser_with(app, before) as old:
        assert not is_logged_in(old)


def test_code_login_renews_the_session_too(client, app, db, network, people, member_session):  # noqa: ANN001
    from tests.accounts.matrix import participant_with_code

    participant_with_code(db, network, people)  # code PQRS-TVWX-YZ23
    client.cookies.set("ln_session", member_session)
    page = client.get("/inloggen")
    done = client.post("/inloggen/code", data={"code": "PQRS-TVWX-YZ23", "csrf_token": csrf_from(page.text)})
    assert done.status_code == 303
    assert cookie_value(session_cookie(done)) != member_session
    with browser_with(app, member_session) as old:
        assert not is_logged_in(old)  # the session from before the login is gone, not carried over


def test_a_form_token_from_before_login_is_refused_after_it(client, people, outbox):  # noqa: ANN001
    """The CSRF secret is renewed at login: a token planted in a visitor's page cannot act as the person."""
    before = csrf_from(client.get("/inloggen").text)
    log_in_by_link(client, outbox)
    stale = client.post("/sessie/verlengen", data={"csrf_token": before, "volgende": "/mijn"})
    assert stale.status_code == 403
    fresh = client.post("/sessie/verlengen", data={"csrf_token": csrf_from(client.get("/mijn").text)})
    assert fresh.status_code == 303


# -- ending sessions -------------------------------------------------------------------------------------


def test_logout_ends_session_for_every_copy_of_the_cookie(client, app, people, outbox):
    copied = cookie_value(session_cookie(log_in_by_link(client, outbox)))
    page = client.get("/mijn")
    out = client.post("/uitloggen", data={"csrf_token": csrf_from(page.text)})
    assert out.status_code == 303
    assert not is_logged_in(client)
    with browser_with(app, copied) as replay:
        assert not is_logged_in(replay)


def test_logout_clears_the_cookie(client, people, outbox):
    log_in_by_link(client, outbox)
    out = client.post("/uitloggen", data={"csrf_token": csrf_from(client.get("/mijn").text)})
    assert "Max-Age=0" in session_cookie(out)


def test_role_change_ends_that_members_sessions(client, app, login_as, member_session):
    with browser_with(app, member_session) as member:
        assert is_logged_in(member)
        login_as("coordinator")
        page = client.get("/n/zele/leden")
        changed = client.post(
            f"/n/zele/leden/{membership_id(page.text, 'Member Test')}/rol",
            data={"rol": "facilitator", "csrf_token": csrf_from(page.text)},
        )
        assert changed.status_code == 303
        assert not is_logged_in(member)
        assert is_logged_in(client)  # only the member's sessions ended


def test_removal_ends_that_members_sessions(client, app, login_as, member_session):
    with browser_with(app, member_session) as member:
        assert is_logged_in(member)
        login_as("coordinator")
        page = client.get("/n/zele/leden")
        removed = client.post(
            f"/n/zele/leden/{membership_id(page.text, 'Member Test')}/verwijderen",
            data={"csrf_token": csrf_from(page.text)},
        )
        assert removed.status_code == 303
        assert not is_logged_in(member)


def test_idle_session_is_logged_out(app, db, settings, member_session):
    shift_session(db, last_seen_at=timedelta(minutes=settings.session_idle_minutes + 1))
    with browser_with(app, member_session) as member:
        assert not is_logged_in(member)


def test_session_used_within_idle_time_stays(app, db, settings, member_session):
    shift_session(db, last_seen_at=timedelta(minutes=settings.session_idle_minutes - 5))
    with browser_with(app, member_session) as member:
        assert is_logged_in(member)


def test_session_ends_after_absolute_lifetime_even_when_active(app, db, settings, member_session):
    shift_session(db, created_at=timedelta(hours=settings.session_absolute_hours, minutes=1))
    with browser_with(app, member_session) as member:
        assert not is_logged_in(member)


def test_idle_timeout_is_a_setting(make_settings, db, member_session):
    app = create_app(make_settings(session_idle_minutes=5), db=db)
    shift_session(db, last_seen_at=timedelta(minutes=6))
    with browser_with(app, member_session) as member:
        assert not is_logged_in(member)


def test_pages_warn_before_idle_logout(app, settings, member_session):
    with browser_with(app, member_session) as member:
        page = member.get("/mijn")
    assert f"na {settings.session_idle_minutes} minuten zonder activiteit uitgelogd" in page.text
    assert re.search(r'data-idle-expires="\d{4}-\d\d-\d\dT', page.text)
    assert "Blijf ingelogd" in page.text


def test_keep_alive_form_restarts_the_idle_clock(app, db, settings, member_session):
    almost = timedelta(minutes=settings.session_idle_minutes - 5)
    with browser_with(app, member_session) as member:
        page = member.get("/mijn")
        shift_session(db, last_seen_at=almost)
        kept = member.post("/sessie/verlengen", data={"csrf_token": csrf_from(page.text), "volgende": "/mijn"})
        assert kept.status_code == 303
        assert kept.headers["location"] == "/mijn"
        shift_session(db, last_seen_at=almost)  # without the keep-alive this would be twice the idle time
        assert is_logged_in(member)


def test_stored_session_holds_no_plain_id(db, member_session):
    stored = db.read_sync(lambda s: s.get(WebSession, sessions.hash_token(member_session)))
    assert stored is not None
    assert db.read_sync(lambda s: s.get(WebSession, member_session)) is None
    assert stored.last_seen_at <= utcnow()


def test_logout_shows_a_goodbye_message_on_the_next_page(client, login_as):
    login_as("member")
    token = csrf_from(client.get("/mijn").text)
    response = client.post("/uitloggen", data={"csrf_token": token})
    assert response.status_code == 303
    assert "Je bent uitgelogd." in client.get(response.headers["location"]).text


def test_login_without_a_destination_lands_on_my_page(client, people, outbox):
    import re

    from tests.smtp import body_of

    page = client.get("/inloggen")
    client.post(
        "/inloggen/email", data={"email": "member@zele.example", "volgende": "", "csrf_token": csrf_from(page.text)}
    )
    link = re.search(r"http://testserver(/inloggen/link/[^?\s]+)", body_of(outbox[-1])).group(1)
    confirm = client.get(link)
    done = client.post(link, data={"csrf_token": csrf_from(confirm.text), "volgende": ""})
    assert done.headers["location"] == "/mijn"
