"""Reads for the offer pages, each scoped to a network and to what the viewer may read: the overview with its
filters, one offer, the folder, the form's choices and the staff's list (with the offers hidden for want of a
confirmation). An id that is not the network's (or an offer the viewer may not read) is NotFound."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk.db import utcnow
from lerend_netwerk.networks import queries as networks
from lerend_netwerk.networks.models import Network, Organisation
from lerend_netwerk.networks.thresholds import ThresholdType, active_types
from lerend_netwerk.offers import search
from lerend_netwerk.offers.access import Viewer, audience, may_edit, readable_offer, shown_to
from lerend_netwerk.offers.forms import Choices, Filters, parse_filters
from lerend_netwerk.offers.models import Offer, OfferPhoto, Participation, Status
from lerend_netwerk.offers.service import HIDE_AFTER, REMIND_AFTER, local_day
from lerend_netwerk.practices.access import readable as practice_readable
from lerend_netwerk.practices.models import Practice
from lerend_netwerk.practices.search import search_values
from lerend_netwerk.practices.search import terms as search_terms
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.forms import Form

PAGE_SIZE = 20
COUNT_CAP = 300  # the overview counts its matches up to here, so a page costs the same however many offers there are
FOLDER_SIZE = 60  # a folder is paper: a few pages, not the whole region


@dataclass
class Page:
    items: list[Offer]
    total: int
    page: int
    pages: int

    @property
    def capped(self) -> bool:
        """Counted up to COUNT_CAP + 1: more than COUNT_CAP match (the page says "more than COUNT_CAP")."""
        return self.total > COUNT_CAP

    @property
    def counted(self) -> int:
        return min(self.total, COUNT_CAP)


def _current() -> tuple[Any, ...]:
    """Published, confirmed within a year (`o_cutoff`, from `_filtered`), and not hidden by the periodic job."""
    return (Offer.status == Status.PUBLISHED, Offer.expired_at.is_(None), Offer.checked_on > bindparam("o_cutoff"))


def _filters(active: tuple[str, ...]) -> tuple[Any, ...]:
    where: list[Any] = []
    if "age" in active:
        where.append(Offer.age_bands.contains(bindparam("f_age")))
    if "theme" in active:
        where.append(Offer.theme == bindparam("f_theme"))
    if "neighbourhood" in active:
        where.append(Offer.neighbourhood == bindparam("f_neighbourhood"))
    if "gratis" in active:
        where.append(Offer.lowest_cents == 0)
    if "korting" in active:
        where.append(
            or_(
                Offer.lowest_cents == 0,
                Offer.reduced_cents.is_not(None),
                Offer.kansentarief_cents.is_not(None),
                Offer.uitpas.is_(True),
            )
        )
    if "no_signup" in active:
        where.append(Offer.participation == Participation.JUST_COME)
    if "language" in active:
        where.append(Offer.languages.contains(bindparam("f_language")))
    return tuple(where)


@dataclass(frozen=True)
class _Shape:
    """What decides how an overview's statement is built (its values come apart, in `_Filtered.values`)."""

    dialect: str
    audience: tuple[bool, ...]
    active: tuple[str, ...]
    words: int


@dataclass
class _Filtered:
    shape: _Shape
    values: dict[str, Any]

    @property
    def statement(self) -> Select[Any]:
        return _filtered_statement(self.shape)


def _filtered(db: Session, network_id: int, viewer: Viewer, filters: Filters) -> _Filtered:
    """The ids of the current offers this network's pages show the viewer, narrowed by `filters`: a statement built
    once per shape (`_filtered_statement`), and the values to run it with."""
    audience_shape, values = audience(db, network_id, viewer)
    values["o_cutoff"] = local_day() - HIDE_AFTER
    active = [name for name in ("theme", "neighbourhood", "no_signup") if getattr(filters, name)]
    values |= {f"f_{name}": getattr(filters, name) for name in ("theme", "neighbourhood")}
    for packed in ("age", "language"):  # stored as |code|code|
        if getattr(filters, packed):
            active.append(packed)
            values[f"f_{packed}"] = f"|{getattr(filters, packed)}|"
    if filters.price in ("gratis", "korting"):
        active.append(filters.price)
    dialect = db.get_bind().dialect.name
    terms = search_terms(filters.q) if filters.q else []
    values |= search_values(dialect, terms) if terms else {}
    return _Filtered(_Shape(dialect, audience_shape, tuple(sorted(active)), len(terms)), values)


