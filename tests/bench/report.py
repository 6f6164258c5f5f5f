"""The Markdown report: every figure of one run, each target met or missed by how much."""

from __future__ import annotations

from typing import Any

from tests.bench.pages import BREAKDOWN_REQUESTS, BREAKDOWN_WARMUP, KEEP
from tests.bench.weight import FIRST_BUDGET, REPEAT_BUDGET
from tests.bench.wrk import CONNECTIONS

SHARE_TARGET = 4.0  # % of the ceiling's requests/s, one worker
P99_TARGET_MS = 50.0
FLAT = 0.8  # large/small requests/s at or above this counts as flat (cost grew by at most a quarter)


def _kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def _num(n: float, digits: int = 0) -> str:
    return f"{n:,.{digits}f}"


def _table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _label(block: dict[str, Any]) -> str:
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[block["backend"]]
    return f"{name}, scale {block['scale']}"


def _statuses(figures: dict[str, Any]) -> str:
    if not figures["requests"]:
        return f"**not one request answered in {figures['seconds']:g} s**"
    seen = ", ".join(f"{status}×{n:,}" for status, n in figures["statuses"].items())
    errors = ", ".join(f"{k} {v}" for k, v in figures["socket_errors"].items())
    busy = figures.get("settle_seconds", 0)
    return (
        seen
        + (f"; socket errors: {errors}" if errors else "")
        + (f"; busy {busy:g} s after wrk stopped" if busy >= 2 else "")
    )


def _share(figures: dict[str, Any], ceiling: dict[str, Any]) -> float:
    return 100 * figures["rps"] / ceiling["rps"] if ceiling["rps"] else 0.0


