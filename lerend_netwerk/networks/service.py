"""Networks, organisations and memberships: every query here is scoped to one network."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.accounts import sessions
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Membership, Network, Organisation, Person, Role


class MembershipError(Exception):
    """A change that cannot be made; the message is Dutch and safe to show next to the form."""

    def __init__(self, message: str, field: str = "__all__") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NetworkSummary:
    network: Network
    member_count: int


def list_networks(db: Session) -> list[NetworkSummary]:
    counts = dict(db.execute(select(Membership.network_id, func.count()).group_by(Membership.network_id)).all())
    networks = db.scalars(select(Network).order_by(Network.name)).all()
    return [NetworkSummary(n, counts.get(n.id, 0)) for n in networks]


def memberships_of(db: Session, person_id: int) -> list[Membership]:
    return list(db.scalars(select(Membership).where(Membership.person_id == person_id).order_by(Membership.id)))


def members(db: Session, network_id: int) -> list[Membership]:
    return list(
        db.scalars(
            select(Membership)
            .join(Person)
            .where(Membership.network_id == network_id)
            .order_by(Membership.role, Person.name)
        )
    )


def organisations(db: Session, network_id: int) -> list[Organisation]:
    return list(
        db.scalars(select(Organisation).where(Organisation.network_id == network_id).order_by(Organisation.name))
    )


def invite(
    db: Session,
    network_id: int,
    *,
    name: str,
    email: str,
    role: Role,
    organisation_id: int | None,
    actor_id: int,
) -> tuple[Membership, bool]:
    """Add a person (by e-mail) to the network with a role. Returns the membership and whether the person is new."""
    if organisation_id is not None:
        org = db.scalar(
            select(Organisation).where(Organisation.id == organisation_id, Organisation.network_id == network_id)
        )
        if org is None:
            raise MembershipError(_("Kies een van de mogelijkheden uit de lijst."), "organisatie")
    person = db.scalar(select(Person).where(Person.email == email))
    created = person is None
    if person is None:
        person = Person(name=name, email=email)
        db.add(person)
        db.flush()
    elif db.scalar(select(Membership).where(Membership.person_id == person.id, Membership.network_id == network_id)):
        raise MembershipError(_("Deze persoon is al lid van dit netwerk."), "email")
    membership = Membership(person_id=person.id, network_id=network_id, role=role, organisation_id=organisation_id)
    db.add(membership)
    db.flush()
    audit.record(
        db,
        "membership.invited",
        actor_id=actor_id,
        network_id=network_id,
        subject=("membership", membership.id),
        role=role.value,
    )
    return membership, created


def add_participant(db: Session, network_id: int, *, name: str, actor_id: int) -> Person:
    """A participant without e-mail, signed up by a facilitator (they log in with a printed code)."""
    person = Person(name=name)
    db.add(person)
    db.flush()
    db.add(Membership(person_id=person.id, network_id=network_id, role=Role.PARTICIPANT))
    audit.record(
        db, "membership.participant_added", actor_id=actor_id, network_id=network_id, subject=("person", person.id)
    )
    return person


def _membership(db: Session, network_id: int, membership_id: int) -> Membership:
    membership = db.scalar(
        select(Membership).where(Membership.id == membership_id, Membership.network_id == network_id)
    )
    if membership is None:
        raise LookupError(membership_id)
    return membership


def change_role(db: Session, network_id: int, membership_id: int, role: Role, *, actor_id: int) -> Membership:
    """A new role takes effect at once: the person's sessions end, so no page keeps the old rights."""
    membership = _membership(db, network_id, membership_id)
    if membership.role == Role.COORDINATOR and role != Role.COORDINATOR:
        keep_one_coordinator(db, network_id, membership)
    old = membership.role
    membership.role = role
    sessions.end_all_for(db, membership.person_id)
    audit.record(
        db,
        "membership.role_changed",
        actor_id=actor_id,
        network_id=network_id,
        subject=("membership", membership.id),
        old=old.value,
        new=role.value,
    )
    return membership


def remove(db: Session, network_id: int, membership_id: int, *, actor_id: int) -> None:
    membership = _membership(db, network_id, membership_id)
    if membership.role == Role.COORDINATOR:
        keep_one_coordinator(db, network_id, membership)
    sessions.end_all_for(db, membership.person_id)
    audit.record(
        db, "membership.removed", actor_id=actor_id, network_id=network_id, subject=("membership", membership.id)
    )
    db.delete(membership)


def keep_one_coordinator(db: Session, network_id: int, membership: Membership) -> None:
    others = db.scalar(
        select(func.count()).where(
            Membership.network_id == network_id, Membership.role == Role.COORDINATOR, Membership.id != membership.id
        )
    )
    if not others:
        raise MembershipError(
            _("Een netwerk heeft altijd minstens één coördinator. Maak eerst iemand anders coördinator.")
        )


def participants_with_codes(db: Session, network_id: int) -> list[tuple[Person, bool]]:
    from lerend_netwerk.accounts.models import AccessCode

    active = (
        select(AccessCode.person_id)
        .where(AccessCode.network_id == network_id, AccessCode.revoked_at.is_(None))
        .scalar_subquery()
    )
    rows = db.execute(
        select(Person, Person.id.in_(active))
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.network_id == network_id, Membership.role == Role.PARTICIPANT)
        .order_by(Person.name)
    ).all()
    return [(p, bool(has)) for p, has in rows]


def participant(db: Session, network_id: int, person_id: int) -> Person | None:
    return db.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Person.id == person_id, Membership.network_id == network_id, Membership.role == Role.PARTICIPANT)
    )
