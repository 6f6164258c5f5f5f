"""Reads of the wijk view: a wijk's own figures per year, its signals by theme over the years, the plan actions
and the dialogue sessions held there; and one table that compares the wijken side by side.

Counts of *people* (the people behind the signals) follow the k = 5 rule of `lerend_netwerk.suppression`: in the
comparison the people per wijk are one line that adds up to the network's total, on a wijk's page the people per
theme and year are one grid; small counts are hidden with enough others that they cannot be computed back. The
number of signals counts reports and is shown as it is. The figures a coordinator enters are the municipality's own
(percentages, counts of households from its statistics) and are shown as entered.

A dialogue session is "held in a wijk" when its facilitator chose that wijk for it (`TableSession.wijk`). A session
without a wijk (one planned before sessions had the field, or where nobody chose one) counts for a wijk whose name is
part of its place or address, as before.

The offers in a wijk are read through the offers capability's own queries (`offers.queries.in_wijk` and
`count_per_wijk`), with its visibility rules: the wijk view shows what the aanbod overview, filtered on that
wijk, shows the same viewer. Offers are not people, so their counts are shown as they are."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CompoundSelect,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from lerend_netwerk import suppression
from lerend_netwerk.db import UTCDateTime, utcnow
from lerend_netwerk.dialogue.models import DialogueTable, SessionStatus, TableSession
from lerend_netwerk.offers import queries as offer_queries
from lerend_netwerk.offers.access import Viewer
from lerend_netwerk.signals import tallies
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.work.models import Action, ActionStatus, WijkFigure

OPEN = (ActionStatus.PLANNED, ActionStatus.RUNNING)


def figures(db: Session, network_id: int) -> list[WijkFigure]:
    return list(
        db.scalars(
            select(WijkFigure)
            .where(WijkFigure.network_id == network_id)
            .order_by(WijkFigure.wijk, WijkFigure.year.desc(), WijkFigure.indicator)
        )
    )


def _latest_figures(
    rows: Iterable[tuple[str, str, int, float]],
) -> tuple[list[str], dict[tuple[str, str], tuple[int, float]]]:
    """The indicators, and per (wijk, indicator) the latest year's value, from (wijk, indicator, year, value)."""
    latest: dict[tuple[str, str], tuple[int, float]] = {}
    indicators: set[str] = set()
    for wijk, indicator, year, value in rows:
        indicators.add(indicator)
        key = (wijk, indicator)
        if key not in latest or latest[key][0] < year:
            latest[key] = (year, value)
    return sorted(indicators), latest


def held_in(wijk: str) -> ColumnElement[bool]:
    """A session held in `wijk`: it has that wijk; or it has none and the wijk's name is in its place or address."""
    pattern = f"%{wijk.lower()}%"
    by_text = or_(func.lower(TableSession.place).like(pattern), func.lower(TableSession.address).like(pattern))
    return or_(TableSession.wijk == wijk, and_(TableSession.wijk == "", by_text))


def _past_sessions(network_id: Any, now: Any) -> tuple[ColumnElement[bool], ...]:
    """Sessions of the network that were held before `now` (a value or a parameter) and not cancelled."""
    return (
        TableSession.network_id == network_id,
        TableSession.starts_at < now,
        TableSession.status != SessionStatus.CANCELLED,
    )


def _held_in_place(places: list[tuple[str | None, str | None]], wijken: list[str], found: dict[str, int]) -> None:
    """Count the sessions without a wijk (planned before sessions had one) for each wijk whose name is in their
    place or address, as `held_in` says."""
    for place, address in places:
        text = f"{place or ''}\n{address or ''}".lower()
        for wijk in wijken:
            if wijk.lower() in text:
                found[wijk] += 1


@dataclass
class WijkLine:
    wijk: str
    signals: int
    people: int | None  # None: hidden (a small group)
    open_actions: int
    sessions: int
    offers: int
    figures: dict[str, tuple[int, float]] = field(default_factory=dict)  # indicator -> (year, value)


@dataclass
class Comparison:
    lines: list[WijkLine]
    indicators: list[str]
    total_people: int | None


