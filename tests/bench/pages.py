"""Measuring the key pages: one probe request each on the query-counting server (status, bytes, SQL statements),
then wrk under 32 connections on the plain server."""

from __future__ import annotations

import gzip
import os
import re
from typing import Any

import httpx2 as httpx

from tests.bench import wrk
from tests.bench.counting import HEADER
from tests.bench.servers import Server
from tests.bench.targets import Page

WARMUP_SECONDS = 1


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
