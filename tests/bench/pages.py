"""Measuring the key pages: on the query-counting server one probe request each (status, bytes, SQL statements)
and a few dozen sequential requests that say where the server's time went (database, rendering, route code,
framework); then wrk under 32 connections on the plain server."""

from __future__ import annotations

import gzip
import os
import re
import secrets
import statistics
import time
from typing import Any

import httpx2 as httpx

from tests.bench import wrk
from tests.bench.counting import HEADER, TIME_HEADERS
from tests.bench.servers import Server
from tests.bench.targets import Page

WARMUP_SECONDS = 1
BREAKDOWN_WARMUP = 5  # requests before the timed ones: templates compiled, connections open, caches warm
BREAKDOWN_REQUESTS = 30
BREAKDOWN_SECONDS = 15.0  # at most this long per page, however many requests that leaves
PARTS = ("db", "render", "code", "framework")  # the parts of a request's time; they add up to its total


def probe(base_url: str, page: Page) -> dict[str, Any]:
    """One request as a browser sends it; the body uncompressed and as gzip sent it over the wire."""
    headers = {"Cookie": page.load.cookies[0]} if page.load.cookies else {}
    with httpx.Client(base_url=base_url, timeout=60, follow_redirects=False) as client:
        if page.load.method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            response = client.post(page.path, content=page.first_body(), headers=headers)
        else:
            response = client.get(page.path, headers=headers | {"Accept-Encoding": "identity"})
        sent = (
            client.request(page.load.method, page.path, headers=headers | {"Accept-Encoding": "gzip"})
            if (page.load.method == "GET")
            else None
        )
    body = response.content
    facts: dict[str, Any] = {
        "status": response.status_code,
        "queries": int(response.headers.get(HEADER, "-1")),
        "html_bytes": len(body),
        "gzip_bytes": len(gzip.compress(body)) if sent is None else int(sent.headers.get("content-length", len(body))),
    }
    if page.key == "board":
        facts["cards_in_html"] = len(re.findall(r'class="signal-card', response.text))
    if response.status_code != page.expect:
        facts["problem"] = f"expected {page.expect}, got {response.status_code}: {response.text[:300]!r}"
    return facts


def requests_of(page: Page) -> Any:
    """The requests wrk sends, in the same turn: paths and cookies in rotation, a fresh "{n}" in every body."""
    n = 0
    while True:
        headers = {"Accept-Encoding": "gzip", "Accept": "text/html"}
        if page.load.cookies:
            headers["Cookie"] = page.load.cookies[n % len(page.load.cookies)]
        body = None
        if page.load.method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = page.load.body.replace("{n}", f"split{secrets.token_hex(3)}x{n}")
        yield page.load.paths[n % len(page.load.paths)], headers, body
        n += 1


KEEP = 0.8  # the faster four fifths of the requests: the slowest fifth is mostly the shared machine's doing


def split(figures: list[dict[str, float]]) -> dict[str, Any]:
    """Where the time of a page's requests went, in ms, from per-request figures in microseconds as `counting.py`
    sends them. The parts are means over the faster `KEEP` of the requests (by total), so they add up to that
    mean total; the median and the slowest total of every request are beside them. Each part's share of the
    total, and the part with the largest share."""
    per_request = []
    for f in figures:
        db = f["tx"] + f["handoff"]
        per_request.append(
            f
            | {
                "db": db,
                "orm": max(0.0, f["tx"] - f["sql"]),
                "framework": max(0.0, f["total"] - db - f["render"] - f["code"]),
            }
        )
    per_request.sort(key=lambda f: f["total"])
    kept = per_request[: max(1, round(len(per_request) * KEEP))]
    result: dict[str, Any] = {
        "requests": len(figures),
        "kept": len(kept),
        "median_total_ms": round(statistics.median(f["total"] for f in per_request) / 1000, 3),
        "max_total_ms": round(per_request[-1]["total"] / 1000, 3),
    }
    for key in ("total", *PARTS, "sql", "orm", "tx", "handoff"):
        result[f"{key}_ms"] = round(statistics.fmean(f[key] for f in kept) / 1000, 3)
    total = sum(result[f"{key}_ms"] for key in PARTS)
    for key in PARTS:
        result[f"{key}_share"] = round(result[f"{key}_ms"] / total, 4) if total else 0.0
    result["largest"] = max(PARTS, key=lambda k: result[f"{k}_ms"])
    return result


def breakdown(base_url: str, page: Page, *, requests: int = BREAKDOWN_REQUESTS) -> dict[str, Any]:
    """Sequential requests to the counting server after a warm-up, as wrk would send them: where the server's
    time per request went, from its `X-Time-*` headers (see `split`)."""
    figures: list[dict[str, float]] = []
    statuses: dict[int, int] = {}
    sent = requests_of(page)
    with httpx.Client(base_url=base_url, timeout=60, follow_redirects=False) as client:

        def one() -> httpx.Response:
            path, headers, body = next(sent)
            return client.request(page.load.method, path, headers=headers, content=body)

        for _ in range(BREAKDOWN_WARMUP):
            one()
        deadline = time.monotonic() + BREAKDOWN_SECONDS
        while len(figures) < requests and time.monotonic() < deadline:
            response = one()
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code == page.expect and TIME_HEADERS["total"] in response.headers:
                figures.append({key: float(response.headers[name]) for key, name in TIME_HEADERS.items()})
    if not figures:
        return {"requests": 0, "statuses": statuses}
    return split(figures) | {"statuses": statuses}


def measure(server: Server, page: Page, *, seconds: float) -> dict[str, Any]:
    """wrk on one page after a short warm-up, each followed by waiting until the server has worked off what wrk
    left unanswered; the status codes that are not the page's own count as errors."""
    wrk.run(server.url, page.load, seconds=WARMUP_SECONDS, connections=8)
    server.settle()
    load_average = round(os.getloadavg()[0], 2)
    result = wrk.run(server.url, page.load, seconds=seconds)
    result["load_average"] = load_average  # of the minute before: how busy the shared machine was
    result["unexpected"] = sum(n for status, n in result["statuses"].items() if status != page.expect)
    result["settle_seconds"] = server.settle()  # how long the requests still open at the end kept it busy
    return result


def mean_of(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The ceiling measured twice, around the pages: requests/s and latency averaged, both runs kept."""
    mean = dict(before)
    for key in ("rps", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "mean_ms"):
        mean[key] = round((before[key] + after[key]) / 2, 3)
    mean["statuses"] = {
        s: before["statuses"].get(s, 0) + after["statuses"].get(s, 0) for s in {*before["statuses"], *after["statuses"]}
    }
    mean["unexpected"] = before["unexpected"] + after["unexpected"]
    mean["runs"] = [before, after]
    return mean
