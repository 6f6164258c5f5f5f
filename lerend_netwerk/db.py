"""Database plumbing: the declarative base, UTC timestamps, and `Database` (engines; where work runs)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator
from starlette.concurrency import run_in_threadpool

from lerend_netwerk.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger("lerend_netwerk")
ERASED = "lerend_netwerk.erased"  # key in Session.info: this transaction erased personal data

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def object_filter(unmanaged: frozenset[str]) -> Callable[..., bool]:
    """Alembic's `include_object` hook: skip database objects made by raw SQL in migrations (full-text indexes and
    the like) that SQLAlchemy does not model; capabilities declare them (`Capability.unmanaged_objects`)."""

    def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        return name not in unmanaged

    return include_object


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware UTC datetimes on every backend; SQLite gives them back aware too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime}


def make_engine(url: str, *, immediate: bool = False, pool_size: int = 10, **kwargs: Any) -> Engine:
    """An engine with the pragmas we rely on. `immediate` makes SQLite take the write lock at BEGIN,
    so two writers never deadlock upgrading a read lock (the SQLite side of "capacity never exceeded").
    `pool_size`: the PostgreSQL connections it keeps at most."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            # Deleted and overwritten rows are zeroed in the file, not left in free space for anyone with the file.
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    # No ping before each checkout: that was a round trip per transaction, a fifth of a simple page's time on
    # PostgreSQL. A connection that died (the server restarted) fails when used; SQLAlchemy then drops every pooled
    # connection as old as it, and `Database.read`/`read_sync` try a read once more on a fresh one. A write is not
    # tried again (it may have been committed): its page offers the form back (`web.errors`, 503).
    # This pool serves long reads and writes from threads (mail delivery, commands); page reads and the writes of
    # requests have their own (`Database.async_engine`, `async_write_engine`). Every connection it opens it keeps
    # (no overflow): extra connections closed after each use made a busy worker open and close one per request.
    return create_engine(url, pool_size=pool_size, max_overflow=0, **kwargs)


def upsert(
    db: Session, model: type, keys: list[str], values: dict[str, Any] | list[dict[str, Any]], merge: dict[str, Any]
) -> None:
    """Insert a row (or several, with distinct keys: one statement) or add to the one that is there: the running
    counts kept in a write transaction. `merge` maps a column to a function of the proposed row (`excluded`)."""
    make = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = make(model).values(values) if isinstance(values, list) else make(model).values(**values)
    db.execute(stmt.on_conflict_do_update(index_elements=keys, set_={k: fn(stmt.excluded) for k, fn in merge.items()}))


def note_erasure(session: Session) -> None:
    """Say that this transaction erases or anonymises personal data. After it commits, `Database.write_sync`
    scrubs the database's own files: on SQLite the write-ahead log, which still holds the old pages with the
    erased values, is checkpointed into the file and truncated (with `secure_delete` on, the file keeps no copy)."""
    session.info[ERASED] = True


