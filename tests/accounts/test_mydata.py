"""A person sees, downloads, corrects and erases their data; erasure leaves nothing of them behind."""

from __future__ import annotations

import json

from sqlalchemy import func, select, text

from lerend_netwerk import audit
from lerend_netwerk.db import Base
from lerend_netwerk.networks.models import Membership, Person, Role
from tests.conftest import csrf_from
from tests.factories import make_person


def _everything_as_text(db) -> str:
    """Every row of every table, as one string: to search for a person's traces."""

    def dump(session):
        parts = []
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).all():
                parts.append(repr(tuple(row)))
        return "\n".join(parts)

    return db.read_sync(dump)


def test_my_data_page_shows_what_we_hold(client, login_as):
    login_as("member")
    page = client.get("/mijn/gegevens")
    assert page.status_code == 200
    assert 'value="member@zele.example"' in page.text
    assert "Kansenplatform Zele" in page.text


def test_my_data_downloads_as_json(client, login_as):
    login_as("participant")
    response = client.get("/mijn/gegevens.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    data = json.loads(response.text)
    assert data["person"]["email"] == "participant@zele.example"
    assert data["memberships"][0]["role"] == "participant"


def test_correcting_keeps_the_form_on_bad_input(client, login_as, db, people):
    login_as("member")
    token = csrf_from(client.get("/mijn/gegevens").text)
    bad = client.post(
        "/mijn/gegevens", data={"naam": "", "email": "geen-adres", "telefoon": "<script>", "csrf_token": token}
    )
    assert bad.status_code == 422
    assert "Vul dit veld in." in bad.text
    assert 'value="geen-adres"' in bad.text
    assert "<script>" not in bad.text.split("<main", 1)[1]
    assert db.read_sync(lambda s: s.get(Person, people["member"].id).name) == people["member"].name

    taken = client.post(
        "/mijn/gegevens", data={"naam": "Lid", "email": "coordinator@zele.example", "csrf_token": token}
    )
    assert taken.status_code == 422
    assert "hoort al bij iemand anders" in taken.text

    good = client.post(
        "/mijn/gegevens",
        data={"naam": "Lid Nieuw", "email": "lid@zele.example", "telefoon": "0470 12 34 56", "csrf_token": token},
    )
    assert good.status_code == 303
    assert db.read_sync(lambda s: s.get(Person, people["member"].id).phone) == "0470 12 34 56"


def test_erasure_needs_confirmation(client, login_as, db, people):
    login_as("member")
    token = csrf_from(client.get("/mijn/gegevens").text)
    response = client.post("/mijn/gegevens/wissen", data={"csrf_token": token})
    assert response.status_code == 422
    assert "Vink aan" in response.text
    assert db.read_sync(lambda s: s.get(Person, people["member"].id)) is not None


def test_erasure_leaves_nothing_of_the_person_and_keeps_counts(client, login_as, db, people):
    person = people["member"]
    login_as("member")
    token = csrf_from(client.get("/mijn/gegevens").text)
    client.post(
        "/mijn/gegevens",
        data={
            "naam": "Zohra Uniek",
            "email": "zohra.uniek@zele.example",
            "telefoon": "0499 98 76 54",
            "csrf_token": token,
        },
    )
    assert "Zohra Uniek" in _everything_as_text(db)
    memberships_other = db.read_sync(
        lambda s: s.scalar(select(func.count()).select_from(Membership).where(Membership.person_id != person.id))
    )

    response = client.post("/mijn/gegevens/wissen", data={"bevestig": "1", "csrf_token": token})
    assert response.status_code == 303
    everything = _everything_as_text(db)
    for trace in ("Zohra Uniek", "zohra.uniek@zele.example", "0499 98 76 54", "member@zele.example"):
        assert trace not in everything
    assert client.get("/mijn").status_code == 303  # logged out
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Membership))) == memberships_other
    erased = db.read_sync(lambda s: s.scalars(select(audit.AuditEvent.action)).all())
    assert "person.erased" in erased


def test_privacy_page_states_the_retention_settings_in_force(client, make_settings, db):
    from starlette.testclient import TestClient

    from lerend_netwerk.app import create_app

    app = create_app(make_settings(audit_retention_days=400, session_idle_minutes=25), db=db)
    with TestClient(app) as other:
        page = other.get("/privacy")
    assert page.status_code == 200
    assert "400 dagen" in page.text
    assert "25 minuten" in page.text


def test_no_table_is_forgotten_by_the_trace_search(db):
    """The search above reads every mapped table; a raw count proves they exist in the database."""
    names = {t.name for t in Base.metadata.sorted_tables}
    assert {"person", "membership", "web_session", "audit_event"} <= names
    assert db.read_sync(lambda s: s.execute(text("SELECT COUNT(*) FROM person")).scalar()) >= 0


def test_scrub_takes_out_name_address_and_number_however_they_are_written():
    from lerend_netwerk.accounts.mydata import Subject, scrub
    from lerend_netwerk.signals.models import Signal

    who = Subject(name="Jo  Li", email="Jo.Li@Zele.example", phone="0470 12 34 56")
    text_ = "Vraag JO LI (jo.li@zele.example, +32 470/12.34.56 of 0470123456). Jonas Limburg blijft, 104701234567 ook."
    assert scrub(text_, who) == (
        "Vraag [gewist] ([gewist], [gewist] of [gewist]). Jonas Limburg blijft, 104701234567 ook."
    )
    assert scrub("", who) == "" and scrub(None, who) is None
    assert scrub("Jo Li", Subject()) == "Jo Li"  # nothing known, nothing taken out

    from lerend_netwerk.accounts.mydata import scrub_fields

    signal = Signal(title="Jo Li " * 40, description="Jo Li")
    scrub_fields(signal, who, "title", "description")
    assert len(signal.title) == 200 and signal.title.startswith("[gewist] [gewist]")  # still fits its column
    assert signal.description == "[gewist]"


def test_the_only_coordinator_cannot_erase_themselves_and_leave_the_network_unrun(
    client, login_as, db, people, network
):
    login_as("coordinator")
    token = csrf_from(client.get("/mijn/gegevens").text)
    refused = client.post("/mijn/gegevens/wissen", data={"bevestig": "1", "csrf_token": token})
    assert refused.status_code == 422
    assert "minstens één coördinator" in refused.text
    assert db.read_sync(lambda s: s.get(Person, people["coordinator"].id)) is not None

    db.write_sync(make_person, network, Role.COORDINATOR, email="tweede@zele.example")
    erased = client.post("/mijn/gegevens/wissen", data={"bevestig": "1", "csrf_token": token})
    assert erased.status_code == 303
    assert db.read_sync(lambda s: s.get(Person, people["coordinator"].id)) is None
