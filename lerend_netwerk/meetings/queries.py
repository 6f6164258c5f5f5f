"""Reads of meetings, scoped to a network and to one body: another network's or another body's meeting is not
found here. What an agenda point links to (a practice, a signal) is read by the capability that owns it."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from lerend_netwerk.db import utcnow
from lerend_netwerk.meetings.models import Attendance, Body, Meeting
from lerend_netwerk.networks.models import Membership, Person, Role
from lerend_netwerk.web.errors import NotFound

# Who belongs to the stuurgroep: the people with the steering role, and the coordinators who run the network.
STEERING_ROLES = (Role.STEERING, Role.COORDINATOR)


def body_of(group_id: int | None, body: Body | None) -> Body:
    """The body a call means: given, or a working group when it names one, else the whole network."""
    return body or (Body.GROUP if group_id is not None else Body.NETWORK)


def of_body(body: Body, group_id: int | None = None) -> ColumnElement[bool]:
    """The condition for one body's meetings; a working group's are those of that group only."""
    if body is Body.GROUP:
        return (Meeting.body == Body.GROUP) & (Meeting.group_id == group_id)
    return Meeting.body == body


def meetings(
    db: Session, network_id: int, group_id: int | None = None, *, body: Body | None = None
) -> tuple[list[Meeting], list[Meeting]]:
    """One body's meetings: upcoming ones soonest first, past ones latest first."""
    now = utcnow()
    where = of_body(body_of(group_id, body), group_id)
    rows = list(db.scalars(select(Meeting).where(Meeting.network_id == network_id, where).order_by(Meeting.starts_at)))
    return [m for m in rows if m.starts_at >= now], [m for m in reversed(rows) if m.starts_at < now]


def meeting(
    db: Session, network_id: int, meeting_id: int, group_id: int | None = None, *, body: Body | None = None
) -> Meeting:
    """The body's meeting (the network's when neither a group nor a body is named); NotFound for any other."""
    where = of_body(body_of(group_id, body), group_id)
    found = db.scalar(select(Meeting).where(Meeting.id == meeting_id, Meeting.network_id == network_id, where))
    if found is None:
        raise NotFound()
    return found


def present(db: Session, meeting: Meeting) -> set[int]:
    """Ids of the people who were at the meeting."""
    return set(db.scalars(select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)))


def steering_members(db: Session, network_id: int) -> list[tuple[int, str]]:
    """(id, name) of the stuurgroep: the network's people with the steering role, and its coordinators."""
    rows = db.execute(
        select(Person.id, Person.name)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.network_id == network_id, Membership.role.in_(STEERING_ROLES))
        .order_by(Person.name, Person.id)
    )
    return [(person_id, name) for person_id, name in rows]
