"""Walks tests/matrix_practices.py for every role until main's shared runner (tests/test_permissions.py) lands:
allowed roles get 2xx/3xx, everyone else 303 to login (visitor), 403 or 404 — never internal data."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_from
from tests.matrix import ROLES
from tests.matrix_practices import CASES


@pytest.mark.parametrize("case", CASES, ids=[f"{c.method} {c.route}" for c in CASES])
def test_matrix(case, app, client, db, network, people, login_as):
    for role in ROLES:  # fresh data per role: an allowed POST may use it up (delete, hide)
        params = case.setup(db, network, people) if case.setup else {}
        path = app.url_path_for(case.route, network=network.slug, **params)
        login_as(role)
        if case.method == "GET":
            response = client.get(path)
        else:
            csrf = csrf_from(client.get("/").text)
            response = client.post(path, data={"csrf_token": csrf, **case.data})
        allowed = role in case.allowed
        if allowed:
            assert response.status_code in (200, 303), (role, response.status_code)
        else:
            assert response.status_code in (303, 403, 404, 422), (role, response.status_code)
            if response.status_code == 303:
                assert role == "visitor" and "/inloggen" in response.headers["location"]
            if role in ("visitor", "outsider"):
                assert response.status_code != 422, role  # never reached the form logic
        if role == "outsider" and response.status_code == 200:
            assert "Een buddy die de eerste keer meegaat" not in response.text
