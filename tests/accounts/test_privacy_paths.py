"""The other two ways to one's data besides one's own page: a link mailed to the address someone left without
having an account, and a facilitator or coordinator handling a request made on paper, for their network only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from lerend_netwerk import audit
from lerend_netwerk.accounts.models import AccessCode
from lerend_netwerk.app import create_app
from lerend_netwerk.dialogue.models import SignUp
from lerend_netwerk.networks.models import Membership, Person, Role
from lerend_netwerk.signals.models import SignalContact
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session, sign
from tests.factories import make_person
from tests.signals.helpers import add_signal
from tests.smtp import body_of

AMINA = "amina.zonderaccount@zele.example"


def ask(client: TestClient, email: str):  # noqa: ANN201
    page = client.get("/mijn/gegevens/opvragen")
    return client.post("/mijn/gegevens/opvragen", data={"email": email, "csrf_token": csrf_from(page.text)})


def link_in(outbox) -> str:  # noqa: ANN001
    match = re.search(r"https?://testserver(/\S+)", body_of(outbox[-1]))
    assert match, "no link in the mail"
    return match.group(1)


def main_text(html: str) -> str:
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S)
    assert main
    return " ".join(re.sub(r"<[^>]+>", " ", main.group(1)).split())


@pytest.fixture
def amina(db, network, people) -> dict[str, int]:  # noqa: ANN001
    """Someone without an account: signed up for a dialogue table and asked to hear back on a signal."""
    _table, session_id = make_session(db, network, people["facilitator"])
    signup = sign(db, network, session_id, name="Amina", email=AMINA, phone="0470 55 66 77")
    signal_id = add_signal(db, network, "Geen opvang tijdens de les", contact_email=AMINA, theme="kind")
    return {"session": session_id, "signup": signup.signup_id, "signal": signal_id}


# -- without an account: a link by e-mail ------------------------------------------------------------------


def test_link_by_mail_shows_downloads_and_erases_what_is_kept_under_the_address(client, db, amina, outbox):
    answer = ask(client, AMINA)
    assert answer.status_code == 200 and "Kijk in je mail" in answer.text
    link = link_in(outbox)
    assert AMINA not in link and "amina" not in link  # the address travels sealed, not readable in any log

    page = client.get(link)
    assert page.status_code == 200
    assert "Amina" in page.text and "0470 55 66 77" in page.text and "Geen opvang tijdens de les" in page.text
    download = client.get(link + "/download")
    assert download.json()["dialogue"][0]["email"] == AMINA
    assert download.json()["signals"][0]["kind"] == "wants_to_hear_back"

    refused = client.post(link + "/wissen", data={"csrf_token": csrf_from(page.text)})
    assert refused.status_code == 422 and "Vink aan" in refused.text
    done = client.post(link + "/wissen", data={"bevestig": "1", "csrf_token": csrf_from(page.text)})
    assert done.status_code == 303

    signup = db.read_sync(lambda s: s.get(SignUp, amina["signup"]))
    assert (signup.first_name, signup.email, signup.phone, signup.status.value) == ("", None, None, "confirmed")
    assert db.read_sync(lambda s: s.scalars(select(SignalContact)).all()) == []
    entry = db.read_sync(
        lambda s: s.scalars(select(audit.AuditEvent).where(audit.AuditEvent.action == "email_data.erased")).one()
    )
    # and the outbox's record of the mail that brought her the link
    assert entry.details == {"dialogue": 1, "signals": 1, "mail": 1}
    assert "Geen." in client.get(link).text  # the link still opens, and shows nothing is left


def test_same_answer_and_no_mail_for_an_address_we_hold_nothing_for(client, amina, outbox):
    known = ask(client, AMINA)
    unknown = ask(client, "niemand@zele.example")
    assert known.status_code == unknown.status_code == 200
    assert main_text(known.text).replace(AMINA, "X") == main_text(unknown.text).replace("niemand@zele.example", "X")
    assert len(outbox) == 1 and outbox[0]["To"] == AMINA


def test_an_address_with_an_account_gets_a_login_link_to_my_data(client, people, outbox):
    answer = ask(client, "participant@zele.example")
    assert answer.status_code == 200
    assert re.search(r"/inloggen/link/\S+\?volgende=/mijn/gegevens", body_of(outbox[-1]))


def test_forged_or_damaged_link_is_refused(client, amina):
    for path in ("/mijn/gegevens/link/gAAAAAnep", "/mijn/gegevens/link/gAAAAAnep/download"):
        page = client.get(path)
        assert page.status_code == 400 and "Deze link werkt niet meer" in page.text


def test_bad_address_comes_back_with_a_message(client):
    answer = ask(client, "geen-adres")
    assert answer.status_code == 422
    assert "Dit is geen geldig e-mailadres" in answer.text and 'value="geen-adres"' in answer.text


@pytest.fixture
def strict_app(make_settings, db) -> Starlette:  # noqa: ANN001
    return create_app(make_settings(rate_limit_login="2/minute"), db=db)


def test_asking_for_links_is_rate_limited_per_address(strict_app, amina, outbox):
    for i in range(2):
        with TestClient(strict_app, base_url="http://testserver", client=(f"10.0.1.{i}", 5000)) as c:
            assert ask(c, AMINA).status_code == 200
    with TestClient(strict_app, base_url="http://testserver", client=("10.0.1.9", 5000)) as c:
        assert ask(c, AMINA.upper()).status_code == 429
    assert len(outbox) == 2


# -- a request on paper: staff act for a person of their network ---------------------------------------------


def test_facilitator_handles_a_paper_request_of_a_participant(client, db, network, other_network, people, login_as):
    participant = people["participant"]
    _table, session_id = make_session(db, network, people["facilitator"])
    sign(db, network, session_id, name="Pieter", email="participant@zele.example")
    _t, elsewhere = make_session(db, other_network, people["outsider"])
    sign(db, other_network, elsewhere, name="Pieter", email="participant@zele.example")
    db.write_sync(lambda s: s.add(AccessCode(code_hash="x" * 64, person_id=participant.id, network_id=network.id)))

    login_as("facilitator")
    codes = client.get(f"/n/{network.slug}/codes")
    assert f"/n/{network.slug}/gegevens/{participant.id}" in codes.text
    page = client.get(f"/n/{network.slug}/gegevens/{participant.id}")
    assert page.status_code == 200 and "Dialoogtafel Zele" in page.text
    data = client.get(f"/n/{network.slug}/gegevens/{participant.id}/download").json()
    assert len(data["dialogue"]) == 1  # what this network holds, not the sign-up in Temse

    token = csrf_from(page.text)
    fixed = client.post(
        f"/n/{network.slug}/gegevens/{participant.id}",
        data={"naam": "Pieter Verbeterd", "email": "participant@zele.example", "csrf_token": token},
    )
    assert fixed.status_code == 303
    assert db.read_sync(lambda s: s.get(Person, participant.id).name) == "Pieter Verbeterd"

    erased = client.post(
        f"/n/{network.slug}/gegevens/{participant.id}/wissen", data={"bevestig": "1", "csrf_token": token}
    )
    assert erased.status_code == 303 and erased.headers["location"].endswith(f"/n/{network.slug}/codes")
    assert db.read_sync(lambda s: s.get(Person, participant.id)) is None  # member of no other network: gone
    emails = db.read_sync(lambda s: sorted((su.network_id, su.email or "") for su in s.scalars(select(SignUp))))
    assert emails == [(network.id, ""), (other_network.id, "")]  # erased everywhere once the account is gone
    entries = db.read_sync(
        lambda s: [(e.action, e.actor_id, e.network_id, e.details) for e in s.scalars(select(audit.AuditEvent))]
    )
    assert ("person.corrected", people["facilitator"].id, network.id, {}) in entries
    erased_entry = next(e for e in entries if e[0] == "person.erased")
    assert erased_entry[1:3] == (people["facilitator"].id, network.id)
    assert "Pieter" not in repr(entries) and "participant@zele.example" not in repr(entries)


def test_coordinator_erases_only_their_network_for_someone_also_elsewhere(client, db, network, other_network, login_as):
    both = db.write_sync(make_person, network, Role.PARTICIPANT, name="Rachid Twee", email="rachid@zele.example")
    db.write_sync(lambda s: s.add(Membership(person_id=both.id, network_id=other_network.id, role=Role.PARTICIPANT)))
    _t, here = make_session(db, network, db.write_sync(make_person, network, Role.FACILITATOR, email="f2@zele.example"))
    _t2, there = make_session(db, other_network, db.write_sync(make_person, other_network, Role.FACILITATOR))
    sign(db, network, here, name="Rachid", email="rachid@zele.example")
    sign(db, other_network, there, name="Rachid", email="rachid@zele.example")

    login_as("coordinator")
    page = client.get(f"/n/{network.slug}/leden")
    assert f"/n/{network.slug}/gegevens/{both.id}" in page.text
    data_page = client.get(f"/n/{network.slug}/gegevens/{both.id}")
    erased = client.post(
        f"/n/{network.slug}/gegevens/{both.id}/wissen", data={"bevestig": "1", "csrf_token": csrf_from(data_page.text)}
    )
    assert erased.status_code == 303 and erased.headers["location"].endswith(f"/n/{network.slug}/leden")
    person = db.read_sync(lambda s: s.get(Person, both.id))
    assert person is not None and person.name == "Rachid Twee"  # still a participant in Temse
    memberships = db.read_sync(
        lambda s: s.scalars(select(Membership.network_id).where(Membership.person_id == both.id)).all()
    )
    assert memberships == [other_network.id]
    emails = db.read_sync(lambda s: dict((su.network_id, su.email) for su in s.scalars(select(SignUp))))
    assert emails == {network.id: None, other_network.id: "rachid@zele.example"}


def test_a_facilitator_does_not_act_for_staff_nor_for_people_of_another_network(
    client, db, network, other_network, people, login_as
):
    login_as("facilitator")
    assert client.get(f"/n/{network.slug}/gegevens/{people['coordinator'].id}").status_code == 404
    assert client.get(f"/n/{network.slug}/gegevens/{people['outsider'].id}").status_code == 404
    login_as("coordinator")
    assert client.get(f"/n/{network.slug}/gegevens/{people['outsider'].id}").status_code == 404
    assert client.get(f"/n/{network.slug}/gegevens/99999999999").status_code == 404
