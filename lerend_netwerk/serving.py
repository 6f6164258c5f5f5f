"""Running the web server: uvicorn with the production settings, for `lerend-netwerk serve` and the benchmark.

With several workers uvicorn binds the listening socket itself and hands it to the worker processes. It creates
that socket with protocol number 0, accepted connections inherit it, and asyncio only switches Nagle's algorithm
off (TCP_NODELAY) for sockets that say they are TCP: every keep-alive request after the first then waits for the
client's delayed ACK, about 40 ms on Linux (uvicorn issue #3149, open in 0.54.0, the pinned version). So for
several workers we bind the socket here, marked as TCP, and start uvicorn's own supervisor with it.
"""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

from lerend_netwerk.settings import Settings


def config(app: str, settings: Settings, *, host: str, port: int, workers: int) -> uvicorn.Config:
    """`app` is a factory's import string.

    `X-Forwarded-For` and `X-Forwarded-Proto` are believed only from the addresses in LN_TRUSTED_PROXIES. With
    none configured no forwarded header is believed at all (uvicorn's own default trusts 127.0.0.1, so anyone
    on the same host, or any request a local proxy passes on unchanged, could pick a new client address per
    request and walk around the rate limits)."""
    proxies = ",".join(settings.trusted_proxies)
    return uvicorn.Config(
        app,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        log_level="info",
    )


def tcp_socket(server: uvicorn.Config) -> socket.socket:
    """The listening socket uvicorn binds for its workers, marked as TCP so accepted connections get TCP_NODELAY."""
    sock = server.bind_socket()
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto != socket.IPPROTO_TCP:
        sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    return sock


def run_server(app: str, settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Run uvicorn the way production does. The benchmark serves its plain-text ceiling through this same
    function, so both are measured under the same server settings."""
    server = config(app, settings, host=host, port=port, workers=workers)
    if workers > 1:
        Multiprocess(server, sockets=[tcp_socket(server)]).run()
    else:
        one = uvicorn.Server(server)
        one.run()
        if not one.started:
            raise SystemExit(3)  # uvicorn's STARTUP_FAILURE, as `uvicorn.run` exits
