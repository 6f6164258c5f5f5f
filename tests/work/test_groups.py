"""Working groups: a coordinator makes Zele's five theme groups with a trekker, members and a rhythm; the trekker
holds a meeting with agenda, minutes and attendance (practices' meeting parts); the rhythm says when the next
meeting is due and which group is late; members see their groups, others do not."""

from __future__ import annotations

from datetime import date

from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.work.queries import rhythm
from tests.conftest import csrf_from
from tests.practices.helpers import make_practice

ZELE_GROUPS = [
    ("Werkgroep kind", "kind"),
    ("Werkgroep jeugd", "jeugd"),
    ("Werkgroep taal", "taal"),
    ("Werkgroep vrije tijd", "vrije tijd"),
    ("Werkgroep werk", "werk"),
]


def test_coordinator_makes_the_five_zele_groups_and_one_meets(client, login_as, db, network, people):
    make_practice(db, network, people["member"], title="Huiswerkklas met vrijwilligers")
    db.write_sync(
        lambda s: receive(
            s, network.id, Incoming(title="Geen plaats in de opvang", kind="direct", theme="kind"), actor_id=None
        )
    )
    login_as("coordinator")
    csrf = csrf_from(client.get("/n/zele/werkgroepen").text)
    refused = client.post("/n/zele/werkgroepen", data={"csrf_token": csrf, "naam": "Werkgroep kind", "ritme": "veel"})
    assert (
        refused.status_code == 422 and 'value="Werkgroep kind"' in refused.text and "Vul een getal in" in refused.text
    )
    urls = {}
    for name, theme in ZELE_GROUPS:
        made = client.post(
            "/n/zele/werkgroepen",
            data={"csrf_token": csrf, "naam": name, "thema": theme, "ritme": "4", "trekker": str(people["member"].id)},
        )
        assert made.status_code == 303, made.text
        urls[theme] = made.headers["location"]
    twice = client.post("/n/zele/werkgroepen", data={"csrf_token": csrf, "naam": "Werkgroep taal", "ritme": "4"})
    assert twice.status_code == 422 and "Er is al een werkgroep met die naam" in twice.text
    listing = client.get("/n/zele/werkgroepen").text
    for name, _theme in ZELE_GROUPS:
        assert name in listing
    assert "4 keer per jaar" in listing

    kind = urls["kind"]
    added = client.post(
        kind + "/leden", data={"csrf_token": csrf, "persoon": str(people["facilitator"].id), "rol": "sleutelfiguur"}
    )
    assert added.status_code == 303
    assert client.post(kind + "/leden", data={"csrf_token": csrf, "organisatie": "1"}).status_code == 303
    page = client.get(kind).text
    assert "Facilitator Test" in page and "sleutelfiguur" in page and "OCMW Zele" in page
    assert "Geen plaats in de opvang" in page  # its theme's signals
    assert "Huiswerkklas met vrijwilligers" in page  # shared by its trekker

    # the trekker (a member) holds the meeting
    login_as("member")
    csrf = csrf_from(client.get(kind).text)
    planned = client.post(
        kind + "/vergaderingen",
        data={
            "csrf_token": csrf,
            "titel": "Werkgroep kind, maart",
            "wanneer": "2099-03-12T19:30",
            "plaats": "Huis van het Kind",
        },
    )
    assert planned.status_code == 303
    url = planned.headers["location"]
    assert client.post(url + "/agenda", data={"csrf_token": csrf, "punt": "Wachtlijst kinderopvang"}).status_code == 303
    saved = client.post(
        url + "/verslag",
        data={
            "csrf_token": csrf,
            "verslag": "We spraken **twee** acties af.",
            "aanwezig": [str(people["member"].id), str(people["facilitator"].id)],
        },
    )
    assert saved.status_code == 303
    meeting = client.get(url).text
    assert "Wachtlijst kinderopvang" in meeting and "<strong>twee</strong>" in meeting and "2 personen" in meeting
    # someone outside the group may not mark attendance
    outside = client.post(url + "/verslag", data={"csrf_token": csrf, "aanwezig": [str(people["steering"].id)]})
    assert outside.status_code == 422
    # the group's meeting is not one of the network's netwerkmomenten
    assert "Werkgroep kind, maart" not in client.get("/n/zele/netwerkmomenten").text

    # members see their groups; a facilitator in none of them sees none of the others
    login_as("facilitator")
    mine = client.get("/n/zele/werkgroepen").text
    assert "Werkgroep kind" in mine and "Werkgroep taal" not in mine
    assert client.get(urls["taal"]).status_code == 403
    assert client.get(url).status_code == 200
    assert client.post(url + "/verslag", data={"csrf_token": csrf_from(mine), "verslag": "x"}).status_code == 403


def test_the_rhythm_says_when_the_next_meeting_is_due_and_when_it_is_late():
    today = date(2026, 12, 5)
    due, late = rhythm(date(2026, 6, 1), None, 4, date(2026, 1, 1), today)
    assert due == date(2026, 8, 31) and late
    due, late = rhythm(date(2026, 11, 1), None, 4, date(2026, 1, 1), today)
    assert due == date(2027, 1, 31) and not late
    _due, late = rhythm(date(2026, 6, 1), date(2026, 12, 20), 4, date(2026, 1, 1), today)
    assert not late  # a meeting is planned
    due, late = rhythm(None, None, 2, date(2026, 1, 1), today)
    assert due == date(2026, 7, 2) and late


def test_the_coordinator_sees_which_group_is_late(client, login_as, db, network, people):
    from datetime import UTC, datetime

    from lerend_netwerk.work import service
    from tests.work.helpers import make_group

    group_id = make_group(db, network, people)
    db.write_sync(
        service.plan_meeting,
        network.id,
        group_id,
        title="Oud",
        starts_at=datetime(2020, 1, 1, tzinfo=UTC),
        place="",
        actor_id=people["coordinator"].id,
        manages=True,
    )
    login_as("coordinator")
    assert "Te laat" in client.get("/n/zele/werkgroepen").text
