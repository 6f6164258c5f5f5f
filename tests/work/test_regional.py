"""A regional network sees what its member networks share with it: their practices with their own drempel types
(the filter offers them and cards show their names, not raw codes), their working groups and their plan
objectives marked for the region, and nothing they keep to themselves."""

from __future__ import annotations

from sqlalchemy import delete

from lerend_netwerk.networks.models import Network, NetworkKind, Role
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.practices.models import Visibility
from lerend_netwerk.work import service, service_plan
from tests.factories import make_network, make_person
from tests.practices.helpers import make_practice
from tests.work.helpers import make_action


def _region(db, network):  # noqa: ANN001, ANN202
    region = db.write_sync(make_network, slug="regio", name="Regio Test", kind=NetworkKind.REGIONAL, neighbourhoods=[])

    def join(s) -> None:  # noqa: ANN001
        s.execute(delete(ThresholdType).where(ThresholdType.network_id == region.id))  # a region has none of its own
        s.get(Network, network.id).region_id = region.id
        s.add(ThresholdType(network_id=network.id, code="wachtlijst", label="Wachtlijsten", position=20))

    db.write_sync(join)
    return region


def test_a_region_gets_its_members_drempel_types(client, db, network, people, settings):
    from lerend_netwerk.accounts import sessions

    region = _region(db, network)
    make_practice(
        db,
        network,
        people["member"],
        title="Voorrang voor wie op de wachtlijst staat",
        visibility=Visibility.REGION,
        thresholds=("wachtlijst", "kinderopvang"),
    )
    regional_coordinator = db.write_sync(make_person, region, Role.COORDINATOR, email="coordinator@regio.example")
    client.cookies.set(
        sessions.cookie_name(settings, "ln_session"), db.write_sync(sessions.start, regional_coordinator.id, "test")
    )
    page = client.get("/n/regio/praktijken").text
    assert "Voorrang voor wie op de wachtlijst staat" in page
    assert (
        '<option value="wachtlijst"' in page and ">Wachtlijsten</option>" in page and ">Kinderopvang</option>" in page
    )
    assert "<li>Wachtlijsten</li>" in page and "<li>wachtlijst</li>" not in page
    filtered = client.get("/n/regio/praktijken?drempel=wachtlijst").text
    assert "Voorrang voor wie op de wachtlijst staat" in filtered


def test_a_region_sees_the_groups_and_objectives_its_members_share(client, db, network, people, settings):
    from lerend_netwerk.accounts import sessions

    region = _region(db, network)
    shared = service.GroupData("Werkgroep taal", "taal", "", None, 4, True)
    kept = service.GroupData("Werkgroep werk", "werk", "", None, 4, False)
    for data in (shared, kept):
        db.write_sync(service.save_group, network.id, data, actor_id=None)
    goal = db.write_sync(
        service_plan.save_objective,
        network.id,
        title="Iedereen leert Nederlands",
        description="",
        shared=True,
        actor_id=None,
    )
    make_action(db, network, people, goal.id, title="Taalcafé in de bib", internal_note="Geheim")
    db.write_sync(
        service_plan.save_objective,
        network.id,
        title="Interne doelstelling",
        description="",
        shared=False,
        actor_id=None,
    )
    steering = db.write_sync(make_person, region, Role.STEERING, email="stuur@regio.example")
    client.cookies.set(sessions.cookie_name(settings, "ln_session"), db.write_sync(sessions.start, steering.id, "test"))
    groups = client.get("/n/regio/werkgroepen").text
    assert "Werkgroep taal" in groups and "Kansenplatform Zele" in groups and "Werkgroep werk" not in groups
    plan = client.get("/n/regio/kansenplan").text
    assert "Iedereen leert Nederlands" in plan and "Taalcafé in de bib" in plan and "Interne doelstelling" not in plan
    public = client.get("/n/regio/wat-we-beloofden").text
    assert "Taalcafé in de bib" in public and "Geheim" not in public
