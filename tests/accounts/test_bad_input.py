"""Bad input to every foundation form: empty, 10,000 characters, HTML and script, letters for ids, ids that do not
exist, and ids of another network. The user gets a 4xx with a Dutch message at the field, sees what they typed
again (escaped, never run as HTML), and nothing is written."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from lerend_netwerk.accounts.models import AccessCode, LoginToken
from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.networks.models import Membership, Organisation, Person, Role
from tests.accounts.matrix import participant_with_code
from tests.conftest import csrf_from
from tests.factories import make_person
from tests.test_nojs import Node, page_problems, parse

LONG = "x" * 10_000
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
# Every message the form layer writes is one of these Dutch sentences (see lerend_netwerk/web/forms.py).
DUTCH = re.compile(r"^(Vul |Kies |Dit is |Dit veld |Schrijf |Het getal |Deze |Een netwerk )")


# -- helpers ------------------------------------------------------------------------------------------------
def snapshot(db) -> dict[str, object]:  # noqa: ANN001
    """What a form could write: row counts, every membership's role, and every code's state."""

    def read(session) -> dict[str, object]:  # noqa: ANN001
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Membership, Person, AccessCode, AuditEvent, LoginToken)
        }
        roles = session.execute(select(Membership.id, Membership.role).order_by(Membership.id)).all()
        codes = session.execute(select(AccessCode.id, AccessCode.revoked_at).order_by(AccessCode.id)).all()
        return {**counts, "roles": [tuple(r) for r in roles], "codes": [tuple(c) for c in codes]}

    return db.read_sync(read)


def post(client, url: str, data: dict[str, str]):  # noqa: ANN001, ANN201
    token = csrf_from(client.get("/inloggen").text)
    return client.post(url, data={**data, "csrf_token": token})


def _form(root: Node, action: str, with_field: str | None = None) -> Node:
    for form in root.iter("form"):
        if urlsplit(form.get("action")).path != action:
            continue
        if with_field is None or any(c.get("name") == with_field for c in form.iter("input", "select", "textarea")):
            return form
    raise AssertionError(f"no form for {action} with field {with_field!r}")


def _classes(node: Node) -> list[str]:
    return node.get("class").split()


def message_at(html: str, action: str, name: str) -> str | None:
    """The error shown in the field's own container (the `.field` around it, else its form), without "Fout:"."""
    form = _form(parse(html), action, name)
    control = next(c for c in form.iter("input", "select", "textarea") if c.get("name") == name)
    container = next((a for a in control.ancestors() if "field" in _classes(a) or a.tag == "form"), form)
    errors = [e for e in container.iter() if "error" in _classes(e)]
    if not errors:
        return None
    return errors[0].text.removeprefix("Fout:").strip()


def value_of(html: str, action: str, name: str) -> str:
    form = _form(parse(html), action, name)
    control = next(c for c in form.iter("input", "textarea") if c.get("name") == name)
    return control.text if control.tag == "textarea" else control.get("value")


def assert_form_error(response, action: str, messages: dict[str, str], echoed: dict[str, str]) -> None:  # noqa: ANN001
    """422, a Dutch message at each field in `messages` (starting with the given text), no message at the
    fields in `echoed`, and the typed values back in those fields, escaped."""
    assert response.status_code == 422, response.text[:300]
    html = response.text
    for name, expected in messages.items():
        shown = message_at(html, action, name)
        assert shown, f"no message at field {name!r}"
        assert DUTCH.match(shown) and shown.startswith(expected), f"field {name!r}: {shown!r}"
    for name, typed in echoed.items():
        assert value_of(html, action, name) == typed, f"field {name!r} lost what was typed"
    assert_escaped(html, *messages.values(), *echoed.values())


def assert_escaped(html: str, *typed: str) -> None:
    for value in (SCRIPT, ATTRIBUTE):
        if any(value in t for t in typed):
            assert value not in html, "typed HTML came back unescaped"
            assert str(escape(value)) in html
    assert not [p for p in page_problems(html) if "inline" in p]


@pytest.fixture
def coordinator(client, login_as, people):  # noqa: ANN001, ANN201
    login_as("coordinator")
    return client


@pytest.fixture
def facilitator(client, login_as, people):  # noqa: ANN001, ANN201
    login_as("facilitator")
    return client


@pytest.fixture
def foreign(db, other_network, people) -> dict[str, int]:  # noqa: ANN001
    """Ids that belong to `other_network` (temse): an organisation, a membership, a participant with a code."""

    def read(session) -> dict[str, int]:  # noqa: ANN001
        return {
            "organisation": session.scalar(select(Organisation.id).where(Organisation.network_id == other_network.id)),
            "membership": session.scalar(select(Membership.id).where(Membership.network_id == other_network.id)),
        }

    ids = db.read_sync(read)
    ids["participant"] = participant_with_code(db, other_network, people)["id"]
    return ids