class Database:
    """Owns the engines. Work runs as plain sync functions `fn(session, ...)`, one transaction each:
    `await db.read(fn, ...)`, `await db.read_long(fn, ...)` or `await db.write(fn, ...)`.

    Where the work runs: on SQLite writes run in the threadpool (a SQLite writer may wait for the lock, and waiting
    on the event loop would stop every request); on PostgreSQL they run on the event loop, as page reads do (below),
    through the asyncio engine on a pool of their own: a row lock or a commit waits for the database and gives the
    loop back meanwhile. Under wrk at 32 connections each hand-off to a worker thread cost the worker about 1 ms of
    CPU (the GIL passed between the loop and the pool), more than many a write itself. A write, once started, is not
    cut off when its request is (a client that went away): it runs to its end. Page reads (`read`: an index and a
    LIMIT, what one page shows) run on the event loop, without a hand-off to a thread.
    On SQLite the read simply runs there: a read of a local file takes tens of microseconds, less than the
    hand-off, and WAL readers never wait for writers (measured with wrk at 32 connections on the scale-50 data:
    practice list 86 -> 111 pages/s, feedback page 177 -> 215). On PostgreSQL a read waits on the network: it
    runs through SQLAlchemy's asyncio engine (psycopg's async mode), the same sync `fn` in a greenlet whose
    statements give the event loop back while they wait. Reads that scan many rows (exports, counts over every
    signal) use `read_long`: always in the threadpool, so the event loop keeps serving other requests meanwhile."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """The app's database as the operator set it: `LN_DATABASE_URL` and `LN_DATABASE_CONNECTIONS`."""
        return cls(settings.database_url, connections=settings.database_connections)

    def __init__(self, url: str, *, connections: int = Settings.database_connections) -> None:
        """`connections`: the PostgreSQL connections kept at most (`LN_DATABASE_CONNECTIONS`, at least 3): three
        fifths for page reads, one in eight (at least one) for long reads and for writes from threads (mail
        delivery), the rest for writes from requests (25: 15, 3 and 7)."""
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        readers = max(1, min(connections - 2, round(connections * 3 / 5)))
        threads = max(1, connections // 8)
        writers = max(1, connections - readers - threads)
        self.engine = make_engine(url, pool_size=threads)
        self.write_engine = make_engine(url, immediate=True) if self.is_sqlite else self.engine
        # PostgreSQL reads run without BEGIN and COMMIT: at READ COMMITTED every statement takes its own snapshot
        # even inside a transaction, so a read transaction bought nothing but two round trips per page read.
        reads = self.engine if self.is_sqlite else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._reader = sessionmaker(reads, expire_on_commit=False)
        # PostgreSQL page reads: psycopg's async connections in a pool of their own (`read`), in autocommit from the
        # moment they connect (switching at every checkout and back cost two awaits per read); with no transaction
        # ever open on them, nothing needs a rollback when they go back to the pool. Up to 15 (by default), all kept
        # once opened: with 10 kept and 10 more closed after each read, a busy worker opened and closed a connection
        # per request (the dialogue session page served 372 -> 539 requests/s when 20 were kept). Not 20: with 20
        # kept, two workers and a third process took all of PostgreSQL's default 100 connections (503s).
        self.async_engine = (
            None
            if self.is_sqlite
            else create_async_engine(
                url, pool_size=readers, max_overflow=0, isolation_level="AUTOCOMMIT", pool_reset_on_return=None
            )
        )
        self._async_reader = (
            None if self.async_engine is None else async_sessionmaker(self.async_engine, expire_on_commit=False)
        )
        # PostgreSQL writes from requests (`write`): async connections too, in a pool of their own so that a burst of
        # writes waiting for a row lock never keeps the page reads from a connection; each write a transaction.
        self.async_write_engine = (
            None if self.is_sqlite else create_async_engine(url, pool_size=writers, max_overflow=0)
        )
        # SQLite has one writer at a time. Threads of one process that all ask for its lock wait in SQLite's busy
        # handler, which sleeps and retries with growing pauses: under a burst of sign-ups some waited seconds while
        # others went first. They queue here instead, in order, and only one per process asks SQLite for the lock
        # (processes still share it through SQLite). PostgreSQL locks rows, not the database: no queue there.
        self._one_writer: contextlib.AbstractContextManager[Any] = (
            threading.RLock() if self.is_sqlite else contextlib.nullcontext()
        )
        # Writes, from a thread (`write_sync`) or on the event loop (`write` on PostgreSQL): sessions of one class, so
        # `after_writing` hears both.
        self._write_class: type[Session] = type("WriteSession", (Session,), {})
        self._writer = sessionmaker(self.write_engine, class_=self._write_class, expire_on_commit=False)
        self._async_writer = (
            None
            if self.async_write_engine is None
            else async_sessionmaker(
                self.async_write_engine, sync_session_class=self._write_class, expire_on_commit=False
            )
        )

    @property
    def engines(self) -> tuple[Engine, ...]:
        """Every engine that sends statements (for events such as counting them); the asyncio engine's sync face."""
        engines = [self.engine]
        if self.write_engine is not self.engine:
            engines.append(self.write_engine)
        for async_engine in (self.async_engine, self.async_write_engine):
            if async_engine is not None:
                engines.append(async_engine.sync_engine)
        return tuple(engines)

    def after_writing(self, table: str, callback: Callable[[], None]) -> None:
        """Call `callback` after a transaction of this process that wrote `table` (ORM objects or a statement)
        commits. Other processes' writes are not seen here (see `networks.cache` for how they are heard)."""
        flag = f"wrote:{table}"

        def after_flush(session: Session, _context: Any) -> None:
            changed = (*session.new, *session.dirty, *session.deleted)
            if any(getattr(obj, "__tablename__", None) == table for obj in changed):
                session.info[flag] = True

        def do_orm_execute(state: Any) -> None:
            if (state.is_insert or state.is_update or state.is_delete) and getattr(
                getattr(state.statement, "table", None), "name", None
            ) == table:
                state.session.info[flag] = True

        def after_commit(session: Session) -> None:
            if session.info.pop(flag, False):
                callback()

        def after_rollback(session: Session) -> None:
            session.info.pop(flag, None)

        event.listen(self._write_class, "after_flush", after_flush)
        event.listen(self._write_class, "do_orm_execute", do_orm_execute)
        event.listen(self._write_class, "after_commit", after_commit)
        event.listen(self._write_class, "after_rollback", after_rollback)

    def share_with_reads(self, key: str, value: Any) -> None:
        """Give every read transaction `value` as `session.info[key]` (what the app keeps per process, for the
        queries to use; writes never see it, so a write reads what it changes from the database)."""
        for maker in (self._reader, self._async_reader):
            if maker is not None:
                maker.kw.setdefault("info", {})[key] = value

    def session(self, *, write: bool = False) -> Session:
        return (self._writer if write else self._reader)()

    def read_sync(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            with self._reader() as session, session.begin():
                return fn(session, *args, **kwargs)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        # The pooled connection was dead (the database restarted since it was opened); the pool has let go of every
        # connection as old as it, so this one is new.
        with self._reader() as session, session.begin():
            return fn(session, *args, **kwargs)

    def write_sync(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._one_writer, self._writer() as session:
            with session.begin():
                result = fn(session, *args, **kwargs)
            if session.info.pop(ERASED, False):
                self.scrub()
            return result

    def scrub(self) -> bool:
        """Leave no erased value in the database's files. On SQLite: move the write-ahead log into the database
        file and truncate it to zero bytes (`PRAGMA wal_checkpoint(TRUNCATE)`; it waits for readers, up to the busy
        timeout). Returns False when a reader kept it from finishing (the next erasure or `retention` run tries
        again). On PostgreSQL there is nothing to do per transaction: see the README (VACUUM, backups)."""
        if not self.is_sqlite:
            return True
        raw = self.write_engine.raw_connection()
        try:
            cursor = raw.cursor()
            busy, _log_pages, _moved = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            cursor.close()
        finally:
            raw.close()
        if busy:
            log.warning("erased data: the SQLite write-ahead log could not be truncated yet (a reader was busy)")
        return not busy

    async def read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._async_reader is None:
            return self.read_sync(fn, *args, **kwargs)
        try:
            async with self._async_reader() as session:
                return await session.run_sync(fn, *args, **kwargs)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        # As in `read_sync`, the retry gets a fresh connection. The database restarted: the sync pool's connections
        # died with it, so the next write (never tried twice) is not the one to find out.
        self.engine.dispose()
        async with self._async_reader() as session:
            return await session.run_sync(fn, *args, **kwargs)

    async def read_long(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await run_in_threadpool(self.read_sync, fn, *args, **kwargs)

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._async_writer is None:
            return await run_in_threadpool(self.write_sync, fn, *args, **kwargs)
        # shielded: a request cut off while its write waits leaves the write to finish (commit or roll back) on its own
        return await asyncio.shield(self._write_on_loop(fn, *args, **kwargs))

    async def _write_on_loop(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        assert self._async_writer is not None
        async with self._async_writer() as session, session.begin():
            return await session.run_sync(fn, *args, **kwargs)

    async def aclose(self) -> None:
        """Close every pooled connection, from the event loop that served the reads (the app's shutdown)."""
        for async_engine in (self.async_engine, self.async_write_engine):
            if async_engine is not None:
                await async_engine.dispose()
        self._dispose_sync_engines()

    def dispose(self) -> None:
        """Close every pooled connection, from sync code (the CLI, a test). The asyncio pool's connections are closed
        on a loop of their own in a thread of its own, as this thread may be running a loop already; closing a psycopg
        connection waits for nothing, so any loop will do. Left open, they would hold the server's connection slots
        until garbage collection."""
        for async_engine in (self.async_engine, self.async_write_engine):
            if async_engine is not None:
                with concurrent.futures.ThreadPoolExecutor(1) as pool:
                    pool.submit(asyncio.run, async_engine.dispose()).result()
        self._dispose_sync_engines()

    def _dispose_sync_engines(self) -> None:
        self.engine.dispose()
        if self.write_engine is not self.engine:
            self.write_engine.dispose()
