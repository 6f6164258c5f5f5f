"""Counts on the board: per theme, per wijk, per month, and wijk × theme. All counting is one SQL GROUP BY each;
the figures page draws them with `web.charts.bar_chart`, a data table beside each chart.

The number of *people* behind the signals (the "Mensen" column) counts people, so it follows the k = 5 rule of
`lerend_netwerk.suppression`: per theme, per wijk and per month a count of 1 to 4 people is hidden, with enough other
counts that it cannot be computed from the others (the three tables add up to the same total). The number of
*signals* is a count of reports, not of people, and is shown as it is. What the page does not try: defend against
subtracting two filtered views, because the board itself shows this role every signal with its wijk, theme and
number of people; the rule keeps this page (printed, or shared) from listing small groups."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, extract, func, select
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from lerend_netwerk import suppression
from lerend_netwerk.networks.models import Network
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.signals import tallies
from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.forms import read_filters
from lerend_netwerk.signals.models import Signal, SignalTally
from lerend_netwerk.web.forms import Form


@dataclass(frozen=True)
class Count:
    key: str
    signals: int
    people: int | None  # None: hidden (a small group)


@dataclass
class Counts:
    per_theme: list[Count]
    per_neighbourhood: list[Count]
    per_month: list[Count]  # key "2026-03"
    heat: dict[tuple[str, str], int]  # (wijk, theme) -> signals
    themes: list[str]
    neighbourhoods: list[str]

    def heat_table(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """Per wijk (a row), per theme: the cell's shade 0-4 and its number of signals (always printed too). Worked
        out here for the whole table at once: from the template it was two calls per cell, and the largest value
        was looked for again in each."""
        top = max(self.heat.values(), default=0)
        rows = []
        for wijk in self.neighbourhoods:
            cells = []
            for theme in self.themes:
                value = self.heat.get((wijk, theme), 0)
                cells.append((0 if not value or not top else min(4, 1 + (value * 4 - 1) // top), value))
            rows.append((wijk, cells))
        return rows


def counts(db: Session, network_id: int, filters: Filters) -> Counts:
    """Per month and per wijk x theme (which also gives the totals per theme and per wijk): from the running counts
    when the filters are theme, wijk and whole months (`signals.tallies`), else two GROUP BYs over the matching
    signals."""
    months, heat_rows = (
        _tallied(db, network_id, filters) if tallies.covers(filters) else _scanned(db, network_id, filters)
    )
    heat: dict[tuple[str, str], int] = {}
    per_theme: dict[str, list[int]] = {}
    per_wijk: dict[str, list[int]] = {}
    for wijk, theme, n, people in heat_rows:
        wijk, theme = wijk or "", theme or ""
        heat[(wijk, theme)] = n
        for totals, key in ((per_theme, theme), (per_wijk, wijk)):
            pair = totals.setdefault(key, [0, 0])
            pair[0] += n
            pair[1] += int(people)
    tables = {
        "theme": {k: people for k, (_n, people) in sorted(per_theme.items())},
        "wijk": {k: people for k, (_n, people) in sorted(per_wijk.items())},
        "month": {f"{int(y):04d}-{int(m):02d}": int(p) for y, m, _n, p in months},
    }
    values: dict = {("people",): sum(tables["theme"].values())}
    values.update({(name, key): v for name, table in tables.items() for key, v in table.items()})
    hidden = suppression.suppress(
        values,
        lines=[suppression.Line(("people",), tuple((name, key) for key in table)) for name, table in tables.items()],
    )

    def people(name: str, key: str) -> int | None:
        return suppression.visible(values[(name, key)], (name, key), hidden)

    return Counts(
        per_theme=[Count(k, n, people("theme", k)) for k, (n, _p) in sorted(per_theme.items())],
        per_neighbourhood=[Count(k, n, people("wijk", k)) for k, (n, _p) in sorted(per_wijk.items())],
        per_month=[
            Count(f"{int(y):04d}-{int(m):02d}", n, people("month", f"{int(y):04d}-{int(m):02d}"))
            for y, m, n, _p in months
        ],
        heat=heat,
        themes=sorted({t for _, t in heat}),
        neighbourhoods=sorted({w for w, _ in heat}),
    )


Rows = list[tuple[Any, ...]]


def _scanned(db: Session, network_id: int, filters: Filters) -> tuple[Rows, Rows]:
    where = filters.where()
    params = filters.params(network_id)
    year = extract("year", Signal.reported_on)
    month = extract("month", Signal.reported_on)
    months = db.execute(
        select(year, month, func.count(), func.coalesce(func.sum(Signal.people_count), 0))
        .where(*where)
        .group_by(year, month)
        .order_by(year, month),
        params,
    ).all()
    heat_rows = db.execute(
        select(Signal.neighbourhood, Signal.theme, func.count(), func.coalesce(func.sum(Signal.people_count), 0))
        .where(*where)
        .group_by(Signal.neighbourhood, Signal.theme),
        params,
    ).all()
    return list(months), list(heat_rows)


@functools.cache
def _tally_statements(shape: tallies.Shape) -> tuple[Select[Any], Select[Any]]:
    """Per month, and per wijk x theme, from the running counts: built once per shape of filters (building them on
    every request took longer than running them)."""
    where = tallies.conditions(shape)
    signals, people = func.sum(SignalTally.signals), func.sum(SignalTally.people)
    per_month = (
        select(SignalTally.month, signals, people)
        .where(*where)
        .group_by(SignalTally.month)
        .having(signals > 0)
        .order_by(SignalTally.month)
    )
    heat = (
        select(SignalTally.neighbourhood, SignalTally.theme, signals, people)
        .where(*where)
        .group_by(SignalTally.neighbourhood, SignalTally.theme)
        .having(signals > 0)
    )
    return per_month, heat


def _tallied(db: Session, network_id: int, filters: Filters) -> tuple[Rows, Rows]:
    """The same two tables from the running counts: two GROUP BYs over at most months x wijken x themes rows."""
    shape, values = tallies.where(filters, network_id)
    per_month_statement, heat_statement = _tally_statements(shape)
    per_month = db.execute(per_month_statement, values).all()
    heat = db.execute(heat_statement, values).all()
    return [(m.year, m.month, int(n), int(p)) for m, n, p in per_month], [(w, t, int(n), int(p)) for w, t, n, p in heat]


def figures_page(
    db: Session, network: Network, params: QueryParams, labels: dict[str, Any]
) -> tuple[Form, Filters, list[ThresholdType], Counts | None]:
    """The figures page's page read: the filters, checked against the network's threshold types, and the counts
    when the running counts answer them (a few hundred rows). None when they do not: then the signals themselves
    are counted, in a long read of its own (`counts`), so that scan never holds up the event loop."""
    thresholds, form, filters = read_filters(db, network, params, labels)
    return form, filters, thresholds, counts(db, network.id, filters) if tallies.covers(filters) else None
