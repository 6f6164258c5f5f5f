"""Versions with what changed, comments (hide with a reason, audit-logged), "we apply this too", follow and the
digest over real SMTP, handing a practice to the signals board, network meetings and threshold types."""

from __future__ import annotations

from sqlalchemy import select

from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.practices.models import Practice, Visibility
from lerend_netwerk.signals.models import SignalSource
from tests.conftest import csrf_from
from tests.practices.helpers import make_practice, practice_form
from tests.smtp import body_of


def test_editing_keeps_versions_and_shows_what_changed(client, login_as, db, network, people):
    practice = make_practice(db, network, people["member"], title="Eerste titel", story="Regel een\nRegel twee")
    login_as("member")
    page = client.get(f"/n/zele/praktijken/{practice.id}/bewerken")
    assert 'value="Eerste titel"' in page.text
    response = client.post(
        f"/n/zele/praktijken/{practice.id}/bewerken",
        data=practice_form(csrf_from(page.text), titel="Tweede titel", verhaal="Regel een\nRegel drie"),
    )
    assert response.status_code == 303
    versions = client.get(f"/n/zele/praktijken/{practice.id}/versies").text
    assert "Wat veranderde na versie 1" in versions and "Member Test" in versions
    assert "Eerste titel" in versions and "Tweede titel" in versions
    assert "Regel twee</del>" in versions and "Regel drie</ins>" in versions
    assert db.read_sync(lambda s: s.get(Practice, practice.id).version) == 2


def test_only_own_organisation_or_coordinator_may_edit(client, login_as, db, network, people):
    practice = make_practice(db, network, people["facilitator"])
    login_as("member")  # no organisation in common, not the author
    assert client.get(f"/n/zele/praktijken/{practice.id}/bewerken").status_code == 403
    login_as("coordinator")
    assert client.get(f"/n/zele/praktijken/{practice.id}/bewerken").status_code == 200


def test_comment_and_hide_with_reason_in_audit_log(client, login_as, db, network, people):
    practice = make_practice(db, network, people["member"])
    login_as("facilitator")
    page = client.get(f"/n/zele/praktijken/{practice.id}")
    response = client.post(
        f"/n/zele/praktijken/{practice.id}/reacties",
        data={"csrf_token": csrf_from(page.text), "reactie": "Dit doen wij ook met de bib!"},
    )
    assert response.status_code == 303
    assert "Dit doen wij ook met de bib!" in client.get(f"/n/zele/praktijken/{practice.id}").text
    # an empty or too long comment comes back with its text and a message
    long = "x" * 10_000
    refused = client.post(
        f"/n/zele/praktijken/{practice.id}/reacties", data={"csrf_token": csrf_from(page.text), "reactie": long}
    )
    assert refused.status_code == 422 and "Dit is te lang" in refused.text and long in refused.text
    comment_id = db.read_sync(
        lambda s: s.scalar(select(AuditEvent.details).where(AuditEvent.action == "practice.commented"))
    )["comment_id"]
    login_as("coordinator")
    page = client.get(f"/n/zele/praktijken/{practice.id}")
    hidden = client.post(
        f"/n/zele/praktijken/{practice.id}/reacties/{comment_id}/verbergen",
        data={"csrf_token": csrf_from(page.text), "reden": "Naam van een kind vermeld"},
    )
    assert hidden.status_code == 303
    text = client.get(f"/n/zele/praktijken/{practice.id}").text
    assert "Dit doen wij ook met de bib!" not in text and "Naam van een kind vermeld" in text
    event = db.read_sync(lambda s: s.scalar(select(AuditEvent).where(AuditEvent.action == "practice.comment_hidden")))
    assert event.details["reason"] == "Naam van een kind vermeld" and event.actor_id == people["coordinator"].id
    login_as("member")
    page = client.get(f"/n/zele/praktijken/{practice.id}")
    assert "verbergen" not in page.text
    assert (
        client.post(
            f"/n/zele/praktijken/{practice.id}/reacties/{comment_id}/verbergen",
            data={"csrf_token": csrf_from(page.text), "reden": "x"},
        ).status_code
        == 403
    )


def test_another_municipality_applies_it_too(client, login_as, db, network, people):
    practice = make_practice(db, network, people["member"], visibility=Visibility.PUBLIC)
    login_as("outsider")  # coordinator of Temse
    page = client.get(f"/n/zele/praktijken/{practice.id}")
    assert "Wij passen dit ook toe in" in page.text
    response = client.post(
        f"/n/zele/praktijken/{practice.id}/toegepast",
        data={
            "csrf_token": csrf_from(page.text),
            "netwerk": str(
                people["outsider"].id * 0
                + db.read_sync(
                    lambda s: s.scalar(select(ThresholdType.network_id).where(ThresholdType.network_id != network.id))
                )
            ),
            "notitie": "Werkt goed in de bib",
        },
    )
    assert response.status_code == 303
    page = client.get(f"/n/zele/praktijken/{practice.id}").text
    assert "Ook toegepast: 1 keer" in page and "Temse" in page and "Werkt goed in de bib" in page
    # a network they are not in is refused with a message, the note kept
    refused = client.post(
        f"/n/zele/praktijken/{practice.id}/toegepast",
        data={"csrf_token": csrf_from(page), "netwerk": str(network.id), "notitie": "blijft"},
    )
    assert refused.status_code == 422 and "Kies een van de mogelijkheden" in refused.text and "blijft" in refused.text


