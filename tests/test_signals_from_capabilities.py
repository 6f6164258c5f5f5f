"""End to end across capabilities: a practice, a dialogue-table note point and survey answers each reach the
stuurgroep's board through their own pages, and the signal's page links back to a source the stuurgroep can open."""

from __future__ import annotations

import re

from sqlalchemy import select

from lerend_netwerk.signals.models import Signal, SignalSource
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session
from tests.practices.helpers import make_practice
from tests.surveys.helpers import answer_all_on_one_page, make_survey, options_of


def _only_signal(db) -> tuple[Signal, SignalSource]:  # noqa: ANN001
    return db.read_sync(lambda s: s.execute(select(Signal, SignalSource).join(SignalSource)).one())


def _board_links_back(client, login_as, signal: Signal, source: SignalSource) -> None:  # noqa: ANN001
    login_as("steering")
    board = client.get("/n/zele/signalen")
    assert signal.title in board.text
    detail = client.get(f"/n/zele/signalen/{signal.id}")
    assert detail.status_code == 200
    assert f'href="{source.link}"' in detail.text
    assert client.get(source.link).status_code == 200  # the link back opens for the stuurgroep


def test_a_practice_reaches_the_board_and_links_back(client, login_as, db, network, people):
    practice = make_practice(db, network, people["member"], title="Gratis tweedehands sportmateriaal")
    login_as("steering")
    page = client.get(f"/n/zele/praktijken/{practice.id}")
    assert (
        client.post(f"/n/zele/praktijken/{practice.id}/signaal", data={"csrf_token": csrf_from(page.text)}).status_code
        == 303
    )
    signal, source = _only_signal(db)
    assert source.kind == "practice"
    _board_links_back(client, login_as, signal, source)


def test_a_dialogue_note_point_reaches_the_board_and_links_back(client, login_as, db, network, people):
    _, session_id = make_session(db, network, people["facilitator"])
    login_as("facilitator")
    csrf = csrf_from(client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer").text)
    client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/punten",
        data={"csrf_token": csrf, "punt": "Geen kinderopvang op zaterdag", "thema": "kind", "aantal": "4"},
    )
    point = re.search(r"/punten/(\d+)/signaal", client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/beheer").text)
    assert point, "the session page offers to send the point to the board"
    sent = client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/punten/{point.group(1)}/signaal", data={"csrf_token": csrf}
    )
    assert sent.status_code == 303
    signal, source = _only_signal(db)
    assert (source.kind, signal.people_count) == ("dialogue", 4)
    _board_links_back(client, login_as, signal, source)


def test_survey_answers_reach_the_board_and_link_back(client, login_as, db, network):
    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    for why in ("Het lidgeld is te duur", "Te duur met drie kinderen"):
        answer_all_on_one_page(
            client,
            ids["code"],
            {f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Ja"], f"v{ids['why']}": why},
        )
    login_as("facilitator")
    page = client.get(f"/n/zele/bevragingen/{ids['survey']}/resultaten?zoek=duur")
    picked = re.findall(r'name="antwoord" value="(\d+)"', page.text)
    made = client.post(
        f"/n/zele/bevragingen/{ids['survey']}/signaal",
        data={"csrf_token": csrf_from(page.text), "titel": "Sporten is te duur", "antwoord": picked},
    )
    assert made.status_code == 303
    signal, source = _only_signal(db)
    assert (source.kind, signal.people_count) == ("survey", 2)
    _board_links_back(client, login_as, signal, source)


def test_the_public_form_reaches_the_board(client, login_as, db, network):
    page = client.get("/n/zele/melden")
    response = client.post(
        "/n/zele/melden",
        data={
            "csrf_token": csrf_from(page.text),
            "titel": "De inschrijving voor de speelpleinwerking kan alleen online",
            "drempel": "digitaal",
            "wijk": "Kouter",
        },
    )
    assert response.status_code == 303
    signal, source = _only_signal(db)
    assert (source.kind, signal.threshold_code, signal.neighbourhood) == ("direct", "digitaal", "Kouter")
    login_as("steering")
    assert signal.title in client.get("/n/zele/signalen").text
