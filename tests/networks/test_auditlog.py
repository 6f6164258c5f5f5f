"""The coordinator reads who did what; other networks' entries and personal data stay out."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from lerend_netwerk import audit
from lerend_netwerk.networks.models import Membership
from tests.conftest import csrf_from


def test_coordinator_sees_role_changes_with_who_did_them(client, login_as, db, people):
    login_as("coordinator")
    page = client.get("/n/zele/leden")
    membership_id = db.read_sync(
        lambda s: s.scalar(select(Membership.id).where(Membership.person_id == people["member"].id))
    )
    changed = client.post(
        f"/n/zele/leden/{membership_id}/rol", data={"rol": "steering", "csrf_token": csrf_from(page.text)}
    )
    assert changed.status_code == 303
    log = client.get("/n/zele/logboek")
    assert log.status_code == 200
    assert "membership.role_changed" in log.text
    assert people["coordinator"].name in log.text


def test_audit_log_filters_by_action_and_exports_csv(client, login_as, db, network, other_network, people):
    def add(session):
        audit.record(
            session, "practice.published", actor_id=people["member"].id, network_id=network.id, subject=("practice", 7)
        )
        audit.record(
            session, "signal.moved", actor_id=people["steering"].id, network_id=network.id, subject=("signal", 3)
        )
        audit.record(session, "signal.moved", actor_id=None, network_id=other_network.id, subject=("signal", 99))

    db.write_sync(add)
    login_as("coordinator")
    filtered = client.get("/n/zele/logboek", params={"actie": "signal."})
    assert "signal.moved" in filtered.text
    assert "<code>practice.published</code>" not in filtered.text
    assert "<code>signal.moved</code>" in filtered.text
    assert "#99" not in filtered.text  # the other network's entry

    exported = client.get("/n/zele/logboek.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert {r["actie"] for r in rows} >= {"practice.published", "signal.moved"}
    assert all(r["onderwerp_id"] != "99" for r in rows)


def test_bad_filter_values_come_back_with_a_message(client, login_as):
    login_as("coordinator")
    response = client.get("/n/zele/logboek", params={"van": "gisteren", "pagina": "<script>"})
    assert response.status_code == 422
    assert "Vul een datum in" in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]
