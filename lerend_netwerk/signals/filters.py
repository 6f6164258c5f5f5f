"""The board's filters: one definition of "which signals", shared by the board, the figures and the exports, so
they always agree."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, bindparam, func, or_, select

from lerend_netwerk.signals.models import Signal, SignalSource


@dataclass(frozen=True)
class Filters:
    theme: str = ""
    neighbourhood: str = ""
    threshold: str = ""
    source: str = ""  # a source kind, as declared in a capability's `signal_sources`
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
        return where_clauses(self.active)

    def params(self, network_id: int) -> dict[str, Any]:
        values: dict[str, Any] = {"f_network": network_id}
        for name in self.active:
            values[f"f_{name}"] = getattr(self, name)
        if self.q:
            values["f_q"] = "%" + re.sub(r"([%_\\])", r"\\\1", self.q.lower()) + "%"
        return values


@functools.cache
def where_clauses(active: tuple[str, ...]) -> tuple[ColumnElement[bool], ...]:
    """The WHERE clauses for a combination of filters in use (the names of `Filters.active`).

    Built once per combination: building a statement in SQLAlchemy takes longer than SQLite takes to run it, and a
    statement built once is also compiled once."""
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
