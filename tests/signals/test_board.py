"""The board as the stuurgroep uses it: sources linking back, moves with and without JavaScript, merges,
follow-up, and isolation between networks."""

from __future__ import annotations

import re

from sqlalchemy import select

from lerend_netwerk.signals.models import SignalEvent, SignalSource
from tests.conftest import csrf_from
from tests.signals.helpers import add_signal
from tests.test_nojs import form_with_action, forms_of, submit


def test_signals_from_every_source_link_back_to_it(client, db, network, login_as):
    ids = {
        "survey": add_signal(
            db,
            network,
            "Inschrijven kan enkel online",
            kind="survey",
            ref_id=7,
            link="/n/zele/bevragingen/3/antwoorden/7",
            label="Bevraging vrije tijd",
        ),
        "dialogue": add_signal(
            db,
            network,
            "Bus rijdt niet op zaterdag",
            kind="dialogue",
            ref_id=12,
            link="/n/zele/dialoogtafels/sessies/12",
            label="Dialoogtafel 12 maart",
        ),
        "practice": add_signal(
            db,
            network,
            "Brief van school is te moeilijk",
            kind="practice",
            ref_id=4,
            link="/n/zele/praktijken/4",
            label="Praktijk: eenvoudige brieven",
        ),
    }
    login_as("steering")
    board = client.get("/n/zele/signalen")
    assert board.status_code == 200
    for kind_label in ("Bevraging", "Dialoogtafel", "Praktijk"):
        assert kind_label in board.text
    for key, link in [
        ("survey", "/n/zele/bevragingen/3/antwoorden/7"),
        ("dialogue", "/n/zele/dialoogtafels/sessies/12"),
        ("practice", "/n/zele/praktijken/4"),
    ]:
        page = client.get(f"/n/zele/signalen/{ids[key]}")
        assert page.status_code == 200
        assert f'href="{link}"' in page.text


def test_public_report_becomes_a_direct_signal_on_the_board(client, db, network, login_as):
    form = client.get("/n/zele/melden")
    assert form.status_code == 200
    sent = client.post(
        "/n/zele/melden",
        data={
            "titel": "Speelplein te ver voor kinderen",
            "thema": "kind",
            "wijk": "Kouter",
            "csrf_token": csrf_from(form.text),
        },
    )
    assert sent.status_code == 303
    login_as("steering")
    board = client.get("/n/zele/signalen")
    assert "Speelplein te ver voor kinderen" in board.text
    assert "Rechtstreekse melding" in board.text


def _move(client, signal_id, status, reason, **headers):
    page = client.get(f"/n/zele/signalen/{signal_id}")
    return client.post(
        f"/n/zele/signalen/{signal_id}/verplaatsen",
        data={"status": status, "reden": reason, "csrf_token": csrf_from(page.text), "terug": "/n/zele/signalen"},
        headers=headers,
    )


def test_move_without_javascript_is_kept_in_history(client, db, network, login_as):
    signal_id = add_signal(db, network)
    person = login_as("steering")
    response = _move(client, signal_id, "gebundeld", "Zelfde vraag als vorige maand")
    assert response.status_code == 303
    assert response.headers["location"] == "/n/zele/signalen"
    page = client.get(f"/n/zele/signalen/{signal_id}")
    history = page.text.split("Geschiedenis", 1)[1]
    assert "Zelfde vraag als vorige maand" in history
    assert person.name in history
    assert "Nieuw" in history and "Gebundeld" in history
    event = db.read_sync(lambda s: s.query(SignalEvent).filter_by(signal_id=signal_id, kind="moved").one())
    assert (event.from_status, event.to_status, event.actor_id) == ("nieuw", "gebundeld", person.id)