def _membership_id(db, person) -> int:  # noqa: ANN001
    return db.read_sync(lambda s: s.scalar(select(Membership.id).where(Membership.person_id == person.id)))


# -- invite a member ----------------------------------------------------------------------------------------
INVITE = "/n/zele/leden"
VALID_INVITE = {"naam": "Nieuwe Partner", "email": "nieuw@zele.example", "rol": "member", "organisatie": ""}


@pytest.mark.parametrize(
    ("data", "messages", "echoed"),
    [
        pytest.param(
            {"naam": "", "email": "", "rol": "", "organisatie": ""},
            {"naam": "Vul dit veld in", "email": "Vul dit veld in", "rol": "Vul dit veld in"},
            {"naam": "", "email": ""},
            id="empty",
        ),
        pytest.param(
            {"naam": LONG, "email": LONG, "rol": LONG, "organisatie": LONG},
            {"naam": "Dit is te lang", "email": "Dit is te lang", "rol": "Dit is te lang", "organisatie": "Dit is te"},
            {"naam": LONG, "email": LONG},
            id="10000-characters",
        ),
        pytest.param(
            {"naam": SCRIPT, "email": SCRIPT, "rol": SCRIPT, "organisatie": SCRIPT},
            {"email": "Dit is geen geldig e-mailadres", "rol": "Kies ", "organisatie": "Dit is te lang"},
            {"naam": SCRIPT, "email": SCRIPT},
            id="script",
        ),
        pytest.param(
            {"naam": ATTRIBUTE, "email": ATTRIBUTE, "rol": ATTRIBUTE, "organisatie": ATTRIBUTE},
            {"email": "Dit is geen geldig e-mailadres", "rol": "Kies ", "organisatie": "Dit is te lang"},
            {"naam": ATTRIBUTE, "email": ATTRIBUTE},
            id="attribute-injection",
        ),
        pytest.param(
            {**VALID_INVITE, "organisatie": "abc"},
            {"organisatie": "Vul een getal in"},
            {"naam": "Nieuwe Partner", "email": "nieuw@zele.example"},
            id="letters-for-organisation",
        ),
        pytest.param(
            {**VALID_INVITE, "organisatie": "-3"},
            {"organisatie": "Het getal moet minstens 1 zijn"},
            {"naam": "Nieuwe Partner"},
            id="negative-organisation",
        ),
        pytest.param(
            {**VALID_INVITE, "organisatie": "999999"},
            {"organisatie": "Kies een van de mogelijkheden"},
            {"naam": "Nieuwe Partner"},
            id="unknown-organisation",
        ),
        pytest.param(
            {**VALID_INVITE, "email": "member@zele.example"},
            {"email": "Deze persoon is al lid"},
            {"naam": "Nieuwe Partner", "email": "member@zele.example"},
            id="already-a-member",
        ),
    ],
)
def test_invite_refuses_bad_input(coordinator, db, data, messages, echoed) -> None:  # noqa: ANN001
    before = snapshot(db)
    response = post(coordinator, INVITE, data)
    assert_form_error(response, INVITE, messages, echoed)
    assert snapshot(db) == before


def test_invite_refuses_another_networks_organisation(coordinator, db, foreign) -> None:  # noqa: ANN001
    before = snapshot(db)
    response = post(coordinator, INVITE, {**VALID_INVITE, "organisatie": str(foreign["organisation"])})
    assert_form_error(response, INVITE, {"organisatie": "Kies een van de mogelijkheden"}, {"naam": "Nieuwe Partner"})
    assert "OCMW Temse" not in response.text  # the foreign organisation is not offered or named either
    assert snapshot(db) == before


@pytest.mark.parametrize("name", [SCRIPT, ATTRIBUTE])
def test_a_name_with_html_is_kept_as_text(coordinator, name: str) -> None:  # noqa: ANN001
    """HTML in a name is not an error (people type what they type); it is stored and always shown as text."""
    response = post(coordinator, INVITE, {**VALID_INVITE, "naam": name})
    assert response.status_code == 303
    page = coordinator.get(INVITE)
    assert name not in page.text and str(escape(name)) in page.text
    assert any(td.text.startswith(name) for td in parse(page.text).iter("td"))


# -- change a role, remove a member -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rol", "expected"),
    [("", "Vul dit veld in"), (LONG, "Dit is te lang"), (SCRIPT, "Kies "), (ATTRIBUTE, "Kies "), ("admin", "Kies ")],
    ids=["empty", "10000-characters", "script", "attribute-injection", "unknown-role"],
)
def test_change_role_refuses_a_bad_role(coordinator, db, people, rol: str, expected: str) -> None:  # noqa: ANN001
    membership_id = _membership_id(db, people["member"])
    action = f"/n/zele/leden/{membership_id}/rol"
    before = snapshot(db)
    response = post(coordinator, action, {"rol": rol})
    assert_form_error(response, action, {"rol": expected}, {})
    assert snapshot(db) == before


