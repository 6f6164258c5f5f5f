"""What a capability declares about itself. Each capability package has one `capability.py` that builds one
`Capability`; `lerend_netwerk.capabilities` lists them, and the app factory and the CLI build every registry
from that list (`lerend_netwerk.registry`). Building a declaration changes nothing global: a module that is
imported registers nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from starlette.routing import BaseRoute

    from lerend_netwerk.demo import Demo
    from lerend_netwerk.networks.models import Role
    from lerend_netwerk.networks.nav import NavItem
    from lerend_netwerk.periodic import Job
    from lerend_netwerk.personal_data import Provider
    from lerend_netwerk.retention import Rule


@dataclass(frozen=True)
class SignalSourceKind:
    """A kind of place a signal can come from. The board shows `label` and filters on `kind`; the signal keeps
    the kind, the source's id and a link back, so a new source needs no change in the board."""

    kind: str  # stored with the signal's source, at most 20 characters
    label: Any  # a lazy Dutch label


@dataclass(frozen=True)
class HomeLink:
    """Something a visitor can take part in now, shown on the network's home page (an open survey)."""

    title: str  # what it is, in the network's own words ("Hoe vind je de zwemlessen?")
    action: Any  # what to do, a lazy Dutch label ("Vul de bevraging in")
    route: str  # a route name; with `params` it makes the link
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SignalPanel:
    """A part another capability adds to a signal's page on the board, without the board importing it: `load`
    (session, network id, signal id) returns the context of `template`, or None to show nothing."""

    template: str
    load: Callable[[Session, int, int], dict[str, Any] | None]


@dataclass(frozen=True, kw_only=True)
class Capability:
    """One capability of the platform, as the app factory and the CLI see it."""

    name: str  # the package name; also the namespace of its route names ("dialogue:signup")
    routes: Sequence[BaseRoute] = ()
    # Policy actions this capability adds, with the roles that may do them (a coordinator always may).
    actions: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    nav: Sequence[NavItem] = ()
    privacy: Provider | None = None  # what it holds about a person: see, export, erase
    retention: Sequence[Rule] = ()  # what it deletes or anonymises after a while (listed on /privacy)
    signal_sources: Sequence[SignalSourceKind] = ()  # kinds of signals it hands to the board
    signal_panels: Sequence[SignalPanel] = ()  # what it shows on a signal's page (the plan action it is part of)
    feedback_links: Sequence[NavItem] = ()  # public pages the feedback page ("jullie zeiden, wij deden") links to
    demo: Callable[[Session, Demo], None] | None = None  # adds its demo content to the demo networks
    jobs: Sequence[Job] = ()  # periodic work (`lerend-netwerk periodic`): what runs, and how often it is due
    # What it invites everyone to on the network's home page, read for one network (open surveys).
    home_links: Callable[[Session, int], list[HomeLink]] | None = None
    # Database objects made by raw SQL in its migrations (search indexes) that SQLAlchemy does not model.
    unmanaged_objects: frozenset[str] = frozenset()
