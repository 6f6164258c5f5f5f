"""CSRF tokens and origins, the request body limit, security headers, and settings an operator can get wrong.
(That every unsafe route refuses a request without a token or from another site is checked route by route in
tests/test_permissions.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lerend_netwerk.accounts import sessions
from lerend_netwerk.app import create_app
from lerend_netwerk.networks.models import Person
from lerend_netwerk.settings import DEFAULT_SECRET, Settings, SettingsError
from tests.conftest import csrf_from

EXPIRED_FORM = "Dit formulier is verlopen"
NOT_OUR_SITE = "Dit formulier kwam niet van deze website"
TOO_LARGE = "Wat je stuurde, is te groot"


def browser(app: Starlette) -> TestClient:
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


# -- CSRF ------------------------------------------------------------------------------------------------


def test_visitor_post_without_token_is_403(client, people, outbox):
    response = client.post("/inloggen/email", data={"email": "member@zele.example"})
    assert response.status_code == 403
    assert EXPIRED_FORM in response.text
    assert outbox == []


def test_forged_token_is_403(client, people, outbox):
    client.get("/inloggen")
    response = client.post("/inloggen/email", data={"email": "member@zele.example", "csrf_token": "nep"})
    assert response.status_code == 403
    assert outbox == []


def test_token_from_another_browser_is_403(app, client, people, outbox):
    theirs = csrf_from(client.get("/inloggen").text)
    with browser(app) as mine:
        mine.get("/inloggen")  # has its own ln_csrf cookie
        response = mine.post("/inloggen/email", data={"email": "member@zele.example", "csrf_token": theirs})
    assert response.status_code == 403
    assert EXPIRED_FORM in response.text
    assert outbox == []


def test_token_of_this_browser_is_accepted(client, people, outbox):
    token = csrf_from(client.get("/inloggen").text)
    assert client.post("/inloggen/email", data={"email": "member@zele.example", "csrf_token": token}).status_code == 200
    assert len(outbox) == 1


def test_cross_site_origin_is_403_even_with_token(client, people, outbox):
    token = csrf_from(client.get("/inloggen").text)
    response = client.post(
        "/inloggen/email",
        data={"email": "member@zele.example", "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert NOT_OUR_SITE in response.text
    assert outbox == []


def test_cross_site_fetch_metadata_is_403_even_with_token(client, people, outbox):
    token = csrf_from(client.get("/inloggen").text)
    response = client.post(
        "/inloggen/email",
        data={"email": "member@zele.example", "csrf_token": token},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert NOT_OUR_SITE in response.text
    assert outbox == []


def test_same_origin_headers_with_token_are_accepted(client, people, outbox):
    token = csrf_from(client.get("/inloggen").text)
    response = client.post(
        "/inloggen/email",
        data={"email": "member@zele.example", "csrf_token": token},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200


def test_htmx_header_token_is_accepted(client, network):
    token = csrf_from(client.get("/").text)
    response = client.post("/taal", data={"taal": "en", "volgende": "/"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 303
    assert 'lang="en"' in client.get("/").text


def test_htmx_header_with_wrong_token_is_403(client, network):
    client.get("/")
    response = client.post("/taal", data={"taal": "en"}, headers={"X-CSRF-Token": "nep", "HX-Request": "true"})
    assert response.status_code == 403


# -- request body limit ----------------------------------------------------------------------------------


@pytest.fixture
def small_app(make_settings, db) -> Starlette:  # noqa: ANN001
    return create_app(make_settings(max_body_bytes=1000), db=db)


@pytest.fixture
def facilitator_browser(small_app, db, people) -> Iterator[TestClient]:  # noqa: ANN001
    with browser(small_app) as c:
        c.cookies.set("ln_session", db.write_sync(sessions.start, people["facilitator"].id, "test"))
        yield c


def people_count(db) -> int:  # noqa: ANN001
    return db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Person)))


def test_body_over_limit_with_content_length_is_413(facilitator_browser, db):
    before = people_count(db)
    token = csrf_from(facilitator_browser.get("/n/zele/codes").text)
    response = facilitator_browser.post("/n/zele/codes", data={"naam": "x" * 2000, "csrf_token": token})
    assert response.status_code == 413
    assert TOO_LARGE in response.text
    assert people_count(db) == before


def test_chunked_body_over_limit_is_413(facilitator_browser, db):
    before = people_count(db)
    token = csrf_from(facilitator_browser.get("/n/zele/codes").text)

    def body() -> Iterator[bytes]:
        yield f"csrf_token={token}&naam=".encode()
        for _ in range(10):
            yield b"x" * 200

    response = facilitator_browser.post(
        "/n/zele/codes", content=body(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413
    assert TOO_LARGE in response.text
    assert people_count(db) == before


def test_chunked_body_over_limit_with_header_token_is_413(facilitator_browser, db):
    before = people_count(db)
    token = csrf_from(facilitator_browser.get("/n/zele/codes").text)
    response = facilitator_browser.post(
        "/n/zele/codes",
        content=iter([b"naam=", b"x" * 1500]),
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": token},
    )
    assert response.status_code == 413
    assert people_count(db) == before


def test_body_under_limit_is_accepted(facilitator_browser, db):
    before = people_count(db)
    token = csrf_from(facilitator_browser.get("/n/zele/codes").text)
    response = facilitator_browser.post("/n/zele/codes", data={"naam": "Fatima", "csrf_token": token})
    assert response.status_code == 200
    assert people_count(db) == before + 1


# -- security headers ------------------------------------------------------------------------------------


def test_csp_forbids_inline_code_and_framing(client, network):
    csp = client.get("/").headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp


def test_nosniff_and_referrer_policy(client, network):
    headers = client.get("/").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")


def test_error_pages_carry_the_same_headers(client):
    page = client.get("/bestaat-niet")
    assert page.status_code == 404
    assert "Deze pagina bestaat niet" in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


def test_no_hsts_over_plain_http(client, network):
    assert "strict-transport-security" not in client.get("/").headers


def test_hsts_when_base_url_is_https(make_settings, db, network):
    app = create_app(make_settings(base_url="https://testserver"), db=db)
    with TestClient(app, base_url="https://testserver") as c:
        hsts = c.get("/").headers["strict-transport-security"]
    assert "max-age=" in hsts
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 15552000  # at least half a year


# -- settings --------------------------------------------------------------------------------------------


def test_production_refuses_the_default_secret():
    with pytest.raises(SettingsError, match="LN_SECRET_KEY"):
        Settings(production=True)


def test_production_refuses_a_short_secret():
    with pytest.raises(SettingsError, match="LN_SECRET_KEY"):
        Settings(production=True, secret_key="kort")


def test_production_from_env_refuses_the_default_secret():
    with pytest.raises(SettingsError, match="LN_SECRET_KEY"):
        Settings.from_env({"LN_PRODUCTION": "1", "LN_SECRET_KEY": DEFAULT_SECRET})


def test_production_starts_with_a_long_secret():
    settings = Settings.from_env({"LN_PRODUCTION": "true", "LN_SECRET_KEY": "s" * 40})
    assert settings.production


def test_from_env_parses_numbers_and_switches():
    settings = Settings.from_env(
        {"LN_SESSION_IDLE_MINUTES": "15", "LN_MAX_BODY_BYTES": "2048", "LN_DEBUG": "yes", "LN_PRODUCTION": "0"}
    )
    assert settings.session_idle_minutes == 15
    assert settings.max_body_bytes == 2048
    assert settings.debug is True
    assert settings.production is False


def test_from_env_reads_only_ln_variables():
    settings = Settings.from_env({"SESSION_IDLE_MINUTES": "1", "LN_BASE_URL": "https://zele.example"})
    assert settings.session_idle_minutes == Settings().session_idle_minutes
    assert settings.base_url == "https://zele.example"
    assert settings.https


def test_from_env_rejects_a_garbage_number_clearly():
    with pytest.raises(SettingsError, match=r"LN_SESSION_IDLE_MINUTES must be a whole number, not 'dertig'"):
        Settings.from_env({"LN_SESSION_IDLE_MINUTES": "dertig"})


def test_from_env_rejects_a_garbage_switch_clearly():
    with pytest.raises(SettingsError, match=r"LN_DEBUG must be true or false, not 'misschien'"):
        Settings.from_env({"LN_DEBUG": "misschien"})


def test_from_env_rejects_a_base_url_without_scheme():
    with pytest.raises(SettingsError, match="LN_BASE_URL"):
        Settings.from_env({"LN_BASE_URL": "zele.example"})
