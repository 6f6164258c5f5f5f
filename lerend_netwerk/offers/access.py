"""Who may read and edit which offer: the same viewer and regional reach as practices, and one readable condition
that the overview, the offer page, the folder and every write go through."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Select, and_, bindparam, false, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Membership, Role
from lerend_netwerk.offers.models import Offer, Status, Visibility
from lerend_netwerk.practices.access import STAFF, Viewer, audience, bind_list, region_group, viewer_of
from lerend_netwerk.web.errors import NotFound

__all__ = ["Viewer", "audience", "find_readable", "may_edit", "readable_offer", "region_group", "shown_to", "viewer_of"]


def _readable_condition(reach: Any, member_of: Any, staff: Any) -> Any:
    """Offers these networks may read (each a set, a list parameter, or None for none). Published: public ones,
    region ones within the viewer's reach, every one of the viewer's networks; drafts: the staff of its network."""
    published = Offer.status == Status.PUBLISHED
    return or_(
        and_(published, Offer.visibility == Visibility.PUBLIC),
        and_(published, Offer.visibility == Visibility.REGION, Offer.network_id.in_(reach))
        if reach is not None
        else false(),
        and_(published, Offer.network_id.in_(member_of)) if member_of is not None else false(),
        Offer.network_id.in_(staff) if staff is not None else false(),
    )


def _scope_condition(network: Any, others: Any) -> Any:
    """Offers the pages of a network show: its own, and those its region's networks share (`others`: a set, a list
    parameter, or None for none)."""
    if others is None:
        return Offer.network_id == network
    return or_(
        Offer.network_id == network,
        and_(Offer.network_id.in_(others), Offer.visibility != Visibility.NETWORK),
    )


@functools.cache
def shown_to(has_others: bool, has_reach: bool, has_membership: bool, is_staff: bool) -> tuple[Any, Any]:
    """In scope and readable (run with the values from `audience`, the practices' own), built once per kind of viewer
    and network: a statement built on every request cost more than the database took to run it."""
    return (
        _scope_condition(bindparam("s_network"), bind_list("s_others") if has_others else None),
        _readable_condition(
            bind_list("r_reach") if has_reach else None,
            bind_list("r_member_of") if has_membership else None,
            bind_list("r_staff") if is_staff else None,
        ),
    )


def find_readable(db: Session, network_id: int, offer_id: int, viewer: Viewer) -> Offer | None:
    shape, values = audience(db, network_id, viewer)
    return db.scalar(_readable_one(shape), values | {"g_id": offer_id})


@functools.cache
def _readable_one(shape: tuple[bool, ...]) -> Select[Any]:
    return select(Offer).where(Offer.id == bindparam("g_id"), *shown_to(*shape))


def readable_offer(db: Session, network_id: int, offer_id: int, viewer: Viewer) -> Offer:
    """The offer if this network's pages show it and the viewer may read it; NotFound otherwise (never 403)."""
    offer = find_readable(db, network_id, offer_id, viewer)
    if offer is None:
        raise NotFound()
    return offer


def may_edit(db: Session, offer: Offer, viewer: Viewer) -> bool:
    """The author, anyone of the same organisation with a staff role in its network, or the coordinator."""
    role = viewer.roles.get(offer.network_id)
    if role not in STAFF or viewer.person_id is None:
        return False
    if role == Role.COORDINATOR or offer.author_id == viewer.person_id:
        return True
    org_id = db.scalar(
        select(Membership.organisation_id).where(
            Membership.person_id == viewer.person_id, Membership.network_id == offer.network_id
        )
    )
    return org_id is not None and org_id == offer.organisation_id
