"""The app with a count of SQL statements per request in an `X-Query-Count` header. Only the benchmark serves
this factory, on a server of its own that measures nothing else, so the throughput figures come from the plain
`lerend_netwerk.app:create_app` with no listener installed at all.

Counted: every statement SQLAlchemy sends through a cursor during the request (the session lookup included),
except the `BEGIN` that SQLite needs spelled out, so the figures of SQLite and PostgreSQL compare."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lerend_netwerk.app import create_app as create_product_app

HEADER = "x-query-count"
# A mutable cell per request: the threadpool runs each query in a copy of the request's context, and a copy
# shares the cell, so the worker threads' increments reach the request.
_COUNT: ContextVar[list[int] | None] = ContextVar("bench_query_count", default=None)


def _count(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    cell = _COUNT.get()
    if cell is not None and not statement.lstrip().upper().startswith("BEGIN"):
        cell[0] += 1


class QueryCounter:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cell = [0]
        _COUNT.set(cell)

        async def send_with_count(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = str(cell[0])
            await send(message)

        await self.app(scope, receive, send_with_count)


def create_app() -> QueryCounter:
    app = create_product_app()
    db = app.state.db
    for engine in {db.engine, db.write_engine}:
        event.listen(engine, "before_cursor_execute", _count)
    return QueryCounter(app)