@functools.cache
def _filtered_statement(shape: _Shape) -> Select[Any]:
    stmt = select(Offer.id).where(*shown_to(*shape.audience), *_current(), *_filters(shape.active))
    return search.apply(shape.dialect, stmt, shape.words, Offer.id) if shape.words else stmt


def _load(db: Session, ids: list[int]) -> list[Offer]:
    """The offers, in the order of `ids`, each read with the names `names` gives for it (in the same statement)."""
    if not ids:
        return []
    known = _known_names(db)
    found = {}
    for row in db.execute(_NAMED, {"ids": ids}):
        found[row[0].id] = row[0]
        known[row[0].id] = _names(row)
    return [found[i] for i in ids if i in found]


def find(db: Session, network_id: int, viewer: Viewer, filters: Filters) -> Page:
    """One page of the network's overview for this viewer: newest first, narrowed by `filters`."""
    filtered = _filtered(db, network_id, viewer, filters)
    count, ids, counted_ids = _page_statements(filtered.shape)
    # The page asked for, with the capped count beside each id (an uncorrelated subquery, run once): one statement.
    # Only a page past the end (no rows, or past the cap) needs the count on its own and then the last page.
    wanted = max(1, filters.page)
    rows = db.execute(counted_ids, filtered.values | _window(wanted)).all()
    total = rows[0].total if rows else db.scalar(count, filtered.values | _window(1)) or 0
    pages = max(1, math.ceil(min(total, COUNT_CAP) / PAGE_SIZE))
    page = min(wanted, pages)
    ids_ = [row[0] for row in rows] if page == wanted else list(db.scalars(ids, filtered.values | _window(page)))
    return Page(_load(db, ids_), total, page, pages)


def _window(page: int) -> dict[str, int]:
    return {"o_cap": COUNT_CAP + 1, "o_limit": PAGE_SIZE, "o_offset": (page - 1) * PAGE_SIZE}


