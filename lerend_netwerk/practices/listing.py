"""A network's list of practices: filters, pages newest first, full-text search, related practices, and the cards
that show them. Every query here is scoped to the network whose list it is and to what the viewer may read."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, load_only

from lerend_netwerk.networks.models import Network, Organisation
from lerend_netwerk.practices import search
from lerend_netwerk.practices.access import (
    Viewer,
    audience,
    bind_list,
    networks_in_reach,
    readable_by,
    readable_one,
)
from lerend_netwerk.practices.models import Attachment, Practice, Status, Visibility
from lerend_netwerk.web.errors import NotFound

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


def _newest_first(shape: tuple[bool, ...], where: tuple[Any, ...]) -> list[Select[Any]]:
    """The network's list (`_scope_parts`, readable by the viewer, matching `where`) as a few parts that each walk an
    index newest first, so "the newest n" reads about n rows per part however many practices there are: published
    practices of the network itself, of its region, public ones elsewhere, and the drafts its staff may see.
    Each part selects the id and the sort key, in order; callers LIMIT each part, then the union. Run the
    statements with the values from `access.audience`."""
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


def _window(limit: int, offset: int = 0) -> dict[str, int]:
    """The values `_newest_ids` takes for the page `limit` long from `offset`."""
    return {"part_limit": offset + limit, "limit": limit, "offset": offset}


def _page_of(db: Session, statement: Select[Any], params: dict[str, Any], *, limit: int, offset: int = 0) -> list[int]:
    return list(db.scalars(statement, params | _window(limit, offset)))


def _load_cards(db: Session, ids: list[int]) -> list[Practice]:
    """The practices with these ids, card columns only, in the order of `ids`."""
    if not ids:
        return []
    found = {p.id: p for p in _remember_names(db, db.execute(_cards_by_id(), {"ids": ids}))}
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
def _list_statements(shape: tuple[bool, ...], active: tuple[str, ...]) -> tuple[Any, Select[Any], Select[Any]]:
    """The capped count, the page of ids, and the page of ids with the capped count beside each (one statement for
    the usual case: the count is an uncorrelated subquery, run once), built once per shape of list and filters."""
    parts = _newest_first(shape, _filters(active))
    capped = union_all(
        *[select(*p.with_only_columns(Practice.id).order_by(None).limit(COUNT_CAP + 1).subquery().c) for p in parts]
    )
    count = select(func.count()).select_from(capped.subquery())
    ids = _newest_ids(parts)
    return count, ids, ids.add_columns(count.scalar_subquery().label("total"))


def _page(total: int, wanted: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return min(max(1, wanted), pages), pages


def find(db: Session, network_id: int, viewer: Viewer, filters: Filters) -> Page:
    """One page of the network's list for this viewer, narrowed by `filters`."""
    shape, params = audience(db, network_id, viewer)
    active, values = _filter_values(filters)
    params |= values
    terms = search.terms(filters.q)
    if terms:
        dialect = db.get_bind().dialect.name
        query = _search_statement(dialect, shape, active, len(terms), filters.sort == "relevantie")
        return _search_page(db, query, params | search.search_values(dialect, terms), filters)
    count, ids, counted_ids = _list_statements(shape, active)
    # The page asked for, with the count: one statement. Only a page past the end (no rows, or past the cap) needs
    # the count on its own and then the last page.
    wanted = max(1, filters.page)
    rows = db.execute(counted_ids, params | _window(PAGE_SIZE, (wanted - 1) * PAGE_SIZE)).all()
    total = min(COUNT_CAP + 1, rows[0].total if rows else db.scalar(count, params) or 0)
    page, pages = _page(min(total, COUNT_CAP), wanted)
    page_ids = [row.id for row in rows]
    if page != wanted:
        page_ids = _page_of(db, ids, params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return Page(_load_cards(db, page_ids), total, page, pages, cap=COUNT_CAP)


@functools.cache
def _search_statement(
    dialect: str, shape: tuple[bool, ...], active: tuple[str, ...], words: int, by_relevance: bool
) -> Select[Any]:
    """A page of search results (ids, and the number of matches beside each), built once per shape of list, filters,
    number of words and order. The matches are taken latest added first, up to SEARCH_CAP of them (one more tells
    whether there are more), and only those are ranked and sorted: a common word matches thousands of practices,
    and ranking them all made the page cost grow with the network. Run it with `_search_window`."""
    stmt = select(Practice.id).where(or_(*_scope_parts(shape[0])), readable_by(*shape[1:]), *_filters(active))
    stmt, rank, newest = search.apply(dialect, stmt, words, Practice.id)
    found = (
        stmt.with_only_columns(Practice.id, Practice.published_at, rank.label("rank"))
        .order_by(newest.desc())
        .limit(bindparam("search_cap", type_=Integer) + 1)
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
    order = [numbered.c.rank, *newest_first] if by_relevance else newest_first
    return (
        select(numbered.c.id, numbered.c.total)
        .where(numbered.c.n <= bindparam("search_cap", type_=Integer))
        .order_by(*order)
        .limit(bindparam("search_limit", type_=Integer))
        .offset(bindparam("search_offset", type_=Integer))
    )


def _search_window(page: int) -> dict[str, int]:
    return {"search_cap": SEARCH_CAP, "search_limit": PAGE_SIZE, "search_offset": (page - 1) * PAGE_SIZE}


def _search_page(db: Session, query: Select[Any], params: dict[str, Any], filters: Filters) -> Page:
    """A page of search results (`_search_statement`); past the last page, the last one. The page says when there
    were more matches than were ranked."""
    cap = SEARCH_CAP
    wanted = max(1, filters.page)
    rows = db.execute(query, params | _search_window(wanted)).all()
    if not rows and wanted > 1:  # past the last page: show the last one
        rows = db.execute(query, params | _search_window(1)).all()
        total = rows[0].total if rows else 0
        page, pages = _page(min(total, cap), wanted)
        if page > 1:
            rows = db.execute(query, params | _search_window(page)).all()
    total = rows[0].total if rows else 0
    page, pages = _page(min(total, cap), wanted)
    return Page(_load_cards(db, [r.id for r in rows]), total, page, pages, cap=cap, latest_only=total > cap)


def networks_in_scope(db: Session, network_id: int) -> list[Network]:
    """The networks whose practices the list of this network can show (the filter's choices)."""
    return networks_in_reach(db, network_id)


def related(db: Session, practice: Practice, viewer: Viewer, limit: int = 4) -> list[Practice]:
    """Other readable practices that lower at least one of the same thresholds, most shared first (among the
    newest 50 that share one), newest first among equals: one statement."""
    codes = practice.threshold_codes
    if not codes:
        return []
    shape, params = audience(db, practice.network_id, viewer)
    params |= {"x_practice": practice.id, **{f"x_code{i}": f"|{c}|" for i, c in enumerate(codes)}}
    params |= _window(RELATED_AMONG) | {"top": limit}
    return _remember_names(db, db.execute(_related_cards(shape, len(codes)), params))


RELATED_AMONG = 50


@functools.cache
def _related_cards(shape: tuple[bool, ...], codes: int) -> Select[Any]:
    where = (
        Practice.id != bindparam("x_practice"),
        or_(*[Practice.thresholds.contains(bindparam(f"x_code{i}")) for i in range(codes)]),
    )
    newest = _newest_ids(_newest_first(shape, where)).subquery()
    shared = sum(  # how many of the practice's thresholds this one lowers too
        (case((Practice.thresholds.contains(bindparam(f"x_code{i}")), 1), else_=0) for i in range(codes)),
        start=literal(0),
    )
    return _named(newest.c.id == Practice.id).order_by(shared.desc(), *NEWEST).limit(bindparam("top", type_=Integer))


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


def _name_columns() -> tuple[Any, ...]:
    first_thumb = (
        select(func.min(Attachment.id))
        .where(Attachment.practice_id == Practice.id, Attachment.thumb_name.is_not(None))
        .correlate(Practice)
        .scalar_subquery()
    )
    return (
        Organisation.name.label("organisation"),
        Network.name.label("network"),
        Network.slug,
        Network.municipality,
        first_thumb.label("thumb"),
    )


def _joined(statement: Select[Any]) -> Select[Any]:
    return statement.outerjoin(Network, Network.id == Practice.network_id).outerjoin(
        Organisation, Organisation.id == Practice.organisation_id
    )


def _named(where: Any) -> Select[Any]:
    """Practice cards (card columns only) with what `cards` shows beside each, in one statement."""
    return _joined(select(Practice, *_name_columns()).options(CARD_COLUMNS)).where(where)


@functools.cache
def _with_names(statement: Select[Any]) -> Select[Any]:
    return _joined(statement.add_columns(*_name_columns()))


def readable_with_names(db: Session, network_id: int, practice_id: int, viewer: Viewer) -> Practice:
    """The practice (every column) as `access.readable_practice` finds it, NotFound the same way, with the names its
    page shows beside it read in the same statement (`cards` then needs no statement for it)."""
    statement, params = readable_one(db, network_id, practice_id, viewer)
    row = db.execute(_with_names(statement), params).first()
    if row is None:
        raise NotFound()
    return _remember_names(db, [row])[0]


@functools.cache
def _cards_by_id() -> Select[Any]:
    return _named(Practice.id.in_(bind_list("ids")))


@functools.cache
def _card_names() -> Select[Any]:
    return _joined(select(Practice.id, *_name_columns())).where(Practice.id.in_(bind_list("ids")))


CardNames = tuple[dict[str, str], int | None]


def _names(row: Any) -> CardNames:
    names = {
        "organisation": row.organisation or "",
        "network": row.network or "",
        "slug": row.slug or "",
        "municipality": row.municipality or "",
    }
    return names, row.thumb


def _known_names(db: Session) -> dict[int, CardNames]:
    return db.info.setdefault("card_names", {})  # cards loaded in this transaction came with their names


def _remember_names(db: Session, rows: Any) -> list[Practice]:
    known = _known_names(db)
    practices = []
    for row in rows:
        known[row[0].id] = _names(row)
        practices.append(row[0])
    return practices


def cards(db: Session, practices: list[Practice]) -> list[tuple[Practice, dict[str, str], int | None]]:
    """(practice, names of its organisation and network, id of its first thumbnail) for each practice. Cards this
    transaction loaded (a list's page, related practices) came with them; the others take one statement together
    (on PostgreSQL every statement is a round trip and its share of Python)."""
    if not practices:
        return []
    known = _known_names(db)
    missing = sorted({p.id for p in practices} - known.keys())
    if missing:
        known.update((row.id, _names(row)) for row in db.execute(_card_names(), {"ids": missing}))
    empty: CardNames = ({"organisation": "", "network": "", "slug": "", "municipality": ""}, None)
    return [(p, *known.get(p.id, empty)) for p in practices]
