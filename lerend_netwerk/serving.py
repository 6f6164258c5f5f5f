"""Running the web server: uvicorn with the production settings, for `lerend-netwerk serve` and the benchmark.

With several workers uvicorn binds the listening socket itself and hands it to the worker processes. It creates
that socket with protocol number 0, accepted connections inherit it, and asyncio only switches Nagle's algorithm
off (TCP_NODELAY) for sockets that say they are TCP: every keep-alive request after the first then waits for the
client's delayed ACK, about 40 ms on Linux (uvicorn issue #3149, open in 0.54.0, the pinned version). So for
several workers we bind the socket here, marked as TCP, and start uvicorn's own supervisor with it.

Beside the workers runs the courier (`lerend_netwerk.courier`), a process of its own that delivers the outbox:
started before them, stopped after them, told to stop too if this process dies (`--parent`).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import uvicorn
from uvicorn.supervisors import Multiprocess

from lerend_netwerk import wakeup
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


@contextlib.contextmanager
def courier_process() -> Iterator[str]:
    """`lerend-netwerk courier` in a process of its own, with this process's settings (the environment); yields the
    name it listens on, for the workers (`LN_OUTBOX_COURIER`)."""
    name = wakeup.new_name("courier")
    command = [sys.executable, "-m", "lerend_netwerk", "courier", "--name", name, "--parent", str(os.getpid())]
    process = subprocess.Popen(command)
    try:
        yield name
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_server(app: str, settings: Settings, *, host: str, port: int, workers: int, courier: bool = False) -> None:
    """Run uvicorn the way production does, with the courier beside it when `courier` (the app's own servers). The
    benchmark serves its plain-text ceiling through this same function, so both are measured under the same server
    settings."""
    with courier_process() if courier else contextlib.nullcontext("") as name:
        if name:
            os.environ["LN_OUTBOX_COURIER"] = name  # the workers build their settings from the environment
        _run_uvicorn(app, settings, host=host, port=port, workers=workers)


def _run_uvicorn(app: str, settings: Settings, *, host: str, port: int, workers: int) -> None:
    server = config(app, settings, host=host, port=port, workers=workers)
    if workers > 1:
        Multiprocess(server, sockets=[tcp_socket(server)]).run()
    else:
        one = uvicorn.Server(server)
        one.run()
        if not one.started:
            raise SystemExit(3)  # uvicorn's STARTUP_FAILURE, as `uvicorn.run` exits