@functools.cache
def _page_statements(shape: _Shape) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The capped count, a page of ids newest first, and that page with the capped count beside each id; run them
    with the values of `_filtered` and `_window`."""
    stmt = _filtered_statement(shape)
    count = select(func.count()).select_from(stmt.limit(bindparam("o_cap", type_=Integer)).subquery())
    ids = (
        stmt.order_by(Offer.published_at.desc(), Offer.id.desc())
        .limit(bindparam("o_limit", type_=Integer))
        .offset(bindparam("o_offset", type_=Integer))
    )
    return count, ids, ids.add_columns(count.scalar_subquery().label("total"))


def names(db: Session, offers: list[Offer]) -> dict[int, dict[str, str]]:
    """Per offer id: the names of its organisation and network, and the network's slug. Offers of a list page came
    with them (`_load`); the names of any other are read in one statement."""
    known = _known_names(db)
    missing = sorted({o.id for o in offers} - known.keys())
    if missing:
        known.update({row.id: _names(row) for row in db.execute(_NAMES, {"ids": missing})})
    return {o.id: known[o.id] for o in offers if o.id in known}


def _names(row: Any) -> dict[str, str]:
    return {
        "organisation": row.organisation or "",
        "network": row.network or "",
        "slug": row.slug or "",
        "municipality": row.municipality or "",
    }


def _known_names(db: Session) -> dict[int, dict[str, str]]:
    return db.info.setdefault("offer_names", {})  # offers loaded in this transaction came with their names


_NAME_COLUMNS = (
    Organisation.name.label("organisation"),
    Network.name.label("network"),
    Network.slug,
    Network.municipality,
)


def _with_names(statement: Select[Any]) -> Select[Any]:
    return (
        statement.outerjoin(Network, Network.id == Offer.network_id)
        .outerjoin(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.id.in_(bindparam("ids", expanding=True)))
    )


_NAMES = _with_names(select(Offer.id, *_NAME_COLUMNS))
_NAMED = _with_names(select(Offer, *_NAME_COLUMNS))


def overview(db: Session, network: Network, viewer: Viewer, form: Form) -> dict[str, Any]:
    """The overview page: the page of offers the filters in `form` ask for; a bad filter value is left out."""
    filters = parse_filters(form, themes=list(network.themes or []), neighbourhoods=list(network.neighbourhoods or []))
    page = find(db, network.id, viewer, filters)
    return {"page": page, "names": names(db, page.items), "filters": filters}


def folder(db: Session, network: Network, viewer: Viewer, form: Form) -> dict[str, Any]:
    """The printable folder: the current offers of a wijk, an age band or a theme, by title."""
    filters = parse_filters(form, themes=list(network.themes or []), neighbourhoods=list(network.neighbourhoods or []))
    filtered = _filtered(db, network.id, viewer, filters)
    ids = list(db.scalars(filtered.statement.order_by(Offer.title, Offer.id).limit(FOLDER_SIZE), filtered.values))
    offers = _load(db, ids)
    return {"offers": offers, "names": names(db, offers), "filters": filters}


# -- per wijk (the wijk view of the network's work reads these) -----------------------------------------

WIJK_SHOWN = 20  # a wijk's page lists this many; the overview, filtered on the wijk, has the rest


def in_wijk(db: Session, network_id: int, viewer: Viewer, wijk: str) -> Page:
    """The current offers in a wijk that the overview shows this viewer when filtered on that wijk, by title:
    the first WIJK_SHOWN of them, and how many there are (counted up to COUNT_CAP)."""
    filtered = _filtered(db, network_id, viewer, Filters(neighbourhood=wijk))
    stmt, values = filtered.statement, filtered.values
    total = db.scalar(select(func.count()).select_from(stmt.limit(COUNT_CAP).subquery()), values) or 0
    ids = list(db.scalars(stmt.order_by(Offer.title, Offer.id).limit(WIJK_SHOWN), values))
    return Page(_load(db, ids), total, 1, max(1, math.ceil(total / WIJK_SHOWN)))


def count_per_wijk(db: Session, network_id: int, viewer: Viewer) -> tuple[Select[Any], dict[str, Any]]:
    """(wijk, count): per wijk, the number of current offers the overview shows this viewer when filtered on that
    wijk, one row per wijk however many there are. Offers are not people: the counts are shown as they are. A
    statement (built once per kind of viewer) and its values, so that the wijk comparison reads it in one statement
    with its other figures."""
    filtered = _filtered(db, network_id, viewer, Filters())
    return _count_per_wijk_statement(filtered.shape), filtered.values


@functools.cache
def _count_per_wijk_statement(shape: _Shape) -> Select[Any]:
    counted = _filtered_statement(shape).with_only_columns(Offer.neighbourhood, func.count())
    return counted.where(Offer.neighbourhood != "").group_by(Offer.neighbourhood)


# -- one offer -------------------------------------------------------------------------------------------


def offer_page(db: Session, network_id: int, offer_id: int, viewer: Viewer) -> dict[str, Any]:
    """The offer with its photos, the practices it links, its thresholds' labels and what the viewer may do."""
    offer = readable_offer(db, network_id, offer_id, viewer)
    linked: list[tuple[int, str, str]] = []
    if offer.practice_ids:
        linked = [
            (pid, title, slug)
            for pid, title, slug in db.execute(
                select(Practice.id, Practice.title, Network.slug)
                .join(Network, Network.id == Practice.network_id)
                .where(Practice.id.in_(offer.practice_ids), practice_readable(db, viewer))
                .order_by(Practice.title)
            )
        ]
    types = db.scalars(select(ThresholdType).where(ThresholdType.network_id == offer.network_id))
    return {
        "offer": offer,
        "names": names(db, [offer])[offer.id],
        "photos": photos(db, offer.id),
        "linked_practices": linked,
        "threshold_labels": {t.code: t for t in types},
        "may_edit": may_edit(db, offer, viewer),
        "stale": is_stale(offer),
    }


