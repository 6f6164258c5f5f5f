"""Practices: who may read them, saving with versions, search with filters, attachments, related practices."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, false, func, or_, select, union_all
from sqlalchemy.orm import Session, load_only

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.models import Membership, Network, Organisation, Role
from lerend_netwerk.practices import search
from lerend_netwerk.practices.models import (
    Adoption,
    Attachment,
    Practice,
    PracticeVersion,
    Status,
    Visibility,
    pack,
    unpack,
)
from lerend_netwerk.practices.uploads import Stored

STAFF = {Role.MEMBER, Role.FACILITATOR, Role.STEERING, Role.COORDINATOR}
PAGE_SIZE = 12
COUNT_CAP = (
    300  # a list counts its matches up to here (25 pages), so the cost of a page stays flat however many there are
)
VERSIONED = (
    "title",
    "summary",
    "story",
    "thresholds",
    "target_groups",
    "sector",
    "cost",
    "worked",
    "not_worked",
    "partners",
    "contact_name",
    "contact_email",
    "status",
    "visibility",
    "organisation_id",
)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: person id (None for a visitor) and their role per network id."""

    person_id: int | None = None
    roles: dict[int, Role] = field(default_factory=dict)

    @property
    def staff_networks(self) -> set[int]:
        return {nid for nid, role in self.roles.items() if role in STAFF}


def viewer_of(visitor: Any) -> Viewer:
    return Viewer(visitor.person.id if visitor.person else None, dict(visitor.roles))


def region_group(db: Session, network_id: int) -> set[int]:
    """The network, its regional network, and every network in that region."""
    return region_reach(db, {network_id})


def region_reach(db: Session, network_ids: set[int]) -> set[int]:
    """The networks, their regional networks, and every network in those regions: one query, however many."""
    if not network_ids:
        return set()
    known = db.info.setdefault("region_reach", {})  # one transaction asks the same question several times
    key = frozenset(network_ids)
    if key not in known:
        regions = select(func.coalesce(Network.region_id, Network.id)).where(Network.id.in_(network_ids))
        known[key] = set(
            db.scalars(
                select(Network.id).where(
                    or_(Network.id.in_(network_ids), Network.id.in_(regions), Network.region_id.in_(regions))
                )
            )
        )
    return known[key]


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


def _readers(db: Session, viewer: Viewer) -> tuple[tuple[bool, bool, bool], dict[str, Any]]:
    """Who the viewer is, as the shape of `_readable` and the values of its parameters."""
    member_of = set(viewer.roles)
    reach = region_reach(db, member_of)
    staff = viewer.staff_networks
    params = {"r_reach": sorted(reach), "r_member_of": sorted(member_of), "r_staff": sorted(staff)}
    return (bool(reach), bool(member_of), bool(staff)), params


@functools.cache
def _readable(has_reach: bool, has_membership: bool, is_staff: bool) -> Any:
    # Built once per kind of viewer, with the networks as parameters: building a statement in SQLAlchemy costs
    # more than SQLite takes to run it, and a list page builds several.
    return _readable_condition(
        _list("r_reach") if has_reach else None,
        _list("r_member_of") if has_membership else None,
        _list("r_staff") if is_staff else None,
    )


def _list(name: str) -> Any:
    return bindparam(name, expanding=True)


def get_readable(db: Session, network_id: int, practice_id: int, viewer: Viewer) -> Practice | None:
    """The practice if it belongs to this network and the viewer may read it; None means 404 (never 403,
    so another network cannot even learn that it exists)."""
    shape, params = _readers(db, viewer)
    return db.scalar(_readable_one(shape), {**params, "g_id": practice_id, "g_network": network_id})


