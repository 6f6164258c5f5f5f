"""Platform administration is for administrators only: no network role opens it."""

from tests.matrix import Case

CASES = [
    Case("networks:admin", frozenset()),
    Case("networks:create_network", frozenset(), method="POST", data={"naam": "Netwerk X", "slug": "x"}),
]
