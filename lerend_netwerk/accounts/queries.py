"""Reads for the accounts' pages: who an address or a login link belongs to, the participants of a network with
their login codes, and whom a staff member may act for on a paper request."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.accounts.models import AccessCode, LoginToken
from lerend_netwerk.accounts.sessions import hash_token
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.models import Membership, Person, Role
from lerend_netwerk.web.errors import NotFound


def person_by_email(db: Session, email: str) -> Person | None:
    return db.scalar(select(Person).where(Person.email == email.strip().lower()))


def check_login_token(db: Session, token: str) -> bool:
    """True when the magic link still works (unused, not expired); looking does not spend it."""
    row = db.get(LoginToken, hash_token(token))
    return row is not None and row.used_at is None and row.expires_at > utcnow()


def participants_with_codes(db: Session, network_id: int) -> list[tuple[Person, bool]]:
    """The network's participants by name, each with whether they hold an active login code."""
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
    """The participant of this network with this id, or None (someone else, or another network's)."""
    return db.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Person.id == person_id, Membership.network_id == network_id, Membership.role == Role.PARTICIPANT)
    )


def person_to_act_for(db: Session, network_id: int, actor_role: Role | None, person_id: int) -> int:
    """The person of a paper request, if a staff member with `actor_role` may act for them: a facilitator for the
    network's participants, a coordinator for anyone of the network. Anyone else is NotFound (never a refusal, so
    the page does not tell whether someone is in another network)."""
    role = db.scalar(
        select(Membership.role).where(Membership.person_id == person_id, Membership.network_id == network_id)
    )
    allowed = role is not None and (
        actor_role == Role.COORDINATOR or (actor_role == Role.FACILITATOR and role == Role.PARTICIPANT)
    )
    if not allowed:
        raise NotFound()
    return person_id
