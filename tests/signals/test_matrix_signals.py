"""Walks tests/matrix_signals.py for every role until main's runner (tests/test_permissions.py) lands here;
same rules: allowed roles get in, a refused visitor goes to the login page, anyone else refused gets 403/404."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import csrf_from
from tests.matrix import ROLES
from tests.matrix_signals import CASES


@pytest.mark.parametrize(
    ("case", "role"), [pytest.param(c, r, id=f"{c.route}[{c.method}]-{r}") for c in CASES for r in ROLES]
)
def test_signals_matrix(case, role, app, client, db, network, people, login_as):  # noqa: ANN001
    login_as(role)
    params = {"network": network.slug} | (case.setup(db, network, people) if case.setup else {})
    url = app.url_path_for(case.route, **params)
    if case.method == "GET":
        response = client.get(url)
    else:
        token = csrf_from(client.get(f"/n/{network.slug}/melden").text)
        response = client.post(url, data={**case.data, "csrf_token": token})
    what = f"{case.method} {url} as {role}: {response.status_code} {response.headers.get('location', '')}"
    assert response.status_code < 500, what
    login = response.status_code == 303 and urlsplit(response.headers["location"]).path == "/inloggen"
    if role in case.allowed:
        assert response.status_code < 400 and not login, what
    elif role == "visitor":
        assert login or response.status_code in (403, 404), what
    else:
        assert response.status_code in (403, 404), what
