"""A network's list of practices: filters, pages newest first, full-text search, related practices, and the cards
that show them. Every query here is scoped to the network whose list it is and to what the viewer may read."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, func, or_, select, union_all
from sqlalchemy.orm import Session, load_only

from lerend_netwerk.networks.models import Network, Organisation
from lerend_netwerk.practices import search
from lerend_netwerk.practices.access import Viewer, bind_list, readable_by, readers, region_group
from lerend_netwerk.practices.models import Attachment, Practice, Status, Visibility, unpack

PAGE_SIZE = 12
COUNT_CAP = (
    300  # a list counts its matches up to here (25 pages), so the cost of a page stays flat however many there are
)
# A search ranks at most this many matches (10 pages), those added last: a common word matches thousands of practices,
# and each one ranked costs time. More words find fewer; the page says so.
SEARCH_CAP = 120


@dataclass
class Filters:
    """What a list is narrowed to (see `forms.parse_filters`)."""

    q: str = ""
    threshold: str = ""
    target_group: str = ""
    sector: str = ""
    organisation_id: int | None = None
    network_id: int | None = None
    sort: str = "relevantie"
    page: int = 1


@dataclass
class Page:
    items: list[Practice]
    total: int  # counted up to cap + 1
    page: int
    pages: int
    cap: int = COUNT_CAP
    latest_only: bool = False  # search: only the `cap` matches added last are ranked (see _search_page)

    @property
    def capped(self) -> bool:
        """More matches than we count: the page says "more than `cap`" rather than scanning them all."""
        return self.total > self.cap

    @property
    def counted(self) -> int:
        """The number the page shows: the matches, or `cap` in "more than `cap`"."""
        return min(self.total, self.cap)


def _places(db: Session, network_id: int) -> tuple[bool, dict[str, Any]]:
    others = region_group(db, network_id) - {network_id}
    return bool(others), {"s_network": network_id, "s_others": sorted(others)}


def _scope_condition(network: Any, others: Any) -> tuple[Any, ...]:
    """What the list of one network shows (its own practices, those its region shares, and public ones) as disjoint
    parts, each of which an index serves newest first (values or parameters)."""
    region = [] if others is None else [and_(Practice.network_id.in_(others), Practice.visibility == Visibility.REGION)]
    return (
        Practice.network_id == network,
        *region,
        and_(Practice.visibility == Visibility.PUBLIC, Practice.network_id != network),
    )


@functools.cache
def _scope_parts(has_others: bool) -> tuple[Any, ...]:
    return _scope_condition(bindparam("s_network"), bind_list("s_others") if has_others else None)


NEWEST = (Practice.published_at.desc().nulls_last(), Practice.id.desc())


def _audience(db: Session, network_id: int, viewer: Viewer) -> tuple[tuple[bool, ...], dict[str, Any]]:
    """The shape of a network's list for this viewer, and the values its statements take."""
    has_others, places = _places(db, network_id)
    shape, values = readers(db, viewer)
    return (has_others, *shape), places | values


def _newest_first(shape: tuple[bool, ...], where: tuple[Any, ...]) -> list[Select[Any]]:
    """The network's list (`_scope_parts`, readable by the viewer, matching `where`) as a few parts that each walk an
    index newest first, so "the newest n" reads about n rows per part however many practices there are: published
    practices of the network itself, of its region, public ones elsewhere, and the drafts its staff may see.
    Each part selects the id and the sort key, in order; callers LIMIT each part, then the union. Run the
    statements with the values from `_audience`."""
    has_others, *reader_shape = shape
    seen = readable_by(*reader_shape)
    parts = _scope_parts(has_others)
    # Published parts sort on the index alone: plain DESC (their published_at is set), which PostgreSQL reads
    # backwards from the index; "NULLS LAST" would make it sort every match. Drafts are few and sort NEWEST.
    by_index = (Practice.published_at.desc(), Practice.id.desc())
    selects = [
        select(Practice.id, Practice.published_at)
        .where(Practice.status == Status.PUBLISHED, part, seen, *where)
        .order_by(*by_index)
        for part in parts
    ]
    if reader_shape[-1]:  # staff see the drafts of their own network
        drafts = and_(Practice.status == Status.DRAFT, Practice.network_id.in_(bind_list("r_staff")))
        selects.append(
            select(Practice.id, Practice.published_at).where(drafts, or_(*parts), seen, *where).order_by(*NEWEST)
        )
    return selects


