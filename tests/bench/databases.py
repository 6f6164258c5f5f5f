"""Prepared databases: one template per (database, scale), built once with `lerend-netwerk demo --scale N` and
kept in bench-results/cache (SQLite file, or a PostgreSQL database `bench_tpl_…`); every measurement works on a
fresh copy of it, so writes of one run never leak into the next. A template is rebuilt when the migrations or
the demo/scale code change (their hash is in its name)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.bench.servers import ROOT

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
COUNTED = {
    "networks": "network",
    "practices": "practice",
    "offers": "offer",
    "signals": "signal",
    "signal_events": "signal_event",
    "dialogue_sessions": "dialogue_session",
    "sign_ups": "dialogue_signup",
    "surveys": "survey",
    "survey_responses": "survey_response",
    "survey_answers": "survey_answer",
    "people": "person",
}


@dataclass
class Prepared:
    backend: str
    scale: int
    url: str  # the template; never served directly
    data_dir: Path  # uploads made by the generator (photos), shared read-only by the copies
    generator: str
    rows: dict[str, int] = field(default_factory=dict)
    build_seconds: float | None = None  # None: taken from the cache


def fingerprint() -> str:
    """A hash of everything that decides what a generated database holds."""
    digest = hashlib.sha256()
    paths = sorted(
        [*ROOT.glob("migrations/**/*.py"), *ROOT.glob("lerend_netwerk/**/demo.py"), *ROOT.glob("lerend_netwerk/scale*")]
        + list(ROOT.glob("lerend_netwerk/scale/**/*.py"))
    )
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _command(*args: str) -> list[str]:
    """`lerend-netwerk ...` from this checkout (python -m, run in the repository root, imports its own package)."""
    return [sys.executable, "-m", "lerend_netwerk", *args]


def _cli(*args: str, url: str, data_dir: Path, log: Path) -> None:
    env = {"LN_DATABASE_URL": url, "LN_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    with log.open("ab") as out:
        subprocess.run(_command(*args), cwd=ROOT, env=env, stdout=out, stderr=out, check=True)


def has_scale_option() -> bool:
    result = subprocess.run(_command("demo", "--help"), cwd=ROOT, capture_output=True, text=True)
    return "--scale" in result.stdout


class Databases:
    def __init__(self, cache: Path, pg_base: str, log: Path) -> None:
        self.cache = cache
        self.pg_base = pg_base.rstrip("/")  # postgresql+psycopg://postgres@127.0.0.1:5432
        self.log = log
        self.fp = fingerprint()
        cache.mkdir(parents=True, exist_ok=True)

    # -- PostgreSQL administration -------------------------------------------------------------------------
    def _admin(self, *statements: str) -> None:
        engine = create_engine(f"{self.pg_base}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
        engine.dispose()

    def _pg_exists(self, name: str) -> bool:
        engine = create_engine(f"{self.pg_base}/postgres")
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        engine.dispose()
        return found is not None

    def _pg_drop_stale_templates(self, tag: str, keep: str) -> None:
        engine = create_engine(f"{self.pg_base}/postgres")
        with engine.connect() as conn:
            names = conn.execute(text("SELECT datname FROM pg_database")).scalars().all()
        engine.dispose()
        prefixes = (f"bench_tpl_{tag}_", f"bench_build_{tag}_")
        stale = [n for n in names if n.startswith(prefixes) and n not in (keep, keep.replace("_tpl_", "_build_"))]
        for name in stale:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- templates -----------------------------------------------------------------------------------------
    def template(self, backend: str, scale: int, *, rebuild: bool = False) -> Prepared:
        """The template for (backend, scale), generated when missing. It is built under another name and only
        renamed into place once complete, so a failed or interrupted generation is never taken for a template."""
        tag = f"s{scale}"
        data_dir = self.cache / f"data-{backend}-{tag}-{self.fp}"
        scaled = has_scale_option()
        generator = f"lerend-netwerk demo --scale {scale}" if scaled else "lerend-netwerk demo (no --scale yet)"
        self._drop_stale(backend, tag)
        if backend == SQLITE:
            path = self.cache / f"tpl-{tag}-{self.fp}.db"
            url, building = f"sqlite:///{path}", f"sqlite:///{path.with_suffix('.building')}"
            ready = path.exists() and not rebuild
        else:
            name = f"bench_tpl_{tag}_{self.fp}"
            url, building = f"{self.pg_base}/{name}", f"{self.pg_base}/bench_build_{tag}_{self.fp}"
            ready = self._pg_exists(name) and not rebuild
        prepared = Prepared(backend, scale, url, data_dir, generator)
        if not ready:
            started = time.monotonic()
            self.drop(building)
            if backend == POSTGRESQL:
                self._admin(f'CREATE DATABASE "{building.rsplit("/", 1)[1]}"')
            shutil.rmtree(data_dir, ignore_errors=True)
            _cli("migrate", url=building, data_dir=data_dir, log=self.log)
            _cli("demo", *(["--scale", str(scale)] if scaled else []), url=building, data_dir=data_dir, log=self.log)
            self._settle(building)
            self.drop(url)
            if backend == SQLITE:
                Path(building.removeprefix("sqlite:///")).replace(url.removeprefix("sqlite:///"))
                self.drop(building)  # the emptied -wal and -shm files
            else:
                self._admin(f'ALTER DATABASE "{building.rsplit("/", 1)[1]}" RENAME TO "{url.rsplit("/", 1)[1]}"')
            prepared.build_seconds = time.monotonic() - started
        prepared.rows = row_counts(url)
        return prepared

    def _drop_stale(self, backend: str, tag: str) -> None:
        """Templates of this scale made from other code (another fingerprint) take disk space for nothing."""
        for path in self.cache.glob(f"data-{backend}-{tag}-*"):
            if not path.name.endswith(self.fp):
                shutil.rmtree(path, ignore_errors=True)
        if backend == SQLITE:
            for path in self.cache.glob(f"tpl-{tag}-*"):
                if self.fp not in path.name:
                    path.unlink()
        else:
            self._pg_drop_stale_templates(tag, keep=f"bench_tpl_{tag}_{self.fp}")

    def _settle(self, url: str) -> None:
        """After a bulk load: planner statistics on PostgreSQL (what autovacuum gives a live server), and the
        SQLite write-ahead log folded into the file so a copy of the file is the whole database."""
        if url.startswith("sqlite"):
            engine = create_engine(url)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            return
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()

    # -- working copies ------------------------------------------------------------------------------------
    def copy(self, prepared: Prepared, name: str) -> str:
        """A fresh database with the template's content; returns its URL."""
        if prepared.backend == SQLITE:
            source = Path(prepared.url.removeprefix("sqlite:///"))
            target = self.cache / f"work-{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(source, target)
            return f"sqlite:///{target}"
        template = prepared.url.rsplit("/", 1)[1]
        database = f"bench_work_{name}"
        self._admin(
            f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'CREATE DATABASE "{database}" TEMPLATE "{template}"'
        )
        return f"{self.pg_base}/{database}"

    def drop(self, url: str) -> None:
        if url.startswith("sqlite"):
            path = url.removeprefix("sqlite:///")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        self._admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {
            label: conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()  # noqa: S608 - our table names
            for label, table in COUNTED.items()
        }
    engine.dispose()
    return counts
