"""Network meetings (netwerkmomenten): date, place, agenda points linking practices, minutes, attendance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.models import Membership, Person
from lerend_netwerk.practices.models import AgendaItem, Attendance, Meeting, Practice


def upcoming_and_past(db: Session, network_id: int) -> tuple[list[Meeting], list[Meeting]]:
    now = utcnow()
    rows = list(db.scalars(select(Meeting).where(Meeting.network_id == network_id).order_by(Meeting.starts_at)))
    return [m for m in rows if m.starts_at >= now], [m for m in reversed(rows) if m.starts_at < now]


def get(db: Session, network_id: int, meeting_id: int) -> Meeting | None:
    return db.scalar(select(Meeting).where(Meeting.id == meeting_id, Meeting.network_id == network_id))


def create(db: Session, network_id: int, *, title: str, starts_at: datetime, place: str, actor_id: int) -> Meeting:
    meeting = Meeting(network_id=network_id, title=title, starts_at=starts_at, place=place)
    db.add(meeting)
    db.flush()
    audit.record(db, "meeting.created", actor_id=actor_id, network_id=network_id, subject=("meeting", meeting.id))
    return meeting


def agenda(db: Session, meeting_id: int) -> list[tuple[AgendaItem, Practice | None]]:
    rows = db.execute(
        select(AgendaItem, Practice)
        .outerjoin(Practice, Practice.id == AgendaItem.practice_id)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    return [(item, practice) for item, practice in rows]


def add_agenda_item(db: Session, meeting: Meeting, title: str, practice_id: int | None) -> AgendaItem:
    position = len(agenda(db, meeting.id))
    item = AgendaItem(meeting_id=meeting.id, title=title, practice_id=practice_id, position=position)
    db.add(item)
    return item


PRACTICE_CHOICES = 100  # the agenda form offers the network's newest practices, not all of its thousands


def network_practices(db: Session, network_id: int, *, practice_id: int | None = None) -> list[tuple[int, str]]:
    """(id, title) of the network's newest practices, by title; or of the one `practice_id`, if it is the network's."""
    query = select(Practice.id, Practice.title).where(Practice.network_id == network_id)
    if practice_id is not None:
        query = query.where(Practice.id == practice_id)
    newest = query.order_by(Practice.id.desc()).limit(PRACTICE_CHOICES).subquery()
    return [(i, t) for i, t in db.execute(select(newest.c.id, newest.c.title).order_by(newest.c.title))]


def members(db: Session, network_id: int) -> list[tuple[int, str]]:
    rows = db.execute(
        select(Person.id, Person.name)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.network_id == network_id)
        .order_by(Person.name)
    )
    return [(pid, name) for pid, name in rows]


def present(db: Session, meeting_id: int) -> set[int]:
    return set(db.scalars(select(Attendance.person_id).where(Attendance.meeting_id == meeting_id)))


def record_minutes(db: Session, meeting: Meeting, minutes: str, person_ids: list[int], *, actor_id: int) -> None:
    meeting.minutes = minutes
    db.execute(delete(Attendance).where(Attendance.meeting_id == meeting.id))
    for person_id in person_ids:
        db.add(Attendance(meeting_id=meeting.id, person_id=person_id))
    audit.record(
        db,
        "meeting.minutes",
        actor_id=actor_id,
        network_id=meeting.network_id,
        subject=("meeting", meeting.id),
        present=len(person_ids),
    )