def header(results: dict[str, Any]) -> str:
    m, o = results["machine"], results["options"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    return f"""# Benchmark report

Run started {results["started"]}, took {results["seconds"]:,} s. Code: `{m["code"]}`.

> **Figures from a shared machine.** This machine has {m["cores"]} cores, shared during the run with other work
> (load average {" / ".join(map(str, m["load_average_start"]))} at the start,
> {" / ".join(map(str, results["load_average_end"]))} at the end). Runs vary, so compare figures only within one run
> (every ratio below is taken within this run) and read absolute figures as a lower bound.

## Machine

{
        _table(
            ["", ""],
            [
                ["CPU", f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB memory"],
                ["System", m["os"]],
                ["Python", m["python"]],
                ["SQLite", m["sqlite"]],
                ["PostgreSQL", m["postgresql"]],
                ["Packages", packages],
                ["Load tool", m["wrk"]],
                ["Browser", f"Chromium {m['chromium']} (Debian's, through Playwright)"],
            ],
        )
    }
## How it was measured

- Each server is a process of its own started through `lerend_netwerk.serving.run_server`, the function behind
  `lerend-netwerk serve` (uvicorn, proxy headers, access log written at level info), on 127.0.0.1, with
  `LN_DEBUG=0`, `LN_PRODUCTION=1`, a random 64-character secret, `LN_BASE_URL=http://127.0.0.1:<port>` and a real
  SMTP server that drops mail. `LN_RATE_LIMIT_FORMS` and `LN_RATE_LIMIT_LOGIN` are `1000000/minute`: one client
  sends every request here, and the limits must not turn the pages into 429 answers. The scales of a database
  are served side by side; on PostgreSQL their worker processes share its 100 connection slots, so with two workers
  each `LN_DATABASE_CONNECTIONS` is 21 (13 for page reads), not the default 25.
- The ceiling is `tests/bench/ceiling.py`, a plain-text Starlette endpoint, served the same way with the same
  number of workers, loaded with the same wrk script before and after the pages; their mean is the reference.
- wrk: {o["threads"]} threads, {CONNECTIONS} connections, {o["seconds"]:g} s per page after a {
        o["warmup_seconds"]
    } s warm-up,
  `Accept-Encoding: gzip` as a browser sends it, one run per page (not a median of three). The script
  (`tests/bench/bench.lua`) counts every status code; a status other than the page's own is reported as an error.
  Sign-ups use a new e-mail address per request and go round 10 sessions; answers go round 32 drafts.
- Queries per request, and where a request's time goes, come from a separate server (`tests/bench/counting.py`)
  that counts SQL statements with a SQLAlchemy `before_cursor_execute` listener and times the database, Jinja
  and the endpoint per request; the servers under wrk have no listener and no timing.
- Every measurement uses a fresh copy of a database generated once by `lerend-netwerk demo --scale N`
  (PostgreSQL: `VACUUM ANALYZE` after the bulk load, as autovacuum would).
"""


def data_section(results: dict[str, Any]) -> str:
    rows = []
    for b in results["blocks"]:
        r = b["rows"]
        built = "cached" if b["build_seconds"] is None else f"{b['build_seconds']:.0f} s"
        rows.append(
            [
                _label(b),
                f"{r['networks']:,}",
                f"{r['practices']:,}",
                f"{r['signals']:,}",
                f"{r['dialogue_sessions']:,} / {r['sign_ups']:,}",
                f"{r['surveys']:,} / {r['survey_answers']:,}",
                b["generator"],
                built,
            ]
        )
    return "## Data\n\n" + _table(
        [
            "database",
            "networks",
            "practices",
            "signals",
            "sessions / sign-ups",
            "surveys / answers",
            "made by",
            "built in",
        ],
        rows,
    )


def pages_section(block: dict[str, Any], workers: int = 1) -> str:
    figures = block["throughput"].get(workers)
    if not figures:
        return ""
    ceiling = figures["ceiling"]
    rows = [
        [
            "**ceiling** (plain text)",
            _num(ceiling["rps"]),
            "100 %",
            f"{ceiling['p50_ms']:.1f}",
            f"{ceiling['p95_ms']:.1f}",
            f"{ceiling['p99_ms']:.1f}",
            "",
            "",
            "",
            _statuses(ceiling),
            ceiling.get("load_average", ""),
            "mean of the runs before and after the pages: "
            + " / ".join(_num(r["rps"]) for r in ceiling.get("runs", [ceiling]))
            + " req/s",
        ]
    ]
    for key, page in block["pages"].items():
        f = figures.get(key)
        if f is None:
            continue
        probe = page.get("probe", {})
        rows.append(
            [
                f"{page['title']}" + (" (POST)" if page["method"] == "POST" else ""),
                _num(f["rps"], 1),
                f"{_share(f, ceiling):.2f} %",
                f"{f['p50_ms']:.0f}",
                f"{f['p95_ms']:.0f}",
                f"{f['p99_ms']:.0f}",
                _num(probe.get("html_bytes", 0)),
                _num(probe.get("gzip_bytes", 0)),
                probe.get("queries", "?"),
                _statuses(f) + (f" — **{f['unexpected']:,} not {page['expect']}**" if f["unexpected"] else ""),
                f.get("load_average", ""),
                page["note"],
            ]
        )
    return f"### {_label(block)}, {workers} worker{'s' if workers > 1 else ''}\n\n" + _table(
        [
            "page",
            "req/s",
            "of ceiling",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "HTML bytes",
            "gzip bytes",
            "queries",
            "statuses seen",
            "load avg",
            "what",
        ],
        rows,
    )


VERDICT = {"db": "database", "render": "rendering", "code": "code", "framework": "framework"}


def _part(b: dict[str, Any], key: str) -> str:
    return f"{b[key + '_ms']:.2f} ({100 * b[key + '_share']:.0f} %)"


def breakdown_section(block: dict[str, Any]) -> str:
    """Where one request's time goes on the counting server, per page: database, rendering, the route's own code,
    the framework around it."""
    rows = []
    for page in block["pages"].values():
        probe = page.get("probe", {})
        b = probe.get("breakdown")
        if not b:
            continue
        title = page["title"] + (" (POST)" if page["method"] == "POST" else "")
        if not b["requests"]:
            rows.append(
                [title, "**no answer with the page's status**", "", "", "", "", "", probe.get("queries", "?"), ""]
            )
            continue
        rows.append(
            [
                title,
                f"{b['total_ms']:.2f}",
                f"{b['median_total_ms']:.1f} / {b['max_total_ms']:.1f}",
                _part(b, "db"),
                f"{b['sql_ms']:.2f} / {b.get('orm_ms', 0):.2f} / {b['handoff_ms']:.2f}",
                _part(b, "render"),
                _part(b, "code"),
                _part(b, "framework"),
                probe.get("queries", "?"),
                VERDICT[b["largest"]],
            ]
        )
    if not rows:
        return ""
    return (
        f"### {_label(block)}\n\n"
        + _table(
            [
                "page",
                "total ms",
                "median / max ms",
                "database ms",
                "of it driver / ORM / hand-off ms",
                "rendering ms",
                "route code ms",
                "framework ms",
                "queries",
                "largest",
            ],
            rows,
        )
        + _profile_table(block)
    )


def _profile_table(block: dict[str, Any]) -> str:
    rows = []
    for page in block["pages"].values():
        p = page.get("probe", {}).get("profile")
        if not p:
            continue
        if "error" in p:
            rows.append([page["title"], "", f"py-spy failed: `{p['error']}`"])
            continue
        top = "; ".join(f"`{t['function']}` {100 * t['share']:.0f} %" for t in p["top"])
        rows.append([page["title"], f"{p['samples']:,} in {p['requests']} requests", top or "none"])
    if not rows:
        return ""
    return (
        "\npy-spy sampling the same server after the timed requests, while the same requests ran for a few seconds "
        "(own time: the innermost Python frame of each sample, so a driver's C code counts for the Python function "
        "that called it; samples of threads waiting are left out; shares of the samples left):\n\n"
        + _table(["page", "samples", "top functions by own time"], rows)
    )


BREAKDOWN_INTRO = """## Where the time goes

Per page, one request at a time on the query-counting server (`tests/bench/counting.py`, never the one whose
throughput is measured), after {warmup} warm-up requests, {requests} requests sent as wrk sends them (paths, cookies
and bodies in turn): the server's time from receiving a request to sending the response's start (gzip done), in
parts that add up to it:

- *database*: inside `Database.read_sync`/`write_sync`, or a PostgreSQL page read or write (on the event loop,
  through the asyncio engine), plus awaiting the hand-off to and from a worker thread. Of
  it, *driver* is the database driver's execute and fetch (SQLAlchemy's `before`/`after_cursor_execute` and its
  cursor fetch strategies), *ORM* the rest of the transaction (connection checkout, BEGIN/COMMIT, statement
  compilation and caching, building ORM objects, the query function's own Python: what a route computes inside
  its read counts here), *hand-off* the wait for the thread pool beyond that (long reads go there, and on SQLite
  writes);
- *rendering*: inside Jinja's `Template.render`;
- *route code*: the endpoint's own Python (request object, form parsing, what the route computes), outside the
  two above;
- *framework*: the rest: middleware (session lookup, security headers, body limit, gzip), routing, errors.

Every figure is the mean over the faster {keep:.0%} of the requests (the slowest are mostly the shared machine's
doing), so the parts add up to the total; *median / max* is over every request. *Largest* names the biggest part.
HTTP parsing and socket writes (uvicorn's) are outside these figures; under wrk's 32 connections a request also
waits for the others.
"""


def _blocks(results: dict[str, Any], backend: str) -> dict[int, dict[str, Any]]:
    return {b["scale"]: b for b in results["blocks"] if b["backend"] == backend}


def growth_section(results: dict[str, Any]) -> str:
    small, large = results["options"]["small"], results["options"]["large"]
    out = [
        f"## Cost as data grows (scale {large} against scale {small})\n",
        "Each page was measured on both scales back to back (taking turns which went first), so the ratio compares "
        f"two moments of the shared machine seconds apart. Flat means large/small requests/s ≥ {FLAT}: a page costs "
        "at most a quarter more at the large scale. Queries per request that grow with the data point at N+1 "
        "queries or at counting in Python.\n",
    ]
    for backend in ("sqlite", "postgresql"):
        blocks = _blocks(results, backend)
        if small not in blocks or large not in blocks or small == large:
            continue
        s_fig, l_fig = blocks[small]["throughput"].get(1), blocks[large]["throughput"].get(1)
        if not s_fig or not l_fig:
            continue
        rows = []
        for key, page in blocks[small]["pages"].items():
            if key not in s_fig or key not in l_fig:
                continue
            ratio = l_fig[key]["rps"] / s_fig[key]["rps"] if s_fig[key]["rps"] else 0
            qs = blocks[small]["pages"][key].get("probe", {}).get("queries", "?")
            ql = blocks[large]["pages"][key].get("probe", {}).get("queries", "?")
            rows.append(
                [
                    page["title"],
                    _num(s_fig[key]["rps"], 1),
                    _num(l_fig[key]["rps"], 1),
                    f"{ratio:.2f}",
                    "flat" if ratio >= FLAT else f"**grows ×{1 / ratio:.1f}**" if ratio else "**no answer at large**",
                    f"{s_fig[key]['p99_ms']:.0f} → {l_fig[key]['p99_ms']:.0f}",
                    f"{qs} → {ql}",
                    f"{blocks[large]['pages'][key]['note']}",
                ]
            )
        out.append(f"### {'SQLite' if backend == 'sqlite' else 'PostgreSQL'}\n")
        out.append(
            _table(
                [
                    "page",
                    f"req/s scale {small}",
                    f"req/s scale {large}",
                    "large/small",
                    "cost",
                    "p99 ms",
                    "queries",
                    f"at scale {large}",
                ],
                rows,
            )
        )
    return "\n".join(out)


def workers_section(results: dict[str, Any]) -> str:
    rows = []
    for b in results["blocks"]:
        one, two = b["throughput"].get(1), b["throughput"].get(2)
        if not one or not two:
            continue
        for key in ["ceiling", *b["pages"]]:
            if key not in one or key not in two:
                continue
            title = "ceiling (plain text)" if key == "ceiling" else b["pages"][key]["title"]
            ratio = two[key]["rps"] / one[key]["rps"] if one[key]["rps"] else 0
            rows.append(
                [
                    f"scale {b['scale']}",
                    title,
                    _num(one[key]["rps"], 1),
                    _num(two[key]["rps"], 1),
                    f"×{ratio:.2f}",
                    "grows" if ratio > 1.05 else "**does not grow**",
                ]
            )
    if not rows:
        return ""
    return (
        "## Workers on PostgreSQL (1 → 2)\n\nTwo workers on two cores also share them with wrk, so ×2 is out of "
        "reach here; the target is that throughput grows.\n\n"
        + _table(["data", "page", "1 worker req/s", "2 workers req/s", "2/1", ""], rows)
    )


def weight_section(results: dict[str, Any]) -> str:
    rows = []
    for b in results["blocks"]:
        for key, w in b.get("weight", {}).items():
            f, r = w["first"], w["repeat"]
            kinds = ", ".join(f"{k} {_kb(v)}" for k, v in sorted(f["bytes_by_type"].items()) if v)
            rows.append(
                [
                    _label(b),
                    b["pages"][key]["title"],
                    f"{_kb(f['bytes'])} ({f['requests']} requests)",
                    "met" if w["first_ok"] else f"**missed by {_kb(f['bytes'] - FIRST_BUDGET)}**",
                    f"{_kb(r['bytes'])} ({r['requests']} requests)",
                    "met" if w["repeat_ok"] else f"**missed by {_kb(r['bytes'] - REPEAT_BUDGET)}**",
                    kinds,
                ]
            )
    if not rows:
        return ""
    return (
        f"## Page weight in Chromium\n\nBytes received over the network (headers and compressed bodies, "
        f"DevTools `encodedDataLength`), first load with an empty cache and a repeat view in the same context. "
        f"Budgets: first ≤ {FIRST_BUDGET // 1024} KB, repeat ≤ {REPEAT_BUDGET // 1024} KB.\n\n"
        + _table(
            ["data", "page", "first load", "first ≤ 60 KB", "repeat view", "repeat ≤ 15 KB", "first load by type"], rows
        )
    )


def _ms(t: dict[str, Any]) -> str:
    return f"{t['median_ms']:.1f} (best {t['best_ms']:.1f})"


def _verdict_ms(ms: float, target: float) -> str:
    return "met" if ms < target else f"**missed by {ms - target:.1f} ms**"


def volume_section(results: dict[str, Any]) -> str:
    rows = []
    for b in results["blocks"]:
        t = b.get("timings")
        if not t:
            continue
        sr, bc = t["survey_results"], t["board_counts"]
        rows.append(
            [
                _label(b),
                f"survey results, {sr['answers']:,} answers",
                _ms(sr["function"]),
                _ms(sr["page"]),
                _verdict_ms(sr["page"]["median_ms"], sr["target_ms"]),
                sr["page"].get("load_average", ""),
            ]
        )
        rows.append(
            [
                _label(b),
                f"board counts, {bc['signals']:,} signals in the network",
                _ms(bc["function"]),
                _ms(bc["page"]),
                _verdict_ms(bc["page"]["median_ms"], bc["target_ms"]),
                bc["page"].get("load_average", ""),
            ]
        )
    for backend, c in results.get("concentrated", {}).items():
        bc = c["board_counts"]
        name = "SQLite" if backend == "sqlite" else "PostgreSQL"
        rows.append(
            [
                f"{name}, scale {results['options']['large']}, every signal in one network",
                f"board counts, {bc['signals']:,} signals in the network",
                _ms(bc["function"]),
                _ms(bc["page"]),
                _verdict_ms(bc["page"]["median_ms"], bc["target_ms"]),
                bc["page"].get("load_average", ""),
            ]
        )
    if not rows:
        return ""
    out = [
        "## Volume targets (< 100 ms)\n",
        "Median of 5 after one warm-up (best of the 5 beside it: the least disturbed by the other work on the machine). *Function*: what the page's route computes, called in this process. "
        "*Page*: sequential requests to a one-worker server, rendering included (the verdict uses the page).\n",
        _table(["data", "what", "function ms", "page ms", "< 100 ms", "load avg"], rows),
    ]
    board_rows = []
    for b in results["blocks"]:
        t = b.get("timings")
        if t:
            for name, p in t["board_pages"]["pages"].items():
                board_rows.append(
                    [_label(b), f"{t['board_pages']['signals']:,}", name, p["status"], f"{p['median_ms']:.0f}"]
                )
    for backend, c in results.get("concentrated", {}).items():
        for name, p in c["board_pages"]["pages"].items():
            board_rows.append(
                [
                    f"{'SQLite' if backend == 'sqlite' else 'PostgreSQL'}, one network",
                    f"{c['signals']:,}",
                    name,
                    p["status"],
                    f"{p['median_ms']:.0f}",
                ]
            )
    if board_rows:
        out.append("\nThe board pages the old `tests/signals/test_scale.py` timed (bound there: 5 s; median of 3):\n")
        out.append(_table(["data", "signals in network", "page", "status", "ms"], board_rows))
    return "\n".join(out)


def load_section(results: dict[str, Any]) -> str:
    r = results.get("load")
    if not r:
        return ""
    p, c = r["plan"], r["checks"]
    lat = r["latency_ms"]
    lat_rows = [[k, v["n"], v["p50"], v["p95"], v["p99"], v["max"]] for k, v in lat.items()]
    su, sv, bm = c["sign_ups"], c["survey"], c["board_moves"]
    verdict = "**passed**" if r["passed"] else "**FAILED**"
    return f"""## Load test (issue 7): {verdict}

{p["workers"]} uvicorn workers on PostgreSQL (data scale {r["scale"]}), {
        p["concurrency"]
    } clients at a time (httpx2, asyncio, one cookie jar
each), on 127.0.0.1: {p["signups"]:,} people sign up for {p["sessions"]} new sessions of {p["capacity"]} places
(every {p["twice_every"]}th sends the form twice at once; every {p["cancel_every"]}th acknowledged sign-up cancels
through the personal link), {p["respondents"]:,} people answer a new survey (every {p["twice_every"]}th sends it twice),
and {p["movers"]} coordinator/steering sessions make {p["moves"]:,} board moves over {p["signals"]} signals. Bounded by
that count and by {p["time_limit"]:.0f} s.

{
        _table(
            ["figure", "value"],
            [
                ["finished within the time limit", "yes" if r["finished_within_limit"] else "**no**"],
                ["time", f"{r['seconds']} s"],
                ["write operations", f"{r['operations']:,} ({r['operations_per_second']} per second)"],
                ["requests", f"{r['requests']:,} ({r['requests_per_second']} per second)"],
                ["5xx answers", r["errors_5xx"]],
                ["failed requests (5xx, unexpected status, transport)", r["failures"]],
                ["tracebacks in the server log", r.get("server_tracebacks", "?")],
                ["lost writes", r["lost"]],
                ["duplicated writes", r["duplicated"]],
                ["places over capacity", r["over_capacity"]],
                ["other inconsistencies", r["other_inconsistencies"]],
            ],
        )
    }
Checked in the database afterwards:

{
        _table(
            ["what", "acknowledged", "in the database", "lost", "duplicated", "other"],
            [
                [
                    "sign-ups",
                    f"{su['acknowledged']:,} ({su['people_acknowledged']:,} people)",
                    f"{su['rows']:,} rows",
                    su["lost"],
                    su["duplicated"],
                    f"over capacity {su['over_capacity']}, empty places while people wait {su['empty_places_while_waiting']}, "
                    f"rows nobody was told about {su['unacknowledged_rows']}, cancellations {su['cancelled_acknowledged']} "
                    f"(not applied {su['cancel_not_applied']})",
                ],
                [
                    "survey responses",
                    f"{sv['acknowledged']:,}",
                    f"{sv['responses']:,}",
                    sv["lost"],
                    sv["duplicated"],
                    f"responses nobody was told about {sv['unacknowledged']}",
                ],
                [
                    "board moves",
                    f"{bm['acknowledged']:,} (+{bm['refused_already_there']:,} refused: already in that column)",
                    f"{bm['events']:,} history events",
                    bm["lost"],
                    bm["duplicated"],
                    f"wrong signal or column {bm['wrong_signal_or_column']}, broken history chains {bm['broken_history_chains']}",
                ],
            ],
        )
    }
Sessions: {
        ", ".join(
            f"{v['confirmed']}/{v['capacity']} places taken, {v['waiting']} waiting" for v in su["sessions"].values()
        )
    }.

Latency per request kind (ms, as the clients saw it, queueing included):

{_table(["kind", "requests", "p50", "p95", "p99", "max"], lat_rows)}
""" + (
        "\nFailures seen:\n\n" + "\n".join(f"- `{x}`" for x in r["failure_samples"]) + "\n"
        if r["failure_samples"]
        else ""
    )


def targets_section(results: dict[str, Any]) -> str:
    """Each target of issue 8 with the worst case per database and scale."""
    lines = ["## Targets\n"]
    rows = []
    for b in results["blocks"]:
        figures = b["throughput"].get(1)
        if not figures:
            continue
        ceiling = figures["ceiling"]
        keys = [k for k in b["pages"] if k in figures]
        shares = {k: _share(figures[k], ceiling) for k in keys}
        below = [k for k in keys if shares[k] < SHARE_TARGET]
        worst = min(keys, key=lambda k: shares[k])
        rows.append(
            [
                _label(b),
                f"≥ {SHARE_TARGET:g} % of the ceiling (1 worker)",
                f"{len(keys) - len(below)} of {len(keys)} pages",
                "met"
                if not below
                else f"**missed**: lowest {b['pages'][worst]['title']} at {shares[worst]:.2f} % "
                f"({SHARE_TARGET - shares[worst]:.2f} points short)",
            ]
        )
        slow = [k for k in keys if figures[k]["p99_ms"] >= P99_TARGET_MS]
        worst = max(keys, key=lambda k: figures[k]["p99_ms"])
        rows.append(
            [
                _label(b),
                f"p99 < {P99_TARGET_MS:g} ms at {CONNECTIONS} connections",
                f"{len(keys) - len(slow)} of {len(keys)} pages",
                "met"
                if not slow
                else f"**missed**: worst {b['pages'][worst]['title']} p99 "
                f"{figures[worst]['p99_ms']:.0f} ms (by {figures[worst]['p99_ms'] - P99_TARGET_MS:.0f} ms)",
            ]
        )
        bad = [k for k in keys if figures[k]["unexpected"] or figures[k]["socket_errors"] or not figures[k]["requests"]]
        rows.append(
            [
                _label(b),
                "every request answered, with the page's own status",
                f"{len(keys) - len(bad)} of {len(keys)} pages",
                "met" if not bad else "**missed**: " + ", ".join(b["pages"][k]["title"] for k in bad),
            ]
        )
    if rows:
        lines.append(_table(["data", "target", "pages meeting it", "verdict"], rows))
        lines.append(
            f"\nAt {CONNECTIONS} connections a server that answers R requests/s keeps each request about {CONNECTIONS}/R "
            f"seconds (Little's law), so p99 < {P99_TARGET_MS:g} ms needs at least {CONNECTIONS / P99_TARGET_MS * 1000:,.0f} requests/s "
            "on one worker: the latency target is a throughput target in disguise.\n"
        )
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    parts = [header(results)]
    if results["blocks"]:
        parts.append(data_section(results))
        parts.append(targets_section(results))
        throughput = [pages_section(b) for b in results["blocks"]]
        if any(throughput):
            parts.append("## Key pages\n\n" + "\n".join(t for t in throughput if t))
        splits = [breakdown_section(b) for b in results["blocks"]]
        if any(splits):
            parts.append(
                BREAKDOWN_INTRO.format(warmup=BREAKDOWN_WARMUP, requests=BREAKDOWN_REQUESTS, keep=KEEP)
                + "\n"
                + "\n".join(s for s in splits if s)
            )
        parts.append(growth_section(results))
        parts.append(workers_section(results))
        parts.append("\n".join(pages_section(b, 2) for b in results["blocks"] if 2 in b["throughput"]))
        parts.append(weight_section(results))
        parts.append(volume_section(results))
    parts.append(load_section(results))
    return "\n".join(p for p in parts if p).rstrip() + "\n"
