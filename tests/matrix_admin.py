"""Platform administration is for administrators only: no network role opens it."""

from tests.matrix import Case

CASES = [
    Case("admin", frozenset()),
    Case("admin_create_network", frozenset(), method="POST", data={"naam": "Netwerk X", "slug": "x"}),
]
