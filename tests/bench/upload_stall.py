"""How long other requests wait while photos are shared (issue 13, point 1):

    .venv/bin/python -m tests.bench.upload_stall --requests 1 --files 8 --side 6300
    .venv/bin/python -m tests.bench.upload_stall --requests 6 --files 1 --side 6300

Starts `lerend-netwerk serve` on a fresh SQLite database, lets a member share `--requests` practices at once,
each with `--files` flat grey PNGs of `--side` x `--side` pixels, and meanwhile asks /healthz again and again
from one client. Prints how many /healthz answers came while the uploads ran and the longest wait for one.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx

from lerend_netwerk.db import Database
from lerend_netwerk.migrate import upgrade
from lerend_netwerk.networks.models import Role
from tests.factories import make_network, make_person
from tests.served import served, session_client
from tests.test_heavy_work import grey_png, practice_form, share


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--side", type=int, default=6300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'stall.db'}"
        upgrade(url)
        db = Database(url)
        network = db.write_sync(make_network)
        member = db.write_sync(make_person, network, Role.MEMBER, email="member@zele.example")
        photo = grey_png(args.side, args.side)
        with served(url, Path(tmp) / "data") as base, session_client(base, db, member.id) as client:
            fields = practice_form(client, network.slug)
            statuses: list[int] = []

            def upload(n: int) -> None:
                photos = [(f"foto-{n}-{i}.png", photo) for i in range(args.files)]
                statuses.append(share(client, network.slug, fields, photos).status_code)

            threads = [threading.Thread(target=upload, args=(n,)) for n in range(args.requests)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            waits: list[float] = []
            with httpx.Client(base_url=base, timeout=120) as probe:
                while any(t.is_alive() for t in threads):
                    asked = time.perf_counter()
                    probe.get("/healthz")
                    waits.append(time.perf_counter() - asked)
            took = time.perf_counter() - started
            peak = _peak_memory_mb(base.pid)
        db.dispose()
    print(
        f"{args.requests} request(s) x {args.files} PNG(s) of {args.side}x{args.side} ({len(photo)} bytes each): "
        f"answers {sorted(statuses)} after {took:.2f} s; /healthz answered {len(waits)} times meanwhile, "
        f"longest wait {max(waits, default=0):.2f} s; server's peak memory {peak} MB"
    )


def _peak_memory_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


if __name__ == "__main__":
    main()
