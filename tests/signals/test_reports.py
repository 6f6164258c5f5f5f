"""Deciding and acting: the agenda, the meeting report, the signalenbundel, exports and the dialogue-table sheet."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime

from lerend_netwerk.meetings import service as meeting_service
from tests.conftest import csrf_from
from tests.signals.helpers import add_signal


def test_agenda_from_selected_signals_and_a_printable_report_with_overdue_actions(
    client, db, network, people, login_as
):
    a = add_signal(db, network, "Zwemles te duur", theme="vrije tijd")
    b = add_signal(db, network, "Bus rijdt niet", theme="werk")
    add_signal(db, network, "Niet op de agenda")
    login_as("steering")
    page = client.get("/n/zele/signalen/agenda")
    assert page.status_code == 200
    token = csrf_from(page.text)
    empty = client.post(
        "/n/zele/signalen/agenda", data={"titel": "Stuurgroep", "datum": "2026-03-10", "csrf_token": token}
    )
    assert empty.status_code == 422 and "Kies minstens één signaal" in empty.text
    made = client.post(
        "/n/zele/signalen/agenda",
        data={"titel": "Stuurgroep maart", "datum": "2026-03-10", "signalen": [str(a), str(b)], "csrf_token": token},
    )
    assert made.status_code == 303
    client.post(
        f"/n/zele/signalen/{a}/opvolging",
        data={
            "trekker": f"p{people['steering'].id}",
            "beslissing": "Sociaal tarief vragen",
            "actie": "Nota aan college",
            "vervaldatum": "2020-02-01",
            "csrf_token": token,
        },
    )
    client.post(f"/n/zele/signalen/{a}/verplaatsen", data={"status": "in_actie", "reden": "loopt", "csrf_token": token})
    report = client.get(made.headers["location"])
    assert report.status_code == 200
    assert "Stuurgroep maart" in report.text and "Sociaal tarief vragen" in report.text
    agenda = report.text.split("Agendapunt toevoegen")[0]  # below it: the signals that can still be added
    assert "Zwemles te duur" in agenda and "Niet op de agenda" not in agenda
    assert "te laat" in report.text and 'class="overdue"' in report.text
    assert "data-print" in report.text


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_a_stuurgroep_meeting_has_an_agenda_of_signals_minutes_and_attendance_like_every_meeting(
    client, db, network, people, login_as
):
    a = add_signal(db, network, "Zwemles te duur", theme="vrije tijd")
    later = add_signal(db, network, "Speeltuin te ver")
    login_as("steering")
    token = csrf_from(client.get("/n/zele/signalen/agenda").text)
    made = client.post(
        "/n/zele/signalen/agenda",
        data={"titel": "Stuurgroep april", "datum": "2026-04-14", "signalen": [str(a)], "csrf_token": token},
    )
    url = made.headers["location"]
    page = client.get(url).text
    assert "dinsdag 14 april 2026" in page
    assert "Speeltuin te ver" not in _between(page, "<h2>Agenda</h2>", "</ol>")
    assert "Nog geen verslag." in page and "0 personen" in page
    # the stuurgroep is its members: the steering member and the coordinator, not a facilitator or a member
    minutes_form = _between(page, "Verslag en aanwezigheid bewaren", "</form>")
    assert people["steering"].name in minutes_form and people["coordinator"].name in minutes_form
    assert people["facilitator"].name not in minutes_form and people["member"].name not in minutes_form

    # one more signal on the agenda, and a point in words
    assert client.post(f"{url}/agenda", data={"signaal": str(later), "csrf_token": token}).status_code == 303
    assert client.post(f"{url}/agenda", data={"punt": "Rondvraag", "csrf_token": token}).status_code == 303
    twice = client.post(f"{url}/agenda", data={"signaal": str(later), "csrf_token": token})
    assert twice.status_code == 422 and "Dit signaal staat al op de agenda." in twice.text
    nothing = client.post(f"{url}/agenda", data={"punt": "", "csrf_token": token})
    assert nothing.status_code == 422 and "Kies een signaal of schrijf een agendapunt." in nothing.text

    # the minutes and who was there; someone outside the stuurgroep cannot be marked present
    outside = client.post(
        f"{url}/verslag",
        data={"verslag": "Kort", "aanwezig": [str(people["member"].id)], "csrf_token": token},
    )
    assert outside.status_code == 422 and 'name="verslag"' in outside.text and ">Kort</textarea>" in outside.text
    saved = client.post(
        f"{url}/verslag",
        data={
            "verslag": "We vragen een **sociaal tarief**.",
            "aanwezig": [str(people["steering"].id), str(people["coordinator"].id)],
            "csrf_token": token,
        },
    )
    assert saved.status_code == 303
    page = client.get(url).text
    agenda = _between(page, "<h2>Agenda</h2>", "</ol>")
    assert agenda.index("Zwemles te duur") < agenda.index("Speeltuin te ver") < agenda.index("Rondvraag")
    assert "<strong>sociaal tarief</strong>" in page and "2 personen" in page
    assert people["steering"].name in _between(page, "<h2>Aanwezig</h2>", "</p>\n<p")

    # the signal's page links the meeting; the network's netwerkmomenten do not list it
    assert "Stuurgroep april" in client.get(f"/n/zele/signalen/{later}").text
    login_as("coordinator")
    assert "Stuurgroep april" not in client.get("/n/zele/netwerkmomenten").text
    steering_id = url.rsplit("/", 1)[1]
    assert client.get(f"/n/zele/netwerkmomenten/{steering_id}").status_code == 404  # another body's meeting
    moment = db.write_sync(
        meeting_service.create,
        network.id,
        title="Netwerkmoment",
        starts_at=datetime(2026, 5, 1, 17, tzinfo=UTC),
        place="Sociaal Huis",
        actor_id=None,
    )
    assert client.get(f"/n/zele/signalen/vergaderingen/{moment.id}").status_code == 404
    # a participant sees none of it; a member may not keep the minutes
    login_as("member")
    assert client.get(url).status_code == 403
    assert client.post(f"{url}/verslag", data={"verslag": "x", "csrf_token": token}).status_code == 403


def test_signalenbundel_groups_the_period_by_theme(client, db, network, login_as):
    add_signal(db, network, "Oud signaal", theme="kind", reported_on="2024-01-05")
    add_signal(db, network, "Zwemles te duur", theme="vrije tijd", reported_on="2026-02-10")
    add_signal(db, network, "Taalles te laat", theme="taal", reported_on="2026-02-11")
    login_as("steering")
    page = client.get("/n/zele/signalen/bundel?van=2026-01-01&tot=2026-03-31")
    assert page.status_code == 200
    assert "Oud signaal" not in page.text
    headings = re.findall(r'<h2 id="bundel-\d+">([^<]+)<', page.text)
    assert [h.strip() for h in headings] == ["taal", "vrije tijd"]
    assert client.get("/n/zele/signalen/bundel?van=2026-04-01&tot=2026-01-01").status_code == 422


def test_csv_and_json_exports_carry_history_but_no_contacts(client, db, network, login_as):
    signal_id = add_signal(
        db,
        network,
        "=SOM(A1)",
        kind="dialogue",
        link="/n/zele/dialoogtafels/sessies/3",
        label="Tafel 3",
        contact_email="geheim@example.org",
    )
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{signal_id}")
    client.post(
        f"/n/zele/signalen/{signal_id}/verplaatsen",
        data={"status": "gebundeld", "reden": "Samen met tafel 4", "csrf_token": csrf_from(page.text)},
    )
    data = client.get("/n/zele/signalen/export.json")
    assert data.status_code == 200 and "attachment" in data.headers["content-disposition"]
    row = json.loads(data.text)["signalen"][0]
    assert row["bronnen"][0]["link"] == "/n/zele/dialoogtafels/sessies/3"
    assert [h["waarom"] for h in row["geschiedenis"] if h["soort"] == "moved"] == ["Samen met tafel 4"]
    text = client.get("/n/zele/signalen/export.csv").text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0]["titel"] == "'=SOM(A1)"  # no formula runs when a spreadsheet opens it
    assert "Samen met tafel 4" in rows[0]["geschiedenis"]
    assert "geheim@example.org" not in text and "geheim@example.org" not in data.text
    filtered = client.get("/n/zele/signalen/export.json?thema=kind")
    assert json.loads(filtered.text)["signalen"] == []


def test_feedback_sheet_for_a_dialogue_table(client, db, network, login_as):
    link = "/n/zele/dialoogtafels/sessies/12"
    done = add_signal(
        db, network, "Bus rijdt niet op zaterdag", kind="dialogue", link=link, label="Dialoogtafel 12 maart"
    )
    add_signal(db, network, "Formulieren zijn te moeilijk", kind="dialogue", link=link, label="Dialoogtafel 12 maart")
    add_signal(db, network, "Van een andere tafel", kind="dialogue", link="/n/zele/dialoogtafels/sessies/99")
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{done}")
    token = csrf_from(page.text)
    client.post(
        f"/n/zele/signalen/{done}/opvolging",
        data={"beslissing": "Belbus vragen", "interne_nota": "GEHEIME-NOTA", "csrf_token": token},
    )
    client.post(f"/n/zele/signalen/{done}/verplaatsen", data={"status": "beslist", "reden": "ok", "csrf_token": token})
    client.post(
        f"/n/zele/signalen/{done}/terugkoppeling",
        data={"terugkoppeling": "De belbus rijdt nu ook op zaterdag.", "publiceren": "1", "csrf_token": token},
    )
    login_as("facilitator")
    choose = client.get("/n/zele/signalen/terugkoppelblad")
    assert choose.status_code == 200 and "Dialoogtafel 12 maart" in choose.text
    sheet = client.get(f"/n/zele/signalen/terugkoppelblad?bron={link}")
    assert sheet.status_code == 200
    assert "De belbus rijdt nu ook op zaterdag." in sheet.text
    assert "Formulieren zijn te moeilijk" in sheet.text and "bekijkt dit nog" in sheet.text
    assert "Van een andere tafel" not in sheet.text and "GEHEIME-NOTA" not in sheet.text
    assert client.get("/n/zele/signalen/terugkoppelblad?bron=/elders").status_code == 404


def test_filters_work_without_javascript_and_in_place_with_htmx(client, db, network, login_as):
    add_signal(db, network, "Over taal", theme="taal", neighbourhood="Kouter")
    add_signal(db, network, "Over jeugd", theme="jeugd", neighbourhood="Centrum", kind="survey")
    login_as("steering")
    plain = client.get("/n/zele/signalen?thema=taal")
    assert "Over taal" in plain.text and "Over jeugd" not in plain.text
    assert 'method="get"' in plain.text
    partial = client.get("/n/zele/signalen?bron=survey", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="bord"')
    assert "Over jeugd" in partial.text and "Over taal" not in partial.text
    search = client.get("/n/zele/signalen?zoek=TAAL")
    assert "Over taal" in search.text and "Over jeugd" not in search.text
    assert "Over jeugd" in client.get("/n/zele/signalen?wijk=Centrum").text


def test_a_stuurgroep_members_attendance_is_in_her_data_and_goes_with_her(client, db, network, people, login_as):
    from sqlalchemy import func, select

    from lerend_netwerk.meetings.models import Attendance
    from lerend_netwerk.signals import service

    signal_id = add_signal(db, network, "Zwemles te duur")
    steering = people["steering"]
    meeting = db.write_sync(
        service.create_meeting, network.id, "Stuurgroep mei", date(2026, 5, 5), [signal_id], actor_id=None
    )
    db.write_sync(
        service.record_meeting_minutes,
        network.id,
        meeting.id,
        "Kort",
        [steering.id, people["coordinator"].id],
        actor_id=steering.id,
    )
    login_as("steering")
    data = client.get("/mijn/gegevens.json").json()
    assert {"kind": "meeting_attended", "meeting": "Stuurgroep mei"}.items() <= next(
        row for row in data["practices"] if row.get("kind") == "meeting_attended"
    ).items()
    page = client.get("/mijn/gegevens")
    assert (
        client.post("/mijn/gegevens/wissen", data={"bevestig": "1", "csrf_token": csrf_from(page.text)}).status_code
        == 303
    )
    left = db.read_sync(
        lambda s: s.scalars(select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)).all()
    )
    assert left == [people["coordinator"].id]
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Attendance))) == 1