# The comparison's figures, read in one statement: each part fills the columns it needs (kind, text a, text b,
# number n, number m, value v) and leaves the others NULL, as the survey tallies do. The parts that do not depend on
# who looks are built once, with the network and the time as parameters: building them took longer than running them.
SIGNALS, ACTIONS, SESSIONS, UNPLACED, OFFERS, FIGURES = range(6)
_NO_TEXT, _NO_NUMBER = cast(null(), String), cast(null(), BigInteger)


def _kind(n: int) -> Any:
    return literal_column(str(n), Integer)


def _fixed_parts() -> list[Select[Any]]:
    network, now = bindparam("network_id", type_=Integer), bindparam("now", type_=UTCDateTime)
    past = _past_sessions(network, now)
    signals = tallies.per_wijk_statement(network).subquery()
    return [
        select(
            _kind(SIGNALS).label("kind"),
            cast(signals.c[0], String).label("a"),
            _NO_TEXT.label("b"),
            cast(signals.c[1], BigInteger).label("n"),
            cast(signals.c[2], BigInteger).label("m"),
            cast(null(), Float).label("v"),
        ),
        select(_kind(ACTIONS), Action.wijk, _NO_TEXT, cast(func.count(), BigInteger), _NO_NUMBER, null())
        .where(Action.network_id == network, Action.status.in_(OPEN))
        .group_by(Action.wijk),
        select(_kind(SESSIONS), TableSession.wijk, _NO_TEXT, cast(func.count(), BigInteger), _NO_NUMBER, null())
        .where(*past, TableSession.wijk != "")
        .group_by(TableSession.wijk),
        select(_kind(UNPLACED), TableSession.place, TableSession.address, _NO_NUMBER, _NO_NUMBER, null()).where(
            *past, TableSession.wijk == ""
        ),
        select(
            _kind(FIGURES),
            WijkFigure.wijk,
            WijkFigure.indicator,
            cast(WijkFigure.year, BigInteger),
            _NO_NUMBER,
            WijkFigure.value,
        ).where(WijkFigure.network_id == network),
    ]


_FIXED_PARTS = _fixed_parts()


@functools.cache
def _comparison_statement(offers_per_wijk: Select[Any]) -> CompoundSelect:
    """The fixed parts and the offers this viewer may see per wijk (`offers.queries.count_per_wijk`, one statement
    per kind of viewer, so this is built once per kind too)."""
    offers = offers_per_wijk.subquery()
    counted = select(_kind(OFFERS), offers.c[0], _NO_TEXT, cast(offers.c[1], BigInteger), _NO_NUMBER, null())
    return union_all(*_FIXED_PARTS, counted)


def comparison(db: Session, network_id: int, wijken: list[str], viewer: Viewer) -> Comparison:
    """Every wijk side by side: the latest figures, signals, the people behind them, open actions, sessions held
    there and the current offers this viewer may see there; read in one statement. A session is held in a wijk as
    `held_in` says: by the wijk chosen on it, or, without one, by the wijk's name in its place or address."""
    parts: dict[int, list[Any]] = defaultdict(list)
    offers_per_wijk, values = offer_queries.count_per_wijk(db, network_id, viewer)
    for row in db.execute(_comparison_statement(offers_per_wijk), values | {"network_id": network_id, "now": utcnow()}):
        parts[row[0]].append(row[1:])
    per_wijk = tallies.per_wijk_rows((a, n, m) for a, _b, n, m, _v in parts[SIGNALS])
    actions = {a: int(n) for a, _b, n, _m, _v in parts[ACTIONS]}
    sessions = dict.fromkeys(wijken, 0)
    for a, _b, n, _m, _v in parts[SESSIONS]:
        if a in sessions:
            sessions[a] = int(n)
    _held_in_place([(a, b) for a, b, _n, _m, _v in parts[UNPLACED]], wijken, sessions)
    offers = {a: int(n) for a, _b, n, _m, _v in parts[OFFERS]}
    indicators, latest = _latest_figures((a, b, int(n), v) for a, b, n, _m, v in parts[FIGURES])
    values: dict = {("people",): sum(p for _n, p in per_wijk.values())}
    values.update({("wijk", w): p for w, (_n, p) in per_wijk.items()})
    hidden = suppression.suppress(values, lines=[suppression.Line(("people",), tuple(("wijk", w) for w in per_wijk))])
    lines = []
    for wijk in wijken:
        n, p = per_wijk.get(wijk, (0, 0))
        lines.append(
            WijkLine(
                wijk,
                n,
                suppression.visible(p, ("wijk", wijk), hidden) if wijk in per_wijk else 0,
                actions.get(wijk, 0),
                sessions.get(wijk, 0),
                offers.get(wijk, 0),
                {i: latest[(wijk, i)] for i in indicators if (wijk, i) in latest},
            )
        )
    return Comparison(lines, indicators, suppression.visible(values[("people",)], ("people",), hidden))


