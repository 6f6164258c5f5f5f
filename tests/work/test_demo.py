"""The demo has Zele's five working groups with meetings (one of them late), a plan with actions at several
stages linked to decided signals, and figures for Zele's wijken; the pages show them."""

from __future__ import annotations

from sqlalchemy import func, select

from lerend_netwerk import demo
from lerend_netwerk.accounts import sessions
from lerend_netwerk.registry import Registry
from lerend_netwerk.work.models import ActionSignal, ActionStatus, WorkGroup


def test_the_demo_has_groups_a_plan_at_several_stages_and_wijk_figures(client, db, settings):
    assert db.write_sync(demo.fill, settings, Registry.build())
    count = db.read_sync(lambda s: s.scalar(select(func.count()).select_from(WorkGroup)))
    assert count == 5
    from lerend_netwerk.work.models import Action

    stages = db.read_sync(lambda s: set(s.scalars(select(Action.status))))
    assert {ActionStatus.PLANNED, ActionStatus.RUNNING, ActionStatus.DONE} <= stages
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(ActionSignal))) >= 2
    from lerend_netwerk.networks.models import Person

    coordinator = db.read_sync(lambda s: s.scalar(select(Person.id).where(Person.email == "coordinator@zele.example")))
    client.cookies.set(sessions.cookie_name(settings, "ln_session"), db.write_sync(sessions.start, coordinator, "test"))
    groups = client.get("/n/zele/werkgroepen").text
    for theme in ("kind", "jeugd", "taal", "vrije tijd", "werk"):
        assert f"Werkgroep {theme}" in groups
    assert "Te laat" in groups  # the taal group last met five months ago
    wijken = client.get("/n/zele/wijken").text
    assert "Kouter" in wijken and "22.8" in wijken
    public = client.get("/n/zele/wat-we-beloofden").text
    assert "Zwemles aan kansentarief" in public and "Budget bespreken" not in public
