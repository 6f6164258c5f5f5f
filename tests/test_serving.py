"""`lerend-netwerk serve --workers N`: the socket handed to the workers is marked TCP, so every connection they
accept has Nagle's algorithm off. Without it each keep-alive request after the first waited ~40 ms for the
client's delayed ACK (uvicorn issue #3149; found by the benchmark: two workers served 18 times fewer requests)."""

from __future__ import annotations

import asyncio
import socket

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
