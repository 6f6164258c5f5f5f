"""The permission matrix: every route of the app, for every role, against the table in `tests/*/matrix.py`.

Each capability declares its routes in its own `tests/<capability>/matrix.py` (see `tests/matrix.py` for the
format); this runner finds those modules itself. Three checks:

1. every route (name x method) of the app has a case, and every endpoint declares who may call it;
2. every case, for every role, gets what the table says: allowed roles get the page or the action, a visitor
   who is refused is sent to the login page (or gets 403/404), a logged-in person who is refused gets 403 (or
   404 when the object is hidden). Nobody ever gets a 5xx, and every response carries the security headers.
3. every unsafe case (POST, ...), sent by a role that may perform it, is refused with 403 in Dutch and writes
   nothing (no row, no mail) when the CSRF token is missing, and when it comes from another site (a cross-site
   Origin) even with the right token.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from starlette.routing import BaseRoute, Mount, Route

from lerend_netwerk import models
from lerend_netwerk.web.auth import Access
from tests.conftest import csrf_from
from tests.matrix import MEMBERS_OF_NETWORK, ROLES, Case
from tests.test_headers import assert_security_headers


def _load_cases() -> list[Case]:
    cases: list[Case] = []
    here = Path(__file__).parent
    for path in sorted(here.glob("*/matrix.py")):
        module = importlib.import_module(".".join(path.relative_to(here.parent).with_suffix("").parts))
        cases.extend(module.CASES)
    return cases


CASES = _load_cases()


@dataclass(frozen=True)
class RouteInfo:
    name: str  # as url_for knows it: "mount:child" inside a named Mount
    method: str
    path: str
    params: frozenset[str]
    endpoint: object


def walk(routes: list[BaseRoute], name_prefix: str = "", path_prefix: str = "", params=frozenset()) -> Iterator:  # noqa: ANN001
    """Every (route, method) of the app, through Mounts; /static serves files and is left out."""
    for route in routes:
        if isinstance(route, Mount):
            if path_prefix + route.path == "/static":
                continue
            yield from walk(
                route.routes,
                f"{name_prefix}{route.name}:" if route.name else name_prefix,
                path_prefix + route.path,
                params | frozenset(route.param_convertors),
            )
        elif isinstance(route, Route) and route.methods:
            for method in sorted(route.methods - {"HEAD"}):
                yield RouteInfo(
                    name_prefix + route.name,
                    method,
                    path_prefix + route.path,
                    params | frozenset(route.param_convertors),
                    route.endpoint,
                )
        else:  # a websocket, a Host, a class endpoint: the runner cannot walk it, so it must not pass unseen
            yield RouteInfo(f"{name_prefix}{getattr(route, 'name', route)!s}", "?", str(route), frozenset(), None)


def _route_table(app) -> dict[tuple[str, str], RouteInfo]:  # noqa: ANN001
    return {(info.name, info.method): info for info in walk(app.routes)}


def test_every_route_is_declared_and_in_the_matrix(app) -> None:  # noqa: ANN001
    table = _route_table(app)
    covered = {(case.route, case.method) for case in CASES}
    problems = [
        f"{info.method} {info.path} (route {info.name!r}) has no Case in tests/<capability>/matrix.py"
        for key, info in sorted(table.items())
        if key not in covered
    ]
    problems += [
        f"{info.method} {info.path} (route {info.name!r}): endpoint not decorated with @public/@login_required/"
        "@requires/@admin_only (no `access`)"
        for info in table.values()
        if not isinstance(getattr(info.endpoint, "access", None), Access)
    ]
    problems += [
        f"Case {case.route!r} {case.method}: no such route in the app (renamed or removed?)"
        for case in CASES
        if (case.route, case.method) not in table
    ]
    problems += [
        f"Case {case.route!r} {case.method}: unknown role(s) {sorted(set(case.allowed) - set(ROLES))}"
        for case in CASES
        if set(case.allowed) - set(ROLES)
    ]
    # A coordinator of another network must get nothing of this network that a visitor could not get.
    problems += [
        f"Case {case.route!r} {case.method}: lets 'outsider' into {table[(case.route, case.method)].path} "
        "but not 'visitor'"
        for case in CASES
        if (case.route, case.method) in table
        and "network" in table[(case.route, case.method)].params
        and "outsider" in case.allowed
        and "visitor" not in case.allowed
    ]
    assert not problems, "\n".join(problems)


def _params() -> list:
    seen: dict[str, int] = {}
    result = []
    for case in CASES:
        key = f"{case.route}[{case.method}]"
        seen[key] = seen.get(key, 0) + 1
        label = key if seen[key] == 1 else f"{key}#{seen[key]}"
        result += [pytest.param(case, role, id=f"{label}-{role}") for role in ROLES]
    return result


def _is_login_redirect(response) -> bool:  # noqa: ANN001
    return (
        response.status_code in (302, 303, 307) and urlsplit(response.headers.get("location", "")).path == "/inloggen"
    )


@pytest.mark.parametrize(("case", "role"), _params())
def test_role_gets_what_the_matrix_says(case: Case, role: str, app, client, db, network, people, login_as) -> None:  # noqa: ANN001
    info = _route_table(app).get((case.route, case.method))
    if info is None:
        pytest.fail(f"Case {case.route!r} {case.method}: no such route in the app")
    login_as(role)
    params = {"network": network.slug} if "network" in info.params else {}
    if case.setup is not None:
        params.update(case.setup(db, network, people))
    url = app.url_path_for(case.route, **params)
    if case.method == "GET":
        response = client.get(url)
    else:
        # The token belongs to this browser's ln_csrf cookie, so it is fetched by this client, as this role.
        token = csrf_from(client.get("/inloggen").text)
        response = client.request(case.method, url, data={**case.data, "csrf_token": token})

    what = f"{case.method} {url} ({case.route}) as {role}: got {response.status_code} {response.headers.get('location', '')}"
    assert response.status_code < 500, what
    assert_security_headers(response, what=what)
    if role in case.allowed:
        if case.expect_status is not None:
            assert response.status_code == case.expect_status, f"{what}, expected {case.expect_status}"
        else:
            assert response.status_code < 400 and not _is_login_redirect(response), f"{what}, expected access"
    elif role == "visitor":
        assert _is_login_redirect(response) or response.status_code in (403, 404), f"{what}, expected login or 403"
    else:
        refused = {403, 404}
        if case.denied_status is not None and role in MEMBERS_OF_NETWORK:
            refused.add(case.denied_status)
        assert response.status_code in refused, f"{what}, expected {' or '.join(map(str, sorted(refused)))}"


# -- CSRF: every unsafe case, refused without a token or from another site ------------------------------------

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
EXPIRED_FORM = "Dit formulier is verlopen"
NOT_OUR_SITE = "Dit formulier kwam niet van deze website"
UNSAFE_CASES = [case for case in CASES if case.method in UNSAFE]


def _refusal_params() -> list:
    seen: dict[str, int] = {}
    result = []
    for case in UNSAFE_CASES:
        key = f"{case.route}[{case.method}]"
        seen[key] = seen.get(key, 0) + 1
        label = key if seen[key] == 1 else f"{key}#{seen[key]}"
        result += [pytest.param(case, how, id=f"{label}-{how}") for how in ("without-token", "cross-site")]
    return result


def _sender(case: Case) -> str:
    """A role that may perform the case, so that only the CSRF check stands in the way (the coordinator when the
    case allows nobody, e.g. the platform administration)."""
    if "coordinator" in case.allowed or not case.allowed:
        return "coordinator"
    return next(role for role in ROLES if role in case.allowed)


def _database_state(db) -> dict[str, list[tuple]]:  # noqa: ANN001
    """Every row of every table: a refused request must leave it exactly as it was."""

    def rows(session) -> dict[str, list[tuple]]:  # noqa: ANN001
        return {
            table.name: [tuple(row) for row in session.execute(select(table).order_by(*table.primary_key.columns))]
            for table in models.Base.metadata.sorted_tables
        }

    return db.read_sync(rows)


def test_the_matrix_has_unsafe_cases_to_check() -> None:
    unsafe = {(case.route, case.method) for case in UNSAFE_CASES}
    assert ("accounts:request_link", "POST") in unsafe
    assert ("accounts:change_role", "POST") in unsafe


@pytest.mark.parametrize(("case", "how"), _refusal_params())
def test_unsafe_request_without_token_or_from_another_site_is_refused(
    case: Case,
    how: str,
    app,
    client,
    db,
    network,
    people,
    login_as,
    outbox,  # noqa: ANN001
) -> None:
    info = _route_table(app).get((case.route, case.method))
    if info is None:
        pytest.fail(f"Case {case.route!r} {case.method}: no such route in the app")
    login_as(_sender(case))
    params = {"network": network.slug} if "network" in info.params else {}
    if case.setup is not None:
        params.update(case.setup(db, network, people))
    url = app.url_path_for(case.route, **params)
    if how == "without-token":
        data, headers, message = dict(case.data), {}, EXPIRED_FORM
    else:
        token = csrf_from(client.get("/inloggen").text)
        data, headers, message = {**case.data, "csrf_token": token}, {"Origin": "https://evil.example"}, NOT_OUR_SITE
    before = _database_state(db)
    outbox.clear()

    response = client.request(case.method, url, data=data, headers=headers)

    what = f"{case.method} {url} ({case.route}) {how}: got {response.status_code}"
    assert response.status_code == 403, what
    assert message in response.text, what
    assert_security_headers(response, what=what)
    assert _database_state(db) == before, f"{what}: the database changed"
    assert outbox == [], f"{what}: a mail was sent"
