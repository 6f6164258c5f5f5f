"""Counts on the board: per theme, per wijk, per month, and wijk × theme. All counting is one SQL GROUP BY each;
the figures page draws them with `web.charts.bar_chart`, a data table beside each chart."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.models import Signal


@dataclass(frozen=True)
class Count:
    key: str
    signals: int
    people: int


@dataclass
class Counts:
    per_theme: list[Count]
    per_neighbourhood: list[Count]
    per_month: list[Count]  # key "2026-03"
    heat: dict[tuple[str, str], int]  # (wijk, theme) -> signals
    themes: list[str]
    neighbourhoods: list[str]

    @property
    def heat_max(self) -> int:
        return max(self.heat.values(), default=0)

    def heat_level(self, wijk: str, theme: str) -> int:
        """0-4, for the cell's shade; the number itself is always printed too."""
        value, top = self.heat.get((wijk, theme), 0), self.heat_max
        return 0 if not value or not top else min(4, 1 + (value * 4 - 1) // top)


def counts(db: Session, network_id: int, filters: Filters) -> Counts:
    """Two GROUP BYs over the matching signals: wijk x theme (which also gives the totals per theme and per wijk)
    and month."""
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
    return Counts(
        per_theme=[Count(k, n, p) for k, (n, p) in sorted(per_theme.items())],
        per_neighbourhood=[Count(k, n, p) for k, (n, p) in sorted(per_wijk.items())],
        per_month=[Count(f"{int(y):04d}-{int(m):02d}", n, int(p)) for y, m, n, p in months],
        heat=heat,
        themes=sorted({t for _, t in heat}),
        neighbourhoods=sorted({w for w, _ in heat}),
    )
