"""Erased means gone from the disk too, not only from the tables: after a person erases their data, the bytes of
the SQLite database file and of its write-ahead log (-wal) hold no trace of their name, e-mail address or phone
number. (Before, the -wal kept copies of the old pages until a checkpoint, and freed space in the file kept the
old rows.) The same holds after the retention run erases a person who left."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from lerend_netwerk import retention
from lerend_netwerk.accounts import sessions
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.models import Membership, Person
from lerend_netwerk.registry import Registry
from tests.conftest import csrf_from
from tests.test_erase_everywhere import EMAIL, NAME, PHONE, make_zohra

TRACES = (NAME, EMAIL, PHONE, "Zohra", "uniek@", PHONE.replace(" ", ""))


def traces_on_disk(database_url: str) -> dict[str, list[str]]:
    """Each trace found in the raw bytes of the database file and its -wal / -shm, with the files it is in."""
    path = Path(database_url.removeprefix("sqlite:///"))
    found: dict[str, list[str]] = {}
    for file in sorted(path.parent.glob(path.name + "*")):
        raw = file.read_bytes().lower()
        for trace in TRACES:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if trace.lower().encode(encoding) in raw:
                    found.setdefault(trace, []).append(f"{file.name} ({encoding}, {file.stat().st_size} bytes)")
    return found


def checkpoint(database_url: str) -> None:
    """Move the -wal into the database file, as SQLite does by itself every thousand pages."""
    with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture
def sqlite_only(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL: the README says what an operator does (VACUUM, backups' retention)")


def test_erasing_through_the_page_leaves_no_trace_in_the_files(
    sqlite_only, client, db, network, people, settings, database_url
):
    ids = make_zohra(db, network, people)
    checkpoint(database_url)  # her rows are in the database file itself now, not only in the -wal
    assert all("test.db (" in where for places in traces_on_disk(database_url).values() for where in places)
    assert set(traces_on_disk(database_url)) >= {NAME, EMAIL, PHONE}, "the search sees her data before the erasure"
    client.cookies.set(sessions.cookie_name(settings, "ln_session"), db.write_sync(sessions.start, ids["person"], "t"))
    page = client.get("/mijn/gegevens")
    erased = client.post("/mijn/gegevens/wissen", data={"bevestig": "1", "csrf_token": csrf_from(page.text)})
    assert erased.status_code == 303
    assert traces_on_disk(database_url) == {}


def test_the_retention_run_erases_a_person_who_left_from_the_files(
    sqlite_only, db, network, people, settings, database_url
):
    ids = make_zohra(db, network, people)
    checkpoint(database_url)
    long_ago = utcnow() - timedelta(days=3000)

    def left_long_ago(s) -> None:  # noqa: ANN001
        s.query(Membership).filter(Membership.person_id == ids["person"]).delete()
        s.execute(update(Person).where(Person.id == ids["person"]).values(last_login_at=long_ago, created_at=long_ago))

    db.write_sync(left_long_ago)
    report = db.write_sync(retention.run, settings, Registry.build())
    assert report["inactive_accounts"] == 1
    assert traces_on_disk(database_url) == {}