def test_move_with_htmx_swaps_the_card_and_is_kept_in_history(client, db, network, login_as):
    """What board.js does after a drop: fill in the board's one move form and post it with HX-Request; the board
    comes back (for #bord) with the card in its new column and the message for the live region."""
    signal_id = add_signal(db, network)
    login_as("steering")
    board = client.get("/n/zele/signalen")
    shared = form_with_action(board.text, "/n/zele/signalen/verplaatsen", "/n/zele/signalen")
    assert shared.fields["signaal"] == [""]  # board.js fills it in
    response = client.post(
        shared.action,
        data={
            "csrf_token": shared.fields["csrf_token"][0],
            "terug": shared.fields["terug"][0],
            "signaal": str(signal_id),
            "status": "gebundeld",
            "reden": "Besproken op de stuurgroep",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#bord"
    assert "<html" not in response.text
    assert re.search(rf'id="signaal-{signal_id}"[^>]*data-status="gebundeld"', response.text)
    assert "Het signaal staat nu in de kolom “Gebundeld”." in response.text
    event = db.read_sync(lambda s: s.query(SignalEvent).filter_by(signal_id=signal_id, kind="moved").one())
    assert event.reason == "Besproken op de stuurgroep"


def test_a_board_of_a_hundred_cards_has_one_move_form_and_a_link_per_card(client, db, network, login_as):
    """A card is a link to the signal's move form, not a form of its own: the board carries the filters and the one
    shared move form whatever the number of cards."""
    for n in range(110):
        add_signal(db, network, f"Signaal {n} over de bus", theme="taal" if n % 2 else "")
    login_as("steering")
    board = client.get("/n/zele/signalen?thema=taal")
    assert board.status_code == 200
    cards = re.findall(r'<li id="signaal-(\d+)" class="signal-card', board.text)
    assert len(cards) >= 50
    content = board.text.split("<main", 1)[1].split("</main>", 1)[0]  # not the header's and footer's own forms
    assert content.count("<form") == 2  # the filters and the shared move form
    actions = {f.action for f in forms_of(content, "/n/zele/signalen")}
    assert actions == {"/n/zele/signalen", "/n/zele/signalen/verplaatsen"}
    back = "?terug=%2Fn%2Fzele%2Fsignalen%3Fthema%3Dtaal#verplaatsen"
    for card in cards:
        assert f'href="/n/zele/signalen/{card}{back}"' in board.text


def test_move_without_javascript_from_the_board_comes_back_to_the_same_filtered_board(client, db, network, login_as):
    """The no-JS journey: a card's "Verplaats" link, the signal's move form, then the board as it was filtered,
    the card in its new column and the message."""
    signal_id = add_signal(db, network, "Geen bus op zondag", theme="taal")
    add_signal(db, network, "Zwemles is te duur", theme="werk")
    login_as("steering")
    board = client.get("/n/zele/signalen?thema=taal")
    card = board.text.split(f'id="signaal-{signal_id}"', 1)[1].split("</li>", 1)[0]
    link = re.search(r'<a class="move-link" href="([^"]+)">Verplaats', card).group(1).replace("&amp;", "&")
    page = client.get(link.split("#", 1)[0])
    assert page.status_code == 200
    assert 'href="/n/zele/signalen?thema=taal">Terug naar het bord' in page.text
    form = form_with_action(page.text, f"/n/zele/signalen/{signal_id}/verplaatsen", link)
    assert form.fields["terug"] == ["/n/zele/signalen?thema=taal"]
    refused = submit(client, form, status="gebundeld", reden="")  # no reason: the page again, the way back kept
    assert refused.status_code == 422
    assert re.search(r'id="veld-reden-fout">.*?Vul dit veld in\.', refused.text, re.S)
    form = form_with_action(refused.text, f"/n/zele/signalen/{signal_id}/verplaatsen", link)
    assert form.fields["terug"] == ["/n/zele/signalen?thema=taal"]
    moved = submit(client, form, status="gebundeld", reden="Zelfde vraag als vorige maand")
    assert moved.status_code == 303
    assert moved.headers["location"] == "/n/zele/signalen?thema=taal"
    after = client.get(moved.headers["location"])
    assert "Het signaal staat nu in de kolom “Gebundeld”." in after.text
    assert re.search(rf'id="signaal-{signal_id}"[^>]*data-status="gebundeld"', after.text)
    assert "Zwemles is te duur" not in after.text  # still filtered
    # a way back that is not this network's board is not offered (nor followed)
    elsewhere = client.get(f"/n/zele/signalen/{signal_id}?terug=https://example.org/")
    assert 'name="terug"' not in elsewhere.text


def test_move_needs_a_reason_and_keeps_the_status(client, db, network, login_as):
    signal_id = add_signal(db, network)
    login_as("steering")
    response = _move(client, signal_id, "beslist", "")
    assert response.status_code == 422
    assert "Vul dit veld in." in response.text
    long = _move(client, signal_id, "beslist", "x" * 10_000)
    assert long.status_code == 422
    assert "Dit is te lang" in long.text
    bad = _move(client, signal_id, "<script>", "reden")
    assert bad.status_code == 422
    page = client.get(f"/n/zele/signalen/{signal_id}")
    assert "<dd>Nieuw</dd>" in page.text


def test_merge_keeps_every_source_and_sums_the_count(client, db, network, login_as):
    a = add_signal(db, network, "Zwemles te duur", kind="survey", people_count=3, link="/n/zele/bevragingen/1")
    b = add_signal(
        db,
        network,
        "Zwemlessen zijn te duur",
        kind="dialogue",
        people_count=4,
        link="/n/zele/dialoogtafels/sessies/2",
        contact_email="a@example.org",
    )
    c = add_signal(db, network, "Zwembad kost te veel", kind="practice", people_count=2, link="/n/zele/praktijken/9")
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{a}")
    assert f'value="{b}"' in page.text  # suggested as a likely duplicate
    response = client.post(
        f"/n/zele/signalen/{a}/samenvoegen",
        data={
            "andere": [str(b)],
            "nummer": str(c),
            "reden": "Drie keer dezelfde vraag",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 303
    page = client.get(f"/n/zele/signalen/{a}")
    assert "<dd>9</dd>" in page.text
    for link in ("/n/zele/bevragingen/1", "/n/zele/dialoogtafels/sessies/2", "/n/zele/praktijken/9"):
        assert f'href="{link}"' in page.text
    kinds = db.read_sync(lambda s: sorted(s.scalars(select(SignalSource.kind).filter_by(signal_id=a))))
    assert kinds == ["dialogue", "practice", "survey"]
    merged = client.get(f"/n/zele/signalen/{b}")
    assert "samengevoegd met" in merged.text
    assert "Drie keer dezelfde vraag" in merged.text
    board = client.get("/n/zele/signalen")
    assert f'id="signaal-{b}"' not in board.text and f'id="signaal-{a}"' in board.text


def test_merge_refuses_another_networks_signal(client, db, network, other_network, login_as):
    mine = add_signal(db, network)
    theirs = add_signal(db, other_network, "Signaal van Temse")
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{mine}")
    response = client.post(
        f"/n/zele/signalen/{mine}/samenvoegen",
        data={"nummer": str(theirs), "reden": "poging", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 422
    assert "Kies een van de mogelijkheden" in response.text


def test_a_signal_of_one_network_is_invisible_to_another_networks_stuurgroep(
    client, db, network, other_network, login_as
):
    theirs = add_signal(db, other_network, "Geheim signaal van Temse")
    mine = add_signal(db, network, "Signaal van Zele")
    login_as("outsider")  # coordinator of Temse
    assert client.get("/n/zele/signalen").status_code == 403
    assert client.get(f"/n/zele/signalen/{mine}").status_code == 403
    own = client.get("/n/temse/signalen")
    assert "Geheim signaal van Temse" in own.text and "Signaal van Zele" not in own.text
    assert client.get(f"/n/temse/signalen/{mine}").status_code == 404
    login_as("steering")  # of Zele
    assert client.get(f"/n/zele/signalen/{theirs}").status_code == 404
    assert "Geheim signaal van Temse" not in client.get("/n/zele/signalen").text
    assert "Geheim signaal van Temse" not in client.get("/n/zele/signalen/export.json").text
    page = client.get(f"/n/zele/signalen/{mine}")
    moved = client.post(
        f"/n/zele/signalen/{theirs}/verplaatsen",
        data={"status": "beslist", "reden": "x", "csrf_token": csrf_from(page.text)},
    )
    assert moved.status_code == 404


def test_follow_up_trekker_decision_and_overdue(client, db, network, people, login_as):
    signal_id = add_signal(db, network)
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{signal_id}")
    org_id = re.search(r'<option value="(\d+)">OCMW', page.text).group(1)
    response = client.post(
        f"/n/zele/signalen/{signal_id}/opvolging",
        data={
            "trekker": f"p{people['facilitator'].id}",
            "beslissing": "We vragen een sociaal tarief",
            "actie": "Voorstel aan het schepencollege",
            "partner": org_id,
            "vervaldatum": "2020-01-31",
            "interne_nota": "Schepen is nog niet overtuigd",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 303
    _move(client, signal_id, "in_actie", "Actie loopt")
    board = client.get("/n/zele/signalen")
    card = board.text.split(f'id="signaal-{signal_id}"', 1)[1].split("</li>", 1)[0]
    assert "Te laat" in card and people["facilitator"].name in card
    bad = client.post(
        f"/n/zele/signalen/{signal_id}/opvolging",
        data={"trekker": "p999999", "partner": "abc", "vervaldatum": "gisteren", "csrf_token": csrf_from(page.text)},
    )
    assert bad.status_code == 422
    assert "Vul een getal in" in bad.text and "Vul een datum in" in bad.text


def test_a_visitor_asking_for_the_board_is_sent_to_log_in(client, db, network, login_as):
    # Which roles get the board is the permission matrix's (tests/signals/matrix.py); this is what a visitor sees.
    add_signal(db, network)
    login_as("visitor")
    assert client.get("/n/zele/signalen").status_code == 303
