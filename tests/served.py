"""The app as production runs it, for tests that only break there: `lerend-netwerk serve` in a process of its own
on the test database (a SQLite file, or PostgreSQL in the PostgreSQL run), talked to over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx

from lerend_netwerk.accounts import sessions
from lerend_netwerk.db import Database
from tests.conftest import SECRET

CLI = [sys.executable, "-m", "lerend_netwerk"]


class Base(str):
    """The server's base URL, which also knows the server's process id (`pid`)."""

    pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(
    database_url: str, data_dir: Path, *, smtp_port: int = 1, workers: int = 1, **settings: str
) -> Iterator[Base]:
    """`lerend-netwerk serve --no-migrate` on an already migrated database; yields its base URL once /healthz
    answers. `settings` are extra LN_* values (`rate_limit_login="5/minute"` -> LN_RATE_LIMIT_LOGIN)."""
    port = free_port()
    base = Base(f"http://127.0.0.1:{port}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LN_")} | {
        "LN_DATABASE_URL": database_url,
        "LN_SECRET_KEY": SECRET,
        "LN_PRODUCTION": "1",
        "LN_BASE_URL": base,
        "LN_DATA_DIR": str(data_dir),
        "LN_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LN_RATE_LIMIT_LOGIN": "1000/minute",
        "LN_RATE_LIMIT_FORMS": "1000/minute",
    }
    env |= {"LN_" + key.upper(): str(value) for key, value in settings.items()}
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--no-migrate"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base.pid = process.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def session_client(base: str, db: Database, person_id: int, **kwargs: object) -> httpx.Client:
    """A client logged in as the person, with a real server-side session (as after a login)."""
    client = httpx.Client(base_url=base, timeout=120, **kwargs)  # type: ignore[arg-type]
    client.cookies.set("ln_session", db.write_sync(sessions.start, person_id, "test"))
    return client
