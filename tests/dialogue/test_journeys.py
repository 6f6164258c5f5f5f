"""The sign-up journey as a person meets it: the confirmation repeats when, where, how to get there and the needs
recorded, and offers a clear way to cancel; cancelling takes a step back first; a logged-in participant sees the
needs questions before the button."""

from __future__ import annotations

import re

from sqlalchemy import select

from lerend_netwerk.dialogue.models import SignUp, SignUpStatus
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session


def _sign_up(client, network, session_id, **data):  # noqa: ANN001, ANN202
    page = client.get(f"/n/{network.slug}/dialoogtafels/sessies/{session_id}")
    data.setdefault("csrf_token", csrf_from(page.text))
    return client.post(f"/n/{network.slug}/dialoogtafels/sessies/{session_id}/inschrijven", data=data)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_confirmation_repeats_when_where_how_to_get_there_and_the_needs(client, db, network, people, outbox):
    _, session_id = make_session(db, network, people["facilitator"])
    page = _sign_up(
        client,
        network,
        session_id,
        voornaam="Amina",
        email="amina@example.be",
        toestemming="1",
        kinderopvang="1",
        kinderen_aantal="2",
        kinderen_leeftijden="3 en 7 jaar",
        tolk="1",
        tolk_taal="Arabisch",
    )
    assert page.status_code == 200
    text = _text(page.text)
    assert "Sociaal Huis" in text and "Kerkstraat 1, Zele" in text
    assert "Bus 34 tot halte Markt" in text
    assert "19:00" in text and "21:00" in text
    assert "Opvang voor je kinderen: 2 kinderen (3 en 7 jaar)" in text
    assert "Een tolk: Arabisch" in text
    assert "amina@example.be" in text
    # How to cancel: a button, and no long raw link printed as text.
    assert "Annuleer mijn inschrijving" in text
    assert "Naar mijn inschrijvingen" in text
    assert "/dialoogtafels/link/" not in text


def test_without_needs_the_confirmation_says_so(client, db, network, people, outbox):
    _, session_id = make_session(db, network, people["facilitator"])
    page = _sign_up(client, network, session_id, voornaam="Bram", telefoon="0470 11 22 33", toestemming="1")
    text = _text(page.text)
    assert "Je hebt niets extra gevraagd" in text
    assert "We bellen je op 0470 11 22 33" in text


def test_cancelling_takes_a_step_back_then_frees_the_place(client, db, network, people, login_as, outbox):
    _, session_id = make_session(db, network, people["facilitator"], capacity=1)
    first = _sign_up(client, network, session_id, voornaam="Ann", telefoon="0470 00 00 01", toestemming="1")
    _sign_up(client, network, session_id, voornaam="Bo", email="bo@example.be", toestemming="1")
    confirm_path = re.search(r'href="([^"]+/annuleren/\d+)"', first.text).group(1)
    client.cookies.clear()

    step = client.get(confirm_path)
    assert step.status_code == 200
    assert "Wil je je inschrijving echt annuleren?" in step.text
    assert "Sociaal Huis" in step.text
    no = re.search(r'href="([^"]+)"[^>]*>Nee, ik kom wel', step.text).group(1)
    assert client.get(no).status_code == 200
    # Only looking changes nothing.
    statuses = db.read_sync(lambda s: dict(s.execute(select(SignUp.first_name, SignUp.status)).all()))
    assert statuses == {"Ann": SignUpStatus.CONFIRMED, "Bo": SignUpStatus.WAITING}

    done = client.post(confirm_path, data={"csrf_token": csrf_from(step.text)})
    assert done.status_code == 303
    assert "Geannuleerd." in client.get(done.headers["location"]).text
    statuses = db.read_sync(lambda s: dict(s.execute(select(SignUp.first_name, SignUp.status)).all()))
    assert statuses == {"Ann": SignUpStatus.CANCELLED, "Bo": SignUpStatus.CONFIRMED}
    again = client.get(confirm_path)
    assert "al geannuleerd" in again.text and "Ja, annuleer" not in again.text

    # The facilitator no longer has Ann to call nor on the list of who comes; Bo moved up from the waiting list.
    login_as("facilitator")
    assert "0470 00 00 01" not in client.get("/n/zele/dialoogtafels/bellijst").text
    sheet = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/aanwezigheidslijst").text
    assert "Bo" in sheet and "Ann" not in sheet


def test_a_cancel_step_for_someone_elses_sign_up_is_not_found(client, db, network, people, outbox):
    _, session_id = make_session(db, network, people["facilitator"])
    mine = _sign_up(client, network, session_id, voornaam="Ann", email="ann@example.be", toestemming="1")
    _sign_up(client, network, session_id, voornaam="Cas", email="cas@example.be", toestemming="1")
    path = re.search(r'href="([^"]+/annuleren/)\d+"', mine.text).group(1)
    other = db.read_sync(lambda s: s.scalar(select(SignUp.id).where(SignUp.first_name == "Cas")))
    assert client.get(f"{path}{other}").status_code == 404


