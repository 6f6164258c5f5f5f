"""Who may read and edit which offer: the same viewer and regional reach as practices, and one readable condition
that the overview, the offer page, the folder and every write go through."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Membership, Role
from lerend_netwerk.offers.models import Offer, Status, Visibility
from lerend_netwerk.practices.access import STAFF, Viewer, region_group, region_reach, viewer_of
from lerend_netwerk.web.errors import NotFound

__all__ = ["Viewer", "find_readable", "may_edit", "readable", "readable_offer", "region_group", "viewer_of"]


def readable(db: Session, viewer: Viewer) -> Any:
    """SQL condition: offers this viewer may read. Published: public ones, region ones within the viewer's reach,
    every one of the viewer's networks; drafts: the staff of its network."""
    member_of = set(viewer.roles)
    reach = region_reach(db, member_of)
    published = Offer.status == Status.PUBLISHED
    return or_(
        and_(published, Offer.visibility == Visibility.PUBLIC),
        and_(published, Offer.visibility == Visibility.REGION, Offer.network_id.in_(reach)) if reach else false(),
        and_(published, Offer.network_id.in_(member_of)) if member_of else false(),
        Offer.network_id.in_(viewer.staff_networks) if viewer.staff_networks else false(),
    )


def in_scope(db: Session, network_id: int) -> Any:
    """SQL condition: offers the pages of this network show: its own, and those its region's networks share."""
    others = region_group(db, network_id) - {network_id}
    if not others:
        return Offer.network_id == network_id
    return or_(
        Offer.network_id == network_id,
        and_(Offer.network_id.in_(others), Offer.visibility != Visibility.NETWORK),
    )


def find_readable(db: Session, network_id: int, offer_id: int, viewer: Viewer) -> Offer | None:
    return db.scalar(select(Offer).where(Offer.id == offer_id, in_scope(db, network_id), readable(db, viewer)))


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
