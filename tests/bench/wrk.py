"""Running wrk (Debian's, /usr/bin/wrk) with bench.lua and reading back its JSON line."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).with_name("bench.lua")
CONNECTIONS = 32
THREADS = 2


@dataclass
class Load:
    """What wrk sends: a method, paths and cookies used in turn, and a body ("{n}" made unique per request)."""

    method: str = "GET"
    paths: list[str] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)
    body: str = ""


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    return found


def version() -> str:
    result = subprocess.run([wrk_binary(), "--version"], capture_output=True, text=True)
    return (result.stdout or result.stderr).splitlines()[0].strip()


def run(base_url: str, load: Load, *, seconds: float, connections: int = CONNECTIONS) -> dict[str, Any]:
    """One wrk run; returns requests/s, latency percentiles in ms, bytes and the status codes seen."""
    env = os.environ | {
        "BENCH_METHOD": load.method,
        "BENCH_PATHS": "|".join(load.paths),
        "BENCH_COOKIES": "|".join(load.cookies),
        "BENCH_BODY": load.body,
        "BENCH_SALT": secrets.token_hex(3),  # a warm-up and the run after it never send the same "unique" value
    }
    command = [
        wrk_binary(),
        f"-t{min(THREADS, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(SCRIPT),
        base_url + load.paths[0],
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=seconds + 60)
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures: {result.stdout}\n{result.stderr}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    duration = raw["duration_us"] / 1e6
    lat = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "seconds": round(duration, 2),
        "rps": round(raw["requests"] / duration, 1) if duration else 0.0,
        "p50_ms": lat["p50"] / 1000,
        "p90_ms": lat["p90"] / 1000,
        "p95_ms": lat["p95"] / 1000,
        "p99_ms": lat["p99"] / 1000,
        "mean_ms": round(lat["mean"] / 1000, 3),
        "max_ms": lat["max"] / 1000,
        "bytes_per_request": round(raw["bytes"] / raw["requests"]) if raw["requests"] else 0,
        "statuses": {int(k): v for k, v in sorted(raw["statuses"].items())},
        "socket_errors": {k: v for k, v in raw["errors"].items() if k != "status" and v},
        "non_2xx_3xx": raw["errors"]["status"],
    }
