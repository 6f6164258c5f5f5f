"""The permission matrix's data format. Each capability lists its routes in `tests/<capability>/matrix.py`
as `CASES: list[Case]`; `tests/test_permissions.py` collects every such module, checks that every route of the
app (each name × method) has a case, and walks every case for every role.

Roles walked: "visitor" (not logged in), the five network roles in the `network` fixture, and "outsider"
(a coordinator of `other_network`, who must get nothing of `network` that a visitor could not get).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("visitor", "participant", "member", "facilitator", "steering", "coordinator", "outsider")
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {"visitor"}
MEMBERS_OF_NETWORK = frozenset({"participant", "member", "facilitator", "steering", "coordinator"})


@dataclass(frozen=True)
class Case:
    route: str  # the route's name, as in url_for
    allowed: frozenset[str]  # roles that get the page / may perform the action
    method: str = "GET"
    # Makes what the route needs (in `network`) and returns its path params besides `network`.
    # Called as setup(db, network, people) with `db` the app's Database; default: none.
    setup: Callable[..., dict[str, Any]] | None = None
    data: dict[str, Any] = field(default_factory=dict)  # form fields for POST (csrf_token is added)
    note: str = ""
    # The exact status an allowed role gets, for routes whose honest answer to the case is not a success
    # (a fake login token gets 400, a switched-off feature 404). None: any status below 400 that is not
    # a redirect to the login page. Denied roles are checked the same way either way.
    expect_status: int | None = None
    # The status a member of `network` who is NOT allowed may get instead of 403/404, when the route lets the
    # service refuse rather than the policy (e.g. 422: the form offers this role no valid choice). Visitors and
    # the outsider never get it: they must be stopped before any form logic. Prefer 403; say why in `note`.
    denied_status: int | None = None
