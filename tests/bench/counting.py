"""The app with a count of SQL statements per request in an `X-Query-Count` header, and where the request's time
went in `X-Time-*` headers (microseconds). Only the benchmark serves this factory, on a server of its own that
measures nothing else, so the throughput figures come from the plain `lerend_netwerk.app:create_app` with no
listener or wrapper installed at all.

Counted: every statement SQLAlchemy sends through a cursor during the request (the session lookup included),
except the `BEGIN` that SQLite needs spelled out, so the figures of SQLite and PostgreSQL compare.

Timed, per request (`TIME_HEADERS`), all with `time.perf_counter` in this process:

- total: from the moment uvicorn hands the request to the app until the response's start message reaches the
  outermost wrapper (by then the body has been rendered and gzip has compressed it; HTTP parsing and writing
  the socket, which are uvicorn's, are outside);
- tx: time inside `Database.read_sync`/`write_sync` (on PostgreSQL a page read's or a write's whole
  `Database.read`/`write`, which run on the event loop through the asyncio engine): connection checkout, BEGIN, the statements and their
  fetches, building ORM objects, the query function's own Python (whatever it computes inside the
  transaction), COMMIT, returning the connection;
- sql: the database driver's part of tx: between `before_cursor_execute` and `after_cursor_execute` (the
  execute), plus inside SQLAlchemy's cursor fetch strategies' `fetchone`/`fetchmany`/`fetchall` (the driver's
  fetch: on SQLite stepping through the rest of the rows, on PostgreSQL converting them). The rest of tx is
  connection checkout, BEGIN/COMMIT, SQLAlchemy's statement compilation and caching, building ORM objects and
  the query function's own Python;
- handoff: time awaiting `Database.read_long` (and on SQLite `write`) beyond the tx inside it (the trip to a
  worker thread and back; 0 for a page read, which runs on the event loop on both databases, and for a write on
  PostgreSQL);
- render: time inside Jinja's `Template.render` (the outermost call; any database time inside it is left out);
- code: time inside the route's endpoint until it sends its response's start (request object, form parsing,
  the route's own Python), less the database and render time inside it. The rest of the total is the
  framework: middleware (session lookup's Python, security headers, body limit, gzip), routing, error handling.

Long reads (and SQLite writes) run in the threadpool with a copy of the request's context, and PostgreSQL page
reads and writes in a greenlet that shares it: a mutable cell in a ContextVar is shared by the copies, so their
figures reach the request. The probe sends requests one at a time, so a request's figures are its own."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import jinja2
from sqlalchemy import event
from sqlalchemy.engine import cursor as sa_cursor
from starlette.datastructures import MutableHeaders
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lerend_netwerk.app import create_app as create_product_app
from lerend_netwerk.db import Database

HEADER = "x-query-count"
TIME_HEADERS = {
    "total": "x-time-total",
    "tx": "x-time-tx",
    "sql": "x-time-sql",
    "handoff": "x-time-handoff",
    "render": "x-time-render",
    "code": "x-time-code",
}


@dataclass
class Cell:
    """One request's figures (seconds, except `queries`)."""

    queries: int = 0
    sql: float = 0.0
    tx: float = 0.0
    tx_depth: int = 0
    handoff: float = 0.0
    render: float = 0.0
    render_depth: int = 0
    fetch_depth: int = 0
    code: float = 0.0

    def db(self) -> float:
        return self.tx + self.handoff


# A mutable cell per request: the threadpool runs each query in a copy of the request's context, and a copy
# shares the cell, so the worker threads' increments reach the request.
_CELL: ContextVar[Cell | None] = ContextVar("bench_request_cell", default=None)


def _before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    cell = _CELL.get()
    if cell is None:
        return
    if not statement.lstrip().upper().startswith("BEGIN"):
        cell.queries += 1
    conn.info.setdefault("bench_started", []).append(time.perf_counter())


