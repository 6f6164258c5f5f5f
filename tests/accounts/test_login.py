"""The three ways in, end to end against the real parts: a magic link read from mail caught by a real SMTP
server, a personal code printed on a card, and OpenID Connect against a real `oidc-provider`."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lerend_netwerk.accounts.models import LoginToken, OidcIdentity
from lerend_netwerk.accounts.service import CODE_ALPHABET
from lerend_netwerk.app import create_app
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.models import Person, Role
from tests.conftest import csrf_from
from tests.factories import make_person
from tests.smtp import body_of

TOO_OFTEN = "Je probeerde het te vaak"
LINK_DEAD = "Deze link werkt niet meer"
CODE_WRONG = "Deze code klopt niet"
OIDC_FAILED = "Inloggen is niet gelukt"


# -- helpers ---------------------------------------------------------------------------------------------


def browser(app: Starlette, ip: str = "testclient") -> TestClient:
    """A separate browser (own cookies) from its own address."""
    return TestClient(app, base_url="http://testserver", follow_redirects=False, client=(ip, 50000))


def ask_link(client: TestClient, email: str):  # noqa: ANN201
    page = client.get("/inloggen")
    return client.post("/inloggen/email", data={"email": email, "csrf_token": csrf_from(page.text)})


def link_in(outbox: list) -> str:  # noqa: ANN001
    """The path of the login link in the last mail, as a person would click it."""
    match = re.search(r"https?://testserver(/inloggen/link/[^\s?]+)", body_of(outbox[-1]))
    assert match, "no login link in the mail"
    return match.group(1)


def use_link(client: TestClient, path: str):  # noqa: ANN201
    confirm = client.get(path)
    return client.post(path, data={"csrf_token": csrf_from(confirm.text)})


def main_text(html: str) -> str:
    """What a reader sees in the page's main area: text without tags, whitespace folded."""
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S)
    assert main
    return " ".join(re.sub(r"<[^>]+>", " ", main.group(1)).split())


def logged_in_as(client: TestClient) -> str | None:
    page = client.get("/mijn")
    if page.status_code != 200:
        return None
    return re.search(r"Dag ([^.<]+)\.", page.text).group(1)


def make_card(client: TestClient, login_as, name: str = "Fatima"):  # noqa: ANN001, ANN201
    """A facilitator adds a participant and prints a card; returns the card page. The browser is logged out after."""
    login_as("facilitator")
    page = client.get("/n/zele/codes")
    card = client.post("/n/zele/codes", data={"naam": name, "csrf_token": csrf_from(page.text)})
    assert card.status_code == 200
    return card


def code_on(card) -> str:  # noqa: ANN001
    return re.search(r'<p class="code"[^>]*>\s*([^<\s]+)\s*</p>', card.text).group(1)


def try_code(client: TestClient, code: str):  # noqa: ANN201
    page = client.get("/inloggen")
    return client.post("/inloggen/code", data={"code": code, "csrf_token": csrf_from(page.text)})


@pytest.fixture
def strict_app(make_settings, db) -> Starlette:  # noqa: ANN001
    """The app with three login attempts a minute, as an operator might set it."""
    return create_app(make_settings(rate_limit_login="3/minute"), db=db)


# -- magic link --------------------------------------------------------------------------------------------


def test_magic_link_from_mail_logs_in(client, people, outbox):
    ask_link(client, "member@zele.example")
    done = use_link(client, link_in(outbox))
    assert done.status_code == 303
    assert logged_in_as(client) == "Member Test"


def test_opening_the_link_does_not_log_in(client, people, outbox):
    ask_link(client, "member@zele.example")
    page = client.get(link_in(outbox))
    assert page.status_code == 200
    assert "Log mij in" in page.text
    assert client.get("/mijn").status_code == 303


def test_mail_scanner_opening_the_link_does_not_spend_it(client, people, outbox):
    ask_link(client, "member@zele.example")
    path = link_in(outbox)
    client.get(path)
    client.get(path)
    assert use_link(client, path).status_code == 303


