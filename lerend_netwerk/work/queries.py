"""Reads for the working groups' pages: the list with the meeting rhythm, one group with its members, meetings,
signals, plan actions and the practices its members shared. Every read is scoped to a network; a foreign id is
NotFound. The plan's reads are in `plan_queries`, the wijk view's in `wijk_queries`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk.db import utcnow
from lerend_netwerk.meetings import queries as meeting_queries
from lerend_netwerk.meetings.models import Meeting
from lerend_netwerk.networks import queries as networks
from lerend_netwerk.networks.models import Network, Organisation, Person
from lerend_netwerk.practices import queries as practice_queries
from lerend_netwerk.practices.models import Practice, Status
from lerend_netwerk.signals.models import Signal
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.work.models import Action, GroupMember, WorkGroup

SIGNALS_SHOWN = 20
PRACTICES_SHOWN = 12


@dataclass
class GroupRow:
    group: WorkGroup
    trekker: str
    members: int
    last_meeting: date | None
    next_meeting: date | None
    next_due: date | None = None
    overdue: bool = False


def rhythm(last: date | None, upcoming: date | None, per_year: int, created: date, today: date) -> tuple[date, bool]:
    """When the next meeting is due (the last one plus a year divided by the rhythm; from the group's start when it
    never met), and whether that day has passed without a meeting planned."""
    interval = timedelta(days=365 // max(per_year, 1))
    due = (last or created) + interval
    return due, upcoming is None and due < today


def groups(db: Session, network_id: int, *, person_id: int | None = None) -> list[GroupRow]:
    """The network's working groups by name, with trekker, members and meeting rhythm; only the groups of
    `person_id` (member or trekker) when given."""
    query = (
        select(WorkGroup, Person.name)
        .outerjoin(Person, Person.id == WorkGroup.trekker_id)
        .where(WorkGroup.network_id == network_id)
        .order_by(WorkGroup.name)
    )
    if person_id is not None:
        mine = select(GroupMember.group_id).where(GroupMember.person_id == person_id)
        query = query.where(or_(WorkGroup.trekker_id == person_id, WorkGroup.id.in_(mine)))
    rows = db.execute(query).all()
    ids = [g.id for g, _n in rows]
    if not ids:
        return []
    counts = dict(
        db.execute(
            select(GroupMember.group_id, func.count())
            .where(GroupMember.group_id.in_(ids))
            .group_by(GroupMember.group_id)
        ).all()
    )
    now = utcnow()
    last = dict(
        db.execute(
            select(Meeting.group_id, func.max(Meeting.starts_at))
            .where(Meeting.network_id == network_id, Meeting.group_id.in_(ids), Meeting.starts_at < now)
            .group_by(Meeting.group_id)
        ).all()
    )
    upcoming = dict(
        db.execute(
            select(Meeting.group_id, func.min(Meeting.starts_at))
            .where(Meeting.network_id == network_id, Meeting.group_id.in_(ids), Meeting.starts_at >= now)
            .group_by(Meeting.group_id)
        ).all()
    )
    today = now.date()
    found = []
    for group, trekker in rows:
        last_on = last[group.id].date() if group.id in last else None
        next_on = upcoming[group.id].date() if group.id in upcoming else None
        due, overdue = rhythm(last_on, next_on, group.meetings_per_year, group.created_at.date(), today)
        found.append(GroupRow(group, trekker or "", counts.get(group.id, 0), last_on, next_on, next_on or due, overdue))
    return found


def group(db: Session, network_id: int, group_id: int) -> WorkGroup:
    found = db.scalar(select(WorkGroup).where(WorkGroup.id == group_id, WorkGroup.network_id == network_id))
    if found is None:
        raise NotFound()
    return found


def is_member(db: Session, group_id: int, person_id: int) -> bool:
    """The person is the group's trekker or one of its members."""
    trekker = db.scalar(select(WorkGroup.trekker_id).where(WorkGroup.id == group_id))
    if trekker == person_id:
        return True
    return (
        db.scalar(select(GroupMember.id).where(GroupMember.group_id == group_id, GroupMember.person_id == person_id))
        is not None
    )


@dataclass
class MemberRow:
    member: GroupMember
    name: str


@dataclass
class GroupPage:
    group: WorkGroup
    trekker: str
    people: list[MemberRow]
    organisations: list[MemberRow]
    upcoming: list[Meeting]
    past: list[Meeting]
    signals: list[Signal]
    signal_count: int
    actions: list[Action]
    practices: list[Practice]
    extra: dict[str, Any] = field(default_factory=dict)


