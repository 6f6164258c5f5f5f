"""Every registry of the platform, built from one list of capabilities: the policy, the menu, the privacy
providers, the retention rules, the periodic jobs, the signal sources, the demo fillers, the routes and their
names.

`create_app` and each CLI command call `Registry.build()`, so a web worker started with `serve --no-migrate
--workers 2`, the `retention` command and the tests all see exactly the same platform."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from starlette.routing import BaseRoute, Route

from lerend_netwerk.capability import Capability, HomeLink, SignalPanel, SignalSourceKind
from lerend_netwerk.networks.nav import Menu, NavItem
from lerend_netwerk.networks.policy import Policy
from lerend_netwerk.web.urls import Urls

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from lerend_netwerk.demo import Demo
    from lerend_netwerk.periodic import Job
    from lerend_netwerk.personal_data import Provider
    from lerend_netwerk.retention import Rule


class DeclarationError(ValueError):
    """Two capabilities declare the same thing, or a route needs an action nobody declared."""


@dataclass(frozen=True)
class Registry:
    capabilities: tuple[Capability, ...]
    policy: Policy
    menu: Menu
    privacy: tuple[Provider, ...]
    retention: tuple[Rule, ...]
    jobs: tuple[Job, ...]
    signal_sources: Mapping[str, SignalSourceKind]
    signal_panels: tuple[SignalPanel, ...]
    feedback_links: tuple[NavItem, ...]
    demos: tuple[Callable[[Session, Demo], None], ...]
    home_links: tuple[Callable[[Session, int], list[HomeLink]], ...]
    routes: tuple[BaseRoute, ...]
    unmanaged_objects: frozenset[str]

    @classmethod
    def build(cls, capabilities: Sequence[Capability] | None = None) -> Registry:
        """The registries of `capabilities` (default: every capability in `lerend_netwerk.capabilities`)."""
        if capabilities is None:
            from lerend_netwerk.capabilities import CAPABILITIES

            capabilities = CAPABILITIES
        capabilities = tuple(capabilities)
        _unique("capability", [c.name for c in capabilities])
        policy = Policy(c.actions for c in capabilities)
        privacy = tuple(c.privacy for c in capabilities if c.privacy is not None)
        retention = tuple(rule for c in capabilities for rule in c.retention)
        jobs = tuple(job for c in capabilities for job in c.jobs)
        sources = [s for c in capabilities for s in c.signal_sources]
        routes = tuple(route for c in capabilities for route in c.routes)
        _unique("privacy provider", [p.name for p in privacy])
        _unique("retention rule", [r.name for r in retention])
        _unique("periodic job", [j.name for j in jobs])
        _unique("signal source", [s.kind for s in sources])
        _unique("route name", [f"{_methods(r)} {r.name}" for r in routes if isinstance(r, Route)])
        registry = cls(
            capabilities=capabilities,
            policy=policy,
            menu=Menu((item for c in capabilities for item in c.nav), policy),
            privacy=privacy,
            retention=retention,
            jobs=jobs,
            signal_sources={s.kind: s for s in sources},
            signal_panels=tuple(panel for c in capabilities for panel in c.signal_panels),
            feedback_links=tuple(link for c in capabilities for link in c.feedback_links),
            demos=tuple(c.demo for c in capabilities if c.demo is not None),
            home_links=tuple(c.home_links for c in capabilities if c.home_links is not None),
            routes=routes,
            unmanaged_objects=frozenset().union(*(c.unmanaged_objects for c in capabilities)),
        )
        registry._check_actions()
        return registry

    def _check_actions(self) -> None:
        """Every action a route or a menu entry names is declared by some capability: fail at start-up, not on
        the first request."""
        for route in self.routes:
            access = getattr(getattr(route, "endpoint", None), "access", None)
            if access is not None and access.action is not None and access.action not in self.policy:
                raise DeclarationError(f"route {route.name!r} needs undeclared action {access.action!r}")  # type: ignore[attr-defined]
        for item in self.menu.items:
            if item.action is not None and item.action not in self.policy:
                raise DeclarationError(f"menu entry {item.route!r} needs undeclared action {item.action!r}")

    def summary(self) -> dict[str, Any]:
        """What each registry holds, by name: for `lerend-netwerk capabilities --json` and the wiring test."""
        return {
            "capabilities": [c.name for c in self.capabilities],
            "actions": {a: sorted(r.value for r in roles) for a, roles in sorted(self.policy.permissions.items())},
            "menu": [item.route for item in self.menu.items],
            "privacy": [p.name for p in self.privacy],
            "retention": [r.name for r in self.retention],
            "jobs": [j.name for j in self.jobs],
            "signal_sources": sorted(self.signal_sources),
            "demos": [f"{d.__module__}.{d.__qualname__}" for d in self.demos],
            "home_links": [f"{h.__module__}.{h.__qualname__}" for h in self.home_links],
            "routes": sorted(f"{r.name} {_methods(r)}" for r in self.routes if isinstance(r, Route)),
            "unmanaged_objects": sorted(self.unmanaged_objects),
        }

    @cached_property
    def urls(self) -> Urls:
        """Site paths of every named route (`urls.path("dialogue:session", network="zele", id=3)`), for pages,
        redirects, mails and the links signals keep back to their source, with or without a request."""
        return Urls(self.routes)

    def links_for_home(self, db: Session, network_id: int) -> list[HomeLink]:
        """What every capability invites everyone to on the network's home page, in the list's order."""
        return [link for read in self.home_links for link in read(db, network_id)]

    @cached_property
    def source_labels(self) -> dict[str, Any]:
        return {kind: source.label for kind, source in self.signal_sources.items()}


def _methods(route: Route) -> str:
    return ",".join(sorted(route.methods or ()))


def _unique(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DeclarationError(f"{what} {name!r} is declared twice")
        seen.add(name)
