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
`count_per_wijk`), with its visibility rules: the wijk view shows what the aanbod overview, filtered on that wijk,
shows the same viewer. Offers are not people, so their counts are shown as they are."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk import suppression
from lerend_netwerk.db import utcnow
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


def _latest_figures(rows: list[WijkFigure]) -> tuple[list[str], dict[tuple[str, str], tuple[int, float]]]:
    """The indicators, and per (wijk, indicator) the latest year's value."""
    latest: dict[tuple[str, str], tuple[int, float]] = {}
    for row in rows:
        key = (row.wijk, row.indicator)
        if key not in latest or latest[key][0] < row.year:
            latest[key] = (row.year, row.value)
    return sorted({r.indicator for r in rows}), latest


def held_in(wijk: str) -> ColumnElement[bool]:
    """A session held in `wijk`: it has that wijk; or it has none and the wijk's name is in its place or address."""
    pattern = f"%{wijk.lower()}%"
    by_text = or_(func.lower(TableSession.place).like(pattern), func.lower(TableSession.address).like(pattern))
    return or_(TableSession.wijk == wijk, and_(TableSession.wijk == "", by_text))


def _held_sessions(db: Session, network_id: int, wijken: list[str]) -> dict[str, int]:
    """Per wijk, the dialogue sessions held there (past, not cancelled): one count per wijk chosen on the session,
    and for the few sessions without one (planned before sessions had a wijk) the match of the name in place or
    address, as `held_in` says."""
    past = (
        TableSession.network_id == network_id,
        TableSession.starts_at < utcnow(),
        TableSession.status != SessionStatus.CANCELLED,
    )
    found = dict.fromkeys(wijken, 0)
    for wijk, n in db.execute(
        select(TableSession.wijk, func.count()).where(*past, TableSession.wijk != "").group_by(TableSession.wijk)
    ):
        if wijk in found:
            found[wijk] = n
    for place, address in db.execute(
        select(TableSession.place, TableSession.address).where(*past, TableSession.wijk == "")
    ):
        text = f"{place or ''}\n{address or ''}".lower()
        for wijk in wijken:
            if wijk.lower() in text:
                found[wijk] += 1
    return found


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


def comparison(db: Session, network_id: int, wijken: list[str], viewer: Viewer) -> Comparison:
    """Every wijk side by side: the latest figures, signals, the people behind them, open actions, sessions and
    the current offers this viewer may see there."""
    per_wijk = tallies.per_wijk(db, network_id)
    actions = dict(
        db.execute(
            select(Action.wijk, func.count())
            .where(Action.network_id == network_id, Action.status.in_(OPEN))
            .group_by(Action.wijk)
        ).all()
    )
    sessions = _held_sessions(db, network_id, wijken)
    offers = offer_queries.count_per_wijk(db, network_id, viewer)
    indicators, latest = _latest_figures(figures(db, network_id))
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
            .where(
                TableSession.network_id == network_id,
                TableSession.starts_at < utcnow(),
                TableSession.status != SessionStatus.CANCELLED,
                held_in(wijk),
            )
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
