"""What the figures were measured on: the machine, the versions, and how busy it was."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib.metadata import version
from typing import Any

from sqlalchemy import create_engine, text

from tests.bench import weight, wrk
from tests.bench.servers import ROOT


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):  # noqa: SIM115 - read once, closed at exit
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        return round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        return 0.0


def _postgresql(pg_base: str) -> str:
    try:
        engine = create_engine(f"{pg_base}/postgres")
        with engine.connect() as conn:
            value = conn.execute(text("SHOW server_version")).scalar_one()
        engine.dispose()
        return str(value)
    except Exception as exc:  # noqa: BLE001 - the report says why instead
        return f"unavailable ({type(exc).__name__})"


def _git() -> str:
    def out(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    commit = out("rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if out("status", "--porcelain", "--untracked-files=no") else ""
    return f"{out('rev-parse', '--abbrev-ref', 'HEAD')} @ {commit}{dirty}"


def describe(pg_base: str) -> dict[str, Any]:
    try:
        chromium = weight.chromium_version()
    except Exception as exc:  # noqa: BLE001
        chromium = f"unavailable ({type(exc).__name__})"
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": _memory_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _postgresql(pg_base),
        "packages": {p: version(p) for p in ("starlette", "uvicorn", "sqlalchemy", "psycopg", "jinja2", "httpx2")},
        "wrk": wrk.version(),
        "chromium": chromium,
        "code": _git(),
        "load_average_start": load_average(),
    }
