"""Who may read and edit which practice: the viewer, the reach of a region, and the one readable condition that
every list, page and write goes through."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, bindparam, false, func, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk.networks.cache import kept_ids, kept_rows
from lerend_netwerk.networks.models import Membership, Network, Role
from lerend_netwerk.practices.models import Practice, Status, Visibility
from lerend_netwerk.web.errors import NotFound

STAFF = {Role.MEMBER, Role.FACILITATOR, Role.STEERING, Role.COORDINATOR}


@dataclass(frozen=True)
class Viewer:
    """Who is looking: person id (None for a visitor) and their role per network id."""

    person_id: int | None = None
    roles: dict[int, Role] = field(default_factory=dict)

    @property
    def staff_networks(self) -> set[int]:
        return {nid for nid, role in self.roles.items() if role in STAFF}


def viewer_of(visitor: Any) -> Viewer:
    """The viewer of a request (`request.state.visitor`)."""
    return Viewer(visitor.person.id if visitor.person else None, dict(visitor.roles))


def region_group(db: Session, network_id: int) -> set[int]:
    """The network, its regional network, and every network in that region."""
    return region_reach(db, {network_id})


def region_reach(db: Session, network_ids: set[int]) -> set[int]:
    """The networks, their regional networks, and every network in those regions: one query, however many (kept
    per worker: `networks.cache`)."""
    if not network_ids:
        return set()
    known = _known_reach(db)
    key = frozenset(network_ids)
    if key not in known:
        known[key] = kept_ids(
            db, ("reach ids", key), lambda: set(db.scalars(select(Network.id).where(in_reach(network_ids))))
        )
    return known[key]


def networks_in_reach(db: Session, network_id: int) -> list[Network]:
    """The networks of `region_group`, by name, read whole in the same statement (a list's filter shows them); kept
    per worker (`networks.cache`)."""

    def read() -> list[Network]:
        return list(db.scalars(select(Network).where(in_reach({network_id})).order_by(Network.name)))

    found = kept_rows(db, ("reach", network_id), Network, read)
    _known_reach(db)[frozenset({network_id})] = {n.id for n in found}
    return found


def _known_reach(db: Session) -> dict[frozenset[int], set[int]]:
    return db.info.setdefault("region_reach", {})  # one transaction asks the same question several times


def in_reach(network_ids: set[int]) -> Any:
    """SQL condition on Network: one of these networks, their regional networks, or a network in those regions."""
    regions = select(func.coalesce(Network.region_id, Network.id)).where(Network.id.in_(network_ids))
    return or_(Network.id.in_(network_ids), Network.id.in_(regions), Network.region_id.in_(regions))


def readable(db: Session, viewer: Viewer) -> Any:
    """SQL condition: practices this viewer may read."""
    reach = region_reach(db, set(viewer.roles))
    return _readable_condition(reach or None, set(viewer.roles) or None, viewer.staff_networks or None)


def _readable_condition(reach: Any, member_of: Any, staff: Any) -> Any:
    """Readable practices, for viewers with these networks (a set, a list parameter, or None for none)."""
    published = Practice.status == Status.PUBLISHED
    return or_(
        and_(published, Practice.visibility == Visibility.PUBLIC),
        and_(published, Practice.visibility == Visibility.REGION, Practice.network_id.in_(reach))
        if reach is not None
        else false(),
        and_(published, Practice.network_id.in_(member_of)) if member_of is not None else false(),
        Practice.network_id.in_(staff) if staff is not None else false(),  # drafts: staff
    )


def readers(db: Session, viewer: Viewer) -> tuple[tuple[bool, bool, bool], dict[str, Any]]:
    """Who the viewer is, as the shape of `readable_by` and the values of its parameters."""
    member_of = set(viewer.roles)
    reach = region_reach(db, member_of)
    staff = viewer.staff_networks
    params = {"r_reach": sorted(reach), "r_member_of": sorted(member_of), "r_staff": sorted(staff)}
    return (bool(reach), bool(member_of), bool(staff)), params


def audience(db: Session, network_id: int, viewer: Viewer) -> tuple[tuple[bool, ...], dict[str, Any]]:
    """What a network's lists show this viewer, as a shape (whether the network's region has other networks, then
    `readers`' shape) and the values of its parameters: the network (`s_network`), the region's other networks
    (`s_others`) and the viewer's (`readers`). The practice list and the offer overview build their statements once
    per shape and run them with these values."""
    others = region_group(db, network_id) - {network_id}
    shape, values = readers(db, viewer)
    return (bool(others), *shape), values | {"s_network": network_id, "s_others": sorted(others)}


@functools.cache
def readable_by(has_reach: bool, has_membership: bool, is_staff: bool) -> Any:
    """`readable` with the viewer's networks as parameters (run it with the values from `readers`)."""
    # Built once per kind of viewer: building a statement in SQLAlchemy costs more than SQLite takes to run it, and
    # a list page builds several.
    return _readable_condition(
        bind_list("r_reach") if has_reach else None,
        bind_list("r_member_of") if has_membership else None,
        bind_list("r_staff") if is_staff else None,
    )


def bind_list(name: str) -> Any:
    return bindparam(name, expanding=True)


def readable_one(db: Session, network_id: int, practice_id: int, viewer: Viewer) -> tuple[Select[Any], dict[str, Any]]:
    """The statement that finds the practice if it belongs to this network and the viewer may read it, and its
    parameters: `find_readable` runs it; the practice page adds the names it shows (`listing.readable_with_names`).
    The statement is one object per kind of viewer, so callers may cache what they build on it."""
    shape, params = readers(db, viewer)
    return _readable_one(shape), {**params, "g_id": practice_id, "g_network": network_id}


def find_readable(db: Session, network_id: int, practice_id: int, viewer: Viewer) -> Practice | None:
    """The practice if it belongs to this network and the viewer may read it, else None."""
    return db.scalar(*readable_one(db, network_id, practice_id, viewer))


def readable_practice(db: Session, network_id: int, practice_id: int, viewer: Viewer) -> Practice:
    """The practice if it belongs to this network and the viewer may read it; NotFound otherwise (never 403, so
    another network cannot even learn that it exists)."""
    practice = find_readable(db, network_id, practice_id, viewer)
    if practice is None:
        raise NotFound()
    return practice


@functools.cache
def _readable_one(shape: tuple[bool, bool, bool]) -> Select[Any]:
    return select(Practice).where(
        Practice.id == bindparam("g_id"), Practice.network_id == bindparam("g_network"), readable_by(*shape)
    )


def may_edit(db: Session, practice: Practice, viewer: Viewer) -> bool:
    """The author, anyone of the same organisation with a staff role, or the coordinator."""
    role = viewer.roles.get(practice.network_id)
    if role not in STAFF or viewer.person_id is None:
        return False
    if role == Role.COORDINATOR or practice.author_id == viewer.person_id:
        return True
    org_id = db.scalar(
        select(Membership.organisation_id).where(
            Membership.person_id == viewer.person_id, Membership.network_id == practice.network_id
        )
    )
    return org_id is not None and org_id == practice.organisation_id
