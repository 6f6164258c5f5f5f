"""Writes of working groups: make and change a group, its members, and its meetings (practices' meeting parts
with the group's id). Who may do what beyond the role (a trekker manages its own group's meetings) is checked
here, so every route and the CLI get the same answer. The plan's writes are in `service_plan`, the figures' in
`service_figures`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.meetings import service as service_meetings
from lerend_netwerk.meetings.models import Meeting
from lerend_netwerk.networks.models import Membership, Organisation
from lerend_netwerk.web.errors import DomainError, NotFound
from lerend_netwerk.work.models import GroupMember, WorkGroup
from lerend_netwerk.work.queries import group, is_member


class WorkError(DomainError):
    """A refusal about the network's work, in Dutch, at a field."""


class NotYours(Exception):
    """The person may not manage this group's meetings (not its trekker, not steering or coordinator)."""


@dataclass(frozen=True)
class GroupData:
    name: str
    theme: str
    description: str
    trekker_id: int | None
    meetings_per_year: int
    shared_in_region: bool


def _staff_ids(db: Session, network_id: int) -> set[int]:
    return set(db.scalars(select(Membership.person_id).where(Membership.network_id == network_id)))


def save_group(
    db: Session, network_id: int, data: GroupData, *, actor_id: int, group_id: int | None = None
) -> WorkGroup:
    """Make a group, or change one (`group_id`). Names are unique within the network."""
    if data.trekker_id is not None and data.trekker_id not in _staff_ids(db, network_id):
        raise WorkError(_("Kies een trekker uit de lijst."), field="trekker")
    clash = db.scalar(select(WorkGroup.id).where(WorkGroup.network_id == network_id, WorkGroup.name == data.name))
    if clash is not None and clash != group_id:
        raise WorkError(_("Er is al een werkgroep met die naam."), field="naam")
    found = group(db, network_id, group_id) if group_id is not None else WorkGroup(network_id=network_id)
    for key, value in data.__dict__.items():
        setattr(found, key, value)
    db.add(found)
    db.flush()
    audit.record(
        db,
        "work.group_saved" if group_id else "work.group_created",
        actor_id=actor_id,
        network_id=network_id,
        subject=("work_group", found.id),
    )
    return found


def add_member(
    db: Session,
    network_id: int,
    group_id: int,
    *,
    person_id: int | None,
    organisation_id: int | None,
    role: str,
    actor_id: int,
) -> None:
    """Add a person of the network (with their role in the group) or a partner organisation; twice is once."""
    found = group(db, network_id, group_id)
    if person_id is not None and person_id not in _staff_ids(db, network_id):
        raise WorkError(_("Kies een persoon uit de lijst."), field="persoon")
    if organisation_id is not None and (
        db.scalar(
            select(Organisation.id).where(Organisation.id == organisation_id, Organisation.network_id == network_id)
        )
        is None
    ):
        raise WorkError(_("Kies een organisatie uit de lijst."), field="organisatie")
    if person_id is None and organisation_id is None:
        raise WorkError(_("Kies een persoon of een organisatie."), field="persoon")
    for pid, oid in ((person_id, None), (None, organisation_id)):
        if pid is None and oid is None:
            continue
        column = GroupMember.person_id if pid else GroupMember.organisation_id
        exists = db.scalar(select(GroupMember).where(GroupMember.group_id == found.id, column == (pid or oid)))
        if exists is not None:
            exists.role = role if pid else exists.role
            continue
        db.add(GroupMember(group_id=found.id, person_id=pid, organisation_id=oid, role=role if pid else ""))
    try:
        db.flush()
    except IntegrityError:  # two coordinators at once: the other one added it
        raise WorkError(_("Dit lid staat al in de werkgroep."), field="persoon") from None
    audit.record(db, "work.member_added", actor_id=actor_id, network_id=network_id, subject=("work_group", found.id))


def remove_member(db: Session, network_id: int, group_id: int, member_id: int, *, actor_id: int) -> None:
    found = group(db, network_id, group_id)
    done = db.execute(delete(GroupMember).where(GroupMember.id == member_id, GroupMember.group_id == found.id))
    if not done.rowcount:
        raise NotFound()
    audit.record(db, "work.member_removed", actor_id=actor_id, network_id=network_id, subject=("work_group", found.id))


def check_meeting_manager(db: Session, network_id: int, group_id: int, person_id: int, manages: bool) -> WorkGroup:
    """The group, when the person may manage its meetings: steering and coordinator (`manages`), or its trekker."""
    found = group(db, network_id, group_id)
    if not manages and found.trekker_id != person_id:
        raise NotYours()
    return found


def check_reader(db: Session, network_id: int, group_id: int, person_id: int, manages: bool) -> WorkGroup:
    """The group, when the person may read its pages: who manages groups, its trekker and members."""
    found = group(db, network_id, group_id)
    if not manages and not is_member(db, found.id, person_id):
        raise NotYours()
    return found


def plan_meeting(
    db: Session,
    network_id: int,
    group_id: int,
    *,
    title: str,
    starts_at: datetime,
    place: str,
    actor_id: int,
    manages: bool,
) -> Meeting:
    found = check_meeting_manager(db, network_id, group_id, actor_id, manages)
    return service_meetings.create(
        db, network_id, title=title, starts_at=starts_at, place=place, actor_id=actor_id, group_id=found.id
    )


def add_agenda_item(
    db: Session,
    network_id: int,
    group_id: int,
    meeting_id: int,
    title: str,
    practice_id: int | None,
    *,
    actor_id: int,
    manages: bool,
) -> None:
    found = check_meeting_manager(db, network_id, group_id, actor_id, manages)
    service_meetings.add_agenda_item(db, network_id, meeting_id, title, practice_id, found.id)


def record_minutes(
    db: Session,
    network_id: int,
    group_id: int,
    meeting_id: int,
    minutes: str,
    person_ids: list[int],
    *,
    actor_id: int,
    manages: bool,
) -> None:
    found = check_meeting_manager(db, network_id, group_id, actor_id, manages)
    service_meetings.record_minutes(
        db, network_id, meeting_id, minutes, person_ids, actor_id=actor_id, group_id=found.id
    )
