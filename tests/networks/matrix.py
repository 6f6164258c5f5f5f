"""Who may use the networks' routes: the home pages and /healthz are for everyone; the platform administration is
for administrators only (no network role opens it); a network's audit log and its e-mails (the outbox) are for its coordinator."""

from __future__ import annotations

from tests.matrix import EVERYONE, Case

COORDINATOR = frozenset({"coordinator"})

CASES = [
    # Public pages: anyone, logged in or not, of this network or another.
    Case("networks:home", EVERYONE),
    Case("networks:healthz", EVERYONE),
    Case("networks:network", EVERYONE, note="the public face of a network; internal parts show per role"),
    # Platform administration.
    Case("networks:admin", frozenset()),
    Case("networks:create_network", frozenset(), method="POST", data={"naam": "Netwerk X", "slug": "x"}),
    # The audit log.
    Case("networks:audit_log", COORDINATOR),
    Case("networks:audit_csv", COORDINATOR),
    # The network's e-mails: recipients and subjects, no text.
    Case("networks:outbox", COORDINATOR),
    # The languages the network offers its participants and visitors.
    Case("networks:languages", COORDINATOR),
    Case("networks:save_languages", COORDINATOR, method="POST", data={"talen": ["fr", "ar"]}),
]
