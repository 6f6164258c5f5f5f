"""The networks' reads and writes, called directly: every read and write of a network's people is fenced to that
network (another network's id is NotFound), a network keeps a coordinator, and refusals are DomainErrors."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lerend_netwerk.networks import queries, service
from lerend_netwerk.networks.models import Membership, NetworkKind, Role
from lerend_netwerk.web.errors import DomainError, NotFound


def _membership_id(db, person) -> int:  # noqa: ANN001
    return db.read_sync(lambda s: s.scalar(select(Membership.id).where(Membership.person_id == person.id)))


def test_a_network_is_found_by_its_slug_and_an_unknown_slug_is_not_found(db, network):
    assert db.read_sync(queries.network_by_slug, "zele").id == network.id
    with pytest.raises(NotFound):
        db.read_sync(queries.network_by_slug, "bestaat-niet")


def test_memberships_and_people_are_those_of_the_network_only(db, network, other_network, people):
    members = db.read_sync(queries.memberships, network.id)
    assert {m.person_id for m in members} == {people[r.value].id for r in Role}
    assert people["outsider"].id not in {p.id for p in db.read_sync(queries.people, network.id)}
    staff = db.read_sync(queries.people, network.id, staff_only=True)
    assert people["participant"].id not in {p.id for p in staff}


def test_another_networks_membership_is_not_found(db, network, other_network, people):
    theirs = _membership_id(db, people["outsider"])
    with pytest.raises(NotFound):
        db.read_sync(queries.membership, network.id, theirs)
    with pytest.raises(NotFound):
        db.write_sync(service.change_role, network.id, theirs, Role.MEMBER, actor_id=people["coordinator"].id)
    with pytest.raises(NotFound):
        db.write_sync(service.remove, network.id, theirs, actor_id=people["coordinator"].id)
    assert db.read_sync(queries.membership, other_network.id, theirs).role == Role.COORDINATOR


def test_the_last_coordinator_cannot_step_down_or_leave(db, network, people):
    mine = _membership_id(db, people["coordinator"])
    for write in (
        lambda s: service.change_role(s, network.id, mine, Role.MEMBER, actor_id=people["coordinator"].id),
        lambda s: service.remove(s, network.id, mine, actor_id=people["coordinator"].id),
    ):
        with pytest.raises(service.MembershipError) as refused:
            db.write_sync(write)
        assert isinstance(refused.value, DomainError)
        assert refused.value.field is None  # the form as a whole
        assert "minstens één coördinator" in refused.value.message


def test_invite_refuses_someone_already_in_the_network_at_the_address_field(db, network, people):
    with pytest.raises(service.MembershipError) as refused:
        db.write_sync(
            service.invite,
            network.id,
            name="Nog eens",
            email="member@zele.example",
            role=Role.MEMBER,
            organisation_id=None,
            actor_id=people["coordinator"].id,
        )
    assert refused.value.field == "email"


def test_a_new_network_may_not_take_a_reserved_address(db, people):
    with pytest.raises(service.MembershipError) as refused:
        db.write_sync(
            service.create_network,
            name="Beheer",
            slug="beheer",
            municipality="",
            kind=NetworkKind.LOCAL,
            region_id=None,
            coordinator_name="Iemand",
            coordinator_email="iemand@beheer.example",
            actor_id=people["coordinator"].id,
        )
    assert refused.value.field == "slug"
