"""A person's own data pages need a login (any role); the privacy notice is for everyone."""

from tests.matrix import EVERYONE, LOGGED_IN, Case

CASES = [
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

CASES += [
    Case("networks:audit_log", frozenset({"coordinator"})),
    Case("networks:audit_csv", frozenset({"coordinator"})),
]


def _link(db, network, people):  # noqa: ANN001, ANN201
    """A real link to "what we hold under this address", as the mail would carry it."""
    from lerend_netwerk.accounts.routes.my_data import LINK_PURPOSE
    from lerend_netwerk.web import signing
    from tests.conftest import SECRET

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
