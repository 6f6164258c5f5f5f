"""The privacy promise: a participant's phone number, e-mail address and needs are shown only to the facilitators
of that table and the coordinator. (Who may open which route is tests/test_permissions.py's job; these tests check
what the pages that others may open show.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lerend_netwerk.dialogue.models import SignUp
from lerend_netwerk.dialogue.service import Needs
from lerend_netwerk.networks.models import Role
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session, sign
from tests.factories import make_person

SECRET_PHONE = "0499 87 65 43"
SECRET_EMAIL = "verborgen.persoon@example.be"
SECRET_NEED = "Koerdisch-Sorani"
SECRETS = (SECRET_PHONE, SECRET_EMAIL, SECRET_NEED, "eerste@example.be")


@pytest.fixture
def private_signup(db, network, people):  # noqa: ANN201
    table_id, session_id = make_session(db, network, people["facilitator"], capacity=1)
    sign(db, network, session_id, "Eerste", "eerste@example.be")
    result = sign(
        db,
        network,
        session_id,
        "Verborgen",
        SECRET_EMAIL,
        SECRET_PHONE,
        needs=Needs(interpreter=True, interpreter_language=SECRET_NEED),
    )
    return table_id, session_id, result


def _assert_hidden(client, paths: list[str], who: str) -> None:  # noqa: ANN001
    for path in paths:
        text = client.get(path).text
        for secret in SECRETS:
            assert secret not in text, (who, path, secret)


@pytest.mark.parametrize("who", ["visitor", "participant", "member", "steering", "outsider"])
def test_the_public_pages_show_no_contact_data_or_needs(client, login_as, private_signup, who):
    table_id, session_id, _ = private_signup
    login_as(who)
    base = "/n/zele/dialoogtafels"
    _assert_hidden(client, [base, f"{base}/tafels/{table_id}", f"{base}/sessies/{session_id}"], who)


def test_a_facilitator_of_another_table_sees_no_contact_data_or_needs(
    client, db, network, people, login_as, private_signup
):
    table_id, session_id, _ = private_signup
    people["other_facilitator"] = db.write_sync(make_person, network, Role.FACILITATOR, email="andere@zele.example")
    login_as("other_facilitator")
    base = "/n/zele/dialoogtafels"
    session = f"{base}/sessies/{session_id}"
    for page in ("beheer", "aanwezigheidslijst", "inchecken", "wijzigen"):
        assert client.get(f"{session}/{page}").status_code == 403
    assert client.get(f"{base}/tafels/{table_id}/sessies").status_code == 403
    pages = [base, f"{base}/tafels/{table_id}", session, f"{base}/bellijst", f"{base}/vergoedingen"]
    _assert_hidden(client, [*pages, f"{base}/vergoedingen.csv"], "other_facilitator")


@pytest.mark.parametrize("who", ["facilitator", "coordinator"])
def test_the_tables_facilitator_and_the_coordinator_see_contact_data_and_needs(client, login_as, private_signup, who):
    _, session_id, _ = private_signup
    login_as(who)
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer").text
    assert SECRET_PHONE in page and SECRET_EMAIL in page and SECRET_NEED in page


def test_the_personal_link_shows_only_that_persons_signups(client, db, network, people, private_signup):
    _, _, result = private_signup
    page = client.get(f"/n/zele/dialoogtafels/link/{result.token}")
    assert page.status_code == 200
    assert "eerste@example.be" not in page.text and "Eerste" not in page.text
    assert page.headers["referrer-policy"] == "same-origin"  # the token in the address never leaves the site
    assert client.get(f"/n/temse/dialoogtafels/link/{result.token}").status_code == 404


def test_another_networks_ids_are_not_found(client, db, network, other_network, people, login_as, private_signup):
    _, session_id, _ = private_signup
    login_as("outsider")  # coordinator of temse
    assert client.get(f"/n/temse/dialoogtafels/sessies/{session_id}").status_code == 404
    assert client.get(f"/n/temse/dialoogtafels/sessies/{session_id}/beheer").status_code == 404
    signup_id = db.read_sync(lambda s: s.scalar(select(SignUp.id).where(SignUp.email == SECRET_EMAIL)))
    page = client.get("/n/temse/dialoogtafels")
    response = client.post(
        f"/n/temse/dialoogtafels/sessies/{session_id}/inchecken/{signup_id}",
        data={"csrf_token": csrf_from(page.text), "aanwezig": "1"},
    )
    assert response.status_code == 404
