"""The benchmark of issue 8 and the load test of issue 7, in one command:

    .venv/bin/python -m tests.bench            # small (1) and large (50) scale, SQLite and PostgreSQL
    .venv/bin/python -m tests.bench --quick    # large = 5, 3 s a page, a smaller load test: to try it out
    .venv/bin/python -m tests.bench --only load

It writes bench-results/report.md and bench-results/results.json. See tests/bench/__init__.py for what it does.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lerend_netwerk.db import Database
from lerend_netwerk.settings import Settings
from tests.bench import load, machine, pages, profile, report, targets, timings, weight, wrk
from tests.bench.databases import POSTGRESQL, SQLITE, Databases
from tests.bench.servers import CEILING, COUNTING, PRODUCT, ROOT, SECRET, Server, SmtpSink, app_environment, free_port

SECTIONS = ("pages", "weight", "timings", "load")


# PostgreSQL's default max_connections (100) less its 3 reserved slots and a few for the benchmark's own reads.
CONNECTION_SLOTS = 90


def shared_connections(processes: int) -> int:
    """LN_DATABASE_CONNECTIONS for `processes` worker processes up at once (the scales of a throughput block are
    served side by side), each also listening on one: the default when they fit, fewer when they would not (two
    servers of two workers with 25 each took every slot, and PostgreSQL refused the rest: 503s)."""
    return min(Settings.database_connections, CONNECTION_SLOTS // processes - 1)


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


@dataclass
class Block:
    """One database at one scale while it is measured."""

    name: str
    url: str
    data_dir: Path
    db: Database
    pages: list[targets.Page]
    result: dict[str, Any] = field(default_factory=dict)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.out: Path = args.out
        self.logs = self.out / "logs"
        self.dbs = Databases(self.out / "cache", args.pg, self.logs / "generate.log")
        self.run_tag = secrets.token_hex(3)
        self.smtp_port = 0

    def server(
        self, app: str, url: str, data_dir: Path, *, workers: int = 1, name: str, connections: int | None = None
    ) -> Server:
        """`connections`: LN_DATABASE_CONNECTIONS, when several servers share PostgreSQL's connection slots."""
        port = free_port()
        env = app_environment(url, data_dir, port, self.smtp_port)
        if connections is not None:
            env["LN_DATABASE_CONNECTIONS"] = str(connections)
        return Server(app, env, port=port, workers=workers, log=self.logs / f"{name}.log")

    # -- one database at one scale -------------------------------------------------------------------------
    def prepare(self, backend: str, scale: int) -> Block:
        """A fresh copy of the scale's database, its key pages, and what is measured one request at a time:
        bytes and queries per page, page weight, the volume timings."""
        a = self.args
        say(f"{backend} scale {scale}: preparing the database")
        template = self.dbs.template(backend, scale, rebuild=a.rebuild)
        if template.build_seconds is not None:
            say(f"  generated in {template.build_seconds:.0f} s: {template.rows}")
        url = self.dbs.copy(template, f"{backend}_s{scale}")
        db = Database(url)
        chosen = [p for p in targets.key_pages(db, SECRET, self.run_tag) if not a.pages or p.key in a.pages]
        block = Block(f"{backend}-s{scale}", url, template.data_dir, db, chosen)
        block.result = {
            "backend": backend,
            "scale": scale,
            "generator": template.generator,
            "build_seconds": template.build_seconds,
            "rows": template.rows,
            "pages": {
                p.key: {
                    "title": p.title,
                    "path": p.path,
                    "method": p.load.method,
                    "expect": p.expect,
                    "who": p.who,
                    "note": p.note,
                    "facts": p.facts,
                }
                for p in block.pages
            },
            "throughput": {},
        }
        if "pages" in a.only:
            with self.server(COUNTING, url, template.data_dir, name=f"{block.name}-counting") as server:
                spy = None if a.no_profile else profile.py_spy()
                say(
                    f"{backend} scale {scale}: where each page's time goes ({pages.BREAKDOWN_REQUESTS} requests"
                    + (f", then py-spy for {profile.SECONDS:g} s)" if spy else ")")
                )
                for page in block.pages:
                    probe = pages.probe(server.url, page)
                    probe["breakdown"] = pages.breakdown(server.url, page)
                    if spy and server.process is not None:
                        probe["profile"] = profile.profile(
                            spy, server.process.pid, server.url, page, pages.requests_of(page)
                        )
                    block.result["pages"][page.key]["probe"] = probe
        if {"weight", "timings"} & set(a.only):
            with self.server(PRODUCT, url, template.data_dir, name=block.name) as server:
                if "weight" in a.only:
                    say(f"{backend} scale {scale}: page weight in Chromium")
                    block.result["weight"] = weight.weights(server.url, block.pages)
                if "timings" in a.only:
                    say(f"{backend} scale {scale}: timed functions and pages")
                    block.result["timings"] = {
                        "survey_results": timings.survey_results(db, server.url, SECRET),
                        "board_counts": timings.board_counts(db, server.url, SECRET),
                        "board_pages": timings.board_pages(db, server.url, SECRET),
                    }
        return block

    def ceiling(self, block: Block, workers: int) -> dict[str, Any]:
        with self.server(CEILING, block.url, block.data_dir, workers=workers, name=f"ceiling-w{workers}") as server:
            figures = pages.measure(server, targets.ceiling_page(), seconds=self.args.seconds)
        say(f"    ceiling {figures['rps']:,.0f} requests/s (load average {figures['load_average']})")
        return figures

    def throughput(self, blocks: list[Block], workers: int) -> None:
        """Every key page under wrk on every scale of one database, page by page: the scales of a page are
        measured back to back (in turn first), so their ratio is not the machine's mood of another moment. The
        ceiling runs before and after; their mean is what the pages are compared with. GET pages go first: the
        POSTs add sign-ups that the GETs must not see."""
        say(f"  {', '.join(b.name for b in blocks)}, {workers} worker(s)")
        before = self.ceiling(blocks[0], workers)
        connections = shared_connections(len(blocks) * workers)
        with contextlib.ExitStack() as stack:
            servers = [
                stack.enter_context(
                    self.server(
                        PRODUCT,
                        b.url,
                        b.data_dir,
                        workers=workers,
                        name=f"{b.name}-w{workers}",
                        connections=connections,
                    )
                )
                for b in blocks
            ]
            keys = [p.key for p in sorted(blocks[0].pages, key=lambda p: p.load.method == "POST")]
            for turn, key in enumerate(keys):
                pairs = list(zip(blocks, servers, strict=True))
                for block, server in pairs[::-1] if turn % 2 else pairs:
                    page = next(p for p in block.pages if p.key == key)
                    f = pages.measure(server, page, seconds=self.args.seconds)
                    block.result["throughput"].setdefault(workers, {})[key] = f
                    say(
                        f"    {block.name} {key}: {f['rps']:,.1f} requests/s, p99 {f['p99_ms']:.0f} ms, {f['statuses']}"
                    )
        ceiling = pages.mean_of(before, self.ceiling(blocks[0], workers))
        for block in blocks:
            block.result["throughput"][workers]["ceiling"] = ceiling

    # -- the volume targets on one network holding every signal ----------------------------------------------
    def concentrated(self, backend: str, scale: int) -> dict[str, Any]:
        say(f"{backend} scale {scale}: every signal in one network")
        template = self.dbs.template(backend, scale)
        url = self.dbs.copy(template, f"{backend}_s{scale}_one")
        try:
            signals = timings.concentrate(url)
            db = Database(url)
            with self.server(PRODUCT, url, template.data_dir, name=f"{backend}-s{scale}-one") as server:
                figures = {
                    "signals": signals,
                    "board_counts": timings.board_counts(db, server.url, SECRET),
                    "board_pages": timings.board_pages(db, server.url, SECRET),
                }
            db.dispose()
        finally:
            self.dbs.drop(url)
        return figures

    # -- issue 7 ---------------------------------------------------------------------------------------------
    def load(self) -> dict[str, Any]:
        plan = load.Plan.quick() if self.args.quick else load.Plan()
        say(
            f"load test: {plan.workers} workers on PostgreSQL, {plan.signups} sign-ups, {plan.respondents} respondents, "
            f"{plan.moves} board moves, {plan.concurrency} clients at once, at most {plan.time_limit:.0f} s"
        )
        template = self.dbs.template(POSTGRESQL, self.args.small)
        url = self.dbs.copy(template, "load")
        db = Database(url)
        try:
            setup = load.prepare(db, plan)
            with self.server(PRODUCT, url, template.data_dir, workers=plan.workers, name="load") as server:
                result = load.run(server.url, db, setup, plan)
            result["server_tracebacks"] = (self.logs / "load.log").read_text(errors="replace").count("Traceback")
            result["scale"] = self.args.small
        finally:
            db.dispose()
            self.dbs.drop(url)
        say(
            f"  {result['operations']} operations in {result['seconds']} s, 5xx {result['errors_5xx']}, lost "
            f"{result['lost']}, duplicated {result['duplicated']}, over capacity {result['over_capacity']}: "
            + ("passed" if result["passed"] else "FAILED")
        )
        return result

    def run(self) -> dict[str, Any]:
        a = self.args
        self.out.mkdir(parents=True, exist_ok=True)
        for old in self.logs.glob("*.log"):
            old.unlink()
        results: dict[str, Any] = {
            "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "machine": machine.describe(a.pg),
            "options": {
                "quick": a.quick,
                "small": a.small,
                "large": a.large,
                "seconds": a.seconds,
                "databases": a.databases,
                "only": a.only,
                "pages": a.pages,
                "connections": wrk.CONNECTIONS,
                "threads": wrk.THREADS,
                "warmup_seconds": pages.WARMUP_SECONDS,
            },
            "blocks": [],
            "concentrated": {},
        }
        started = time.monotonic()
        with SmtpSink(self.logs / "smtp.log") as smtp:
            self.smtp_port = smtp.port
            if {"pages", "weight", "timings"} & set(a.only):
                for backend in a.databases:
                    blocks: list[Block] = []
                    try:
                        for scale in dict.fromkeys([a.small, a.large]):
                            blocks.append(self.prepare(backend, scale))
                        if "pages" in a.only:
                            for workers in [1, 2] if backend == POSTGRESQL else [1]:
                                self.throughput(blocks, workers)
                    finally:
                        for block in blocks:
                            block.db.dispose()
                            self.dbs.drop(block.url)
                    results["blocks"] += [b.result for b in blocks]
                    if "timings" in a.only:
                        results["concentrated"][backend] = self.concentrated(backend, a.large)
            if "load" in a.only:
                results["load"] = self.load()
        results["seconds"] = round(time.monotonic() - started)
        results["load_average_end"] = machine.load_average()
        (self.out / "results.json").write_text(json.dumps(results, indent=1, default=str))
        (self.out / "report.md").write_text(report.markdown(results))
        say(f"done in {results['seconds']} s: {self.out / 'report.md'}")
        return results


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="large scale 5, 3 s a page, a smaller load test")
    parser.add_argument("--small", type=int, default=1, help="the small scale (default 1)")
    parser.add_argument("--large", type=int, default=None, help="the large scale (default 50; 5 with --quick)")
    parser.add_argument(
        "--seconds", type=float, default=None, help="wrk duration per page (default 10; 3 with --quick)"
    )
    parser.add_argument("--databases", default=f"{SQLITE},{POSTGRESQL}", help="sqlite,postgresql (default both)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="a subset of " + ",".join(SECTIONS))
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results", help="where the report goes")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432", help="PostgreSQL server")
    parser.add_argument(
        "--no-profile", action="store_true", help="no py-spy top functions per page, even when py-spy is there"
    )
    parser.add_argument("--pages", default="", help="only these key pages, e.g. offer_list,plan (default all)")
    parser.add_argument("--rebuild", action="store_true", help="generate the databases again, even when cached")
    args = parser.parse_args(argv)
    args.large = args.large or (5 if args.quick else 50)
    args.seconds = args.seconds or (3.0 if args.quick else 10.0)
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = [d for d in args.databases if d not in (SQLITE, POSTGRESQL)] + [s for s in args.only if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")
    return args


def main(argv: list[str] | None = None) -> int:
    results = Bench(parse(sys.argv[1:] if argv is None else argv)).run()
    load_result = results.get("load")
    return 1 if load_result is not None and not load_result["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
