"""One key page served in this process, without a server or wrk: what a request costs in CPU, which statements it
sends and where its Python time goes. For working on one page between benchmark runs, where the machine's noise
(±15 % between wrk runs here) hides a change of a few percent:

    .venv/bin/python -m tests.bench.inprocess survey_results                      # PostgreSQL, scale 50
    .venv/bin/python -m tests.bench.inprocess board --backend sqlite --scale 1 --statements
    .venv/bin/python -m tests.bench.inprocess plan --cprofile 25                  # the 25 largest by own time

The database is a fresh copy of the benchmark's template (built into bench-results/cache when missing, as
`python -m tests.bench` does). The app is `lerend_netwerk.app:create_app` with the benchmark's settings, called as
ASGI from this thread's event loop, one request at a time; requests are the ones wrk sends (`pages.requests_of`).

Figures, per request, over `--rounds` rounds of `--requests` requests after a warm-up: CPU time of the whole
process (`time.process_time`: the worker threads of writes and long reads are in it) and wall time; the lowest
round is the one to compare, as the noise only ever adds. `--statements` lists each distinct statement with its
count and time per request; `--cprofile N` the N functions with the most own time (the event loop's thread only:
writes and long reads run in worker threads, which `--statements` and the CPU time still see). `--save FILE`
writes the last response's body, to compare a change's HTML with the one before.

`--served SECONDS` measures the page the benchmark's way instead (`lerend_netwerk.app:create_app` in a server
process of its own, 1 worker, wrk at 32 connections after a warm-up) and says where the machine's CPU went per
request: the server, PostgreSQL's processes, wrk, and what stayed idle. A page whose server CPU per request under
wrk is well above its CPU here loses time to what only concurrency brings (thread hand-offs, the GIL, cache misses);
one whose server is not near one core busy waits on something else."""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import resource
import secrets
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import event

from tests.bench import pages, targets, wrk
from tests.bench.databases import POSTGRESQL, SQLITE, Databases
from tests.bench.servers import CEILING, PRODUCT, ROOT, SECRET, Server, SmtpSink, app_environment, free_port

TICK = os.sysconf("SC_CLK_TCK")


