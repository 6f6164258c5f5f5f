"""The one policy: which role may do what in a network. Routes and templates ask `policy.can()`; nothing else
decides. The actions come from the capabilities' declarations; the registry builds one `Policy` from them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lerend_netwerk.networks.models import Role

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.MEMBER, Role.FACILITATOR, Role.STEERING, Role.COORDINATOR})
C = Role.COORDINATOR


class Policy:
    """action -> roles that may do it. A coordinator may do everything in their network."""

    def __init__(self, declared: Iterable[Mapping[str, Iterable[Role]]]) -> None:
        self.permissions: dict[str, frozenset[Role]] = {}
        for actions in declared:
            for action, roles in actions.items():
                if action in self.permissions:
                    raise ValueError(f"action {action!r} declared twice")
                self.permissions[action] = frozenset(roles) | {C}

    def __contains__(self, action: str) -> bool:
        return action in self.permissions

    def can(self, role: Role | None, action: str) -> bool:
        """True when `role` (None = not a member) may perform `action`. Unknown actions are a programming error."""
        try:
            allowed = self.permissions[action]
        except KeyError:
            raise KeyError(f"unknown action {action!r}: declare it in a capability's actions") from None
        return role is not None and role in allowed

    def roles_for(self, action: str) -> frozenset[Role]:
        return self.permissions[action]
