"""Servers for the benchmark: uvicorn in a process of its own on 127.0.0.1 and a free port, started through
`lerend_netwerk.serving.run_server` (the production settings of `lerend-netwerk serve`), and an SMTP sink.

Run as `python -m tests.bench.servers APP PORT WORKERS` it is that process: APP is a factory's import string.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = "lerend_netwerk.app:create_app"
COUNTING = "tests.bench.counting:create_app"
CEILING = "tests.bench.ceiling:create_app"
# Rate limits exist to stop one client hammering a form; the benchmark is one client on purpose. A limit this
# high is never reached, so the pages measured are the real ones and not the 429 page.
UNTHROTTLED = "1000000/minute"
SECRET = secrets.token_urlsafe(48)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_environment(database_url: str, data_dir: Path, port: int, smtp_port: int) -> dict[str, str]:
    """Production-like settings: no debug, the production secret check on, plain http on 127.0.0.1."""
    return {
        "LN_DATABASE_URL": database_url,
        "LN_DATA_DIR": str(data_dir),
        "LN_SECRET_KEY": SECRET,
        "LN_BASE_URL": f"http://127.0.0.1:{port}",
        "LN_DEBUG": "0",
        "LN_PRODUCTION": "1",
        "LN_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LN_RATE_LIMIT_FORMS": UNTHROTTLED,
        "LN_RATE_LIMIT_LOGIN": UNTHROTTLED,
    }


class Server:
    """`with Server(app, env, workers=1, log=path) as server:` ... `server.url`. Stops its own process group."""

    def __init__(self, app: str, env: dict[str, str], *, port: int, workers: int = 1, log: Path) -> None:
        self.app = app
        self.env = env
        self.port = port
        self.workers = workers
        self.log = log
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LN_")} | self.env
        with self.log.open("ab") as log:
            # stdout carries uvicorn's access log: it is written (as in production) but not kept.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.bench.servers", self.app, str(self.port), str(self.workers)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        self._wait()
        return self

    def _wait(self) -> None:
        path = "/" if self.app == CEILING else "/healthz"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.app} stopped while starting; see {self.log}")
            try:
                if httpx.get(self.url + path, timeout=2).status_code == 200:
                    if self.workers > 1:
                        time.sleep(1.5)  # let every worker finish importing before the clock starts
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.app} did not answer on port {self.port} within 60 s; see {self.log}")

    def _cpu_ticks(self) -> int:
        """CPU time (clock ticks) used so far by every process of the server's group: uvicorn and its workers."""
        assert self.process is not None
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            if int(fields[2]) == self.process.pid:  # fields[2] is the process group
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total

    def settle(self, max_seconds: float = 60) -> float:
        """Wait until the server is idle: wrk leaves requests unanswered when it stops, and the server works them
        off afterwards, which would be measured as the next page's cost. Returns the seconds waited."""
        started = time.monotonic()
        ticks = self._cpu_ticks()
        while time.monotonic() - started < max_seconds:
            time.sleep(0.5)
            now = self._cpu_ticks()
            if now - ticks <= 2:  # at most 2 ticks (20 ms) of CPU in half a second: idle
                break
            ticks = now
        return round(time.monotonic() - started, 1)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # our own process group: uvicorn and its workers
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


class SmtpSink:
    """A real SMTP server (aiosmtpd, in a process of its own) that accepts and drops every message, so sign-ups
    send their mail as in production and the mail server takes no time from the client's process."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> SmtpSink:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "aiosmtpd",
                    "-n",
                    "-c",
                    "aiosmtpd.handlers.Sink",
                    "-l",
                    f"127.0.0.1:{self.port}",
                ],
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the SMTP sink did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def main(argv: list[str]) -> None:
    from lerend_netwerk.serving import run_server
    from lerend_netwerk.settings import Settings

    app, port, workers = argv
    # The app's servers run with the courier beside them, as `serve` runs them; the ceiling sends no mail.
    courier = app != CEILING
    run_server(app, Settings.from_env(), host="127.0.0.1", port=int(port), workers=int(workers), courier=courier)


if __name__ == "__main__":
    main(sys.argv[1:])