def test_the_last_coordinator_keeps_the_role(coordinator, db, people) -> None:  # noqa: ANN001
    membership_id = _membership_id(db, people["coordinator"])
    before = snapshot(db)
    action = f"/n/zele/leden/{membership_id}/rol"
    assert_form_error(post(coordinator, action, {"rol": "member"}), action, {"rol": "Een netwerk heeft altijd"}, {})
    response = post(coordinator, f"/n/zele/leden/{membership_id}/verwijderen", {})
    assert response.status_code == 422 and "Een netwerk heeft altijd minstens één coördinator" in response.text
    assert snapshot(db) == before


@pytest.mark.parametrize("which", ["letters", "unknown", "huge", "negative", "other-network"])
@pytest.mark.parametrize("route", ["rol", "verwijderen"])
def test_change_role_and_remove_refuse_ids_outside_the_network(coordinator, db, foreign, route, which) -> None:  # noqa: ANN001
    membership_id = {
        "letters": "abc",
        "unknown": "999999",
        "huge": str(2**40),
        "negative": "-1",
        "other-network": str(foreign["membership"]),
    }[which]
    before = snapshot(db)
    response = post(coordinator, f"/n/zele/leden/{membership_id}/{route}", {"rol": "participant"})
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.text
    assert snapshot(db) == before


# -- participant codes --------------------------------------------------------------------------------------
CODES = "/n/zele/codes"


@pytest.mark.parametrize(
    ("naam", "expected"),
    [("", "Vul dit veld in"), ("   ", "Vul dit veld in"), (LONG, "Dit is te lang"), ("Mira\nJansen", "Schrijf dit")],
    ids=["empty", "spaces", "10000-characters", "two-lines"],
)
def test_new_code_refuses_a_bad_name(facilitator, db, naam: str, expected: str) -> None:  # noqa: ANN001
    before = snapshot(db)
    response = post(facilitator, CODES, {"naam": naam})
    assert_form_error(response, CODES, {"naam": expected}, {"naam": naam})
    assert snapshot(db) == before


@pytest.mark.parametrize("which", ["letters", "unknown", "negative", "not-a-participant", "other-network"])
def test_new_code_refuses_a_person_outside_the_list(facilitator, db, people, foreign, which) -> None:  # noqa: ANN001
    persoon = {
        "letters": "abc",
        "unknown": "999999",
        "negative": "-5",
        "not-a-participant": str(people["coordinator"].id),
        "other-network": str(foreign["participant"]),
    }[which]
    before = snapshot(db)
    response = post(facilitator, CODES, {"persoon": persoon})
    assert response.status_code == 422
    form = _form(parse(response.text), CODES, "naam")  # the message stands in the form at the top of the page
    alert = next(n for n in form.iter() if n.get("role") == "alert")
    assert "Kies een van de mogelijkheden uit de lijst." in alert.text, alert.text
    assert message_at(response.text, CODES, "naam") is None  # no confusing "fill in a name"
    assert snapshot(db) == before


@pytest.mark.parametrize("name", [SCRIPT, ATTRIBUTE])
def test_a_participant_name_with_html_is_kept_as_text(facilitator, name: str) -> None:  # noqa: ANN001
    card = post(facilitator, CODES, {"naam": name})
    assert card.status_code == 200
    assert name not in card.text and str(escape(name)) in card.text
    page = facilitator.get(CODES)
    assert name not in page.text and str(escape(name)) in page.text


@pytest.mark.parametrize("which", ["letters", "unknown", "huge", "other-network"])
def test_revoke_refuses_ids_outside_the_network(facilitator, db, foreign, which) -> None:  # noqa: ANN001
    person_id = {"letters": "abc", "unknown": "999999", "huge": str(2**40), "other-network": foreign["participant"]}
    before = snapshot(db)
    response = post(facilitator, f"{CODES}/{person_id[which]}/intrekken", {})
    assert response.status_code == 404
    assert snapshot(db) == before  # the other network's code still works


