"""Where a page's read runs: on the event loop, on SQLite and on PostgreSQL (through the asyncio engine), so a page
pays no hand-off to a thread; a read that waits on PostgreSQL gives the loop back to the other requests meanwhile.
Long reads (exports, counts over every row) run in the threadpool."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest
from sqlalchemy import event, make_url, select, text

from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database
from lerend_netwerk.networks.models import Network
from lerend_netwerk.settings import Settings, SettingsError
from tests import loops
from tests.factories import make_network


def _thread(_session) -> int:  # noqa: ANN001
    return threading.get_ident()


def test_a_page_read_runs_on_the_event_loop_and_a_long_read_in_a_thread(db: Database) -> None:
    async def both() -> tuple[int, int, int]:
        return threading.get_ident(), await db.read(_thread), await db.read_long(_thread)

    loop_thread, page_read, long_read = loops.run(both())
    assert page_read == loop_thread
    assert long_read != loop_thread


def test_a_slow_postgresql_read_does_not_hold_up_the_others(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite reads a local file; the PostgreSQL run")
    db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")
    finished: list[str] = []

    def slow(session) -> None:  # noqa: ANN001
        session.execute(text("SELECT pg_sleep(0.5)"))
        finished.append("slow")

    def quick(session) -> None:  # noqa: ANN001
        assert session.scalars(select(Network.name)).all() == ["Kansenplatform Zele"]
        finished.append("quick")

    async def together() -> None:
        slow_read = asyncio.create_task(db.read(slow))
        await asyncio.sleep(0.05)  # the slow read is waiting on the database
        await asyncio.gather(*(db.read(quick) for _ in range(3)))
        await slow_read
        await db.aclose()

    loops.run(together())
    assert finished == ["quick", "quick", "quick", "slow"]


def test_a_read_cut_off_while_it_waits_leaves_the_pool_usable(db: Database) -> None:
    """A request cancelled mid-read (a client that went away, a server shutting down): the connection it held is
    not handed to the next reader with a query still running on it."""
    if db.is_sqlite:
        pytest.skip("SQLite reads a local file; the PostgreSQL run")
    db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")

    def names(session) -> list[str]:  # noqa: ANN001
        return list(session.scalars(select(Network.name)))

    async def cut_off_then_read() -> list[list[str]]:
        slow = asyncio.create_task(db.read(lambda session: session.execute(text("SELECT pg_sleep(2)"))))
        await asyncio.sleep(0.2)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        found = [await db.read(names) for _ in range(25)]  # more reads than the pool holds connections
        await db.aclose()
        return found

    assert loops.run(cut_off_then_read()) == [["Kansenplatform Zele"]] * 25


def test_dispose_gives_every_connection_back_to_the_server(settings) -> None:  # noqa: ANN001
    """A CLI command or a test ends with `dispose()`, from sync code: the page reads' asyncio connections close
    too, not at some later garbage collection (a full test run once ran the server out of connection slots).

    Only this Database's connections are counted (by their application name): other apps of the test run open and
    close theirs meanwhile. A server process leaves `pg_stat_activity` a moment after its client hung up, so the
    count is given a second to get there."""
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server connections; the PostgreSQL run")
    name = f"dispose-{uuid.uuid4().hex[:12]}"
    counter = Database(settings.database_url)

    def open_connections() -> int:
        return counter.read_sync(
            lambda s: s.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"), {"name": name}
            )
        )

    db = Database(str(make_url(settings.database_url).update_query_dict({"application_name": name})))

    async def many_at_once() -> None:
        await asyncio.gather(*(db.read(lambda s: s.execute(text("SELECT pg_sleep(0.05)"))) for _ in range(5)))

    loops.run(many_at_once())
    db.write_sync(lambda s: s.execute(text("SELECT 1")))
    assert open_connections() >= 6  # five reads at once, one write
    db.dispose()
    deadline = time.monotonic() + 1
    while open_connections() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert open_connections() == 0
    counter.dispose()


def test_a_burst_of_reads_and_writes_reuses_the_connections_the_last_burst_opened(db: Database) -> None:
    """Under load (the benchmark's 32 connections) a worker keeps the connections it opened: a pool whose extra
    ("overflow") connections were closed as each read finished opened and closed a connection per request, a
    tenth of the dialogue session page's CPU. Two bursts of 20 reads and 10 writes at once (more reads than the pool
    holds: some wait for a connection): the second opens none."""
    if db.is_sqlite:
        pytest.skip("SQLite has no server connections; the PostgreSQL run")
    opened: list[object] = []
    for engine in db.engines:
        event.listen(engine, "connect", lambda *_args: opened.append(1))

    async def burst() -> None:
        reads = (db.read(lambda s: s.execute(text("SELECT pg_sleep(0.1)"))) for _ in range(20))
        writes = (db.write(lambda s: s.execute(text("SELECT pg_sleep(0.1)"))) for _ in range(10))
        await asyncio.gather(*reads, *writes)

    async def twice() -> tuple[int, int]:  # one event loop, as in a worker
        await burst()
        first = len(opened)
        await burst()
        await db.aclose()
        return first, len(opened)

    first, after = loops.run(twice())
    assert first >= 15  # the bursts did run at once
    assert after == first


def test_a_worker_keeps_no_more_connections_than_ln_database_connections(make_settings) -> None:  # noqa: ANN001
    """An operator fits workers × (LN_DATABASE_CONNECTIONS + 1) in PostgreSQL's `max_connections`. With 5: a burst
    of 20 reads, 10 writes and 5 long reads at once all succeed (the rest wait their turn) on 3 connections for
    page reads, 1 for writes and 1 for long reads, counted at the server by the connections' application name."""
    settings = make_settings(database_connections=5)
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server connections; the PostgreSQL run")
    name = f"capped-{uuid.uuid4().hex[:12]}"
    url = str(make_url(settings.database_url).update_query_dict({"application_name": name}))
    db = Database(url, connections=settings.database_connections)

    async def burst() -> list[object]:
        reads = (db.read(lambda s: s.scalar(text("SELECT pg_sleep(0.05)::text || 'r'"))) for _ in range(20))
        writes = (db.write(lambda s: s.scalar(text("SELECT pg_sleep(0.05)::text || 'w'"))) for _ in range(10))
        long_reads = (db.read_long(lambda s: s.scalar(text("SELECT pg_sleep(0.05)::text || 'l'"))) for _ in range(5))
        return await asyncio.gather(*reads, *writes, *long_reads)

    answers = loops.run(burst())
    assert answers == ["r"] * 20 + ["w"] * 10 + ["l"] * 5
    counter = Database(settings.database_url)
    kept = counter.read_sync(
        lambda s: s.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"), {"name": name})
    )
    db.dispose()
    counter.dispose()
    assert kept == 5


def test_the_app_builds_its_database_with_the_connections_setting(make_settings) -> None:  # noqa: ANN001
    settings = make_settings(database_connections=4)
    app = create_app(settings)
    db = app.state.db
    if db.async_engine is not None:  # PostgreSQL: 2 for page reads, 1 for writes, 1 for long reads
        assert (db.async_engine.pool.size(), db.async_write_engine.pool.size(), db.engine.pool.size()) == (2, 1, 1)
    db.dispose()
    assert Settings.from_env({"LN_DATABASE_CONNECTIONS": "12"}).database_connections == 12
    with pytest.raises(SettingsError, match="LN_DATABASE_CONNECTIONS"):
        Settings.from_env({"LN_DATABASE_CONNECTIONS": "2"})