def _newest_ids(parts: list[Select[Any]]) -> Select[Any]:
    """Ids of the page: LIMIT `part_limit` (offset + page size) each part, then the page of the union."""
    # SQLite takes ORDER BY/LIMIT in a compound SELECT only on the whole, so each part is a subquery.
    ordered = [select(*p.limit(bindparam("part_limit", type_=Integer)).subquery().c) for p in parts]
    both = union_all(*ordered).subquery()
    return (
        select(both.c.id)
        .order_by(both.c.published_at.desc().nulls_last(), both.c.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def _page_of(db: Session, statement: Select[Any], params: dict[str, Any], *, limit: int, offset: int = 0) -> list[int]:
    return list(db.scalars(statement, {**params, "part_limit": offset + limit, "limit": limit, "offset": offset}))


def _load_cards(db: Session, ids: list[int]) -> list[Practice]:
    """The practices with these ids, card columns only, in the order of `ids`."""
    if not ids:
        return []
    found = {p.id: p for p in db.scalars(select(Practice).options(CARD_COLUMNS).where(Practice.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def _filters(active: tuple[str, ...]) -> tuple[Any, ...]:
    where: list[Any] = []
    if "threshold" in active:
        where.append(Practice.thresholds.contains(bindparam("f_threshold")))
    if "target_group" in active:
        where.append(Practice.target_groups.contains(bindparam("f_target_group")))
    if "sector" in active:
        where.append(Practice.sector == bindparam("f_sector"))
    if "organisation_id" in active:
        where.append(Practice.organisation_id == bindparam("f_organisation_id"))
    if "network_id" in active:
        where.append(Practice.network_id == bindparam("f_network_id"))
    return tuple(where)


FILTERED = ("threshold", "target_group", "sector", "organisation_id", "network_id")


def _filter_values(filters: Filters) -> tuple[tuple[str, ...], dict[str, Any]]:
    active = tuple(name for name in FILTERED if getattr(filters, name))
    values = {f"f_{name}": getattr(filters, name) for name in active}
    for packed in ("threshold", "target_group"):  # stored as |code|code|
        if packed in active:
            values[f"f_{packed}"] = f"|{values[f'f_{packed}']}|"
    return active, values


@functools.cache
def _list_statements(shape: tuple[bool, ...], active: tuple[str, ...]) -> tuple[Any, Select[Any]]:
    """The capped count and the page of ids of a list, built once per shape of list and set of filters."""
    parts = _newest_first(shape, _filters(active))
    capped = union_all(
        *[select(*p.with_only_columns(Practice.id).order_by(None).limit(COUNT_CAP + 1).subquery().c) for p in parts]
    )
    return select(func.count()).select_from(capped.subquery()), _newest_ids(parts)


def _page(total: int, wanted: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return min(max(1, wanted), pages), pages


def find(db: Session, network_id: int, viewer: Viewer, filters: Filters) -> Page:
    """One page of the network's list for this viewer, narrowed by `filters`."""
    shape, params = _audience(db, network_id, viewer)
    active, values = _filter_values(filters)
    params |= values
    if filters.q:
        stmt = select(Practice.id).where(or_(*_scope_parts(shape[0])), readable_by(*shape[1:]), *_filters(active))
        searched = search.apply(db, stmt, filters.q, Practice.id)
        if searched is not None:
            return _search_page(db, *searched, params, filters)
    count, ids = _list_statements(shape, active)
    total = min(COUNT_CAP + 1, db.scalar(count, params) or 0)
    page, pages = _page(min(total, COUNT_CAP), filters.page)
    return Page(
        _load_cards(db, _page_of(db, ids, params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)),
        total,
        page,
        pages,
        cap=COUNT_CAP,
    )


def _search_page(
    db: Session, stmt: Select[Any], rank: Any, newest: Any, params: dict[str, Any], filters: Filters
) -> Page:
    """A page of search results. The matches are taken latest added first, up to SEARCH_CAP of them (one more tells
    whether there are more), and only those are ranked and sorted: a common word matches thousands of practices,
    and ranking them all made the page cost grow with the network. The page says so when there are more."""
    cap = SEARCH_CAP
    found = (
        stmt.with_only_columns(Practice.id, Practice.published_at, rank.label("rank"))
        .order_by(newest.desc())
        .limit(cap + 1)
        .subquery()
    )
    numbered = select(
        found.c.id,
        found.c.published_at,
        found.c.rank,
        func.count().over().label("total"),
        func.row_number().over(order_by=found.c.id.desc()).label("n"),
    ).subquery()
    newest_first = [numbered.c.published_at.desc().nulls_last(), numbered.c.id.desc()]
    order = [numbered.c.rank, *newest_first] if filters.sort == "relevantie" else newest_first
    query = select(numbered.c.id, numbered.c.total).where(numbered.c.n <= cap).order_by(*order).limit(PAGE_SIZE)
    wanted = max(1, filters.page)
    rows = db.execute(query.offset((wanted - 1) * PAGE_SIZE), params).all()
    if not rows and wanted > 1:  # past the last page: show the last one
        rows = db.execute(query, params).all()
        total = rows[0].total if rows else 0
        page, pages = _page(min(total, cap), wanted)
        rows = db.execute(query.offset((page - 1) * PAGE_SIZE), params).all() if page > 1 else rows
    total = rows[0].total if rows else 0
    page, pages = _page(min(total, cap), wanted)
    return Page(_load_cards(db, [r.id for r in rows]), total, page, pages, cap=cap, latest_only=total > cap)


def networks_in_scope(db: Session, network_id: int) -> list[Network]:
    """The networks whose practices the list of this network can show (the filter's choices)."""
    group = region_group(db, network_id)
    return list(db.scalars(select(Network).where(Network.id.in_(group)).order_by(Network.name)))


def related(db: Session, practice: Practice, viewer: Viewer, limit: int = 4) -> list[Practice]:
    """Other readable practices that lower at least one of the same thresholds, most shared first (among the
    newest 50 that share one)."""
    codes = practice.threshold_codes
    if not codes:
        return []
    shape, params = _audience(db, practice.network_id, viewer)
    params |= {"x_practice": practice.id, **{f"x_code{i}": f"|{c}|" for i, c in enumerate(codes)}}
    newest = _page_of(db, _related_ids(shape, len(codes)), params, limit=50)
    shared = dict(db.execute(select(Practice.id, Practice.thresholds).where(Practice.id.in_(newest or [0]))).all())
    best = sorted(newest, key=lambda i: -len(set(unpack(shared.get(i, ""))) & set(codes)))  # stable: newest first
    return _load_cards(db, best[:limit])


@functools.cache
def _related_ids(shape: tuple[bool, ...], codes: int) -> Select[Any]:
    where = (
        Practice.id != bindparam("x_practice"),
        or_(*[Practice.thresholds.contains(bindparam(f"x_code{i}")) for i in range(codes)]),
    )
    return _newest_ids(_newest_first(shape, where))


# What a practice card shows; the list loads only these columns (and raises, rather than loading per card, when a
# template reaches for another one).
CARD_COLUMNS = load_only(
    Practice.id,
    Practice.network_id,
    Practice.organisation_id,
    Practice.title,
    Practice.summary,
    Practice.thresholds,
    Practice.status,
    Practice.visibility,
    Practice.published_at,
    raiseload=True,
)


def cards(db: Session, practices: list[Practice]) -> list[tuple[Practice, dict[str, str], int | None]]:
    """(practice, names of its organisation and network, id of its first thumbnail) for each practice: two
    queries for the whole list."""
    if not practices:
        return []
    network_ids = {p.network_id for p in practices}
    org_ids = {p.organisation_id for p in practices if p.organisation_id}
    networks = {
        n.id: n
        for n in db.execute(
            select(Network.id, Network.name, Network.slug, Network.municipality).where(Network.id.in_(network_ids))
        )
    }
    orgs = (
        dict(db.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))).all())
        if org_ids
        else {}
    )
    thumbs = dict(
        db.execute(
            select(Attachment.practice_id, func.min(Attachment.id))
            .where(Attachment.practice_id.in_([p.id for p in practices]), Attachment.thumb_name.is_not(None))
            .group_by(Attachment.practice_id)
        ).all()
    )
    result = []
    for p in practices:
        network = networks.get(p.network_id)
        names = {
            "organisation": orgs.get(p.organisation_id, "") if p.organisation_id else "",
            "network": network.name if network else "",
            "slug": network.slug if network else "",
            "municipality": network.municipality if network else "",
        }
        result.append((p, names, thumbs.get(p.id)))
    return result