def test_magic_link_works_only_once(client, people, outbox):
    ask_link(client, "member@zele.example")
    path = link_in(outbox)
    token = csrf_from(client.get(path).text)
    assert client.post(path, data={"csrf_token": token}).status_code == 303
    client.cookies.clear()
    again = client.post(path, data={"csrf_token": csrf_from(client.get("/inloggen").text)})
    assert again.status_code == 400
    assert LINK_DEAD in again.text
    assert client.get("/mijn").status_code == 303


def test_expired_magic_link_is_refused(client, db, people, outbox):
    ask_link(client, "member@zele.example")
    path = link_in(outbox)
    db.write_sync(lambda s: s.execute(update(LoginToken).values(expires_at=utcnow() - timedelta(seconds=1))))
    page = client.get(path)
    assert page.status_code == 400
    assert LINK_DEAD in page.text
    again = client.post(path, data={"csrf_token": csrf_from(page.text)})
    assert again.status_code == 400
    assert client.get("/mijn").status_code == 303


def test_magic_link_expires_after_ten_minutes_by_default(client, db, people, outbox):
    ask_link(client, "member@zele.example")
    token = db.read_sync(lambda s: s.scalar(select(LoginToken)))
    assert timedelta(minutes=9) < token.expires_at - utcnow() <= timedelta(minutes=10)
    assert "10 minuten" in body_of(outbox[-1])


def test_same_answer_for_known_and_unknown_address(client, people, outbox):
    known = ask_link(client, "member@zele.example")
    unknown = ask_link(client, "niemand@zele.example")
    assert known.status_code == unknown.status_code == 200
    assert main_text(known.text).replace("member@zele.example", "X") == main_text(unknown.text).replace(
        "niemand@zele.example", "X"
    )
    assert "Kijk in je mail" in unknown.text


def test_no_mail_for_unknown_address(client, db, people, outbox):
    ask_link(client, "niemand@zele.example")
    assert outbox == []
    assert db.read_sync(lambda s: s.scalars(select(LoginToken)).all()) == []


def test_magic_link_rate_limited_per_client(strict_app, people, outbox):
    with browser(strict_app) as c:
        for i in range(3):
            assert ask_link(c, f"iemand{i}@zele.example").status_code == 200
        refused = ask_link(c, "member@zele.example")
    assert refused.status_code == 429
    assert TOO_OFTEN in refused.text
    assert outbox == []


def test_magic_link_rate_limited_per_address(strict_app, people, outbox):
    for i in range(3):
        with browser(strict_app, ip=f"10.0.0.{i}") as c:
            assert ask_link(c, "member@zele.example").status_code == 200
    with browser(strict_app, ip="10.0.0.99") as c:
        refused = ask_link(c, "Member@Zele.Example")  # the same address, however it is typed
    assert refused.status_code == 429
    assert TOO_OFTEN in refused.text
    assert len(outbox) == 3


# -- personal code -----------------------------------------------------------------------------------------


def test_card_shows_code_and_qr_code(client, login_as):
    card = make_card(client, login_as)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code_on(card))
    assert re.search(r"<svg[^>]*>.*</svg>", card.text, re.S)
    assert "Fatima" in card.text


