"""Security headers on every response: every page of the permission matrix (tests/test_permissions.py calls
`assert_security_headers` on each response it gets, for every role), every static file and every error page
(403, 404, 405, 413, 422, 429, 500, 503). HSTS is sent when the public address is HTTPS, never over plain HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from lerend_netwerk.app import create_app
from lerend_netwerk.web.templating import STATIC_DIR, fingerprint
from tests.conftest import csrf_from

STATIC_FILES = sorted(str(p.relative_to(STATIC_DIR)) for p in STATIC_DIR.rglob("*") if p.is_file())


def csp_directives(response) -> dict[str, list[str]]:  # noqa: ANN001
    policy = response.headers.get("content-security-policy", "")
    result = {}
    for part in policy.split(";"):
        if part.strip():
            name, *values = part.split()
            result[name] = values
    return result


# A survey question's sound and pictures page (surveys:media, GET, and its forms coming back with a message).
MICROPHONE_PAGE = re.compile(r"^/n/[^/]+/bevragingen/\d+/vragen/\d+/media(/geluid|/afbeelding|/pictogrammen)?$")


def assert_security_headers(response, *, https: bool = False, what: str = "") -> None:  # noqa: ANN001
    """The headers every response of the app must carry (pages, redirects, files, errors alike)."""
    what = what or f"{response.request.method} {response.request.url} ({response.status_code})"
    csp = csp_directives(response)
    assert csp, f"{what}: no Content-Security-Policy"
    values = [v for vs in csp.values() for v in vs]
    assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values, f"{what}: CSP allows inline code"
    assert csp.get("frame-ancestors") == ["'none'"], f"{what}: CSP frame-ancestors is not 'none'"
    assert csp.get("object-src") == ["'none'"], f"{what}: CSP object-src is not 'none'"
    assert csp.get("base-uri") in (["'none'"], ["'self'"]), f"{what}: CSP has no strict base-uri"
    assert csp.get("script-src") == ["'self'"] and csp.get("style-src") == ["'self'"], f"{what}: script/style-src"
    headers = response.headers
    assert headers.get("x-frame-options") == "DENY", f"{what}: X-Frame-Options"
    assert headers.get("x-content-type-options") == "nosniff", f"{what}: X-Content-Type-Options"
    assert headers.get("referrer-policy") in ("same-origin", "strict-origin-when-cross-origin", "no-referrer"), what
    permissions = headers.get("permissions-policy", "")
    features = ("camera", "microphone", "geolocation")
    if MICROPHONE_PAGE.search(str(response.request.url.path)):
        # The one page where a facilitator records a question in the browser may use the microphone, itself only.
        assert "microphone=(self)" in permissions or "microphone=()" in permissions, what
        features = ("camera", "geolocation")
    assert all(f"{feature}=()" in permissions for feature in features), what
    if https:
        hsts = headers.get("strict-transport-security", "")
        assert "max-age=" in hsts, f"{what}: no HSTS behind HTTPS"
        assert int(hsts.split("max-age=")[1].split(";")[0]) >= 15552000, f"{what}: HSTS shorter than half a year"
    else:
        assert "strict-transport-security" not in headers, f"{what}: HSTS over plain HTTP"


async def _boom(request: Request) -> Response:
    raise RuntimeError("a bug in a route")


def error_responses(app: Starlette, client: TestClient, people: dict[str, object]) -> Iterator[object]:
    """One response of each error the app can give, plus a page, a redirect and a form with errors."""
    yield client.get("/")
    yield client.get("/mijn")  # 303 to the login page
    yield client.get("/bestaat-niet")  # 404
    yield client.get("/uitloggen")  # 405: POST only
    token = csrf_from(client.get("/inloggen").text)
    yield client.post("/inloggen/email", data={"email": "geen adres", "csrf_token": token})  # 422
    yield client.post("/inloggen/email", data={"email": "x@zele.example"})  # 403: no CSRF token
    yield client.post("/inloggen/email", content=b"x" * 2000, headers={"content-type": "text/plain"})  # 413
    for _ in range(3):
        last = client.post("/inloggen/email", data={"email": "member@zele.example", "csrf_token": token})
    assert last.status_code == 429
    yield last
    app.router.routes.append(Route("/stuk", _boom))
    with TestClient(app, raise_server_exceptions=False, base_url=str(client.base_url)) as raw:
        broken = raw.get("/stuk")
    assert broken.status_code == 500 and "Er ging iets mis bij ons" in broken.text
    yield broken


@pytest.mark.parametrize(
    ("base_url", "production", "https"),
    [("http://testserver", False, False), ("https://testserver", False, True), ("https://testserver", True, True)],
    ids=["plain-http-dev", "https", "https-production"],
)
def test_every_error_page_carries_the_headers(make_settings, db, people, base_url, production, https) -> None:  # noqa: ANN001
    settings = make_settings(base_url=base_url, production=production, max_body_bytes=1000, rate_limit_login="2/minute")
    app = create_app(settings, db=db)
    with TestClient(app, base_url=base_url, follow_redirects=False) as client:
        statuses = []
        for response in error_responses(app, client, people):
            assert_security_headers(response, https=https)
            statuses.append(response.status_code)
    assert statuses == [200, 303, 404, 405, 422, 403, 413, 429, 500]


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_every_static_file_carries_the_headers(make_settings, db, https) -> None:  # noqa: ANN001
    base_url = "https://testserver" if https else "http://testserver"
    app = create_app(make_settings(base_url=base_url), db=db)
    assert "js/app.js" in STATIC_FILES and "css/app.css" in STATIC_FILES
    with TestClient(app, base_url=base_url) as client:
        for path in STATIC_FILES:
            for url in (f"/static/{path}", f"/static/{path}?v={fingerprint(path)}"):
                response = client.get(url)
                assert response.status_code == 200, url
                assert_security_headers(response, https=https)
        missing = client.get("/static/js/bestaat-niet.js")
        assert missing.status_code == 404
        assert_security_headers(missing, https=https)


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_the_outage_page_carries_the_headers(make_settings, tmp_path, https) -> None:  # noqa: ANN001
    base_url = "https://testserver" if https else "http://testserver"
    settings = make_settings(base_url=base_url, database_url=f"sqlite:///{tmp_path / 'weg' / 'app.db'}")
    with TestClient(create_app(settings), base_url=base_url) as client:
        for response in (client.get("/"), client.get("/healthz")):
            assert response.status_code == 503
            assert_security_headers(response, https=https)
