"""The workflow cannot skip its own steps (issue 13, point 9): a signal went from "Nieuw" straight to
"Teruggekoppeld" with no decision and no feedback. Each phase now requires what it means -- a decision for
"Beslist", also an action and a trekker for "In actie", a published feedback text for "Teruggekoppeld", the reason
(the decision: why not) for "Niet weerhouden" -- and a refusal is a Dutch message at the field, in the service, on
the signal page without JavaScript (what was typed kept) and on the board card swapped by htmx (the card stays in
its column). The same with JavaScript on, in a real browser, is in tests/browser/test_signals_browser.py."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lerend_netwerk.signals import service
from lerend_netwerk.signals.models import Signal, SignalEvent, Status
from tests.conftest import csrf_from
from tests.signals.helpers import add_signal, decide


def _status(db, signal_id: int) -> Status:  # noqa: ANN001
    return db.read_sync(lambda s: s.get(Signal, signal_id).status)


def _moves(db, signal_id: int) -> int:  # noqa: ANN001
    return db.read_sync(
        lambda s: s.scalar(select(func.count()).where(SignalEvent.signal_id == signal_id, SignalEvent.kind == "moved"))
    )


def _refused(db, network, signal_id: int, to: Status, actor: int) -> service.SignalError:  # noqa: ANN001
    with pytest.raises(service.SignalError) as refused:
        db.write_sync(service.move, network.id, signal_id, to, "Besproken op de stuurgroep", actor_id=actor)
    return refused.value


@pytest.mark.parametrize(
    ("to", "needs"),
    [
        (Status.DECIDED, ["de beslissing"]),
        (Status.IN_ACTION, ["de beslissing", "de actie", "de trekker"]),
        (Status.REPORTED_BACK, ["de beslissing", "de gepubliceerde terugkoppeling"]),
        (Status.NOT_RETAINED, ["de reden"]),
    ],
)
def test_a_new_signal_cannot_skip_to_a_decided_column(db, network, people, to, needs):
    signal_id = add_signal(db, network)
    refusal = _refused(db, network, signal_id, to, people["steering"].id)
    assert refusal.field == "status"
    assert refusal.message.endswith("Nog niet ingevuld: " + ", ".join(needs) + ".")
    assert _status(db, signal_id) == Status.NEW and _moves(db, signal_id) == 0


def test_each_phase_opens_once_it_has_what_it_means(db, network, people):
    steering = people["steering"].id
    signal_id = add_signal(db, network)
    decide(db, network, signal_id, "We vragen een sociaal tarief.")
    db.write_sync(service.move, network.id, signal_id, Status.DECIDED, "Stuurgroep maart", actor_id=steering)
    assert "de actie, de trekker" in _refused(db, network, signal_id, Status.IN_ACTION, steering).message
    decide(db, network, signal_id, "We vragen een sociaal tarief.", action="Nota aan het college")
    assert _refused(db, network, signal_id, Status.IN_ACTION, steering).message.endswith("de trekker.")
    decide(db, network, signal_id, "Sociaal tarief", action="Nota aan het college", trekker_person_id=steering)
    db.write_sync(service.move, network.id, signal_id, Status.IN_ACTION, "Nota is vertrokken", actor_id=steering)

    # feedback written but not published is not "teruggekoppeld"; publishing it puts the signal there
    db.write_sync(service.save_feedback, network.id, signal_id, "Zwemmen kost nu 1 euro.", publish=False, actor_id=1)
    refusal = _refused(db, network, signal_id, Status.REPORTED_BACK, steering)
    assert "Publiceer en verwittig" in refusal.message and refusal.message.endswith("terugkoppeling.")
    db.write_sync(service.save_feedback, network.id, signal_id, "Zwemmen kost nu 1 euro.", publish=True, actor_id=1)
    assert _status(db, signal_id) == Status.REPORTED_BACK
    # once published, moving back to the column (say after a step back to "In actie") is fine
    db.write_sync(service.move, network.id, signal_id, Status.IN_ACTION, "Nog een stap", actor_id=steering)
    db.write_sync(service.move, network.id, signal_id, Status.REPORTED_BACK, "Klaar", actor_id=steering)

    other = add_signal(db, network, "Wachtrij aan het loket")
    decide(db, network, other, "Niet weerhouden: het loket is een federale dienst.")
    db.write_sync(service.move, network.id, other, Status.NOT_RETAINED, "Buiten ons bereik", actor_id=steering)
    assert _status(db, other) == Status.NOT_RETAINED


def test_follow_up_cannot_take_away_what_the_column_needs(db, network, people):
    signal_id = add_signal(db, network)
    steering = people["steering"].id
    decide(db, network, signal_id, "Sociaal tarief", action="Nota", trekker_person_id=steering)
    db.write_sync(service.move, network.id, signal_id, Status.DECIDED, "ok", actor_id=steering)
    db.write_sync(service.move, network.id, signal_id, Status.IN_ACTION, "ok", actor_id=steering)
    for kw, field in [
        ({"decision": ""}, "beslissing"),
        ({"action": ""}, "actie"),
        ({"trekker_person_id": None}, "trekker"),
    ]:
        values = {"decision": "Sociaal tarief", "action": "Nota", "trekker_person_id": steering} | kw
        with pytest.raises(service.SignalError) as refused:
            decide(db, network, signal_id, values.pop("decision"), **values)
        assert refused.value.field == field and "In actie" in refused.value.message


def test_publishing_feedback_needs_the_decision(db, network, people):
    """A signal put in "Beslist" before these rules, without a decision, cannot be reported back either."""
    signal_id = add_signal(db, network)
    db.write_sync(lambda s: setattr(s.get(Signal, signal_id), "status", Status.DECIDED))
    with pytest.raises(service.SignalError) as refused:
        db.write_sync(service.save_feedback, network.id, signal_id, "Gedaan", publish=True, actor_id=None)
    assert refused.value.field == "terugkoppeling" and "beslissing" in refused.value.message
    assert _status(db, signal_id) == Status.DECIDED


def _post_move(client, signal_id: int, status: str, reason: str, *, shared: bool = False, **headers: str):  # noqa: ANN001, ANN202
    """The signal's own move form (no JavaScript), or with `shared` the board's one move form as board.js posts it."""
    board = client.get("/n/zele/signalen")
    data = {"status": status, "reden": reason, "csrf_token": csrf_from(board.text), "terug": "/n/zele/signalen"}
    if shared:
        return client.post("/n/zele/signalen/verplaatsen", data=data | {"signaal": str(signal_id)}, headers=headers)
    return client.post(f"/n/zele/signalen/{signal_id}/verplaatsen", data=data, headers=headers)


def test_without_javascript_the_refusal_comes_back_at_the_field_with_what_was_typed(client, db, network, login_as):
    signal_id = add_signal(db, network)
    login_as("steering")
    response = _post_move(client, signal_id, "teruggekoppeld", "Mensen zijn verwittigd")
    assert response.status_code == 422
    page = response.text
    error = re.search(r'<p class="error" id="veld-status-fout">(.*?)</p>', page, re.S)
    assert error and "pas naar “Teruggekoppeld”" in error.group(1)
    assert "Nog niet ingevuld: de beslissing, de gepubliceerde terugkoppeling." in error.group(1)
    assert 'aria-describedby="veld-status-hulp veld-status-fout"' in page
    assert '<option value="teruggekoppeld" selected>' in page  # the column chosen
    assert 'value="Mensen zijn verwittigd"' in page  # the reason typed
    assert _status(db, signal_id) == Status.NEW and _moves(db, signal_id) == 0

    # the follow-up form on the same page says the same at its own fields
    token = csrf_from(page)
    decide(db, network, signal_id)
    assert _post_move(client, signal_id, "beslist", "Stuurgroep maart").status_code == 303
    emptied = client.post(
        f"/n/zele/signalen/{signal_id}/opvolging", data={"beslissing": " ", "interne_nota": "x", "csrf_token": token}
    )
    assert emptied.status_code == 422
    assert re.search(r'id="veld-beslissing-fout">.*?de beslissing mag niet leeg zijn', emptied.text, re.S)
    assert ">x</textarea>" in emptied.text  # the note typed is kept
    assert _status(db, signal_id) == Status.DECIDED


def test_with_htmx_the_refused_move_comes_back_as_the_shared_form_with_the_message(client, db, network, login_as):
    """The board's one move form, posted by htmx and refused: the form comes back (swapped into the open dialog)
    with the message at "Naar kolom", the column chosen and the reason typed; the card stays where it was."""
    signal_id = add_signal(db, network)
    login_as("steering")
    response = _post_move(client, signal_id, "beslist", "Besproken", shared=True, **{"HX-Request": "true"})
    assert response.status_code == 422
    form = response.text
    assert form.lstrip().startswith(
        '<form method="post" action="/n/zele/signalen/verplaatsen" id="verplaats-formulier"'
    )
    assert "<html" not in form
    error = re.search(r'<p class="error" id="verplaats-status-fout">(.*?)</p>', form, re.S)
    assert error and "pas naar “Beslist” met de beslissing van de stuurgroep" in error.group(1)
    assert 'aria-describedby="verplaats-status-fout"' in form
    assert '<option value="beslist" selected>' in form  # the column chosen
    assert f'name="signaal" value="{signal_id}"' in form  # still the same card
    assert 'id="verplaats-reden" name="reden" type="text" value="Besproken"' in form  # the reason typed
    empty = _post_move(client, signal_id, "gebundeld", " ", shared=True, **{"HX-Request": "true"})
    assert empty.status_code == 422
    assert re.search(r'id="verplaats-reden-fout">.*?Vul dit veld in\.', empty.text, re.S)
    board = client.get("/n/zele/signalen").text
    assert re.search(rf'id="signaal-{signal_id}"[^>]*data-status="nieuw"', board)  # still where it was
    # posted without JavaScript and without a card (the form sits in the board's closed dialog, so only by hand):
    # the board again, the dialog open with the messages at the fields
    token = csrf_from(board)
    bare = client.post("/n/zele/signalen/verplaatsen", data={"status": "gebundeld", "reden": "", "csrf_token": token})
    assert bare.status_code == 422
    assert re.search(r'<dialog id="verplaats-dialoog"[^>]* open>', bare.text)
    assert "Kies de kaart die je wilt verplaatsen." in bare.text
    assert re.search(r'id="verplaats-reden-fout">.*?Vul dit veld in\.', bare.text, re.S)
    assert _moves(db, signal_id) == 0
    assert _status(db, signal_id) == Status.NEW and _moves(db, signal_id) == 0