class Statements:
    """Every statement sent while `on`, by its text: how often and how long (from execute to the end of the fetch
    is not seen here; execute only)."""

    def __init__(self) -> None:
        self.on = False
        self.count: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)

    def listen(self, engines: Any) -> None:
        for engine in engines:
            event.listen(engine, "before_cursor_execute", self._before)
            event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        conn.info["inprocess_started"] = time.perf_counter()

    def _after(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.on and not statement.lstrip().upper().startswith("BEGIN"):
            self.count[statement] += 1
            self.seconds[statement] += time.perf_counter() - conn.info.pop("inprocess_started", time.perf_counter())

    def report(self, requests: int) -> str:
        lines = [f"{'per request':>11} {'ms':>7}  statement"]
        for statement in sorted(self.seconds, key=self.seconds.__getitem__, reverse=True):
            text = " ".join(statement.split())
            lines.append(
                f"{self.count[statement] / requests:11.2f} {self.seconds[statement] / requests * 1000:7.3f}  "
                + (text if len(text) <= 160 else text[:157] + "...")
            )
        total = sum(self.count.values()) / requests
        lines.append(f"{total:11.2f} {sum(self.seconds.values()) / requests * 1000:7.3f}  (all)")
        return "\n".join(lines)


async def _call(app: Any, request: tuple[str, dict[str, str], str | None]) -> tuple[int, bytes]:
    """One request as uvicorn would hand it over; the status and the (possibly gzipped) body."""
    path, headers, body = request
    raw_path, _, query = path.partition("?")
    method = "POST" if body is not None else "GET"
    content = (body or "").encode()
    header_list = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    if body is not None:
        header_list.append((b"content-length", str(len(content)).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": header_list,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": content, "more_body": False}
        await asyncio.sleep(3600)  # the client stays; the app never waits for a disconnect on these pages
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def _serve(app: Any, page: targets.Page, args: argparse.Namespace, statements: Statements) -> None:
    sent: Iterator[Any] = pages.requests_of(page)
    if not args.gzip:
        sent = ((p, h | {"Accept-Encoding": "identity"}, b) for p, h, b in sent)
    async with app.router.lifespan_context(app):
        for _ in range(args.warmup):
            await _call(app, next(sent))
        rounds = []
        body = b""
        profiler = cProfile.Profile() if args.cprofile else None
        for r in range(args.rounds):
            last = r == args.rounds - 1
            statements.on = last and args.statements
            if profiler is not None and last:
                profiler.enable()
            cpu, wall = time.process_time(), time.perf_counter()
            statuses: dict[int, int] = defaultdict(int)
            for _ in range(args.requests):
                status, body = await _call(app, next(sent))
                statuses[status] += 1
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            if profiler is not None and last:
                profiler.disable()
            rounds.append((cpu / args.requests * 1000, wall / args.requests * 1000))
            print(
                f"round {r + 1}: CPU {rounds[-1][0]:.3f} ms, wall {rounds[-1][1]:.3f} ms a request; {dict(statuses)}",
                flush=True,
            )
        statements.on = False
    cpus = [c for c, _ in rounds]
    print(
        f"{page.key}: CPU a request lowest {min(cpus):.3f} ms, median {statistics.median(cpus):.3f} ms "
        f"({args.rounds} rounds of {args.requests}); the last body {len(body):,} bytes"
    )
    if args.statements:
        print(statements.report(args.requests))
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats(args.sort).print_stats(args.cprofile)
        print(f"function calls a request: {stats.total_calls / args.requests:,.0f}")  # type: ignore[attr-defined]
    if args.save:
        args.save.write_bytes(body)


def _ticks(match: Any) -> int:
    """CPU clock ticks (user + system) used so far by the processes for which `match(pid, pgid, name)` holds."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, tail = stat.read_text().rsplit(")", 1)
        except OSError:
            continue  # the process ended meanwhile
        fields = tail.split()
        if match(int(stat.parent.name), int(fields[2]), head.split("(", 1)[1]):
            total += int(fields[11]) + int(fields[12])
    return total


def served(page: targets.Page, url: str, data_dir: Path, sink: SmtpSink, seconds: float) -> None:
    """The page under wrk on a server of its own; requests/s and CPU per request of each part of the machine."""
    port = free_port()
    env = app_environment(url, data_dir, port, sink.port)
    with Server(PRODUCT, env, port=port, log=ROOT / "bench-results" / "logs" / "inprocess-server.log") as server:
        assert server.process is not None
        group = server.process.pid
        smtp_pid = sink.process.pid if sink.process is not None else -1
        parts = {
            "server": lambda pid, pgid, name: pgid == group,
            "postgres": lambda pid, pgid, name: name.startswith("postgres"),
            "smtp sink": lambda pid, pgid, name: pid == smtp_pid,
        }
        wrk.run(server.url, page.load, seconds=3, connections=8)
        server.settle()
        before = {k: _ticks(m) for k, m in parts.items()}
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk: a child of this process, gone when read
        idle_before, wall = _idle(), time.perf_counter()
        result = wrk.run(server.url, page.load, seconds=seconds)
        wall = time.perf_counter() - wall
        used = {k: (_ticks(m) - before[k]) / TICK for k, m in parts.items()}
        idle = (_idle() - idle_before) / TICK
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used["wrk"] = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    ceiling_port = free_port()
    ceiling_env = app_environment(url, data_dir, ceiling_port, sink.port)
    with Server(
        CEILING, ceiling_env, port=ceiling_port, log=ROOT / "bench-results" / "logs" / "inprocess-ceiling.log"
    ) as c:
        ceiling = wrk.run(c.url, targets.ceiling_page().load, seconds=seconds)["rps"]
    n = result["requests"]
    print(
        f"{page.key} served: {result['rps']:,.1f} requests/s, {result['rps'] / ceiling:.2%} of the ceiling "
        f"({ceiling:,.0f} requests/s, measured after it), p99 {result['p99_ms']:.0f} ms, {result['statuses']}; "
        f"{os.cpu_count()} cores, {wall:.1f} s"
    )
    for name, cpu in [*used.items(), ("idle", idle)]:
        print(f"  {name:9} {cpu / n * 1000:7.3f} ms CPU a request, {cpu / wall:5.2f} cores")


def _idle() -> int:
    """The machine's idle ticks so far (all cores), from /proc/stat."""
    return int(Path("/proc/stat").read_text().split("\n", 1)[0].split()[4])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.inprocess", description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="a key page, e.g. survey_results, board, plan (see tests/bench/targets.py)")
    parser.add_argument("--backend", choices=(SQLITE, POSTGRESQL), default=POSTGRESQL)
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200, help="per round (default 200)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--statements", action="store_true", help="list the statements of the last round")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="the N functions with most own time")
    parser.add_argument("--sort", default="tottime", help="cProfile's order: tottime (default), cumulative, ...")
    parser.add_argument("--gzip", action="store_true", help="ask for gzip, as wrk does (default: plain bodies)")
    parser.add_argument("--save", type=Path, help="write the last response's body here")
    parser.add_argument("--served", type=float, default=0, metavar="SECONDS", help="wrk on a server, see above")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432", help="PostgreSQL server")
    args = parser.parse_args(argv)

    out = ROOT / "bench-results"
    (out / "logs").mkdir(parents=True, exist_ok=True)  # a fresh checkout has none
    dbs = Databases(out / "cache", args.pg, out / "logs" / "generate.log")
    template = dbs.template(args.backend, args.scale)
    url = dbs.copy(template, f"{args.backend}_s{args.scale}_inprocess_{secrets.token_hex(2)}")
    try:
        with SmtpSink(out / "logs" / "inprocess-smtp.log") as sink:  # sign-ups send their mail, as in production
            os.environ.update(app_environment(url, template.data_dir, 8000, sink.port))
            from lerend_netwerk.app import create_app  # after the environment: it reads its settings from there
            from lerend_netwerk.db import Database

            chosen = [p for p in targets.key_pages(Database(url), SECRET, "inprocess") if p.key == args.page]
            if not chosen:
                parser.error(f"no key page {args.page!r}")
            if args.served:
                served(chosen[0], url, template.data_dir, sink, args.served)
                return 0
            app = create_app()
            statements = Statements()
            statements.listen(app.state.db.engines)
            asyncio.run(_serve(app, chosen[0], args, statements))
    finally:
        dbs.drop(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
