"""The network menu. Capabilities add their entries with `add()`; each shows only to roles the policy allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.policy import can


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation
    route: str  # route name taking a `network` parameter
    action: str | None = None  # policy action needed to see it; None = everyone
    order: int = 50


ROLE_LABELS = {
    Role.PARTICIPANT: lazy_gettext("Deelnemer (ervaringsdeskundige)"),
    Role.MEMBER: lazy_gettext("Lid (partnerorganisatie)"),
    Role.FACILITATOR: lazy_gettext("Begeleider (kansenwerker, toeleider)"),
    Role.STEERING: lazy_gettext("Stuurgroep"),
    Role.COORDINATOR: lazy_gettext("Coördinator"),
}


def role_label(role: Role) -> Any:
    return ROLE_LABELS[role]


_ITEMS: list[NavItem] = [
    NavItem(lazy_gettext("Leden"), "members", "members.manage", order=90),
    NavItem(lazy_gettext("Inlogcodes"), "codes", "codes.manage", order=91),
    NavItem(lazy_gettext("Logboek"), "audit_log", "audit.view", order=95),
]


def add(item: NavItem) -> None:
    if any(existing.route == item.route for existing in _ITEMS):
        return
    _ITEMS.append(item)


def items_for(role: Role | None) -> list[NavItem]:
    return sorted((i for i in _ITEMS if i.action is None or can(role, i.action)), key=lambda i: i.order)
