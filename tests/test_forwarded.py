"""Rate limits cannot be walked around, tried against a real server process (`lerend-netwerk serve`):
`X-Forwarded-For` is believed only from a proxy named in LN_TRUSTED_PROXIES, and a login target (an e-mail address,
a personal code) has a limit of its own, whichever client tries it. A form posted from an opaque origin
(`Origin: null`) or with another site's Referer is refused like any cross-site post."""

from __future__ import annotations

import secrets

import httpx2 as httpx

from tests.conftest import csrf_from
from tests.served import served

LIMIT = "5/minute;20/hour"


def login_token(client: httpx.Client) -> str:
    return csrf_from(client.get("/inloggen").text)


def guess_code(client: httpx.Client, token: str, code: str, forwarded_for: str) -> int:
    data = {"code": code, "csrf_token": token}
    return client.post("/inloggen/code", data=data, headers={"X-Forwarded-For": forwarded_for}).status_code


def ask_link(client: httpx.Client, token: str, email: str, forwarded_for: str) -> int:
    data = {"email": email, "csrf_token": token}
    return client.post("/inloggen/email", data=data, headers={"X-Forwarded-For": forwarded_for}).status_code


def new_code() -> str:
    return "-".join(secrets.token_hex(2).upper() for _ in range(4))


def test_a_new_forwarded_address_per_guess_does_not_escape_the_limit(database_url, db, tmp_path):
    """No trusted proxy configured: 40 code guesses, each claiming another client address, meet the limit of one
    client after 5."""
    with (
        served(database_url, tmp_path / "data", rate_limit_login=LIMIT) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        token = login_token(client)
        answers = [guess_code(client, token, new_code(), f"203.0.113.{n}") for n in range(40)]
    assert answers[:5] == [422] * 5  # wrong code, said at the field
    assert set(answers[5:]) == {429}


def test_a_target_has_its_own_limit_whoever_tries_it(database_url, db, tmp_path):
    """Behind a trusted proxy each forwarded address is a client of its own, and a limit per client alone would
    let 40 clients try one code or ask links for one address 40 times; the target's own limit stops them."""
    proxied = {"rate_limit_login": LIMIT, "trusted_proxies": "127.0.0.1"}
    with served(database_url, tmp_path / "data", **proxied) as base, httpx.Client(base_url=base, timeout=30) as client:
        token = login_token(client)
        # the proxy is believed: clients are told apart, each within its own limit
        other_addresses = [ask_link(client, token, f"ouder{n}@voorbeeld.be", f"198.51.100.{n}") for n in range(8)]
        one_code = new_code()
        same_code = [guess_code(client, token, one_code, f"203.0.113.{n}") for n in range(10)]
        same_address = [ask_link(client, token, "amina@voorbeeld.be", f"192.0.2.{n}") for n in range(10)]
    assert other_addresses == [200] * 8
    assert same_code[:5] == [422] * 5 and set(same_code[5:]) == {429}
    assert same_address[:5] == [200] * 5 and set(same_address[5:]) == {429}


def test_a_post_from_an_opaque_origin_or_another_sites_page_is_refused(client, people, outbox):
    page = client.get("/inloggen")
    token = csrf_from(page.text)
    data = {"email": "member@zele.example", "csrf_token": token}
    refused = "Dit formulier kwam niet van deze website"

    opaque = client.post("/inloggen/email", data=data, headers={"Origin": "null"})
    assert opaque.status_code == 403 and refused in opaque.text
    elsewhere = client.post("/inloggen/email", data=data, headers={"Referer": "https://evil.example/zele/inloggen"})
    assert elsewhere.status_code == 403 and refused in elsewhere.text
    assert outbox == []

    ours = client.post("/inloggen/email", data=data, headers={"Referer": "http://testserver/inloggen"})
    assert ours.status_code == 200
    neither = client.post("/inloggen/email", data=data)  # no Origin, no Referer: the token decides
    assert neither.status_code == 200


def test_the_browsers_fetch_metadata_decides_when_it_is_sent(client, people, outbox):
    token = csrf_from(client.get("/inloggen").text)
    data = {"email": "member@zele.example", "csrf_token": token}
    ours = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}  # e.g. a page with Referrer-Policy: no-referrer
    assert client.post("/inloggen/email", data=data, headers=ours).status_code == 200
    framed = {"Sec-Fetch-Site": "cross-site", "Origin": "null"}  # a sandboxed frame on another site
    assert client.post("/inloggen/email", data=data, headers=framed).status_code == 403