@dataclass
class WijkPage:
    wijk: str
    figure_years: list[int]
    indicators: list[str]
    figures: dict[tuple[str, int], float]
    themes: list[str]
    years: list[int]
    signals: dict[tuple[str, int], int]  # (theme, year) -> signals
    people: dict[tuple[str, int], int | None]  # (theme, year) -> people, None when hidden
    actions: list[Action]
    sessions: list[tuple[TableSession, str]]
    offers: offer_queries.Page  # the current offers there, the first WIJK_SHOWN of them


SESSIONS_SHOWN = 20


def wijk_page(db: Session, network_id: int, wijken: list[str], wijk: str, viewer: Viewer) -> WijkPage:
    if wijk not in wijken:
        raise NotFound()
    own = [f for f in figures(db, network_id) if f.wijk == wijk]
    rows = tallies.per_theme_and_year(db, network_id, wijk)
    signals = {(t or "", int(y)): n for t, y, n, _p in rows}
    counts = {(t or "", int(y)): int(p) for t, y, _n, p in rows}
    themes = sorted({t for t, _y in counts})
    years = sorted({y for _t, y in counts})
    values: dict = {("total",): sum(counts.values())}
    values.update({("theme", t): sum(v for (tt, _y), v in counts.items() if tt == t) for t in themes})
    values.update({("year", y): sum(v for (_t, yy), v in counts.items() if yy == y) for y in years})
    values.update({("cell", t, y): counts.get((t, y), 0) for t in themes for y in years})
    grid = suppression.Grid(
        ("total",),
        tuple(("theme", t) for t in themes),
        tuple(("year", y) for y in years),
        tuple(tuple(("cell", t, y) for y in years) for t in themes),
    )
    hidden = suppression.suppress(values, grids=[grid]) if themes else frozenset()
    people: dict = {
        (t, y): suppression.visible(values[("cell", t, y)], ("cell", t, y), hidden) for t in themes for y in years
    }
    people.update({(t, None): suppression.visible(values[("theme", t)], ("theme", t), hidden) for t in themes})
    people.update({(None, y): suppression.visible(values[("year", y)], ("year", y), hidden) for y in years})
    people[(None, None)] = suppression.visible(values[("total",)], ("total",), hidden)
    actions = list(
        db.scalars(select(Action).where(Action.network_id == network_id, Action.wijk == wijk).order_by(Action.id))
    )
    sessions = [
        (s, name)
        for s, name in db.execute(
            select(TableSession, DialogueTable.name)
            .join(DialogueTable, DialogueTable.id == TableSession.table_id)
            .where(*_past_sessions(network_id, utcnow()), held_in(wijk))
            .order_by(TableSession.starts_at.desc())
            .limit(SESSIONS_SHOWN)
        )
    ]
    return WijkPage(
        wijk,
        sorted({f.year for f in own}, reverse=True),
        sorted({f.indicator for f in own}),
        {(f.indicator, f.year): f.value for f in own},
        themes,
        years,
        signals,
        people,
        actions,
        sessions,
        offer_queries.in_wijk(db, network_id, viewer, wijk),
    )