@functools.cache
def _readable_one(shape: tuple[bool, bool, bool]) -> Select[Any]:
    return select(Practice).where(
        Practice.id == bindparam("g_id"), Practice.network_id == bindparam("g_network"), _readable(*shape)
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


def organisations(db: Session, network_id: int) -> list[Organisation]:
    return list(
        db.scalars(select(Organisation).where(Organisation.network_id == network_id).order_by(Organisation.name))
    )


def my_organisation_id(db: Session, network_id: int, person_id: int) -> int | None:
    return db.scalar(
        select(Membership.organisation_id).where(Membership.person_id == person_id, Membership.network_id == network_id)
    )


def _snapshot(practice: Practice) -> dict[str, Any]:
    return {key: (str(getattr(practice, key)) if getattr(practice, key) is not None else "") for key in VERSIONED}


def reindex(db: Session, practice: Practice) -> None:
    """Put the practice (as saved now) in the search index, with its organisation's name."""
    org = db.get(Organisation, practice.organisation_id) if practice.organisation_id else None
    search.index(db, practice, extra=org.name if org else "")


def save(
    db: Session,
    network_id: int,
    data: dict[str, Any],
    *,
    actor_id: int,
    practice_id: int | None = None,
    files: list[Stored] = (),  # type: ignore[assignment]
) -> Practice:
    """Create or update a practice. An update first keeps the previous content as a version."""
    if practice_id is None:
        practice = Practice(network_id=network_id, author_id=actor_id)
        db.add(practice)
    else:
        practice = db.scalar(
            select(Practice).where(Practice.id == practice_id, Practice.network_id == network_id).with_for_update()
        )
        if practice is None:
            raise LookupError(practice_id)
        db.add(
            PracticeVersion(
                practice_id=practice.id, number=practice.version, editor_id=actor_id, content=_snapshot(practice)
            )
        )
        practice.version += 1
    was_published = practice.status == Status.PUBLISHED
    for key, value in data.items():
        if key in ("thresholds", "target_groups"):
            value = pack(value)
        setattr(practice, key, value)
    practice.updated_at = utcnow()
    if practice.status == Status.PUBLISHED and not was_published:
        practice.published_at = practice.updated_at
    db.flush()
    for stored in files:
        db.add(Attachment(practice_id=practice.id, uploaded_by_id=actor_id, **stored.__dict__))
    reindex(db, practice)
    action = "practice.created" if practice_id is None else "practice.edited"
    audit.record(
        db,
        action,
        actor_id=actor_id,
        network_id=network_id,
        subject=("practice", practice.id),
        status=practice.status.value,
        visibility=practice.visibility.value,
        files=len(files),
    )
    if practice.status == Status.PUBLISHED and not was_published:
        audit.record(
            db, "practice.published", actor_id=actor_id, network_id=network_id, subject=("practice", practice.id)
        )
    return practice


def attachment_count(db: Session, practice_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Attachment).where(Attachment.practice_id == practice_id)) or 0


def attachments(db: Session, practice_id: int) -> list[Attachment]:
    return list(db.scalars(select(Attachment).where(Attachment.practice_id == practice_id).order_by(Attachment.id)))


def readable_attachment(
    db: Session, network_id: int, practice_id: int, attachment_id: int, viewer: Viewer
) -> Attachment | None:
    if get_readable(db, network_id, practice_id, viewer) is None:
        return None
    return db.scalar(select(Attachment).where(Attachment.id == attachment_id, Attachment.practice_id == practice_id))


def delete_attachment(db: Session, practice: Practice, attachment_id: int, *, actor_id: int) -> Attachment | None:
    found = db.scalar(select(Attachment).where(Attachment.id == attachment_id, Attachment.practice_id == practice.id))
    if found is not None:
        db.delete(found)
        audit.record(
            db,
            "practice.attachment_deleted",
            actor_id=actor_id,
            network_id=practice.network_id,
            subject=("practice", practice.id),
            attachment_id=attachment_id,
        )
    return found


def versions(db: Session, practice_id: int) -> list[tuple[PracticeVersion, str]]:
    from lerend_netwerk.networks.models import Person

    rows = db.execute(
        select(PracticeVersion, Person.name)
        .outerjoin(Person, Person.id == PracticeVersion.editor_id)
        .where(PracticeVersion.practice_id == practice_id)
        .order_by(PracticeVersion.number.desc())
    )
    return [(v, name or "") for v, name in rows]


# -- finding ---------------------------------------------------------------------------------------------


@dataclass
class Filters:
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
    total: int  # at most COUNT_CAP
    page: int
    pages: int

    @property
    def capped(self) -> bool:
        """More matches than we count: the page says "more than COUNT_CAP" rather than scanning them all."""
        return self.total >= COUNT_CAP


