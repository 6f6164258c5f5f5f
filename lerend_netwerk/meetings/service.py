"""Writes of meetings, for every body (the network, a working group, the stuurgroep): planning one, its agenda points
(which may link a practice or a signal), and the minutes with attendance afterwards. Every function is scoped to
the network and the body; the reads are in `queries`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.meetings.models import AgendaItem, Attendance, Body, Meeting
from lerend_netwerk.meetings.queries import body_of, meeting


def create(
    db: Session,
    network_id: int,
    *,
    title: str,
    starts_at: datetime,
    place: str,
    actor_id: int | None,
    group_id: int | None = None,
    body: Body | None = None,
) -> Meeting:
    """Plan a meeting of the network, of one working group (`group_id`) or of another body; `starts_at` is aware
    (UTC)."""
    body = body_of(group_id, body)
    found = Meeting(
        network_id=network_id,
        title=title,
        starts_at=starts_at,
        place=place,
        body=body,
        group_id=group_id if body is Body.GROUP else None,
    )
    db.add(found)
    db.flush()
    audit.record(db, "meeting.created", actor_id=actor_id, network_id=network_id, subject=("meeting", found.id))
    return found


def add_agenda_item(
    db: Session,
    network_id: int,
    meeting_id: int,
    title: str,
    practice_id: int | None,
    group_id: int | None = None,
    *,
    body: Body | None = None,
    signal_id: int | None = None,
) -> AgendaItem:
    """A point at the end of the meeting's agenda, optionally about one of the network's practices or signals (the
    caller checks that the practice or signal is the network's)."""
    found = meeting(db, network_id, meeting_id, group_id, body=body)
    position = db.scalar(select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == found.id)) or 0
    item = AgendaItem(meeting_id=found.id, title=title, practice_id=practice_id, signal_id=signal_id, position=position)
    db.add(item)
    return item


def record_minutes(
    db: Session,
    network_id: int,
    meeting_id: int,
    minutes: str,
    person_ids: list[int],
    *,
    actor_id: int | None,
    group_id: int | None = None,
    body: Body | None = None,
) -> None:
    """Keep the minutes and who was there (the list replaces the one saved before)."""
    found = meeting(db, network_id, meeting_id, group_id, body=body)
    found.minutes = minutes
    db.execute(delete(Attendance).where(Attendance.meeting_id == found.id))
    for person_id in person_ids:
        db.add(Attendance(meeting_id=found.id, person_id=person_id))
    audit.record(
        db,
        "meeting.minutes",
        actor_id=actor_id,
        network_id=network_id,
        subject=("meeting", found.id),
        present=len(person_ids),
    )
