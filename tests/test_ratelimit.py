"""Rate limits are shared by every worker on the same database (SQLite file or PostgreSQL): two app instances
count against one limit, concurrent hits are never lost, the counters hold no readable address, and the
retention command removes expired ones."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select
from starlette.testclient import TestClient

from lerend_netwerk import retention
from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database
from lerend_netwerk.registry import Registry
from lerend_netwerk.web.ratelimit_storage import DatabaseStorage, RateLimitCounter, count_hit
from tests.conftest import SECRET, csrf_from


def ask_link(client: TestClient, email: str) -> int:
    token = csrf_from(client.get("/inloggen").text)
    return client.post("/inloggen/email", data={"email": email, "csrf_token": token}).status_code


def test_two_workers_share_one_limit(make_settings, database_url, people, outbox):  # noqa: ANN001
    """Five link requests a minute for one address: three through one worker and two through another use it up."""
    settings = make_settings(rate_limit_login="5/minute")
    first_db, second_db = Database(database_url), Database(database_url)  # as two processes would: own engines
    try:
        with (
            TestClient(create_app(settings, db=first_db), base_url="http://testserver") as first,
            TestClient(create_app(settings, db=second_db), base_url="http://testserver") as second,
        ):
            answers = [ask_link(c, "member@zele.example") for c in (first, second, first, second, first)]
            assert answers == [200] * 5
            assert ask_link(second, "member@zele.example") == 429
            assert ask_link(first, "member@zele.example") == 429
            assert len(outbox) == 5
    finally:
        first_db.dispose()
        second_db.dispose()


def test_an_explicit_memory_storage_counts_per_worker(make_settings, db, people, outbox):  # noqa: ANN001
    settings = make_settings(rate_limit_login="2/minute", rate_limit_storage="memory://")
    with (
        TestClient(create_app(settings, db=db), base_url="http://testserver") as first,
        TestClient(create_app(settings, db=db), base_url="http://testserver") as second,
    ):
        assert [ask_link(first, "member@zele.example") for _ in range(3)] == [200, 200, 429]
        assert ask_link(second, "member@zele.example") == 200  # a process of its own, counters of its own


def test_concurrent_hits_from_two_engines_are_all_counted(database_url, settings):  # noqa: ANN001
    databases = [Database(database_url), Database(database_url)]
    storages = [DatabaseStorage(d, SECRET) for d in databases]
    threads_per_engine, hits_per_thread = 4, 10
    errors: list[BaseException] = []

    def hammer(storage: DatabaseStorage) -> None:
        try:
            for _ in range(hits_per_thread):
                storage.incr("LIMITER/login/ip:203.0.113.9/5/1/minute", 60)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(s,)) for s in storages for _ in range(threads_per_engine)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        total = len(storages) * threads_per_engine * hits_per_thread
        assert storages[0].get("LIMITER/login/ip:203.0.113.9/5/1/minute") == total
        assert storages[1].incr("LIMITER/login/ip:203.0.113.9/5/1/minute", 60) == total + 1
    finally:
        for d in databases:
            d.dispose()


def test_a_new_window_starts_when_the_old_one_expired(db):  # noqa: ANN001
    assert db.write_sync(count_hit, "k" * 64, 60, 1, 1000.0) == 1
    assert db.write_sync(count_hit, "k" * 64, 60, 1, 1059.0) == 2
    assert db.write_sync(count_hit, "k" * 64, 60, 1, 1060.0) == 1  # the window of 1000..1060 is over
    assert db.read_sync(lambda s: s.get(RateLimitCounter, "k" * 64).expires_at) == 1120.0


def test_counters_hold_no_readable_address(client, db, people):  # noqa: ANN001
    assert ask_link(client, "member@zele.example") == 200
    keys = db.read_sync(lambda s: s.scalars(select(RateLimitCounter.key_hash)).all())
    assert keys, "the request was counted"
    assert all(len(k) == 64 and "zele" not in k and "testclient" not in k for k in keys)


def test_retention_removes_expired_counters_once(db, settings):  # noqa: ANN001
    db.write_sync(count_hit, "a" * 64, 60, 1, 1000.0)  # expired long ago
    db.write_sync(count_hit, "b" * 64, 3600, 1, datetime.now(UTC).timestamp())  # still counting
    first = db.write_sync(retention.run, settings, Registry.build())
    second = db.write_sync(retention.run, settings, Registry.build())
    assert first["rate_limit_counters"] == 1
    assert second["rate_limit_counters"] == 0
    assert db.read_sync(lambda s: s.scalars(select(RateLimitCounter.key_hash)).all()) == ["b" * 64]
