"""Bulk loading for the generator: ids handed out in Python, rows buffered per table and written in batches.

Rows are plain dicts with every column a table's generator fills; they are written parents first (the metadata's
dependency order), so foreign keys hold at every step. PostgreSQL gets them through COPY, with foreign keys and
secondary indexes dropped for the load and made again after it (`unconstrained`); SQLite through `executemany`
in one transaction with `synchronous=OFF` (`tuned`).
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Table, func, select, text
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from lerend_netwerk.db import Base

BATCH = 20_000
log = logging.getLogger(__name__)


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
        """Rows as tuples, converted once per column the way SQLAlchemy would (enum names, JSON, UTC times), then
        handed to the driver in one call: Core's per-row parameter handling costs more than SQLite's insert."""
        columns = list(rows[0])
        convert = [(n, fn) for n, fn in enumerate(self._converters(table, columns)) if fn is not None]
        get = itemgetter(*columns)
        values = []
        for row in rows:
            value = list(get(row)) if len(columns) > 1 else [get(row)]
            for n, fn in convert:
                value[n] = fn(value[n])
            values.append(tuple(value))
        names = ", ".join(f'"{c}"' for c in columns)
        if self.postgres:
            cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join("?" for _ in columns)
            self.conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', values)  # noqa: S608

    def _converters(self, table: Table, columns: list[str]) -> list[Callable[[Any], Any] | None]:
        dialect = self.conn.dialect
        found = []
        for name in columns:
            type_ = table.c[name].type
            process = type_.dialect_impl(dialect).bind_processor(dialect)
            if process is None and self.postgres and isinstance(type_, JSON):
                process = _json  # psycopg adapts JSON at execute time; COPY needs the text
            found.append(process)
        return found

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Log how long a part of the load took, its rows written included."""
        started = time.perf_counter()
        yield
        self.flush()
        log.info("%-10s %6.1f s", name, time.perf_counter() - started)

    def finish(self) -> None:
        """Write what is left and move PostgreSQL's id sequences past the ids handed out here."""
        self.flush()
        if self.postgres:
            for name in self._next:  # our own table names
                sequence = f"pg_get_serial_sequence('{name}', 'id')"
                self.conn.execute(text(f'SELECT setval({sequence}, (SELECT max(id) FROM "{name}"))'))  # noqa: S608


def _json(value: Any) -> Any:
    return None if value is None else json.dumps(value)


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


@contextmanager
def unconstrained(conn: Connection) -> Iterator[None]:
    """PostgreSQL: drop foreign keys and secondary indexes while the block loads, then add them back in the same
    transaction. One validating join per key and one sorted build per index cost far less than a lookup and a
    B-tree insert for every row (the manual's "Populating a Database"). Unique constraints stay."""
    if conn.dialect.name != "postgresql":
        yield
        return
    tables = Base.metadata.sorted_tables
    keys = [key for table in tables for key in table.foreign_key_constraints]
    indexes = [index for table in tables for index in table.indexes if not index.unique]
    for key in keys:
        conn.execute(DropConstraint(key))
    for index in indexes:
        conn.execute(DropIndex(index))
    yield
    started = time.perf_counter()
    conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for index in indexes:
        conn.execute(CreateIndex(index))
    for key in keys:
        conn.execute(AddConstraint(key))
    log.info("%-10s %6.1f s", "keys", time.perf_counter() - started)


def analyse(conn: Connection) -> None:
    """Give the planner statistics for the new data (run outside the loading transaction)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE")
    else:
        conn.exec_driver_sql("ANALYZE")
        conn.exec_driver_sql("PRAGMA optimize")
