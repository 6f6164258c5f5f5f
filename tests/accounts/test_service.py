"""The accounts' reads and writes, called directly: login codes and paper requests are fenced to the network, a
role change or removal ends the person's sessions in the same transaction, and refusals are DomainErrors."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lerend_netwerk.accounts import queries, service, sessions
from lerend_netwerk.accounts.models import WebSession
from lerend_netwerk.networks import service as networks
from lerend_netwerk.networks.models import Membership, Role
from lerend_netwerk.web.errors import DomainError, NotFound
from tests.accounts.matrix import participant_with_code


def _membership_id(db, person) -> int:  # noqa: ANN001
    return db.read_sync(lambda s: s.scalar(select(Membership.id).where(Membership.person_id == person.id)))


def _sessions_of(db, person) -> int:  # noqa: ANN001
    query = select(func.count()).select_from(WebSession).where(WebSession.person_id == person.id)
    return db.read_sync(lambda s: s.scalar(query))


def test_change_role_and_remove_end_the_persons_sessions(db, network, people):
    for who in ("member", "steering"):
        db.write_sync(sessions.start, people[who].id, "test")
    actor = people["coordinator"].id
    db.write_sync(service.change_role, network.id, _membership_id(db, people["member"]), Role.STEERING, actor_id=actor)
    db.write_sync(service.remove_member, network.id, _membership_id(db, people["steering"]), actor_id=actor)
    assert _sessions_of(db, people["member"]) == 0
    assert _sessions_of(db, people["steering"]) == 0


def test_a_refused_role_change_keeps_the_sessions(db, network, people):
    db.write_sync(sessions.start, people["coordinator"].id, "test")
    mine = _membership_id(db, people["coordinator"])
    with pytest.raises(networks.MembershipError):
        db.write_sync(service.change_role, network.id, mine, Role.MEMBER, actor_id=people["coordinator"].id)
    assert _sessions_of(db, people["coordinator"]) == 1


def test_codes_of_another_network_are_not_found(db, network, other_network, people):
    theirs = participant_with_code(db, other_network, people)["id"]
    with pytest.raises(NotFound):
        db.write_sync(service.revoke_codes, person_id=theirs, network_id=network.id, actor_id=people["coordinator"].id)
    assert theirs not in {p.id for p, _ in db.read_sync(queries.participants_with_codes, network.id)}
    with pytest.raises(networks.MembershipError) as refused:
        db.write_sync(service.new_code, network.id, person_id=theirs, name="", actor_id=people["coordinator"].id)
    assert refused.value.field is None


def test_a_new_card_for_a_new_participant(db, network, people):
    name, code = db.write_sync(
        service.new_code, network.id, person_id=None, name="Fatima", actor_id=people["facilitator"].id
    )
    assert name == "Fatima"
    assert db.write_sync(service.use_code, code) is not None
    assert ("Fatima", True) in {(p.name, has) for p, has in db.read_sync(queries.participants_with_codes, network.id)}


@pytest.mark.parametrize(
    ("actor", "subject", "allowed"),
    [
        (Role.FACILITATOR, "participant", True),
        (Role.FACILITATOR, "member", False),
        (Role.COORDINATOR, "member", True),
        (Role.STEERING, "participant", False),
        (Role.COORDINATOR, "outsider", False),
    ],
)
def test_whom_staff_may_act_for_on_a_paper_request(db, network, people, actor, subject, allowed):
    if allowed:
        assert db.read_sync(queries.person_to_act_for, network.id, actor, people[subject].id) == people[subject].id
    else:
        with pytest.raises(NotFound):
            db.read_sync(queries.person_to_act_for, network.id, actor, people[subject].id)


def test_an_oidc_login_of_someone_not_invited_is_a_dutch_login_error(db, people):
    with pytest.raises(service.LoginError) as refused:
        db.write_sync(
            service.link_oidc,
            issuer="https://id.example",
            subject="x",
            email="niemand@zele.example",
            email_verified=True,
        )
    assert isinstance(refused.value, DomainError)
    assert "niet uitgenodigd" in refused.value.message
