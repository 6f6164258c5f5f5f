"""The network's work in the platform's privacy machinery ("my data": see and erase).

What it holds about a person: their place in working groups (with their role there) and that they are the trekker
of a group or a plan action. Erasing takes the person out of the groups and leaves groups and actions without a
trekker; the groups, meetings and plan stay (attendance at meetings is practices' meeting data, erased there)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lerend_netwerk.accounts.mydata import Provider, Subject, in_network
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Network
from lerend_netwerk.work.models import Action, GroupMember, WorkGroup


def _export(db: Session, subject: Subject) -> list[dict[str, Any]]:
    if subject.person_id is None:
        return []
    pid = subject.person_id
    rows: list[dict[str, Any]] = []
    for group, network, role in db.execute(
        select(WorkGroup, Network.name, GroupMember.role)
        .join(GroupMember, GroupMember.group_id == WorkGroup.id)
        .join(Network, Network.id == WorkGroup.network_id)
        .where(GroupMember.person_id == pid, in_network(subject, WorkGroup.network_id))
        .order_by(WorkGroup.id)
    ):
        rows.append({"kind": "working_group_member", "group": group.name, "network": network, "role": role})
    for group, network in db.execute(
        select(WorkGroup, Network.name)
        .join(Network, Network.id == WorkGroup.network_id)
        .where(WorkGroup.trekker_id == pid, in_network(subject, WorkGroup.network_id))
        .order_by(WorkGroup.id)
    ):
        rows.append({"kind": "working_group_trekker", "group": group.name, "network": network})
    for action, network in db.execute(
        select(Action, Network.name)
        .join(Network, Network.id == Action.network_id)
        .where(Action.trekker_id == pid, in_network(subject, Action.network_id))
        .order_by(Action.id)
    ):
        rows.append({"kind": "plan_action_trekker", "action": action.title, "network": network})
    return rows


def _erase(db: Session, subject: Subject) -> int:
    if subject.person_id is None:
        return 0
    pid = subject.person_id
    groups = select(WorkGroup.id).where(in_network(subject, WorkGroup.network_id))
    done = db.execute(delete(GroupMember).where(GroupMember.person_id == pid, GroupMember.group_id.in_(groups)))
    led = db.execute(
        update(WorkGroup)
        .where(WorkGroup.trekker_id == pid, in_network(subject, WorkGroup.network_id))
        .values(trekker_id=None)
    )
    actions = db.execute(
        update(Action).where(Action.trekker_id == pid, in_network(subject, Action.network_id)).values(trekker_id=None)
    )
    return done.rowcount + led.rowcount + actions.rowcount


PRIVACY = Provider("work", lazy_gettext("Werkgroepen en het kansenplan"), _export, _erase)
