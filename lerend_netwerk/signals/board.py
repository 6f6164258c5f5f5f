"""Reading the board: filters, the columns (bounded per column so 10,000 signals stay usable), one signal's page."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Membership, Organisation, Person, Role
from lerend_netwerk.signals.models import (
    Signal,
    SignalContact,
    SignalEvent,
    SignalFollowUp,
    SignalMeeting,
    SignalMeetingItem,
    SignalSource,
    SourceKind,
    Status,
)

# The board shows at most BOARD_CARDS cards, shared over its columns (a light page on a phone, and a query that costs
# the same with 100 signals or 200,000); "meer" opens one column, BOARD_CARDS cards a page.
BOARD_CARDS = 100
# A column counts its signals up to this many past the page it shows ("1000+"): the count costs the same in a
# network with 500 signals or 200,000. The counts page (stats.py) gives exact figures.
COUNT_CAP = 1000

STATUS_LABELS = {
    Status.NEW: lazy_gettext("Nieuw"),
    Status.BUNDLED: lazy_gettext("Gebundeld"),
    Status.ANALYSED: lazy_gettext("Geanalyseerd"),
    Status.DECIDED: lazy_gettext("Beslist"),
    Status.IN_ACTION: lazy_gettext("In actie"),
    Status.REPORTED_BACK: lazy_gettext("Teruggekoppeld"),
    Status.NOT_RETAINED: lazy_gettext("Niet weerhouden"),
}
SOURCE_LABELS = {
    SourceKind.SURVEY: lazy_gettext("Bevraging"),
    SourceKind.DIALOGUE: lazy_gettext("Dialoogtafel"),
    SourceKind.PRACTICE: lazy_gettext("Praktijk"),
    SourceKind.DIRECT: lazy_gettext("Rechtstreekse melding"),
    SourceKind.PARTNER: lazy_gettext("Partnerorganisatie"),
}
# Statuses in which an action runs and can be late.
ACTING = (Status.DECIDED, Status.IN_ACTION)


@dataclass(frozen=True)
class Filters:
    theme: str = ""
    neighbourhood: str = ""
    threshold: str = ""
    source: str = ""
    start: date | None = None
    end: date | None = None
    q: str = ""

    # query-string names, Dutch because users see them in the address bar
    PARAMS = {
        "theme": "thema",
        "neighbourhood": "wijk",
        "threshold": "drempel",
        "source": "bron",
        "start": "van",
        "end": "tot",
        "q": "zoek",
    }

    def query(self, **extra: Any) -> str:
        values = {self.PARAMS[f.name]: getattr(self, f.name) for f in fields(self)}
        values.update(extra)
        return urlencode({k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items() if v})

    @property
    def active(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name))

    def where(self) -> tuple[ColumnElement[bool], ...]:
        """WHERE clauses for the board, the counts and the exports: one definition, so they always agree. They carry
        named parameters: run the statement with `params(network_id)`."""
        return _where(self.active)

    def params(self, network_id: int) -> dict[str, Any]:
        values: dict[str, Any] = {"f_network": network_id}
        for name in self.active:
            values[f"f_{name}"] = getattr(self, name)
        if self.source:
            values["f_source"] = SourceKind(self.source)
        if self.q:
            values["f_q"] = "%" + re.sub(r"([%_\\])", r"\\\1", self.q.lower()) + "%"
        return values


@functools.cache
def _where(active: tuple[str, ...]) -> tuple[ColumnElement[bool], ...]:
    # Built once per combination of filters in use: building a statement in SQLAlchemy takes longer than SQLite
    # takes to run it, and a statement built once is also compiled once.
    where: list[ColumnElement[bool]] = [Signal.network_id == bindparam("f_network"), Signal.merged_into_id.is_(None)]
    if "theme" in active:
        where.append(Signal.theme == bindparam("f_theme"))
    if "neighbourhood" in active:
        where.append(Signal.neighbourhood == bindparam("f_neighbourhood"))
    if "threshold" in active:
        where.append(Signal.threshold_code == bindparam("f_threshold"))
    if "source" in active:
        # A correlated EXISTS: one probe of ix_signal_source_kind_signal per signal the board reads (and it reads a
        # LIMITed number). "IN (all sources of that kind)" made SQLite start from every network's sources.
        where.append(
            select(SignalSource.id)
            .where(SignalSource.signal_id == Signal.id, SignalSource.kind == bindparam("f_source"))
            .exists()
        )
    if "start" in active:
        where.append(Signal.reported_on >= bindparam("f_start"))
    if "end" in active:
        where.append(Signal.reported_on <= bindparam("f_end"))
    if "q" in active:
        where.append(
            or_(
                func.lower(Signal.title).like(bindparam("f_q"), escape="\\"),
                func.lower(Signal.description).like(bindparam("f_q"), escape="\\"),
            )
        )
    return tuple(where)


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
    kinds: list[SourceKind] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < date.today() and self.status in ACTING


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


# A card's source kinds, looked up per card by signal_id (one index probe each, whatever the planner's statistics
# say: a separate "WHERE signal_id IN (100 ids)" was read as a scan of every source when they were missing).
_KINDS = (
    select(func.aggregate_strings(SignalSource.kind, ","))
    .where(SignalSource.signal_id == Signal.id)
    .correlate(Signal)
    .scalar_subquery()
    .label("kinds")
)
_KIND_BY_STORED = {k.name: k for k in SourceKind}  # the column holds the enum's names


def _card_query(where: list[ColumnElement[bool]]) -> Select[Any]:
    # Only what a card shows (not the description): the board reads up to BOARD_CARDS of these per request.
    return (
        select(
            Signal.id,
            Signal.title,
            Signal.theme,
            Signal.neighbourhood,
            Signal.threshold_code,
            Signal.people_count,
            Signal.reported_on,
            Signal.status,
            _trekker_label().label("trekker"),
            SignalFollowUp.due_on,
            _KINDS,
        )
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .outerjoin(Person, Person.id == SignalFollowUp.trekker_person_id)
        .outerjoin(Organisation, Organisation.id == SignalFollowUp.trekker_organisation_id)
        .where(*where)
    )


NEWEST_FIRST = (Signal.reported_on.desc(), Signal.id.desc())


def _cards(rows: Any) -> list[Card]:
    cards = []
    for *values, kinds in rows:
        card = Card(*values)
        card.kinds = [_KIND_BY_STORED[k] for k in dict.fromkeys((kinds or "").split(",")) if k]
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
    nothing), glued with UNION ALL. Built once per combination of filters (see `_where`)."""
    where = _where(active)
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
        _card_query([*where, Signal.status == status])
        .order_by(*NEWEST_FIRST)
        .limit(bindparam(f"limit_{status.value}", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery()
        for status in statuses
    ]
    return totals, union_all(*[select(*part.c) for part in parts])


def board(db: Session, network_id: int, filters: Filters, *, only: Status | None = None, page: int = 1) -> list[Column]:
    """The columns sharing BOARD_CARDS cards; `only` shows one column, BOARD_CARDS a page ("meer").

    Three statements whatever the number of columns or signals: the totals, the cards, and their sources."""
    statuses = (only,) if only else tuple(Status)
    totals_query, cards_query = _board_statements(filters.active, statuses)
    params = filters.params(network_id)
    offset = (page - 1) * BOARD_CARDS if only else 0
    cap = offset + BOARD_CARDS + COUNT_CAP
    totals = {Status[name]: n for name, n in db.execute(totals_query, {**params, "count_cap": cap + 1})}
    limits = {only: BOARD_CARDS} if only else share(totals)
    params.update({f"limit_{s.value}": limits.get(s, 0) for s in statuses}, offset=offset)
    rows = db.execute(cards_query, params).all() if any(totals.get(s) for s in statuses) else []
    cards = _cards(sorted(rows, key=lambda r: (r.reported_on, r.id), reverse=True))
    by_status: dict[Status, list[Card]] = {}
    for card in cards:
        by_status.setdefault(card.status, []).append(card)
    return [
        Column(status, min(cap, totals.get(status, 0)), by_status.get(status, []), offset, totals.get(status, 0) > cap)
        for status in statuses
    ]


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
    meetings: list[SignalMeeting]

    @property
    def overdue(self) -> bool:
        due = self.follow_up.due_on if self.follow_up else None
        return due is not None and due < date.today() and self.signal.status in ACTING


def get_signal(db: Session, network_id: int, signal_id: int, *, lock: bool = False) -> Signal:
    """The network's signal, or LookupError: another network's id is treated as unknown."""
    query = select(Signal).where(Signal.id == signal_id, Signal.network_id == network_id)
    if lock:
        query = query.with_for_update()
    signal = db.scalar(query)
    if signal is None:
        raise LookupError(signal_id)
    return signal


def detail(db: Session, network_id: int, signal_id: int) -> Detail:
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
            trekker = db.scalar(select(Person.name).where(Person.id == follow_up.trekker_person_id)) or ""
        elif follow_up.trekker_organisation_id:
            trekker = db.scalar(select(Organisation.name).where(Organisation.id == follow_up.trekker_organisation_id))
        if follow_up.action_organisation_id:
            action_partner = db.scalar(
                select(Organisation.name).where(Organisation.id == follow_up.action_organisation_id)
            )
    contacts = db.execute(
        select(func.count(), func.count(SignalContact.notified_at)).where(SignalContact.signal_id == signal.id)
    ).one()
    merged = list(db.scalars(select(Signal).where(Signal.merged_into_id == signal.id).order_by(Signal.id)))
    merged_into = db.get(Signal, signal.merged_into_id) if signal.merged_into_id else None
    meetings = list(
        db.scalars(
            select(SignalMeeting)
            .join(SignalMeetingItem, SignalMeetingItem.meeting_id == SignalMeeting.id)
            .where(SignalMeetingItem.signal_id == signal.id)
            .order_by(SignalMeeting.meets_on)
        )
    )
    return Detail(
        signal,
        sources,
        events,
        follow_up,
        trekker or "",
        action_partner or "",
        contacts[0],
        contacts[0] - contacts[1],
        merged,
        merged_into,
        meetings,
    )


def organisations(db: Session, network_id: int) -> list[Organisation]:
    return list(
        db.scalars(select(Organisation).where(Organisation.network_id == network_id).order_by(Organisation.name))
    )


def staff(db: Session, network_id: int) -> list[Person]:
    """People who can be trekker: everyone with a staff role in the network (not participants)."""
    return list(
        db.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.network_id == network_id, Membership.role != Role.PARTICIPANT)
            .order_by(Person.name)
        )
    )


def organisation_of(db: Session, network_id: int, person_id: int) -> str:
    """The name of the partner organisation a member works for in this network ("" when none)."""
    name = db.scalar(
        select(Organisation.name)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.network_id == network_id, Membership.person_id == person_id)
    )
    return name or ""


def card(db: Session, network_id: int, signal_id: int) -> Card:
    cards = _cards(db.execute(_card_query([Signal.network_id == network_id, Signal.id == signal_id])))
    if not cards:
        raise LookupError(signal_id)
    return cards[0]
