"""Who may use the accounts' routes: logging in and out, members and roles, participant codes, a person's own data
(which needs a login, any role), data asked for by e-mail without an account, staff acting on a paper request, and
the privacy notice (for everyone)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from lerend_netwerk.accounts.models import AccessCode
from lerend_netwerk.accounts.routes.my_data import LINK_PURPOSE
from lerend_netwerk.accounts.service import normalise_code
from lerend_netwerk.accounts.sessions import hash_token
from lerend_netwerk.networks.models import Membership, Role
from lerend_netwerk.web import signing
from tests.conftest import SECRET
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

# A person's own data needs a login (any role); the privacy notice is for everyone.
CASES += [
    Case("accounts:my_data", LOGGED_IN),
    Case("accounts:my_data_json", LOGGED_IN),
    Case("accounts:my_data_correct", LOGGED_IN, method="POST", data={"naam": "Nieuwe naam"}),
    Case(
        "accounts:my_data_erase",
        LOGGED_IN,
        method="POST",
        data={},
        expect_status=422,
        note="without the confirmation box nobody erases anything",
    ),
    Case("accounts:privacy", EVERYONE),
]


def _link(db, network, people):  # noqa: ANN001, ANN201
    """A real link to "what we hold under this address", as the mail would carry it."""
    return {"token": signing.seal(SECRET, LINK_PURPOSE, "zonder.account@zele.example")}


def _participant(db, network, people):  # noqa: ANN001, ANN201
    return {"id": people["participant"].id}


def _member(db, network, people):  # noqa: ANN001, ANN201
    return {"id": people["member"].id}


STAFF_FOR_PARTICIPANTS = frozenset({"facilitator", "coordinator"})

# Without an account: ask for a link by e-mail (same answer for every address), then see, download and erase.
CASES += [
    Case("accounts:data_request", EVERYONE),
    Case("accounts:data_request_send", EVERYONE, method="POST", data={"email": "iemand@zele.example"}),
    Case("accounts:data_link", EVERYONE, setup=_link),
    Case("accounts:data_link_json", EVERYONE, setup=_link),
    Case("accounts:data_link_erase", EVERYONE, method="POST", setup=_link, data={"bevestig": "1"}),
]

# A request on paper: staff act for a person of their own network (a facilitator for participants only).
CASES += [
    Case("accounts:person_data", STAFF_FOR_PARTICIPANTS, setup=_participant),
    Case(
        "accounts:person_data",
        frozenset({"coordinator"}),
        setup=_member,
        note="a facilitator acts for participants only",
    ),
    Case("accounts:person_data_json", STAFF_FOR_PARTICIPANTS, setup=_participant),
    Case(
        "accounts:person_data_correct",
        STAFF_FOR_PARTICIPANTS,
        method="POST",
        setup=_participant,
        data={"naam": "Nieuw"},
    ),
    Case(
        "accounts:person_data_erase",
        STAFF_FOR_PARTICIPANTS,
        method="POST",
        setup=_participant,
        data={},
        expect_status=422,
        note="without the confirmation box nobody erases anything",
    ),
]
