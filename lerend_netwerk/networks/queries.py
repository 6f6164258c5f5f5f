"""Reads about networks: the network of a path, the list of networks, a network's partner organisations, people
and memberships (every capability needs these), the audit log and the network's e-mails in the outbox. Each read of a network's content is scoped to
that network; an id that is not the network's is `NotFound`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import Session

from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.networks.cache import kept_rows
from lerend_netwerk.networks.models import Membership, Network, NetworkKind, Organisation, Person, Role
from lerend_netwerk.outbox import STATUSES, OutboxMessage
from lerend_netwerk.web.errors import NotFound

AUDIT_PAGE_SIZE = 50
OUTBOX_PAGE_SIZE = 50

NETWORK_BY_SLUG = select(Network).where(Network.slug == bindparam("slug"))  # every network page runs it: built once


def network_by_slug(db: Session, slug: str) -> Network:
    """The network a `/n/{network}/...` path names, detached from the session (the request keeps it). The app
    factory hands this to the route decorators (`app.state.network_by_slug`)."""
    network = db.scalar(NETWORK_BY_SLUG, {"slug": slug})
    if network is None:
        raise NotFound()
    db.expunge(network)
    return network


def ping(db: Session) -> None:
    """The cheapest question the database can answer (for /healthz)."""
    db.execute(text("SELECT 1"))


@dataclass(frozen=True)
class NetworkSummary:
    network: Network
    member_count: int


def list_networks(db: Session) -> list[NetworkSummary]:
    """Every network of the installation, by name, with how many people have a role in it."""
    counts = dict(db.execute(select(Membership.network_id, func.count()).group_by(Membership.network_id)).all())
    networks = db.scalars(select(Network).order_by(Network.name)).all()
    return [NetworkSummary(n, counts.get(n.id, 0)) for n in networks]


def regional_networks(db: Session) -> list[Network]:
    return list(db.scalars(select(Network).where(Network.kind == NetworkKind.REGIONAL).order_by(Network.name)))


def organisations(db: Session, network_id: int) -> list[Organisation]:
    """The network's partner organisations, by name (kept per worker: `networks.cache`)."""

    def read() -> list[Organisation]:
        return list(
            db.scalars(select(Organisation).where(Organisation.network_id == network_id).order_by(Organisation.name))
        )

    return kept_rows(db, ("organisations", network_id), Organisation, read)


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


def membership(db: Session, network_id: int, membership_id: int) -> Membership:
    """One membership of the network; NotFound for another network's."""
    found = db.scalar(select(Membership).where(Membership.id == membership_id, Membership.network_id == network_id))
    if found is None:
        raise NotFound()
    return found


def memberships_of(db: Session, person_id: int) -> list[Membership]:
    """A person's own memberships, in every network (their own page)."""
    return list(db.scalars(select(Membership).where(Membership.person_id == person_id).order_by(Membership.id)))


def organisation_of(db: Session, network_id: int, person_id: int) -> Organisation | None:
    """The partner organisation a person works for in this network, if any."""
    return db.scalar(
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.network_id == network_id, Membership.person_id == person_id)
    )


# -- the audit log -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    start: date | None = None
    end: date | None = None
    page: int = 1


@dataclass(frozen=True)
class AuditEntry:
    event: AuditEvent
    actor_name: str | None


def _audit_conditions(network_id: int, filters: AuditFilters) -> list[Any]:
    where: list[Any] = [AuditEvent.network_id == network_id]
    if filters.action:
        where.append(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.start:
        where.append(AuditEvent.at >= datetime.combine(filters.start, time.min, tzinfo=UTC))
    if filters.end:
        where.append(AuditEvent.at < datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=UTC))
    return where


def audit_entries(
    db: Session, network_id: int, filters: AuditFilters, *, limit: int | None = AUDIT_PAGE_SIZE
) -> tuple[list[AuditEntry], int]:
    """One page of the network's audit log, newest first (every entry with `limit=None`), and how many match."""
    where = _audit_conditions(network_id, filters)
    # counted on the event index alone (no join to the people: they do not change how many there are)
    total = db.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0
    query = (
        select(AuditEvent, Person.name)
        .outerjoin(Person, Person.id == AuditEvent.actor_id)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if limit is not None:
        query = query.limit(limit).offset((filters.page - 1) * limit)
    return [AuditEntry(event, name) for event, name in db.execute(query).all()], total


def audit_actions(db: Session, network_id: int) -> list[str]:
    """The action codes that occur in the network's log (the filter's choices)."""
    return list(
        db.scalars(
            select(AuditEvent.action).where(AuditEvent.network_id == network_id).distinct().order_by(AuditEvent.action)
        )
    )


# -- the network's e-mails (the outbox) ----------------------------------------------------------------------


@dataclass(frozen=True)
class OutboxFilters:
    status: str = ""  # one of outbox.STATUSES, or "" for all
    page: int = 1


@dataclass(frozen=True)
class OutboxLine:
    """What a coordinator sees of one e-mail: never its body."""

    id: int
    recipient: str
    subject: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str


def outbox_counts(db: Session, network_id: int) -> dict[str, int]:
    """How many of the network's e-mails are in each state (every state present, zero or not)."""
    found = dict(
        db.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.network_id == network_id)
            .group_by(OutboxMessage.status)
        ).all()
    )
    return {status: int(found.get(status, 0)) for status in STATUSES}


def outbox_lines(db: Session, network_id: int, filters: OutboxFilters) -> list[OutboxLine]:
    """One page of the network's e-mails, newest first; the columns a coordinator may see, and nothing else."""
    query = select(
        OutboxMessage.id,
        OutboxMessage.recipient,
        OutboxMessage.subject,
        OutboxMessage.status,
        OutboxMessage.attempts,
        OutboxMessage.created_at,
        OutboxMessage.next_attempt_at,
        OutboxMessage.sent_at,
        OutboxMessage.last_error,
    ).where(OutboxMessage.network_id == network_id)
    if filters.status:
        query = query.where(OutboxMessage.status == filters.status)
    query = (
        query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(OUTBOX_PAGE_SIZE)
        .offset((filters.page - 1) * OUTBOX_PAGE_SIZE)
    )
    return [OutboxLine(*row) for row in db.execute(query).all()]
