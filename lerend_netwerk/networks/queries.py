"""Reads about a network that every capability needs: its partner organisations and its people."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Membership, Organisation, Person, Role


def organisations(db: Session, network_id: int) -> list[Organisation]:
    """The network's partner organisations, by name."""
    return list(
        db.scalars(select(Organisation).where(Organisation.network_id == network_id).order_by(Organisation.name))
    )


def people(db: Session, network_id: int, *, staff_only: bool = False) -> list[Person]:
    """The people with a role in the network, by name; `staff_only` leaves out participants (for a trekker or a
    meeting's attendance)."""
    query = (
        select(Person).join(Membership, Membership.person_id == Person.id).where(Membership.network_id == network_id)
    )
    if staff_only:
        query = query.where(Membership.role != Role.PARTICIPANT)
    return list(db.scalars(query.order_by(Person.name, Person.id)))


def memberships(db: Session, network_id: int) -> list[Membership]:
    """Every membership of the network with its person, by role and name (the members page)."""
    return list(
        db.scalars(
            select(Membership)
            .join(Person)
            .where(Membership.network_id == network_id)
            .order_by(Membership.role, Person.name)
        )
    )


def organisation_of(db: Session, network_id: int, person_id: int) -> Organisation | None:
    """The partner organisation a person works for in this network, if any."""
    return db.scalar(
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.network_id == network_id, Membership.person_id == person_id)
    )
