"""`lerend-netwerk serve --workers N`: the socket handed to the workers is marked TCP, so every connection they
accept has Nagle's algorithm off. Without it each keep-alive request after the first waited ~40 ms for the
client's delayed ACK (uvicorn issue #3149; found by the benchmark: two workers served 18 times fewer requests)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys

from lerend_netwerk.serving import config, tcp_socket
from lerend_netwerk.settings import Settings
from tests import loops


def _accepted_nodelay(listener: socket.socket) -> int:
    async def run() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Report(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Report, sock=listener)
        _reader, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        try:
            return await asyncio.wait_for(seen, 10)
        finally:
            writer.close()
            server.close()
            await server.wait_closed()

    return loops.run(run())


def test_the_workers_socket_gives_every_connection_tcp_nodelay():
    server = config("lerend_netwerk.app:create_app", Settings(), host="127.0.0.1", port=0, workers=2)
    listener = tcp_socket(server)
    try:
        assert listener.proto == socket.IPPROTO_TCP
        assert _accepted_nodelay(listener) == 1
    finally:
        listener.close()


GC_PROBE = """
import gc, sys
from starlette.testclient import TestClient
from lerend_netwerk.app import create_app
from lerend_netwerk.settings import Settings
app = create_app(Settings(database_url="sqlite:///:memory:", gc_freeze=sys.argv[1] == "1"))
with TestClient(app) as client:
    assert client.get("/healthz").status_code == 200
    print(gc.get_freeze_count())
"""


def test_a_started_worker_keeps_what_start_up_built_out_of_the_collectors_reach():
    """`LN_GC_FREEZE` (on by default): once the app has started, what start-up built is frozen (`gc.freeze`), so
    the collector no longer walks it every few hundred requests; `0` leaves the collector alone. A process of its
    own: freezing is for the whole process."""

    def frozen(value: str) -> int:
        done = subprocess.run([sys.executable, "-c", GC_PROBE, value], check=True, capture_output=True, text=True)
        return int(done.stdout.strip())

    assert frozen("1") > 50_000  # the app's code, templates machinery and mappings: about 150,000 objects
    assert frozen("0") == 0