def test_follow_and_digest_over_real_smtp(client, login_as, db, network, people, settings, outbox):
    from lerend_netwerk.practices.digest import send_all

    login_as("member")
    page = client.get("/n/zele/praktijken")
    assert client.post("/n/zele/praktijken/volgen", data={"csrf_token": csrf_from(page.text)}).status_code == 303
    make_practice(db, network, people["facilitator"], title="Kinderopvang tijdens de activiteit")
    make_practice(
        db,
        network,
        people["facilitator"],
        title="Alleen intern en concept",
        status=__import__("lerend_netwerk.practices.models", fromlist=["Status"]).Status.DRAFT,
    )
    assert send_all(settings, db) == 1
    body = body_of(outbox[0])
    assert "Kinderopvang tijdens de activiteit" in body and "http://testserver/n/zele/praktijken/" in body
    assert outbox[0]["To"] == "member@zele.example"
    assert send_all(settings, db) == 0  # nothing new since


def test_practice_to_signals_board(client, login_as, db, network, people):
    practice = make_practice(db, network, people["member"])
    login_as("member")
    assert "Naar het signalenbord" not in client.get(f"/n/zele/praktijken/{practice.id}").text
    login_as("steering")
    page = client.get(f"/n/zele/praktijken/{practice.id}")
    response = client.post(f"/n/zele/praktijken/{practice.id}/signaal", data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 303
    source = db.read_sync(lambda s: s.scalar(select(SignalSource)))
    assert source.kind == "practice" and source.ref_id == practice.id
    assert source.link == f"/n/zele/praktijken/{practice.id}"
    assert db.read_sync(lambda s: s.get(Practice, practice.id).signal_id) == source.signal_id
    assert "Staat op het signalenbord" in client.get(f"/n/zele/praktijken/{practice.id}").text


def test_network_meeting_with_agenda_minutes_and_attendance(client, login_as, db, network, people):
    practice = make_practice(db, network, people["member"], title="Buddy bij de eerste training")
    login_as("facilitator")
    page = client.get("/n/zele/netwerkmomenten")
    refused = client.post(
        "/n/zele/netwerkmomenten",
        data={"csrf_token": csrf_from(page.text), "titel": "Netwerkmoment lente", "wanneer": "morgen"},
    )
    assert refused.status_code == 422 and 'value="Netwerkmoment lente"' in refused.text
    created = client.post(
        "/n/zele/netwerkmomenten",
        data={
            "csrf_token": csrf_from(page.text),
            "titel": "Netwerkmoment lente",
            "wanneer": "2099-03-12T19:30",
            "plaats": "Raadzaal",
        },
    )
    assert created.status_code == 303
    url = created.headers["location"]
    csrf = csrf_from(client.get(url).text)
    assert (
        client.post(
            url + "/agenda", data={"csrf_token": csrf, "punt": "Voorstelling", "praktijk": str(practice.id)}
        ).status_code
        == 303
    )
    assert (
        client.post(
            url + "/verslag",
            data={"csrf_token": csrf, "verslag": "We leerden **veel**.", "aanwezig": [str(people["member"].id)]},
        ).status_code
        == 303
    )
    detail = client.get(url).text
    assert "Buddy bij de eerste training" in detail and "<strong>veel</strong>" in detail and "1 persoon" in detail
    assert "Netwerkmoment lente" in client.get("/n/zele/netwerkmomenten").text
    login_as("member")
    assert "Plan een netwerkmoment" not in client.get("/n/zele/netwerkmomenten").text
    login_as("outsider")
    assert client.get(url).status_code == 403


def test_coordinator_adds_renames_and_retires_threshold_types(client, login_as, db, network):
    login_as("coordinator")
    page = client.get("/n/zele/drempels")
    assert page.status_code == 200 and "Kinderopvang" in page.text
    csrf = csrf_from(page.text)
    assert (
        client.post(
            "/n/zele/drempels",
            data={"csrf_token": csrf, "nieuw_naam": "Wachtlijsten", "nieuw_uitleg": "Je moet lang wachten."},
        ).status_code
        == 303
    )
    again = client.post("/n/zele/drempels", data={"csrf_token": csrf, "nieuw_naam": "Wachtlijsten"})
    assert again.status_code == 422 and "bestaat al" in again.text
    geld = db.read_sync(
        lambda s: s.scalar(
            select(ThresholdType).where(ThresholdType.network_id == network.id, ThresholdType.code == "geld")
        )
    )
    assert (
        client.post(
            f"/n/zele/drempels/{geld.id}",
            data={"csrf_token": csrf, "actie": "hernoemen", "naam": "Kosten", "uitleg": "Het is te duur."},
        ).status_code
        == 303
    )
    tijd = db.read_sync(
        lambda s: s.scalar(
            select(ThresholdType).where(ThresholdType.network_id == network.id, ThresholdType.code == "tijd")
        )
    )
    assert (
        client.post(f"/n/zele/drempels/{tijd.id}", data={"csrf_token": csrf, "actie": "intrekken"}).status_code == 303
    )
    form = client.get("/n/zele/praktijken/nieuw").text
    assert "Kosten" in form and "Wachtlijsten" in form and 'value="tijd"' not in form
    login_as("outsider")
    assert (
        client.post(f"/n/zele/drempels/{tijd.id}", data={"csrf_token": csrf, "actie": "terugzetten"}).status_code == 403
    )
