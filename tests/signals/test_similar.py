"""Merge suggestions name only signals about the same thing: the same words (on a short stem), a typo, the same
theme or wijk helping a little; never a signal that shares only small words or a day of the week."""

from __future__ import annotations

import re

from lerend_netwerk.signals import similar
from tests.signals.helpers import add_signal


def _suggested(client, signal_id: int) -> set[int]:  # noqa: ANN001
    page = client.get(f"/n/zele/signalen/{signal_id}").text
    merge = page[page.index('id="samenvoegen"') :]
    return {int(v) for v in re.findall(r'name="andere" value="(\d+)"', merge)}


def test_suggestions_are_the_related_signals_and_no_other(client, db, network, login_as):
    swim = add_signal(
        db, network, "Zwemles kost te veel voor grote gezinnen", theme="vrije tijd", neighbourhood="Kouter"
    )
    same = add_signal(db, network, "Zwemlessen zijn te duur voor gezinnen met drie kinderen", theme="vrije tijd")
    typo = add_signal(db, network, "Zwemles kost te veel voor grote gezinen", theme="vrije tijd")
    unrelated = [
        add_signal(db, network, "Geen bus naar de sporthal op zaterdag", theme="mobiliteit", neighbourhood="Kouter"),
        add_signal(db, network, "Bibliotheek is niet open op zaterdag", theme="vrije tijd", neighbourhood="Kouter"),
        add_signal(db, network, "Brieven van school zijn te moeilijk voor ouders", theme="onderwijs"),
        add_signal(db, network, "Te veel mensen wachten te lang aan het loket", theme="welzijn"),
        add_signal(db, network, "Kinderopvang sluit voor de avondcursus begint", theme="werk"),
    ]
    login_as("steering")
    assert _suggested(client, swim) == {same, typo}
    for other in unrelated:
        assert swim not in _suggested(client, other), other
    board = client.get("/n/zele/signalen").text
    pairs = board[board.index('id="dubbels-titel"') : board.index("</section>", board.index('id="dubbels-titel"'))]
    for other in unrelated:
        assert f'/signalen/{other}"' not in pairs


def test_the_rule_itself():
    bus = similar.comparable(1, "Bus rijdt niet op zaterdag", theme="mobiliteit")
    library = similar.comparable(2, "Bib is niet open op zaterdag", theme="mobiliteit")
    assert not similar.related(bus, library)  # only "zaterdag" in common, even in the same theme
    assert similar.content_words("Zwemlessen zijn niet voor mensen") == {"zwemle"}
    a = similar.comparable(3, "Zwemles is te duur", theme="sport")
    b = similar.comparable(4, "Zwemles is te duur", theme="wonen")
    assert similar.related(a, b)  # the same words outweigh a different theme
    assert similar.score(a, similar.comparable(5, "De website werkt niet")) == 0.0


def test_one_person_is_one_person_not_one_people(client, db, network, login_as):
    one = add_signal(db, network, "Zwemles is te duur", contact_email="a@example.org")
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{one}").text
    assert "1 mensen" not in page
    assert "1 persoon, die nog geen e-mail kreeg" in page
