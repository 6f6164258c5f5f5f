"""At and after a session: needs summary, check-in on a phone (with and without htmx), printable sheet,
compensation with a yearly total and a CSV for finance, notes whose points go to the signals board."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from lerend_netwerk.dialogue.models import NotePoint, TableSession
from lerend_netwerk.dialogue.service import Needs
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.signals.models import Signal, SignalSource
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session, sign


def test_session_page_summarises_needs(client, db, network, people, login_as):
    _, session_id = make_session(db, network, people["facilitator"])
    sign(
        db,
        network,
        session_id,
        "Amina",
        "a@x.be",
        needs=Needs(childcare=True, children_count=2, children_ages="3 en 7"),
    )
    sign(db, network, session_id, "Karim", "k@x.be", needs=Needs(interpreter=True, interpreter_language="Arabisch"))
    login_as("facilitator")
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer").text
    assert "Kinderopvang (1)" in page and "Amina (2: 3 en 7)" in page
    assert "Tolk (1)" in page and "Karim (Arabisch)" in page
    sheet = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/aanwezigheidslijst")
    assert sheet.status_code == 200 and "Handtekening" in sheet.text and "data-print" in sheet.text


def test_check_in_works_without_javascript_and_swaps_the_row_with_htmx(client, db, network, people, login_as):
    _, session_id = make_session(db, network, people["facilitator"])
    a = sign(db, network, session_id, "Amina", "a@x.be")
    login_as("facilitator")
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/inchecken")
    assert "Tik: is er" in page.text
    url = f"/n/zele/dialoogtafels/sessies/{session_id}/inchecken/{a.signup_id}"
    plain = client.post(url, data={"csrf_token": csrf_from(page.text), "aanwezig": "1"})
    assert plain.status_code == 303 and plain.headers["location"].endswith(f"/inchecken#inschrijving-{a.signup_id}")
    assert "Aanwezig ✓" in client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/inchecken").text
    swapped = client.post(
        url, data={"aanwezig": "0"}, headers={"HX-Request": "true", "X-CSRF-Token": csrf_from(page.text)}
    )
    assert swapped.status_code == 200
    assert swapped.text.lstrip().startswith(f'<li id="inschrijving-{a.signup_id}"')
    assert "Tik: is er" in swapped.text and "<html" not in swapped.text


def test_compensation_yearly_total_and_finance_export(client, db, network, people, login_as):
    from lerend_netwerk.dialogue import session_work

    _, first = make_session(db, network, people["facilitator"], days=3)
    _, second = make_session(db, network, people["facilitator"], days=4, name="Tweede")
    f = people["facilitator"].id
    a1 = sign(db, network, first, "Amina", "a@x.be")
    a2 = sign(db, network, second, "Amina", "a@x.be")
    b = sign(db, network, first, "=Bert", phone="0470 00 00 09")
    for sid, signup in ((first, a1), (second, a2), (first, b)):
        db.write_sync(session_work.set_attendance, network.id, sid, signup.signup_id, True, actor_id=f)
    login_as("facilitator")
    page = client.get(f"/n/zele/dialoogtafels/sessies/{second}/beheer")
    response = client.post(
        f"/n/zele/dialoogtafels/sessies/{second}/vergoeding/{a2.signup_id}",
        data={"csrf_token": csrf_from(page.text), "bedrag": "30,50"},
    )
    assert response.status_code == 303
    bad = client.post(
        f"/n/zele/dialoogtafels/sessies/{second}/vergoeding/{a2.signup_id}",
        data={"csrf_token": csrf_from(page.text), "bedrag": "veel"},
    )
    assert bad.status_code == 422 and "Schrijf het bedrag in cijfers" in bad.text
    year = db.read_sync(lambda s: s.get(TableSession, second).starts_at).astimezone(TIMEZONE).year
    overview = client.get(f"/n/zele/dialoogtafels/vergoedingen?jaar={year}")
    assert "€\xa055,50" in overview.text  # 25,00 + 30,50 for Amina
    export = client.get(f"/n/zele/dialoogtafels/vergoedingen.csv?jaar={year}")
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.text), delimiter=";"))
    assert rows[0] == ["jaar", "datum", "tafel", "sessie", "nummer", "naam", "contact", "bedrag_euro"]
    lines = {(r[2], r[5], r[6], r[7]) for r in rows[1:]}  # one line per payment
    assert lines == {
        ("Dialoogtafel Zele", "Amina", "a@x.be", "25,00"),
        ("Tweede", "Amina", "a@x.be", "30,50"),
        ("Dialoogtafel Zele", "'=Bert", "0470 00 00 09", "25,00"),  # no spreadsheet formula
    }
    assert len({r[4] for r in rows[1:] if r[5] == "Amina"}) == 1  # Amina's two lines carry one number


@pytest.mark.parametrize("amount", ["1e309", "inf", "NaN", "1e3", "-5", "12,345", "0x10"])
def test_an_amount_that_is_no_plain_euro_amount_is_refused(client, db, network, people, login_as, amount):
    """'1e309' once reached float() and crashed with a 500 (found by the hostile-form test)."""
    _, session_id = make_session(db, network, people["facilitator"], days=3)
    signup = sign(db, network, session_id, "Amina", "a@x.be")
    login_as("facilitator")
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer")
    response = client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/vergoeding/{signup.signup_id}",
        data={"csrf_token": csrf_from(page.text), "bedrag": amount},
    )
    assert response.status_code == 422 and "bijvoorbeeld 25 of 25,50" in response.text


def test_note_points_go_to_the_signals_board_once(client, db, network, people, login_as):
    _, session_id = make_session(db, network, people["facilitator"])
    login_as("facilitator")
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer")
    csrf = csrf_from(page.text)
    empty = client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/punten", data={"csrf_token": csrf, "punt": "", "aantal": "x"}
    )
    assert empty.status_code == 422 and "Vul dit veld in" in empty.text
    added = client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/punten",
        data={"csrf_token": csrf, "punt": "De bus rijdt niet na 19 uur", "thema": "werk", "aantal": "5"},
    )
    assert added.status_code == 303
    point_id = db.read_sync(lambda s: s.scalar(select(NotePoint.id)))
    for _ in range(2):  # a double click makes one signal
        sent = client.post(
            f"/n/zele/dialoogtafels/sessies/{session_id}/punten/{point_id}/signaal", data={"csrf_token": csrf}
        )
        assert sent.status_code == 303
    signals = db.read_sync(lambda s: s.execute(select(Signal, SignalSource).join(SignalSource)).all())
    assert len(signals) == 1
    signal, source = signals[0]
    assert (signal.title, signal.theme, signal.people_count, signal.network_id) == (
        "De bus rijdt niet na 19 uur",
        "werk",
        5,
        network.id,
    )
    assert source.kind == "dialogue" and source.link == f"/n/zele/dialoogtafels/sessies/{session_id}"
    assert db.read_sync(lambda s: s.scalar(select(NotePoint.signal_id))) == signal.id
    assert f"signaal {signal.id}" in client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer").text
