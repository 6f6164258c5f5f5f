"""Running counts of signals per network × month × wijk × theme (`SignalTally`) and per network × wijk
(`SignalWijkTally`): added to with an upsert each in the transaction that receives or merges a signal, rebuilt with
one GROUP BY each when signals were written in bulk (the data generator, a repair). The counts page and the wijk
comparison read these rows instead of every signal.

They cover the filters the counts are most often asked for: theme, wijk, and a period of whole months. Any other
filter (drempel, bron, a word, a period that starts or ends within a month) is counted from the signals themselves."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Date, Select, bindparam, cast, delete, func, insert, select
from sqlalchemy.orm import Session

from lerend_netwerk.db import upsert
from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.models import Signal, SignalTally, SignalWijkTally

KEYS = ["network_id", "month", "neighbourhood", "theme"]
WIJK_KEYS = ["network_id", "neighbourhood"]
TALLIED = frozenset({"theme", "neighbourhood", "start", "end"})


def month_of(day: date) -> date:
    return day.replace(day=1)


def add(db: Session, signal: Signal, *, signals: int, people: int) -> None:
    """Count `signals` more signals (or fewer, when negative) and `people` more people where `signal` is counted."""
    wijk = {"network_id": signal.network_id, "neighbourhood": signal.neighbourhood or ""}
    counts = {"signals": signals, "people": people}
    upsert(
        db,
        SignalTally,
        KEYS,
        wijk | {"month": month_of(signal.reported_on), "theme": signal.theme or ""} | counts,
        {
            "signals": lambda ex: SignalTally.signals + ex.signals,
            "people": lambda ex: SignalTally.people + ex.people,
        },
    )
    upsert(
        db,
        SignalWijkTally,
        WIJK_KEYS,
        wijk | counts,
        {
            "signals": lambda ex: SignalWijkTally.signals + ex.signals,
            "people": lambda ex: SignalWijkTally.people + ex.people,
        },
    )


def _dialect(db: Session | Connection) -> str:
    return (db.get_bind() if isinstance(db, Session) else db).dialect.name


def _month_start(db: Session | Connection) -> ColumnElement[date]:
    if _dialect(db) == "postgresql":
        return cast(func.date_trunc("month", Signal.reported_on), Date)
    return func.date(Signal.reported_on, "start of month")


def rebuild(db: Session | Connection, network_id: int | None = None) -> None:
    """Count every signal again (one network, or all), replacing the running counts."""
    scope = [] if network_id is None else [Signal.network_id == network_id]
    tallied = [] if network_id is None else [SignalTally.network_id == network_id]
    db.execute(delete(SignalTally).where(*tallied))
    month = _month_start(db)
    db.execute(
        insert(SignalTally).from_select(
            ["network_id", "month", "neighbourhood", "theme", "signals", "people"],
            select(
                Signal.network_id,
                month,
                Signal.neighbourhood,
                Signal.theme,
                func.count(),
                func.coalesce(func.sum(Signal.people_count), 0),
            )
            .where(Signal.merged_into_id.is_(None), *scope)
            .group_by(Signal.network_id, month, Signal.neighbourhood, Signal.theme),
        )
    )
    # per wijk: the rows just written, added up
    db.execute(
        delete(SignalWijkTally).where(*([] if network_id is None else [SignalWijkTally.network_id == network_id]))
    )
    per_wijk = (SignalTally.network_id, SignalTally.neighbourhood)
    db.execute(
        insert(SignalWijkTally).from_select(
            [*WIJK_KEYS, "signals", "people"],
            select(*per_wijk, func.sum(SignalTally.signals), func.sum(SignalTally.people))
            .where(*tallied)
            .group_by(*per_wijk),
        )
    )


def covers(filters: Filters) -> bool:
    """Whether the running counts can answer these filters exactly: only theme, wijk and whole months."""
    if not set(filters.active) <= TALLIED:
        return False
    if filters.start is not None and filters.start.day != 1:
        return False
    return filters.end is None or (filters.end + timedelta(days=1)).day == 1


Shape = tuple[bool, bool, bool, bool]  # which filters are set: theme, wijk, first month, last month


def where(filters: Filters, network_id: int) -> tuple[Shape, dict[str, Any]]:
    """The filters (call `covers` first) as the shape of `conditions` and the values of its parameters."""
    values: dict[str, Any] = {"t_network": network_id}
    if filters.theme:
        values["t_theme"] = filters.theme
    if filters.neighbourhood:
        values["t_wijk"] = filters.neighbourhood
    if filters.start is not None:
        values["t_start"] = filters.start
    if filters.end is not None:
        values["t_end"] = month_of(filters.end)
    return (
        "t_theme" in values,
        "t_wijk" in values,
        "t_start" in values,
        "t_end" in values,
    ), values


def conditions(shape: Shape) -> list[ColumnElement[bool]]:
    """The conditions on `SignalTally` for filters of this shape, with parameters (values from `where`): a
    statement built from them can be built once per shape."""
    theme, wijk, start, end = shape
    found: list[ColumnElement[bool]] = [SignalTally.network_id == bindparam("t_network")]
    if theme:
        found.append(SignalTally.theme == bindparam("t_theme"))
    if wijk:
        found.append(SignalTally.neighbourhood == bindparam("t_wijk"))
    if start:
        found.append(SignalTally.month >= bindparam("t_start", type_=Date))
    if end:
        found.append(SignalTally.month <= bindparam("t_end", type_=Date))
    return found


def per_wijk_statement(network_id: Any) -> Select[Any]:
    """(wijk, signals, people) per wijk of the network (an id or a parameter), for `per_wijk_rows`; a statement, so
    that a page can read it in one statement with its other figures (the wijk comparison does)."""
    return select(SignalWijkTally.neighbourhood, SignalWijkTally.signals, SignalWijkTally.people).where(
        SignalWijkTally.network_id == network_id
    )


def per_wijk_rows(rows: Iterable[tuple[str | None, int | None, int | None]]) -> dict[str, tuple[int, int]]:
    """Signals and people per wijk ("" for none), from the rows of `per_wijk_statement`."""
    return {w or "": (int(n), int(p or 0)) for w, n, p in rows if n}


def per_theme_and_year(db: Session, network_id: int, wijk: str) -> list[tuple[str, int, int, int]]:
    """(theme, year, signals, people) of one wijk: its signals by theme over time."""
    totals: dict[tuple[str, int], list[int]] = {}
    rows = db.execute(
        select(SignalTally.theme, SignalTally.month, SignalTally.signals, SignalTally.people).where(
            SignalTally.network_id == network_id, SignalTally.neighbourhood == wijk, SignalTally.signals > 0
        )
    )
    for theme, month, n, people in rows:
        pair = totals.setdefault((theme or "", month.year), [0, 0])
        pair[0] += n
        pair[1] += people
    return [(t, y, n, p) for (t, y), (n, p) in sorted(totals.items())]
