"""Bulk loading for the generator: ids handed out in Python, rows buffered per table and written in batches.

Rows are plain dicts with every column a table's generator fills; they are written parents first (the metadata's
dependency order), so foreign keys are checked as usual and no constraint needs to be switched off. PostgreSQL gets
them through COPY, SQLite through `executemany` in one transaction with `synchronous=OFF`.
"""

from __future__ import annotations

import enum
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Enum, Table, func, insert, select, text

from lerend_netwerk.db import Base, UTCDateTime

BATCH = 20_000


def _table(model: Any) -> Table:
    return model if isinstance(model, Table) else model.__table__


class Loader:
    """Collects rows with `add()`; `flush()` writes everything buffered; `counts` says how many rows went in."""

    def __init__(self, conn: Connection, *, batch: int = BATCH) -> None:
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"
        self.batch = batch
        self.counts: Counter[str] = Counter()
        self._next: dict[str, int] = {}
        self._rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._pending = 0
        self._order = [t.name for t in Base.metadata.sorted_tables]

    def next_id(self, model: Any) -> int:
        """A new primary key for `model`, after whatever the table holds already."""
        name = _table(model).name
        if name not in self._next:
            table = _table(model)
            self._next[name] = (self.conn.scalar(select(func.max(table.c.id))) or 0) + 1
        value = self._next[name]
        self._next[name] = value + 1
        return value

    def add(self, model: Any, row: dict[str, Any]) -> None:
        self._rows[_table(model).name].append(row)
        self._pending += 1
        if self._pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        for name in self._order:
            rows = self._rows.pop(name, None)
            if rows:
                self._write(Base.metadata.tables[name], rows)
                self.counts[name] += len(rows)
        self._pending = 0

    def _write(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not self.postgres:
            self.conn.execute(insert(table), rows)
            return
        columns = list(rows[0])
        convert = [_pg_value(table.c[c].type) for c in columns]
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([fn(row[c]) for fn, c in zip(convert, columns, strict=True)])

    def finish(self) -> None:
        """Write what is left and move PostgreSQL's id sequences past the ids handed out here."""
        self.flush()
        if self.postgres:
            for name in self._next:  # our own table names
                sequence = f"pg_get_serial_sequence('{name}', 'id')"
                self.conn.execute(text(f'SELECT setval({sequence}, (SELECT max(id) FROM "{name}"))'))  # noqa: S608


def _plain(value: Any) -> Any:
    return value


def _enum_name(value: Any) -> Any:
    return value.name if isinstance(value, enum.Enum) else value


def _json(value: Any) -> Any:
    return None if value is None else json.dumps(value)


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return None if value is None else value.astimezone(UTC)


def _pg_value(type_: Any) -> Callable[[Any], Any]:
    """What SQLAlchemy's bind processing would do for this column type, for COPY (which bypasses it)."""
    if isinstance(type_, Enum):
        return _enum_name
    if isinstance(type_, JSON):
        return _json
    if isinstance(type_, UTCDateTime):
        return _utc
    return _plain


@contextmanager
def tuned(conn: Connection) -> Iterator[None]:
    """Faster bulk writes on SQLite while the block runs: the load is one transaction that is simply redone if the
    machine crashes. Set outside any transaction (SQLite refuses otherwise), and put back afterwards."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA synchronous=OFF")  # type: ignore[union-attr]
    raw.execute("PRAGMA cache_size=-262144")  # type: ignore[union-attr]  # 256 MiB
    try:
        yield
    finally:
        raw.execute("PRAGMA synchronous=NORMAL")  # type: ignore[union-attr]  # as db.make_engine sets it
        raw.execute("PRAGMA cache_size=-2000")  # type: ignore[union-attr]  # SQLite's default


def analyse(conn: Connection) -> None:
    """Give the planner statistics for the new data (run outside the loading transaction)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE")
    else:
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql("PRAGMA optimize")