def scope(db: Session, network_id: int) -> Any:
    """What the list of one network shows: its own practices, those its region shares, and public ones."""
    others = region_group(db, network_id) - {network_id}
    return or_(*_scope_condition(network_id, others or None))


def _places(db: Session, network_id: int) -> tuple[bool, dict[str, Any]]:
    others = region_group(db, network_id) - {network_id}
    return bool(others), {"s_network": network_id, "s_others": sorted(others)}


def _scope_condition(network: Any, others: Any) -> tuple[Any, ...]:
    """`scope` as disjoint parts, each of which an index serves newest first (values or parameters)."""
    region = [] if others is None else [and_(Practice.network_id.in_(others), Practice.visibility == Visibility.REGION)]
    return (
        Practice.network_id == network,
        *region,
        and_(Practice.visibility == Visibility.PUBLIC, Practice.network_id != network),
    )


@functools.cache
def _scope_parts(has_others: bool) -> tuple[Any, ...]:
    return _scope_condition(bindparam("s_network"), _list("s_others") if has_others else None)


NEWEST = (Practice.published_at.desc().nulls_last(), Practice.id.desc())


def _audience(db: Session, network_id: int, viewer: Viewer) -> tuple[tuple[bool, ...], dict[str, Any]]:
    """The shape of a network's list for this viewer, and the values its statements take."""
    has_others, places = _places(db, network_id)
    shape, readers = _readers(db, viewer)
    return (has_others, *shape), places | readers


def _newest_first(shape: tuple[bool, ...], where: tuple[Any, ...]) -> list[Select[Any]]:
    """The network's list (`scope`, readable by the viewer, matching `where`) as a few parts that each walk an
    index newest first, so "the newest n" reads about n rows per part however many practices there are: published
    practices of the network itself, of its region, public ones elsewhere, and the drafts its staff may see.
    Each part selects the id and the sort key, in order; callers LIMIT each part, then the union. Run the
    statements with the values from `_audience`."""
    has_others, *readers = shape
    seen = _readable(*readers)
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
    if readers[-1]:  # staff see the drafts of their own network
        drafts = and_(Practice.status == Status.DRAFT, Practice.network_id.in_(_list("r_staff")))
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
        *[select(*p.with_only_columns(Practice.id).order_by(None).limit(COUNT_CAP).subquery().c) for p in parts]
    )
    return select(func.count()).select_from(capped.subquery()), _newest_ids(parts)


def _page(total: int, wanted: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return min(max(1, wanted), pages), pages


def find(db: Session, network_id: int, viewer: Viewer, filters: Filters) -> Page:
    shape, params = _audience(db, network_id, viewer)
    active, values = _filter_values(filters)
    params |= values
    if filters.q:
        stmt = select(Practice.id).where(or_(*_scope_parts(shape[0])), _readable(*shape[1:]), *_filters(active))
        searched = search.apply(db, stmt, filters.q, Practice.id)
        if searched is not None:  # full-text search: the matches drive the query, ranked or newest first
            stmt, rank = searched
            total = db.scalar(select(func.count()).select_from(stmt.limit(COUNT_CAP).subquery()), params) or 0
            page, pages = _page(total, filters.page)
            order = [rank, *NEWEST] if filters.sort == "relevantie" else list(NEWEST)
            query = stmt.order_by(*order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
            return Page(_load_cards(db, list(db.scalars(query, params))), total, page, pages)
    count, ids = _list_statements(shape, active)
    total = min(COUNT_CAP, db.scalar(count, params) or 0)
    page, pages = _page(total, filters.page)
    return Page(
        _load_cards(db, _page_of(db, ids, params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)), total, page, pages
    )


def networks_in_scope(db: Session, network_id: int) -> list[Network]:
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


def adoptions(db: Session, practice_id: int) -> list[tuple[Adoption, str]]:
    rows = db.execute(
        select(Adoption, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Adoption.organisation_id)
        .where(Adoption.practice_id == practice_id)
        .order_by(Adoption.created_at)
    )
    return [(a, name or "") for a, name in rows]


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