def test_codes_are_long_enough_not_to_be_guessed(client, login_as):
    code = code_on(make_card(client, login_as)).replace("-", "")
    assert len(code) == 12
    assert set(code) <= set(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == 30
    # 30^12 ≈ 5.3·10^17 is 58.9 bits ("59" rounded): beyond reach at a few attempts a minute.
    assert math.log2(len(CODE_ALPHABET)) * len(code) > 58.8
    assert not set("0O1IL") & set(CODE_ALPHABET)  # no look-alikes on paper


def test_qr_code_points_at_the_login_page_with_the_code(client, login_as):
    card = make_card(client, login_as)
    # segno draws the URL, not text; the card states the address beside it.
    assert "http://testserver/inloggen" in main_text(card.text)
    prefilled = client.get("/inloggen?code=" + code_on(card))
    assert f'value="{code_on(card)}"' in prefilled.text


def test_participant_logs_in_with_code(client, login_as):
    code = code_on(make_card(client, login_as))
    client.cookies.clear()
    assert try_code(client, code).status_code == 303
    assert logged_in_as(client) == "Fatima"


def test_code_in_lower_case_without_dashes_works(client, login_as):
    code = code_on(make_card(client, login_as))
    client.cookies.clear()
    assert try_code(client, code.replace("-", "").lower()).status_code == 303
    assert logged_in_as(client) == "Fatima"


def test_wrong_code_is_422_with_message_at_the_field(client, people):
    page = try_code(client, "ABCD-EFGH-JKMN")
    assert page.status_code == 422
    error = re.search(r'<p class="error" id="veld-code-fout">(.*?)</p>', page.text, re.S)
    assert error and CODE_WRONG in error.group(1)
    assert 'value="ABCD-EFGH-JKMN"' in page.text
    assert client.get("/mijn").status_code == 303


def test_empty_code_is_422_with_dutch_message(client, people):
    page = try_code(client, "")
    assert page.status_code == 422
    assert 'id="veld-code-fout"' in page.text


def test_revoked_code_no_longer_works(client, login_as):
    code = code_on(make_card(client, login_as))
    codes = client.get("/n/zele/codes")
    person_id = re.search(r"/n/zele/codes/(\d+)/intrekken", codes.text).group(1)
    revoked = client.post(f"/n/zele/codes/{person_id}/intrekken", data={"csrf_token": csrf_from(codes.text)})
    assert revoked.status_code == 303
    client.cookies.clear()
    assert try_code(client, code).status_code == 422


def test_new_card_replaces_the_old_code(client, login_as):
    old = code_on(make_card(client, login_as))
    codes = client.get("/n/zele/codes")
    person_id = re.search(r'name="persoon" value="(\d+)"', codes.text).group(1)
    card = client.post("/n/zele/codes", data={"persoon": person_id, "csrf_token": csrf_from(codes.text)})
    client.cookies.clear()
    assert try_code(client, old).status_code == 422
    assert try_code(client, code_on(card)).status_code == 303


def test_code_attempts_are_rate_limited(client, login_as, strict_app):
    code = code_on(make_card(client, login_as))
    with browser(strict_app) as c:
        for _ in range(3):
            assert try_code(c, "ABCD-EFGH-JKMN").status_code == 422
        refused = try_code(c, code)  # even the right code waits now
        assert refused.status_code == 429
        assert TOO_OFTEN in refused.text
        assert c.get("/mijn").status_code == 303


# -- OpenID Connect ----------------------------------------------------------------------------------------


@pytest.fixture
def oidc_app(make_settings, db, oidc_provider) -> Starlette:  # noqa: ANN001
    settings = make_settings(
        oidc_issuer=oidc_provider.issuer,
        oidc_client_id=oidc_provider.client_id,
        oidc_client_secret=oidc_provider.client_secret,
        base_url="http://testserver",
    )
    return create_app(settings, db=db)


@pytest.fixture
def oidc_client(oidc_app: Starlette) -> Iterator[TestClient]:
    with browser(oidc_app) as c:
        yield c


def oidc_callback(client: TestClient, provider, email: str) -> str:  # noqa: ANN001
    """Start at our app, log in at the provider; the callback path and query the provider sends back."""
    start = client.get("/inloggen/oidc")
    assert start.status_code == 302
    parts = urlsplit(provider.login(start.headers["location"], email))
    return f"{parts.path}?{parts.query}"


def test_oidc_start_redirects_to_the_provider(oidc_client, oidc_provider):
    start = oidc_client.get("/inloggen/oidc")
    assert start.status_code == 302
    assert start.headers["location"].startswith(oidc_provider.issuer + "/")
    assert parse_qs(urlsplit(start.headers["location"]).query)["code_challenge_method"] == ["S256"]


def test_login_page_offers_oidc_when_configured(oidc_client):
    assert "/inloggen/oidc" in oidc_client.get("/inloggen").text


def test_oidc_logs_in_invited_person(oidc_client, oidc_provider, people):
    done = oidc_client.get(oidc_callback(oidc_client, oidc_provider, "member@zele.example"))
    assert done.status_code == 303
    assert logged_in_as(oidc_client) == "Member Test"


def test_replayed_oidc_callback_is_400_in_dutch(oidc_client, oidc_provider, people):
    callback = oidc_callback(oidc_client, oidc_provider, "member@zele.example")
    assert oidc_client.get(callback).status_code == 303
    again = oidc_client.get(callback)
    assert again.status_code == 400
    assert OIDC_FAILED in again.text


def test_oidc_callback_replayed_in_another_browser_is_400(oidc_app, oidc_client, oidc_provider, people):
    callback = oidc_callback(oidc_client, oidc_provider, "member@zele.example")
    with browser(oidc_app) as other:
        stolen = other.get(callback)
        assert stolen.status_code == 400
        assert OIDC_FAILED in stolen.text
        assert other.get("/mijn").status_code == 303


def test_oidc_callback_with_garbage_state_is_400(oidc_client, people):
    page = oidc_client.get("/inloggen/oidc/terug?state=rommel&code=rommel")
    assert page.status_code == 400
    assert OIDC_FAILED in page.text


def test_oidc_callback_without_code_is_400(oidc_client, people):
    start = oidc_client.get("/inloggen/oidc")
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    page = oidc_client.get(f"/inloggen/oidc/terug?state={state}")
    assert page.status_code == 400
    assert OIDC_FAILED in page.text


def test_oidc_callback_with_forged_code_is_400(oidc_client, people):
    start = oidc_client.get("/inloggen/oidc")
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    page = oidc_client.get(f"/inloggen/oidc/terug?state={state}&code=verzonnen")
    assert page.status_code == 400
    assert OIDC_FAILED in page.text
    assert oidc_client.get("/mijn").status_code == 303


def test_oidc_callback_with_provider_error_is_400(oidc_client, people):
    start = oidc_client.get("/inloggen/oidc")
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]
    page = oidc_client.get(f"/inloggen/oidc/terug?state={state}&error=access_denied")
    assert page.status_code == 400
    assert OIDC_FAILED in page.text