def test_a_logged_in_participant_sees_the_needs_before_the_button(client, db, network, people, login_as):
    _, session_id = make_session(db, network, people["facilitator"])
    login_as("participant")
    html = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}").text
    form = html[html.index('id="inschrijven"') :]
    assert "Opvang voor mijn kinderen" in form
    assert form.index("Opvang voor mijn kinderen") < form.index("Schrijf mij in")
    assert form.index("Een tolk") < form.index("Schrijf mij in")
    assert "<details" not in form.split("Schrijf mij in")[0]


def _compensate(client, session_id, signup_id, amount):  # noqa: ANN001, ANN202
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer")
    return client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/vergoeding/{signup_id}",
        data={"csrf_token": csrf_from(page.text), "bedrag": amount},
    )


def test_compensation_written_in_words_gets_a_message_at_that_persons_field(client, db, network, people, login_as):
    from tests.dialogue.helpers import sign

    _, session_id = make_session(db, network, people["facilitator"])
    amina = sign(db, network, session_id, "Amina", "amina@example.be").signup_id
    sign(db, network, session_id, "Bert", "bert@example.be")
    login_as("facilitator")
    bad = _compensate(client, session_id, amina, "vijfentwintig")
    assert bad.status_code == 422
    assert "te lang" not in bad.text
    error = re.search(rf'<p class="error" id="bedrag-{amina}-fout">(.*?)</p>', bad.text, re.S).group(1)
    assert "Vergoeding voor Amina:" in error
    assert "Schrijf het bedrag in cijfers, bijvoorbeeld 25 of 25,50." in error
    assert f'id="bedrag-{amina}" name="bedrag" class="amount" inputmode="decimal" value="vijfentwintig"' in bad.text
    assert f'aria-describedby="bedrag-{amina}-fout"' in bad.text
    assert bad.text.count('class="error"') == 1  # only Amina's field, and no banner
    assert "flash-error" not in bad.text
    # the form's address ends in the field's anchor, so the page that comes back opens at it
    assert f'/vergoeding/{amina}#bedrag-{amina}"' in bad.text
    cents = {}
    for typed in ("25,50", "25.50", "€ 25,50"):
        assert _compensate(client, session_id, amina, typed).status_code == 303, typed
        cents[typed] = db.read_sync(lambda s: s.get(SignUp, amina).compensation_cents)
    assert set(cents.values()) == {2550}
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer").text
    assert f'id="bedrag-{amina}" name="bedrag" class="amount" inputmode="decimal" value="25,50"' in page
    assert "Niet aanwezig" in page and ">nee<" not in page


def test_a_session_cannot_be_planned_in_the_past(client, db, network, people, login_as):
    from datetime import datetime, timedelta

    from lerend_netwerk.dialogue.models import TableSession
    from lerend_netwerk.i18n import TIMEZONE

    table_id, session_id = make_session(db, network, people["facilitator"])
    login_as("facilitator")
    form = client.get(f"/n/zele/dialoogtafels/tafels/{table_id}/sessies")
    yesterday = (datetime.now(TIMEZONE) - timedelta(days=1)).strftime("%Y-%m-%dT19:00")
    data = {"csrf_token": csrf_from(form.text), "start": yesterday, "duur": "120", "plaats": "Zaal", "plaatsen": "8"}
    refused = client.post(f"/n/zele/dialoogtafels/tafels/{table_id}/sessies", data=data)
    assert refused.status_code == 422
    error = re.search(r'<p class="error" id="veld-start-fout">(.*?)</p>', refused.text, re.S).group(1)
    assert "al voorbij" in error
    assert f'value="{yesterday}"' in refused.text and 'value="Zaal"' in refused.text
    count = db.read_sync(lambda s: s.query(TableSession).count())
    assert count == 1
    # Moving a planned session into the past is refused too; correcting a past session's place is not.
    edit = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/wijzigen")
    moved = client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/wijzigen", data=data | {"csrf_token": csrf_from(edit.text)}
    )
    assert moved.status_code == 422 and "al voorbij" in moved.text


def test_a_past_session_keeps_its_start_when_its_place_is_corrected(client, db, network, people, login_as):
    from datetime import timedelta

    from lerend_netwerk.dialogue.models import TableSession

    _, session_id = make_session(db, network, people["facilitator"])

    def to_the_past(s):  # noqa: ANN001, ANN202
        session = s.get(TableSession, session_id)
        session.starts_at -= timedelta(days=20)
        session.ends_at -= timedelta(days=20)

    db.write_sync(to_the_past)
    login_as("facilitator")
    edit = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/wijzigen")
    start = re.search(r'name="start" type="datetime-local" value="([^"]+)"', edit.text).group(1)
    data = {"csrf_token": csrf_from(edit.text), "start": start, "duur": "120", "plaats": "Zaal 2", "plaatsen": "8"}
    saved = client.post(f"/n/zele/dialoogtafels/sessies/{session_id}/wijzigen", data=data)
    assert "al voorbij" not in saved.text
    assert db.read_sync(lambda s: s.get(TableSession, session_id).place) == "Zaal 2"
