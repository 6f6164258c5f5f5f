"""Where a request's write runs: on PostgreSQL on the event loop (through the asyncio engine, a transaction on a pool
of its own), so a write pays no hand-off to a thread and gives the loop back while it waits; on SQLite in the
threadpool, where a writer may wait for the database's one write lock. Either way a write commits or rolls back as a
whole, and one whose request is cut off still finishes."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import select, text

from lerend_netwerk.db import Database
from lerend_netwerk.networks.models import Network
from tests import loops
from tests.factories import make_network


def _thread(_session) -> int:  # noqa: ANN001
    return threading.get_ident()


def test_a_write_runs_on_the_event_loop_on_postgresql_and_in_a_thread_on_sqlite(db: Database) -> None:
    async def both() -> tuple[int, int]:
        return threading.get_ident(), await db.write(_thread)

    loop_thread, write = loops.run(both())
    assert (write == loop_thread) is (not db.is_sqlite)


def test_a_write_commits_as_a_whole_or_not_at_all(db: Database) -> None:
    def two_then_fail(session) -> None:  # noqa: ANN001
        make_network(session, slug="zele", name="Kansenplatform Zele")
        make_network(session, slug="gent", name="Netwerk Gent")
        session.flush()
        raise ValueError("halfway")

    async def attempt() -> None:
        with pytest.raises(ValueError, match="halfway"):
            await db.write(two_then_fail)
        await db.write(lambda s: make_network(s, slug="aalst", name="Netwerk Aalst"))
        await db.aclose()

    loops.run(attempt())
    assert db.read_sync(lambda s: list(s.scalars(select(Network.slug)))) == ["aalst"]


def test_a_postgresql_write_that_waits_does_not_hold_up_the_others(db: Database) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite writes wait for its write lock in a thread; the PostgreSQL run")
    db.write_sync(make_network, slug="zele", name="Kansenplatform Zele")
    finished: list[str] = []

    def slow(session) -> None:  # noqa: ANN001
        session.execute(text("SELECT pg_sleep(0.5)"))
        finished.append("slow write")

    def quick_read(session) -> None:  # noqa: ANN001
        assert session.scalars(select(Network.name)).all() == ["Kansenplatform Zele"]
        finished.append("read")

    def quick_write(session) -> None:  # noqa: ANN001
        session.execute(text("SELECT 1"))
        finished.append("write")

    async def together() -> None:
        slow_write = asyncio.create_task(db.write(slow))
        await asyncio.sleep(0.05)  # the slow write is waiting on the database
        await asyncio.gather(db.read(quick_read), db.write(quick_write), db.read(quick_read))
        await slow_write
        await db.aclose()

    loops.run(together())
    assert finished[-1] == "slow write"
    assert sorted(finished[:-1]) == ["read", "read", "write"]


def test_a_postgresql_write_whose_request_is_cut_off_still_commits(db: Database) -> None:
    """A client that went away, or a server shutting down, cancels the request while its write waits on the
    database: the write still finishes (here: commits), and the pool's connections stay usable."""
    if db.is_sqlite:
        pytest.skip("SQLite writes run in a thread, which a cancelled request does not stop; the PostgreSQL run")

    def slow_sign_up(session) -> None:  # noqa: ANN001
        make_network(session, slug="zele", name="Kansenplatform Zele")
        session.flush()
        session.execute(text("SELECT pg_sleep(0.3)"))

    async def cut_off() -> list[list[str]]:
        request = asyncio.create_task(db.write(slow_sign_up))
        await asyncio.sleep(0.1)
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request
        await asyncio.sleep(0.5)  # the write finishes on its own meanwhile
        names = [await db.write(lambda s: list(s.scalars(select(Network.name)))) for _ in range(12)]
        await db.aclose()
        return names

    assert loops.run(cut_off()) == [["Kansenplatform Zele"]] * 12