# -- logging in ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("", "Vul dit veld in"),
        (LONG, "Dit is te lang"),
        (SCRIPT, "Dit is geen geldig e-mailadres"),
        (ATTRIBUTE, "Dit is geen geldig e-mailadres"),
        ("member@zele", "Dit is geen geldig e-mailadres"),
    ],
    ids=["empty", "10000-characters", "script", "attribute-injection", "no-domain"],
)
def test_login_by_email_refuses_a_bad_address(client, db, people, outbox, email: str, expected: str) -> None:  # noqa: ANN001
    before = snapshot(db)
    response = post(client, "/inloggen/email", {"email": email, "volgende": email})
    assert_form_error(response, "/inloggen/email", {"email": expected}, {"email": email})
    assert value_of(response.text, "/inloggen/email", "volgende") in ("", "/")  # only same-site paths are kept
    assert snapshot(db) == before
    assert not outbox


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", "Vul dit veld in"),
        (LONG, "Dit is te lang"),
        (SCRIPT, "Deze code klopt niet"),
        (ATTRIBUTE, "Deze code klopt niet"),
        ("ABCD-EFGH-JKMN", "Deze code klopt niet"),
    ],
    ids=["empty", "10000-characters", "script", "attribute-injection", "unknown-code"],
)
def test_login_by_code_refuses_a_bad_code(client, db, people, code: str, expected: str) -> None:  # noqa: ANN001
    before = snapshot(db)
    response = post(client, "/inloggen/code", {"code": code, "volgende": SCRIPT})
    assert_form_error(response, "/inloggen/code", {"code": expected}, {"code": code})
    assert snapshot(db) == before
    assert client.get("/mijn").status_code == 303  # still not logged in


# -- the language switch ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "taal", ["", LONG, SCRIPT, ATTRIBUTE, "de"], ids=["empty", "10000-characters", "script", "attribute", "unknown"]
)
def test_language_switch_ignores_a_bad_language(client, db, people, taal: str) -> None:  # noqa: ANN001
    """The switch is a select; a value outside it can only be forged. It then falls back to Dutch, stores nothing
    of what was sent, and stays on this site."""
    before = snapshot(db)
    response = post(client, "/taal", {"taal": taal, "volgende": "/n/zele"})
    assert response.status_code < 500
    assert client.cookies.get("ln_lang") in (None, "nl")
    if response.status_code == 303:
        assert response.headers["location"] == "/n/zele"
    else:
        assert 400 <= response.status_code < 500
        assert_escaped(response.text, taal)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "volgende",
    ["//evil.example/", "https://evil.example/", "/\\evil.example", SCRIPT, LONG, ""],
    ids=["protocol-relative", "other-host", "backslash", "script", "10000-characters", "empty"],
)
def test_language_switch_only_returns_to_this_site(client, volgende: str) -> None:  # noqa: ANN001
    response = post(client, "/taal", {"taal": "en", "volgende": volgende})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert "<" not in location


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/taal", {"taal": "en"}),
        ("/inloggen/email", {"email": "member@zele.example"}),
        ("/inloggen/code", {"code": "ABCD-EFGH-JK23"}),
        ("/sessie/verlengen", {}),
    ],
    ids=["language", "magic-link", "code", "keep-alive"],
)
def test_a_return_address_sent_twice_is_no_error(client, login_as, path: str, data: dict) -> None:  # noqa: ANN001
    """A forged form may repeat a field; `volgende` twice once crashed every login form (found by Hypothesis)."""
    login_as("member" if path == "/sessie/verlengen" else "visitor")
    token = csrf_from(client.get("/").text)
    response = client.post(path, data={**data, "volgende": ["/n/zele", "//evil.example"], "csrf_token": token})
    assert response.status_code in (200, 303, 422)
    assert "evil.example" not in response.headers.get("location", "")


def test_a_forged_post_without_token_writes_nothing(coordinator, db) -> None:  # noqa: ANN001
    before = snapshot(db)
    response = coordinator.post(INVITE, data=VALID_INVITE)
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in response.text
    assert snapshot(db) == before


def test_typed_values_survive_in_every_field(coordinator, db) -> None:  # noqa: ANN001
    """A realistic mistake: everything filled in, one field wrong. Only that field gets a message."""
    data = {"naam": "Anaïs Van den Berghe", "email": "anais@", "rol": "facilitator", "organisatie": ""}
    response = post(coordinator, INVITE, data)
    assert_form_error(response, INVITE, {"email": "Dit is geen geldig"}, {"naam": data["naam"], "email": "anais@"})
    assert message_at(response.text, INVITE, "naam") is None
    form = _form(parse(response.text), INVITE, "naam")
    select_rol = next(s for s in form.iter("select") if s.get("name") == "rol")
    assert [o.get("value") for o in select_rol.iter("option") if "selected" in o.attrs] == ["facilitator"]


def test_the_snapshot_notices_writes(db, people) -> None:  # noqa: ANN001
    """Guard for the "nothing was written" checks above: the snapshot does see a new person and a role change."""
    before = snapshot(db)
    db.write_sync(make_person, None, None, name="Los")
    assert snapshot(db) != before
    before = snapshot(db)
    membership_id = _membership_id(db, people["member"])
    db.write_sync(lambda s: setattr(s.get(Membership, membership_id), "role", Role.STEERING))
    assert snapshot(db) != before
