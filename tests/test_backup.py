"""Backup → restore into an empty database finds every record (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, func, select

from lerend_netwerk import demo
from lerend_netwerk.db import Base, Database
from lerend_netwerk.registry import Registry
from tests.conftest import PG_URL, spare_postgres


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {t.name: conn.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
    engine.dispose()
    return counts


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"LN_DATABASE_URL": url, "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(
        [sys.executable, "-m", "lerend_netwerk", *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def restore_target(database_template, tmp_path):
    """An empty, migrated database to restore into (a second PostgreSQL database, or a new SQLite file)."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    with spare_postgres("ln_restore_test") as url:
        yield url


def test_backup_then_restore_into_an_empty_database_keeps_every_record(
    database_url, settings, tmp_path, restore_target
):
    db = Database(database_url)
    db.write_sync(demo.fill, settings, Registry.build())
    db.dispose()
    before = _counts(database_url)
    assert before["person"] > 0 and before["membership"] > 0

    backup_file = tmp_path / "backup.dump"
    made = _cli(database_url, "backup", str(backup_file))
    assert made.returncode == 0, made.stderr
    assert backup_file.stat().st_size > 0

    restored = _cli(restore_target, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert _counts(restore_target) == before


def test_restore_refuses_a_file_that_is_not_a_backup(database_url, tmp_path):
    bogus = tmp_path / "not-a-backup.db"
    bogus.write_bytes(b"hello, this is not a database")
    result = _cli(database_url, "restore", str(bogus))
    assert result.returncode != 0
    assert "lerend-netwerk:" in result.stderr
