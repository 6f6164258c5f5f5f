"""Signing up through the pages: without login, logged in with one click, and by a facilitator; cancel by link."""

from __future__ import annotations

import re

import icalendar
from sqlalchemy import select

from lerend_netwerk.dialogue.models import CallTask, SignUp, SignUpStatus
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session
from tests.smtp import body_of


def _form(client, network, session_id):  # noqa: ANN001, ANN202
    page = client.get(f"/n/{network.slug}/dialoogtafels/sessies/{session_id}")
    assert page.status_code == 200
    return csrf_from(page.text)


def _post(client, network, session_id, **data):  # noqa: ANN001, ANN202
    data.setdefault("csrf_token", _form(client, network, session_id))
    return client.post(f"/n/{network.slug}/dialoogtafels/sessies/{session_id}/inschrijven", data=data)


def _ics(message):  # noqa: ANN001, ANN202
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return icalendar.Calendar.from_ical(parts[0].get_content())


def test_sign_up_without_login_with_needs_sends_a_confirmation_with_a_calendar_file(
    client, db, network, people, outbox
):
    _, session_id = make_session(db, network, people["facilitator"])
    response = _post(
        client,
        network,
        session_id,
        voornaam="Amina",
        email="amina@example.be",
        toestemming="1",
        kinderopvang="1",
        kinderen_aantal="2",
        kinderen_leeftijden="3 en 7",
        tolk="1",
        tolk_taal="Arabisch",
    )
    assert response.status_code == 200, response.text
    assert "Je bent ingeschreven" in response.text
    assert len(outbox) == 1
    mail = outbox[0]
    assert mail["To"].addresses[0].addr_spec == "amina@example.be"
    body = body_of(mail)
    assert "Bus 34" in body
    link = re.search(r"http://testserver(/n/zele/dialoogtafels/link/\S+)", body).group(1)
    assert link in response.text
    cal = _ics(mail)
    assert str(cal["METHOD"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == f"dialoogtafel-sessie-{session_id}@lerend-netwerk"
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert event.decoded("DTSTART").hour == 19
    assert event.decoded("DTEND").hour == 21
    assert "Kerkstraat 1" in str(event["LOCATION"])
    assert "groene deur" in str(event["DESCRIPTION"])
    assert cal.walk("VTIMEZONE"), "calendar apps need the time zone definition"
    stored = db.read_sync(lambda s: s.scalars(select(SignUp)).one())
    assert (stored.childcare, stored.children_count, stored.interpreter_language) == (True, 2, "Arabisch")
    assert stored.token_hash and link.rsplit("/", 1)[1] not in (stored.token_hash, stored.link_nonce)


def test_sign_up_needs_a_way_to_reach_and_consent(client, db, network, people, outbox):
    _, session_id = make_session(db, network, people["facilitator"])
    response = _post(client, network, session_id, voornaam="<script>x</script>" * 1000)
    assert response.status_code == 422
    assert "Dit is te lang" in response.text
    assert "Vul een e-mailadres of een telefoonnummer in" in response.text
    assert "<script>x" not in response.text
    response = _post(client, network, session_id, voornaam="Jan", telefoon="0470 12 34 56")
    assert response.status_code == 422
    assert "Zet een vinkje" in response.text
    assert 'value="0470 12 34 56"' in response.text
    assert outbox == []


def test_phone_only_sign_up_lands_on_the_call_list(client, db, network, people, login_as, outbox):
    _, session_id = make_session(db, network, people["facilitator"])
    response = _post(client, network, session_id, voornaam="Jan", telefoon="0470 12 34 56", toestemming="1")
    assert response.status_code == 200
    assert outbox == []
    login_as("facilitator")
    page = client.get("/n/zele/dialoogtafels/bellijst")
    assert "0470 12 34 56" in page.text and "Bevestigen" in page.text
    task_id = db.read_sync(lambda s: s.scalars(select(CallTask.id)).one())
    done = client.post(f"/n/zele/dialoogtafels/bellijst/{task_id}", data={"csrf_token": csrf_from(page.text)})
    assert done.status_code == 303
    assert "0470 12 34 56" not in client.get("/n/zele/dialoogtafels/bellijst").text


def test_logged_in_participant_signs_up_with_one_click(client, db, network, people, login_as, outbox):
    _, session_id = make_session(db, network, people["facilitator"])
    login_as("participant")
    csrf = _form(client, network, session_id)
    response = _post(client, network, session_id, csrf_token=csrf, als_ik="1")
    assert response.status_code == 200
    stored = db.read_sync(lambda s: s.scalars(select(SignUp)).one())
    assert stored.person_id == people["participant"].id
    assert stored.email == "participant@zele.example"
    assert len(outbox) == 1


def test_facilitator_signs_someone_up_with_only_a_name(client, db, network, people, login_as, outbox):
    _, session_id = make_session(db, network, people["facilitator"])
    login_as("facilitator")
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer")
    assert page.status_code == 200
    response = client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/namens",
        data={"csrf_token": csrf_from(page.text), "voornaam": "Marie", "vervoer": "1"},
    )
    assert response.status_code == 303
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer")
    assert "Marie" in page.text
    stored = db.read_sync(lambda s: s.scalars(select(SignUp)).one())
    assert (stored.first_name, stored.email, stored.phone, stored.transport) == ("Marie", None, None, True)
    assert stored.registered_by_id == people["facilitator"].id
    assert outbox == []


def test_cancel_by_link_promotes_and_notifies_the_first_in_line(client, db, network, people, outbox):
    _, session_id = make_session(db, network, people["facilitator"], capacity=1)
    assert _post(client, network, session_id, voornaam="A", email="a@example.be", toestemming="1").status_code == 200
    waiting = _post(client, network, session_id, voornaam="B", email="b@example.be", toestemming="1")
    assert "Je staat op de wachtlijst" in waiting.text and "nummer 1" in waiting.text
    assert _post(client, network, session_id, voornaam="C", email="c@example.be", toestemming="1").status_code == 200
    first_link = re.search(r"http://testserver(/n/zele/dialoogtafels/link/\S+)", body_of(outbox[0])).group(1)
    outbox.clear()
    client.cookies.clear()
    mine = client.get(first_link)
    assert mine.status_code == 200 and "Je bent ingeschreven." in mine.text
    assert "b@example.be" not in mine.text
    signup_id = db.read_sync(lambda s: s.scalar(select(SignUp.id).where(SignUp.email == "a@example.be")))
    done = client.post(f"{first_link}/annuleren/{signup_id}", data={"csrf_token": csrf_from(mine.text)})
    assert done.status_code == 303
    assert "Geannuleerd." in client.get(first_link).text
    assert [m["To"].addresses[0].addr_spec for m in outbox] == ["b@example.be"]
    assert "er is een plaats vrij" in outbox[0]["Subject"].lower()
    event = _ics(outbox[0]).walk("VEVENT")[0]
    assert str(event["UID"]) == f"dialoogtafel-sessie-{session_id}@lerend-netwerk"
    statuses = db.read_sync(lambda s: dict(s.execute(select(SignUp.email, SignUp.status)).all()))
    assert statuses == {
        "a@example.be": SignUpStatus.CANCELLED,
        "b@example.be": SignUpStatus.CONFIRMED,
        "c@example.be": SignUpStatus.WAITING,
    }
    # a forged link or another person's sign-up id is simply not found
    assert client.get("/n/zele/dialoogtafels/link/forged").status_code == 404
    other = db.read_sync(lambda s: s.scalar(select(SignUp.id).where(SignUp.email == "c@example.be")))
    assert client.post(f"{first_link}/annuleren/{other}", data={"csrf_token": csrf_from(mine.text)}).status_code == 404