def test_oidc_refuses_someone_not_invited(oidc_client, oidc_provider, people):
    page = oidc_client.get(oidc_callback(oidc_client, oidc_provider, "onbekend@zele.example"))
    assert page.status_code == 403
    assert "nog niet uitgenodigd" in page.text
    assert oidc_client.get("/mijn").status_code == 303


def test_oidc_refuses_unverified_email(oidc_client, oidc_provider, db, network, people):
    # Invited under exactly this address, so only the missing verification stands in the way.
    db.write_sync(make_person, network, Role.MEMBER, email="unverified+member@zele.example")
    page = oidc_client.get(oidc_callback(oidc_client, oidc_provider, "unverified+member@zele.example"))
    assert page.status_code == 403
    assert "niet bevestigd" in page.text
    assert oidc_client.get("/mijn").status_code == 303


def test_first_oidc_login_links_the_identity(oidc_client, oidc_provider, db, people):
    oidc_client.get(oidc_callback(oidc_client, oidc_provider, "member@zele.example"))
    identity = db.read_sync(lambda s: s.scalar(select(OidcIdentity)))
    assert identity.person_id == people["member"].id
    assert identity.subject == "member@zele.example"
    assert identity.issuer == oidc_provider.issuer


def test_linked_identity_logs_in_after_email_change(oidc_app, oidc_client, oidc_provider, db, people):
    oidc_client.get(oidc_callback(oidc_client, oidc_provider, "member@zele.example"))
    member_id = people["member"].id
    db.write_sync(lambda s: s.execute(update(Person).where(Person.id == member_id).values(email="nieuw@zele.example")))
    with browser(oidc_app) as later:
        done = later.get(oidc_callback(later, oidc_provider, "member@zele.example"))
        assert done.status_code == 303
        assert logged_in_as(later) == "Member Test"
