"""The one policy: which role may do what in a network. Routes and templates ask `can()`; nothing else decides."""

from __future__ import annotations

from lerend_netwerk.networks.models import Role

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.MEMBER, Role.FACILITATOR, Role.STEERING, Role.COORDINATOR})
C = Role.COORDINATOR

# action -> roles that may do it. A coordinator may do everything in their network (added below).
PERMISSIONS: dict[str, frozenset[Role]] = {
    "network.view_internal": ALL_ROLES,
    "network.manage": frozenset({C}),
    "members.manage": frozenset({C}),
    "codes.manage": frozenset({Role.FACILITATOR, C}),
    # A request made on paper: see, correct, erase someone's data (a facilitator for participants only).
    "privacy.act_for": frozenset({Role.FACILITATOR, C}),
    "audit.view": frozenset({C}),
}

for _action, _roles in list(PERMISSIONS.items()):
    PERMISSIONS[_action] = _roles | {C}


def can(role: Role | None, action: str) -> bool:
    """True when `role` (None = not a member) may perform `action`. Unknown actions are a programming error."""
    try:
        allowed = PERMISSIONS[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}: add it to PERMISSIONS") from None
    return role is not None and role in allowed


def register(action: str, roles: frozenset[Role] | set[Role]) -> None:
    """Capabilities declare their actions here at import time; the coordinator always gets them too."""
    if action in PERMISSIONS:
        raise ValueError(f"action {action!r} declared twice")
    PERMISSIONS[action] = frozenset(roles) | {C}
