"""Backups. SQLite: the online backup API (safe while the app runs). PostgreSQL: pg_dump / pg_restore
in their custom format, which the README documents for operators who prefer to call them directly."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    pass


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _libpq_url(database_url: str) -> str:
    """pg_dump wants a libpq URL: drop SQLAlchemy's "+driver" part."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(database_url: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if database_url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(database_url))
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        return
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(database_url)])


def restore(database_url: str, source: Path) -> None:
    """Restore `source` into the database at `database_url`, replacing what is there."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    if database_url.startswith("sqlite"):
        check = sqlite3.connect(source)
        try:
            sound = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            sound = False
        finally:
            check.close()
        if not sound:
            raise BackupError(f"{source} is not a sound SQLite database")
        src = sqlite3.connect(source)
        dest = sqlite3.connect(_sqlite_path(database_url))
        try:
            with dest:
                src.backup(dest)
        finally:
            dest.close()
            src.close()
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_libpq_url(database_url)}",
            str(source),
        ]
    )


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client)")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")