def _after(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    cell = _CELL.get()
    started = conn.info.get("bench_started")
    if cell is not None and started:
        cell.sql += time.perf_counter() - started.pop()


def _timed_fetch(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cell = _CELL.get()
        if cell is None or cell.fetch_depth:
            return fn(*args, **kwargs)
        cell.fetch_depth += 1
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            cell.sql += time.perf_counter() - started
            cell.fetch_depth -= 1

    return wrapper


def _instrument_fetching() -> None:
    """SQLAlchemy's fetch strategies call the DBAPI cursor's fetch methods (this process serves only this app)."""
    for strategy in (sa_cursor.CursorFetchStrategy, sa_cursor.BufferedRowCursorFetchStrategy):
        for name in ("fetchone", "fetchmany", "fetchall"):
            setattr(strategy, name, _timed_fetch(strategy.__dict__[name]))


@contextlib.contextmanager
def _tx_time() -> Iterator[None]:
    """Adds the block's time to the request's tx, unless it runs inside another transaction's (or no request's)."""
    cell = _CELL.get()
    if cell is None or cell.tx_depth:
        yield
        return
    cell.tx_depth += 1
    started = time.perf_counter()
    try:
        yield
    finally:
        cell.tx += time.perf_counter() - started
        cell.tx_depth -= 1


def _timed_tx(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`read_sync`/`write_sync`, timed when called outside another of them."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _tx_time():
            return fn(*args, **kwargs)

    return wrapper


def _timed_await(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`read`/`read_long`/`write`: the time awaited beyond the transaction itself is the hand-off."""

    @functools.wraps(fn)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        cell = _CELL.get()
        if cell is None:
            return await fn(*args, **kwargs)
        tx_before, started = cell.tx, time.perf_counter()
        try:
            return await fn(*args, **kwargs)
        finally:
            cell.handoff += max(0.0, time.perf_counter() - started - (cell.tx - tx_before))

    return wrapper


def _timed_async_tx(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A PostgreSQL page read or write: no hand-off (it runs on the event loop), so all the time it is awaited is its tx."""

    @functools.wraps(fn)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _tx_time():
            return await fn(*args, **kwargs)

    return wrapper


def _instrument_database(db: Database) -> None:
    for engine in db.engines:
        event.listen(engine, "before_cursor_execute", _before)
        event.listen(engine, "after_cursor_execute", _after)
    # Instance attributes shadow the methods: `read` calls `self.read_sync`, the middleware and the rate limiter
    # call `db.read`/`db.write_sync` at request time, so every caller goes through these.
    db.read_sync = _timed_tx(db.read_sync)  # type: ignore[method-assign]
    db.write_sync = _timed_tx(db.write_sync)  # type: ignore[method-assign]
    db.read = (_timed_await if db.is_sqlite else _timed_async_tx)(db.read)  # type: ignore[method-assign]
    db.read_long = _timed_await(db.read_long)  # type: ignore[method-assign]
    db.write = (_timed_await if db.is_sqlite else _timed_async_tx)(db.write)  # type: ignore[method-assign]


_render = jinja2.Template.render


def _timed_render(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
    cell = _CELL.get()
    if cell is None or cell.render_depth:
        return _render(self, *args, **kwargs)
    cell.render_depth += 1
    db_before, started = cell.db(), time.perf_counter()
    try:
        return _render(self, *args, **kwargs)
    finally:
        cell.render += time.perf_counter() - started - (cell.db() - db_before)
        cell.render_depth -= 1


def _timed_endpoint(app: ASGIApp) -> ASGIApp:
    async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        cell = _CELL.get()
        if cell is None:
            await app(scope, receive, send)
            return
        before, started = cell.db() + cell.render, time.perf_counter()
        done = False

        def stop() -> None:
            nonlocal done
            if not done:
                cell.code += time.perf_counter() - started - (cell.db() + cell.render - before)
                done = True

        async def send_timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                stop()
            await send(message)

        try:
            await app(scope, receive, send_timed)
        finally:
            stop()  # an exception or no response: the time so far

    return endpoint


def _instrument_routes(routes: list[Any]) -> None:
    for route in routes:
        if isinstance(route, Route):
            route.app = _timed_endpoint(route.app)
        elif isinstance(route, Mount):
            _instrument_routes(route.routes)


class QueryCounter:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cell = Cell()
        _CELL.set(cell)
        started = time.perf_counter()

        async def send_with_count(message: Message) -> None:
            if message["type"] == "http.response.start":
                total = time.perf_counter() - started
                headers = MutableHeaders(scope=message)
                headers[HEADER] = str(cell.queries)
                figures = {
                    "total": total,
                    "tx": cell.tx,
                    "sql": cell.sql,
                    "handoff": cell.handoff,
                    "render": cell.render,
                    "code": cell.code,
                }
                for key, name in TIME_HEADERS.items():
                    headers[name] = str(round(figures[key] * 1_000_000))
            await send(message)

        await self.app(scope, receive, send_with_count)


def create_app() -> QueryCounter:
    app = create_product_app()
    _instrument_database(app.state.db)
    _instrument_routes(app.routes)
    jinja2.Template.render = _timed_render  # type: ignore[method-assign]  # this process serves only this app
    _instrument_fetching()
    return QueryCounter(app)