def group_page(db: Session, network_id: int, group_id: int) -> GroupPage:
    found = group(db, network_id, group_id)
    trekker = db.scalar(select(Person.name).where(Person.id == found.trekker_id)) if found.trekker_id else None
    people = [
        MemberRow(m, name)
        for m, name in db.execute(
            select(GroupMember, Person.name)
            .join(Person, Person.id == GroupMember.person_id)
            .where(GroupMember.group_id == found.id)
            .order_by(Person.name)
        )
    ]
    organisations = [
        MemberRow(m, name)
        for m, name in db.execute(
            select(GroupMember, Organisation.name)
            .join(Organisation, Organisation.id == GroupMember.organisation_id)
            .where(GroupMember.group_id == found.id)
            .order_by(Organisation.name)
        )
    ]
    upcoming, past = meeting_queries.meetings(db, network_id, found.id)
    signals: list[Signal] = []
    signal_count = 0
    if found.theme:
        of_theme = (Signal.network_id == network_id, Signal.theme == found.theme, Signal.merged_into_id.is_(None))
        signals = list(
            db.scalars(select(Signal).where(*of_theme).order_by(Signal.reported_on.desc()).limit(SIGNALS_SHOWN))
        )
        signal_count = db.scalar(select(func.count()).select_from(Signal).where(*of_theme)) or 0
    actions = list(
        db.scalars(
            select(Action).where(Action.network_id == network_id, Action.group_id == found.id).order_by(Action.id)
        )
    )
    person_ids = [m.member.person_id for m in people if m.member.person_id] + (
        [found.trekker_id] if found.trekker_id else []
    )
    org_ids = [m.member.organisation_id for m in organisations if m.member.organisation_id]
    practices: list[Practice] = []
    if person_ids or org_ids:
        practices = list(
            db.scalars(
                select(Practice)
                .where(
                    Practice.network_id == network_id,
                    Practice.status == Status.PUBLISHED,
                    or_(Practice.author_id.in_(person_ids), Practice.organisation_id.in_(org_ids)),
                )
                .order_by(Practice.published_at.desc())
                .limit(PRACTICES_SHOWN)
            )
        )
    return GroupPage(
        found, trekker or "", people, organisations, upcoming, past, signals, signal_count, actions, practices
    )


def member_choices(db: Session, network_id: int) -> dict[str, list[tuple[int, str]]]:
    """The network's staff people and partner organisations, who can be a group's trekker or members."""
    return {
        "people": [(p.id, p.name) for p in networks.people(db, network_id, staff_only=True)],
        "organisations": [(o.id, o.name) for o in networks.organisations(db, network_id)],
    }


def meeting_page(db: Session, network_id: int, group_id: int, meeting_id: int) -> dict[str, Any]:
    """A group's meeting with its agenda and attendance (practices' meeting parts); the group's people are the
    ones who can be marked present."""
    found_group = group(db, network_id, group_id)
    found = meeting_queries.meeting(db, network_id, meeting_id, found_group.id)
    return {
        "group": found_group,
        "meeting": found,
        "agenda": practice_queries.agenda(db, found),
        "practices": practice_queries.agenda_practices(db, network_id),
        "members": attendee_choices(db, network_id, found_group.id),
        "present": meeting_queries.present(db, found),
    }


def attendee_choices(db: Session, network_id: int, group_id: int) -> list[tuple[int, str]]:
    """(id, name) of the group's trekker and member people."""
    found = group(db, network_id, group_id)
    ids = set(db.scalars(select(GroupMember.person_id).where(GroupMember.group_id == found.id)))
    if found.trekker_id:
        ids.add(found.trekker_id)
    ids.discard(None)
    return [
        (i, n) for i, n in db.execute(select(Person.id, Person.name).where(Person.id.in_(ids)).order_by(Person.name))
    ]


def regional_groups(db: Session, region_id: int) -> list[tuple[str, WorkGroup]]:
    """(network name, group) of the member networks' groups they share with the region."""
    return [
        (name, g)
        for g, name in db.execute(
            select(WorkGroup, Network.name)
            .join(Network, Network.id == WorkGroup.network_id)
            .where(Network.region_id == region_id, WorkGroup.shared_in_region.is_(True))
            .order_by(Network.name, WorkGroup.name)
        )
    ]
