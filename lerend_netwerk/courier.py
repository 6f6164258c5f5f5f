"""The courier: the outbox delivered by a process of its own, beside the web workers.

`lerend-netwerk serve` starts it and tells its workers where it listens (`LN_OUTBOX_COURIER`, a name for
`lerend_netwerk.wakeup`). A worker whose request queued mail wakes it after the response; the courier then
delivers what is due (`outbox.deliver_requested`), and looks again every `IDLE_SECONDS` whatever happens. Building
and sending mail took about half of a sign-up's CPU in the worker that served it (5.3 ms a sign-up without,
9.8-11.8 ms with, in-process on the benchmark's data); here it no longer holds up pages.

When no courier answers (it was not started, it stopped, the name is wrong) the worker hears so and delivers
the mail itself, after the response, as it always could (`outbox.Dispatcher`): nothing waits for a courier. What
the courier could not send is retried by it and by the `outbox` job of `lerend-netwerk periodic`, as before."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import time

from lerend_netwerk import outbox, wakeup
from lerend_netwerk.db import Database
from lerend_netwerk.settings import Settings

log = logging.getLogger("lerend_netwerk")
IDLE_SECONDS = 60.0
PR_SET_PDEATHSIG = 1
CONNECTIONS = 3  # the courier's database connections: one delivery at a time needs one; the pools want three


def serve(settings: Settings, name: str, *, parent: int | None = None) -> None:
    """The courier's loop, until SIGTERM or SIGINT (or, with `parent`, until that process is gone): deliver what is
    due, then wait for a wake-up (or `IDLE_SECONDS`), and take every other wake-up that came meanwhile along."""
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda *_: sys.exit(0))
    if parent is not None:
        _stop_with(parent)
    database = Database(settings.database_url, connections=CONNECTIONS)
    channel = outbox.channel(settings)
    sock = wakeup.listen(name)
    log.info("courier: delivering the outbox of %s", settings.base_url)
    try:
        while parent is None or os.getppid() == parent:
            try:
                outbox.deliver_requested(database, channel)
            except Exception:  # the database or anything else: the next wake-up or the periodic job tries again
                log.exception("courier: delivery failed")
                time.sleep(1)
            sock.settimeout(IDLE_SECONDS)
            try:
                sock.recv(16)
            except TimeoutError:
                continue
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                while sock.recv(16):
                    pass
    finally:
        sock.close()
        database.dispose()


def _stop_with(parent: int) -> None:
    """Have Linux send SIGTERM when the parent process ends (prctl PR_SET_PDEATHSIG), so a `serve` that was killed
    leaves no courier behind; and stop at once if it already ended."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        sys.exit(0)
