"""Who may use the foundation's routes: home pages, members and roles, participant codes, logging in and out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lerend_netwerk.accounts.models import AccessCode
from lerend_netwerk.accounts.service import normalise_code
from lerend_netwerk.accounts.sessions import hash_token
from lerend_netwerk.networks.models import Membership, Role
from tests.factories import make_person
from tests.matrix import EVERYONE, LOGGED_IN, Case

COORDINATOR = frozenset({"coordinator"})
CODE_MANAGERS = frozenset({"facilitator", "coordinator"})
KNOWN_CODE = "ABCD-EFGH-JKMN"  # a participant's code made by `participant_with_known_code`


def membership_in_network(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    """A member of `network` (not one of `people`) whose role can be changed or who can be removed."""

    def make(session) -> int:  # noqa: ANN001
        person = make_person(session, network, Role.MEMBER, name="Lid Om Te Wijzigen", email="wijzig@zele.example")
        return session.scalar(select(Membership.id).where(Membership.person_id == person.id))

    return {"id": db.write_sync(make)}


def _participant_with_code(session, network, code: str) -> int:  # noqa: ANN001
    person = make_person(session, network, Role.PARTICIPANT, name="Deelnemer Met Kaart")
    session.add(AccessCode(code_hash=hash_token(normalise_code(code)), person_id=person.id, network_id=network.id))
    return person.id


def participant_with_code(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    """A participant of `network` with an active code; the path param is the person's id."""
    return {"id": db.write_sync(_participant_with_code, network, "PQRS-TVWX-YZ23")}


def participant_with_known_code(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    db.write_sync(_participant_with_code, network, KNOWN_CODE)
    return {}


CASES = [
    # Public pages: anyone, logged in or not, of this network or another.
    Case("networks:home", EVERYONE),
    Case("networks:healthz", EVERYONE),
    Case("networks:network", EVERYONE, note="the public face of a network; internal parts show per role"),
    Case("accounts:login", EVERYONE),
    # Member and role management: the coordinator of this network only.
    Case("accounts:members", COORDINATOR),
    Case(
        "accounts:invite",
        COORDINATOR,
        method="POST",
        data={"naam": "Nieuwe Partner", "email": "nieuw@zele.example", "rol": "member"},
    ),
    Case("accounts:change_role", COORDINATOR, method="POST", setup=membership_in_network, data={"rol": "facilitator"}),
    Case("accounts:remove_member", COORDINATOR, method="POST", setup=membership_in_network),
    # Personal codes for participants without e-mail: facilitators and the coordinator.
    Case("accounts:codes", CODE_MANAGERS),
    Case("accounts:new_code", CODE_MANAGERS, method="POST", data={"naam": "Nieuwe Deelnemer"}),
    Case("accounts:revoke_code", CODE_MANAGERS, method="POST", setup=participant_with_code),
    # Logging in is open to everyone (also to someone already logged in, who switches account).
    Case("accounts:request_link", EVERYONE, method="POST", data={"email": "member@zele.example"}),
    Case(
        "accounts:link_confirm",
        EVERYONE,
        expect_status=400,
        setup=lambda db, network, people: {"token": "geen-echte-token"},
        note="a fake token: the 'link no longer works' page for everyone",
    ),
    Case(
        "accounts:link_use",
        EVERYONE,
        method="POST",
        expect_status=400,
        setup=lambda db, network, people: {"token": "geen-echte-token"},
        data={"volgende": "/mijn"},
    ),
    Case("accounts:code_login", EVERYONE, method="POST", setup=participant_with_known_code, data={"code": KNOWN_CODE}),
    # OIDC is switched off in the matrix app; tests/test_oidc_provider.py walks it with a real provider.
    Case("accounts:oidc_start", EVERYONE, expect_status=404, note="OIDC not configured"),
    Case("accounts:oidc_callback", EVERYONE, expect_status=404, note="OIDC not configured"),
    Case("accounts:logout", EVERYONE, method="POST"),
    Case("accounts:set_language", EVERYONE, method="POST", data={"taal": "nl", "volgende": "/"}),
    # Only for someone logged in.
    Case("accounts:keep_alive", LOGGED_IN, method="POST", data={"volgende": "/mijn"}),
    Case("accounts:my_page", LOGGED_IN),
]
