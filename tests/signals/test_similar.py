"""Merge suggestions name only signals about the same thing: the same words (on a short stem), a typo, the same
theme or wijk helping a little; never a signal that shares only small words or a day of the week."""

from __future__ import annotations

import difflib
import random
import re

from sqlalchemy import update

from lerend_netwerk.signals import similar
from lerend_netwerk.signals.models import Signal
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


def _reference_score(a: similar.Comparable, b: similar.Comparable) -> float:
    """The rule as first written: a SequenceMatcher for every pair whose words leave it short."""
    shared = a.words & b.words
    overlap = 0.0
    if shared:
        overlap = 0.7 * len(shared) / min(len(a.words), len(b.words)) + 0.3 * len(shared) / len(a.words | b.words)
    spelling = 0.0
    if not shared or overlap < similar.RELATED:
        matcher = difflib.SequenceMatcher(None, a.title.lower()[:80], b.title.lower()[:80])
        if matcher.quick_ratio() >= similar.NEAR_IDENTICAL and matcher.ratio() >= similar.NEAR_IDENTICAL:
            spelling = matcher.ratio()
    if not shared and not spelling:
        return 0.0
    return max(overlap, spelling) + similar._context(a, b)


def test_the_cheap_bounds_change_no_answer():
    """`related` and `score` turn pairs away by their lengths and letters before difflib: the same answers as
    comparing every pair in full, typos, themes and all."""
    words = [
        "zwemles",
        "zwemlessen",
        "bus",
        "zaterdag",
        "bib",
        "open",
        "te",
        "duur",
        "niet",
        "voor",
        "school",
        "brief",
        "taal",
        "huur",
        "fiets",
        "wacht",
        "kind",
    ]
    rnd = random.Random(18)

    def title() -> str:
        text = list(" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6))))
        if rnd.random() < 0.3:
            text[rnd.randrange(len(text))] = rnd.choice("abxyz ")  # a typo
        return "".join(text)

    signals = [
        similar.comparable(i, title(), rnd.choice(["", title()]), rnd.choice(["", "a", "b"]), rnd.choice(["", "x"]))
        for i in range(150)
    ]
    related = 0
    for n, a in enumerate(signals):
        for b in signals[n + 1 :]:
            expected = _reference_score(a, b)
            assert similar.score(a, b) == expected
            assert similar.related(a, b) == (expected >= similar.RELATED)
            related += expected >= similar.RELATED
    assert related > 100  # the sample holds related pairs, not only strangers


def _pairs_on_board(client) -> str:  # noqa: ANN001
    board = client.get("/n/zele/signalen").text
    if 'id="dubbels-titel"' not in board:
        return ""
    start = board.index('id="dubbels-titel"')
    return board[start : board.index("</section>", start)]


def test_the_boards_pairs_follow_the_signals_at_every_view(client, db, network, login_as):
    """The pair search is remembered per worker for the signals as read: a new or reworded signal is searched again
    at the next view, and a pair that no longer holds is gone."""
    swim = add_signal(db, network, "Zwemles kost te veel voor grote gezinnen", theme="vrije tijd")
    add_signal(db, network, "Geen bus naar de sporthal op zaterdag", theme="mobiliteit")
    login_as("steering")
    assert _pairs_on_board(client) == ""
    same = add_signal(db, network, "Zwemlessen zijn te duur voor gezinnen met drie kinderen", theme="vrije tijd")
    pairs = _pairs_on_board(client)
    assert f'/signalen/{swim}"' in pairs and f'/signalen/{same}"' in pairs
    db.write_sync(
        lambda s: s.execute(
            update(Signal).where(Signal.id == same).values(title="Brieven van school zijn te moeilijk", description="")
        )
    )
    assert _pairs_on_board(client) == ""
