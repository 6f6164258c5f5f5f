"""The functions a page's requests spend their time in, from py-spy sampling the counting server while it serves
the page: the top functions by own time (the innermost Python frame of each sample). Optional: without py-spy
(not a dependency; `pip install py-spy`, or `BENCH_PY_SPY=/path/to/py-spy`) the report simply has no such column.

py-spy runs `--nonblocking` (it reads the process's memory without stopping it: stopping it for every sample
halved a page's requests per second here), after the timed requests, so it touches neither their figures nor the
throughput. Its own idle detection did not work in this container, so samples whose innermost frame waits
(`WAITING`: the event loop in `select`, idle worker threads, a blocking socket read) are left out. Sampling sends
requests for a few seconds, a POST at most `POST_REQUESTS` times (each leaves a sign-up or an answer behind)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx2 as httpx

from tests.bench.targets import Page

RATE = 250  # samples per second
SECONDS = 3.0  # of requests per page
TOP = 5
POST_REQUESTS = 60
# "function (path/to/file.py:123)" -> the function and its file, without the line: one entry per function
WAITING = frozenset(
    {
        "EpollSelector.select",
        "Condition.wait",
        "Event.wait",
        "Thread.join",
        "Thread._wait_for_tstate_lock",
        "SocketIO.readinto",
    }
)
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def py_spy() -> str | None:
    """py-spy from `BENCH_PY_SPY`, the PATH or beside this Python; None when there is none."""
    candidates = [os.environ.get("BENCH_PY_SPY"), shutil.which("py-spy"), str(Path(sys.executable).with_name("py-spy"))]
    return next((c for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)), None)


def _short(file: str) -> str:
    for marker in ("/site-packages/", "/lerend_netwerk/", "/templates/", "/tests/"):
        if marker in file:
            tail = file.split(marker, 1)[1]
            return tail if marker == "/site-packages/" else marker.strip("/") + "/" + tail
    return Path(file).name


def top_functions(raw: str, top: int = TOP) -> dict[str, Any]:
    """From py-spy's raw output ("frame;frame;...;frame count" per line, outermost first): the `top` innermost
    frames by samples, each with its share of the samples that were not waiting."""
    own: Counter[str] = Counter()
    waiting = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [f for f in stack.split(";") if not f.startswith("process ")]  # --subprocesses adds the process
        if not frames:
            continue
        leaf = frames[-1]
        m = FRAME.match(leaf)
        if m and m["function"] in WAITING:
            waiting += int(count)
            continue
        own[f"{m['function']} ({_short(m['file'])})" if m else leaf] += int(count)
    total = sum(own.values())
    return {
        "samples": total,
        "waiting_samples": waiting,
        "top": [{"function": f, "share": round(n / total, 4)} for f, n in own.most_common(top)] if total else [],
    }


def profile(binary: str, pid: int, base_url: str, page: Page, requests: Any) -> dict[str, Any]:
    """Sample the server process `pid` while `requests` (an iterator of (path, headers, body), as wrk would send
    them) go to `page` one after another for `SECONDS`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "raw.txt"
        spy = subprocess.Popen(
            [binary, "record", "--pid", str(pid), "--rate", str(RATE), "--format", "raw", "--output", str(out)]
            + ["--duration", str(int(SECONDS + 2)), "--nonblocking", "--subprocesses"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(0.7)  # attached before the first request
        sent, limit = 0, POST_REQUESTS if page.load.method == "POST" else None
        with httpx.Client(base_url=base_url, timeout=60, follow_redirects=False) as client:
            deadline = time.monotonic() + SECONDS
            while time.monotonic() < deadline and spy.poll() is None and (limit is None or sent < limit):
                path, headers, body = next(requests)
                client.request(page.load.method, path, headers=headers, content=body)
                sent += 1
        try:
            _, err = spy.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()
            _, err = spy.communicate()
        if not out.is_file():
            return {"error": (err or b"").decode(errors="replace").strip()[-300:] or f"py-spy exit {spy.returncode}"}
        return top_functions(out.read_text(errors="replace")) | {"requests": sent}