def is_stale(offer: Offer, now: datetime | None = None) -> bool:
    """Not confirmed in a year (or hidden for it by the periodic job)."""
    return offer.expired_at is not None or offer.checked_on <= local_day(now) - HIDE_AFTER


def needs_check(offer: Offer, now: datetime | None = None) -> bool:
    return offer.checked_on <= local_day(now) - REMIND_AFTER


def readable_photo(db: Session, network_id: int, offer_id: int, photo_id: int, viewer: Viewer) -> OfferPhoto:
    readable_offer(db, network_id, offer_id, viewer)
    found = db.scalar(select(OfferPhoto).where(OfferPhoto.id == photo_id, OfferPhoto.offer_id == offer_id))
    if found is None:
        raise NotFound()
    return found


def photos(db: Session, offer_id: int) -> list[OfferPhoto]:
    return list(db.scalars(select(OfferPhoto).where(OfferPhoto.offer_id == offer_id).order_by(OfferPhoto.id)))


def editable_offer(db: Session, network_id: int, offer_id: int, viewer: Viewer) -> tuple[Offer, bool]:
    """The network's own offer (NotFound otherwise) and whether the viewer may edit it."""
    offer = readable_offer(db, network_id, offer_id, viewer)
    if offer.network_id != network_id:
        raise NotFound()
    return offer, may_edit(db, offer, viewer)


# -- the form --------------------------------------------------------------------------------------------

PRACTICE_CHOICES = 100  # the form offers the network's newest practices, not all of its thousands


def choices(db: Session, network: Network, offer: Offer | None = None) -> Choices:
    """What an offer of this network may choose (a retired threshold type stays valid on an offer that has it)."""
    codes = [t.code for t in active_types(db, network.id)]
    if offer is not None:
        codes += [c for c in offer.threshold_codes if c not in codes]
    practice_ids = [i for i, _t in practice_options(db, network.id)]
    if offer is not None:
        practice_ids += [i for i in offer.practice_ids if i not in practice_ids]
    return Choices(
        themes=list(network.themes or []),
        neighbourhoods=list(network.neighbourhoods or []),
        threshold_codes=codes,
        organisation_ids=[o.id for o in networks.organisations(db, network.id)],
        practice_ids=practice_ids,
    )


def practice_options(db: Session, network_id: int) -> list[tuple[int, str]]:
    """(id, title) of the network's newest published practices, by title."""
    newest = (
        select(Practice.id, Practice.title)
        .where(Practice.network_id == network_id, Practice.status == Status.PUBLISHED)
        .order_by(Practice.id.desc())
        .limit(PRACTICE_CHOICES)
        .subquery()
    )
    return [(i, t) for i, t in db.execute(select(newest.c.id, newest.c.title).order_by(newest.c.title))]


def form_context(db: Session, network_id: int) -> dict[str, Any]:
    """What the offer form offers: threshold types, organisations, practices."""
    return {
        "types": active_types(db, network_id),
        "organisations": networks.organisations(db, network_id),
        "practices": practice_options(db, network_id),
    }


def organisation_id_of(db: Session, network_id: int, person_id: int) -> int | None:
    organisation = networks.organisation_of(db, network_id, person_id)
    return organisation.id if organisation else None


# -- the staff's list ------------------------------------------------------------------------------------


def manage(db: Session, network_id: int, viewer: Viewer) -> dict[str, Any]:
    """The network's own offers for its staff: drafts and published, with those to check and those hidden for want
    of a confirmation (for the coordinator)."""
    offers = list(
        db.scalars(select(Offer).where(Offer.network_id == network_id).order_by(Offer.checked_on, Offer.title))
    )
    org_names = {o.id: o.name for o in networks.organisations(db, network_id)}
    now = utcnow()
    stale = [o for o in offers if o.status == Status.PUBLISHED and is_stale(o, now)]
    to_check = [o for o in offers if o.status == Status.PUBLISHED and not is_stale(o, now) and needs_check(o, now)]
    return {"offers": offers, "stale": stale, "to_check": to_check, "org_names": org_names}
