"""Reading the board: the columns (bounded per column so 10,000 signals stay usable), one card, one signal's page,
and the signals that look like duplicates. Every read is scoped to a network; another network's id is not found."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Select, bindparam, func, literal, select, union_all
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from lerend_netwerk.meetings.models import AgendaItem, Body, Meeting
from lerend_netwerk.networks.models import Network, Organisation, Person
from lerend_netwerk.signals import similar
from lerend_netwerk.signals.filters import Filters, where_clauses
from lerend_netwerk.signals.forms import read_filters
from lerend_netwerk.signals.models import (
    Signal,
    SignalContact,
    SignalEvent,
    SignalFollowUp,
    SignalSource,
    Status,
    is_overdue,
)
from lerend_netwerk.web.errors import NotFound

if TYPE_CHECKING:
    from lerend_netwerk.capability import SignalPanel

# The board shows at most BOARD_CARDS cards, shared over its columns (a light page on a phone, and a query that costs
# the same with 100 signals or 200,000); "meer" opens one column, BOARD_CARDS cards a page.
BOARD_CARDS = 100
# A column counts its signals up to this many past the page it shows ("1000+"): the count costs the same in a
# network with 500 signals or 200,000. The counts page (stats.py) gives exact figures.
COUNT_CAP = 1000
# Statuses still waiting for the stuurgroep: the candidates for a meeting's agenda.
WAITING = (Status.NEW, Status.BUNDLED, Status.ANALYSED)
DUPLICATE_WINDOW = 300  # compare with at most this many recent signals: bounded work on a big board
PAIR_WINDOW = 150  # the board looks for likely duplicates among this many recent signals


@dataclass
class Card:
    id: int
    title: str
    theme: str
    neighbourhood: str
    threshold_code: str
    people_count: int
    reported_on: date
    status: Status
    trekker: str = ""
    due_on: date | None = None
    kinds: list[str] = field(default_factory=list)  # source kinds, as their capabilities declare them

    @property
    def overdue(self) -> bool:
        return is_overdue(self.due_on, self.status)


@dataclass
class Column:
    status: Status
    total: int  # counted up to COUNT_CAP past the cards shown; `capped` when there are more
    cards: list[Card]
    offset: int = 0
    capped: bool = False

    @property
    def more(self) -> int:
        return max(0, self.total - self.offset - len(self.cards))

    @property
    def total_label(self) -> str:
        return f"{self.total}+" if self.capped else str(self.total)

    @property
    def more_label(self) -> str:
        return f"{self.more}+" if self.capped else str(self.more)


def _trekker_label() -> Any:
    return func.coalesce(Person.name, Organisation.name, "")


_CARD_COLUMNS = (
    Signal.id,
    Signal.title,
    Signal.theme,
    Signal.neighbourhood,
    Signal.threshold_code,
    Signal.people_count,
    Signal.reported_on,
    Signal.status,
)


def _card_rows(signals: Any) -> Select[Any]:
    """The cards of `signals` (a subquery of `_CARD_COLUMNS`; only what a card shows, not the description): with the
    trekker and due date of each one's follow-up, and its source kinds. The follow-up is joined once, outside the
    union of the board's columns, not in each column's walk: that union with a three-table join per column took
    PostgreSQL 4.6 ms to plan, for 0.5 ms of work."""
    # The source kinds are looked up per card by signal_id (one index probe each, whatever the planner's
    # statistics say: a separate "WHERE signal_id IN (100 ids)" was read as a scan of every source when missing).
    kinds = select(func.aggregate_strings(SignalSource.kind, ",")).where(SignalSource.signal_id == signals.c.id)
    return (
        select(*signals.c, _trekker_label().label("trekker"), SignalFollowUp.due_on, kinds.scalar_subquery())
        .select_from(signals)
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == signals.c.id)
        .outerjoin(Person, Person.id == SignalFollowUp.trekker_person_id)
        .outerjoin(Organisation, Organisation.id == SignalFollowUp.trekker_organisation_id)
    )


NEWEST_FIRST = (Signal.reported_on.desc(), Signal.id.desc())


def _cards(rows: Any) -> list[Card]:
    cards = []
    for *values, kinds in rows:
        card = Card(*values)
        card.kinds = [k for k in dict.fromkeys((kinds or "").split(",")) if k]
        cards.append(card)
    return cards


def share(totals: dict[Status, int], budget: int = BOARD_CARDS) -> dict[Status, int]:
    """How many cards each column shows: `budget` shared equally, a short column's unused part going to the others."""
    wanting = {status: n for status, n in totals.items() if n > 0}
    limits: dict[Status, int] = {}
    while wanting and budget > 0:
        each = max(1, budget // len(wanting))
        short = {status: n for status, n in wanting.items() if n <= each}
        if not short:  # every column is longer than its part: spread what is left, the first columns first
            for i, status in enumerate(s for s in Status if s in wanting):
                limits[status] = budget // len(wanting) + (1 if i < budget % len(wanting) else 0)
            return limits
        for status, n in short.items():
            limits[status] = n
            budget -= n
            del wanting[status]
    return limits


@functools.cache
def _board_statements(active: tuple[str, ...], statuses: tuple[Status, ...]) -> tuple[Any, Any]:
    """The totals per column, and the columns' cards: one LIMITed index walk per column (a limit of 0 costs
    nothing), glued with UNION ALL. Built once per combination of filters (see `filters.where_clauses`)."""
    where = where_clauses(active)
    counted = [
        select(literal(status.name).label("status"), func.count().label("n")).select_from(
            select(Signal.id)
            .where(*where, Signal.status == status)
            .limit(bindparam("count_cap", type_=Integer))
            .subquery()
        )
        for status in statuses
    ]
    totals = union_all(*counted)
    parts = [
        select(*_CARD_COLUMNS)
        .where(*where, Signal.status == status)
        .order_by(*NEWEST_FIRST)
        .limit(bindparam(f"limit_{status.value}", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery()
        for status in statuses
    ]
    return totals, _card_rows(union_all(*[select(*part.c) for part in parts]).subquery())


def board(db: Session, network_id: int, filters: Filters, *, only: Status | None = None, page: int = 1) -> list[Column]:
    """The columns sharing BOARD_CARDS cards; `only` shows one column, BOARD_CARDS a page ("meer").

    Two statements whatever the number of columns or signals: the totals, and the cards with their sources."""
    statuses = (only,) if only else tuple(Status)
    totals_query, cards_query = _board_statements(filters.active, statuses)
    params = filters.params(network_id)
    offset = (page - 1) * BOARD_CARDS if only else 0
    cap = offset + BOARD_CARDS + COUNT_CAP
    totals = {Status[name]: n for name, n in db.execute(totals_query, {**params, "count_cap": cap + 1})}
    limits = {only: BOARD_CARDS} if only else share(totals)
    params.update({f"limit_{s.value}": limits.get(s, 0) for s in statuses}, offset=offset)
    rows = db.execute(cards_query, params).all() if any(totals.get(s) for s in statuses) else []
    # newest first across the columns; sorted as cards, whose attributes cost less to read than a result row's
    cards = sorted(_cards(rows), key=lambda c: (c.reported_on, c.id), reverse=True)
    by_status: dict[Status, list[Card]] = {}
    for card in cards:
        by_status.setdefault(card.status, []).append(card)
    return [
        Column(status, min(cap, totals.get(status, 0)), by_status.get(status, []), offset, totals.get(status, 0) > cap)
        for status in statuses
    ]


@dataclass
class BoardView:
    columns: list[Column]
    pairs: list[tuple[int, str, int, str]]  # signals that look like duplicates (only with every column shown)


def board_view(
    db: Session, network_id: int, filters: Filters, *, only: Status | None = None, page: int = 1
) -> BoardView:
    """The board page: its columns, and with every column shown the pairs of signals that look like duplicates."""
    columns = board(db, network_id, filters, only=only, page=page)
    return BoardView(columns, [] if only else suggested_pairs(db, network_id))


def waiting(db: Session, network_id: int) -> list[Card]:
    """What is still waiting for the stuurgroep, newest first, bounded like the board: a meeting's candidates."""
    return [card for column in board(db, network_id, Filters()) if column.status in WAITING for card in column.cards]


def card(db: Session, network_id: int, signal_id: int) -> Card:
    """One card of the board, as the board shows it (after a move with htmx)."""
    one = select(*_CARD_COLUMNS).where(Signal.network_id == network_id, Signal.id == signal_id).subquery()
    cards = _cards(db.execute(_card_rows(one)))
    if not cards:
        raise NotFound()
    return cards[0]


@dataclass
class Detail:
    signal: Signal
    sources: list[SignalSource]
    events: list[tuple[SignalEvent, str]]
    follow_up: SignalFollowUp | None
    trekker: str
    action_partner: str
    contacts: int
    contacts_waiting: int
    merged: list[Signal]
    merged_into: Signal | None
    meetings: list[Meeting]

    @property
    def overdue(self) -> bool:
        return is_overdue(self.follow_up.due_on if self.follow_up else None, self.signal.status)


def get_signal(db: Session, network_id: int, signal_id: int) -> Signal:
    """The network's signal; another network's id is not found."""
    signal = db.scalar(select(Signal).where(Signal.id == signal_id, Signal.network_id == network_id))
    if signal is None:
        raise NotFound()
    return signal


def _name(db: Session, model: type[Person] | type[Organisation], id_: int | None) -> str:
    return (db.scalar(select(model.name).where(model.id == id_)) or "") if id_ else ""


def detail(db: Session, network_id: int, signal_id: int) -> Detail:
    """One signal's page: its sources, history, follow-up, contacts waiting, merges and meetings."""
    signal = get_signal(db, network_id, signal_id)
    sources = list(
        db.scalars(select(SignalSource).where(SignalSource.signal_id == signal.id).order_by(SignalSource.id))
    )
    events = [
        (e, name or "")
        for e, name in db.execute(
            select(SignalEvent, Person.name)
            .outerjoin(Person, Person.id == SignalEvent.actor_id)
            .where(SignalEvent.signal_id == signal.id)
            .order_by(SignalEvent.at, SignalEvent.id)
        )
    ]
    follow_up = db.get(SignalFollowUp, signal.id)
    trekker = action_partner = ""
    if follow_up:
        if follow_up.trekker_person_id:
            trekker = _name(db, Person, follow_up.trekker_person_id)
        else:
            trekker = _name(db, Organisation, follow_up.trekker_organisation_id)
        action_partner = _name(db, Organisation, follow_up.action_organisation_id)
    contacts = db.execute(
        select(func.count(), func.count(SignalContact.notified_at)).where(SignalContact.signal_id == signal.id)
    ).one()
    merged = list(db.scalars(select(Signal).where(Signal.merged_into_id == signal.id).order_by(Signal.id)))
    merged_into = db.get(Signal, signal.merged_into_id) if signal.merged_into_id else None
    meetings = list(
        db.scalars(
            select(Meeting)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(AgendaItem.signal_id == signal.id, Meeting.network_id == network_id, Meeting.body == Body.STEERING)
            .order_by(Meeting.starts_at)
        )
    )
    return Detail(
        signal,
        sources,
        events,
        follow_up,
        trekker,
        action_partner,
        contacts[0],
        contacts[0] - contacts[1],
        merged,
        merged_into,
        meetings,
    )


# -- signals worded alike ------------------------------------------------------------------------------------------


# newest reported first, from ix_signal_counts (network_id, reported_on, ...): ordering by id let PostgreSQL walk the
# primary key backwards through every other network's newer signals. Built once: building it cost more than running it.
_RECENT = (
    select(
        Signal.id,
        Signal.title,
        func.substr(Signal.description, 1, 300),
        Signal.theme,
        Signal.neighbourhood,
        Signal.threshold_code,
    )
    .where(Signal.network_id == bindparam("network_id"), Signal.merged_into_id.is_(None))
    .order_by(Signal.reported_on.desc(), Signal.id.desc())
    .limit(bindparam("limit", type_=Integer))
)
RecentRow = tuple[Any, ...]  # id, title, the description's start, theme, wijk, threshold: see `_RECENT`


def _recent_rows(db: Session, network_id: int, limit: int) -> tuple[RecentRow, ...]:
    """What the rule compares of the `limit` most recent signals, as it was read: plain tuples, hashable."""
    return tuple(tuple(row) for row in db.execute(_RECENT, {"network_id": network_id, "limit": limit}))


def _comparables(rows: tuple[RecentRow, ...]) -> list[similar.Comparable]:
    return [similar.comparable(i, t, d or "", th or "", w or "", tc or "") for i, t, d, th, w, tc in rows]


def duplicates_of(db: Session, network_id: int, signal_id: int, limit: int = 5) -> list[tuple[int, str, float]]:
    """Signals of the same network about the same thing as this one, best first (id, title, score): see
    `signals.similar` for the rule."""
    signal = get_signal(db, network_id, signal_id)
    this = similar.comparable(
        signal.id, signal.title, signal.description, signal.theme, signal.neighbourhood, signal.threshold_code
    )
    recent = _comparables(_recent_rows(db, network_id, DUPLICATE_WINDOW))
    scored = [(other.id, other.title, similar.score(this, other)) for other in recent]
    found = [s for s in scored if s[0] != signal.id and s[2] >= similar.RELATED]
    return sorted(found, key=lambda s: -s[2])[:limit]


def suggested_pairs(db: Session, network_id: int, limit: int = 8) -> list[tuple[int, str, int, str]]:
    """Likely duplicate pairs among recent signals, by the same rule as a signal's own suggestions. The recent
    signals are read at every view; the search among them is remembered per worker for the signals as read (a pure
    function of what they say: a new, edited, moved-out or merged signal reads differently and is searched again)."""
    return list(_pairs(_recent_rows(db, network_id, PAIR_WINDOW), limit))


@functools.lru_cache(maxsize=64)
def _pairs(rows: tuple[RecentRow, ...], limit: int) -> tuple[tuple[int, str, int, str], ...]:
    """`suggested_pairs` of the rows read. Remembered: on a board of 150 recent signals making their word sets and
    comparing the 11,000 pairs took 2 to 3 ms of every view, hashing the rows to look them up 0.1 ms."""
    recent = _comparables(rows)
    pairs: list[tuple[int, str, int, str]] = []
    for n, a in enumerate(recent):
        for b in recent[n + 1 :]:
            if a.words & b.words and similar.related(a, b):
                pairs.append((b.id, b.title, a.id, a.title))  # older first: the older one is the natural target
                if len(pairs) >= limit:
                    return tuple(pairs)
    return tuple(pairs)


def panels(
    db: Session, declared: Sequence[SignalPanel], network_id: int, signal_id: int
) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each part other capabilities add to the signal's page; none reads another's rows."""
    found = []
    for panel in declared:
        context = panel.load(db, network_id, signal_id)
        if context is not None:
            found.append((panel.template, context))
    return found


def board_page(db: Session, network: Network, params: QueryParams, labels: dict[str, Any], only: Status | None) -> Any:
    """The board for these query parameters: the filters (their choices are the network's threshold types) and
    the columns, in one read (one hand-off on PostgreSQL). Returns (types, form, filters, page, view)."""
    thresholds, form, filters = read_filters(db, network, params, labels)
    page = form.integer("pagina", minimum=1, maximum=1000) or 1
    return thresholds, form, filters, page, board_view(db, network.id, filters, only=only, page=page)
