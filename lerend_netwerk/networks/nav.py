"""The network menu: capabilities declare their entries (`NavItem`); each shows only to roles the policy allows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.policy import Policy


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


class Menu:
    """Every capability's menu entries, in order; `items_for(role)` is what one role sees."""

    def __init__(self, items: Iterable[NavItem], policy: Policy) -> None:
        self.items = tuple(sorted(items, key=lambda i: i.order))
        routes = [i.route for i in self.items]
        if len(routes) != len(set(routes)):
            raise ValueError(f"a menu entry is declared twice: {routes}")
        self.policy = policy
        self._cache: dict[Role | None, list[NavItem]] = {}

    def items_for(self, role: Role | None) -> list[NavItem]:
        if role not in self._cache:
            self._cache[role] = [i for i in self.items if i.action is None or self.policy.can(role, i.action)]
        return self._cache[role]
