"""CPU-heavy or blocking work off the event loop, a bounded number at a time per worker process.

Decoding a photo or building a large export takes a core for a second or more. Done inside an async handler it
stops the worker's event loop: every other request waits (issue 13: 8 large PNGs froze /healthz for 10 s). Such
work runs here instead: in a thread, so the loop keeps answering, and through one `CapacityLimiter` of
`LN_HEAVY_WORK_THREADS` tokens per worker, so six members sharing photos at once do not hold six decoded photos
in memory at once — the others wait their turn, while the worker keeps serving every other page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.requests import Request

T = TypeVar("T")


class HeavyWork:
    """One per app (`app.state.heavy_work`). `await heavy.run(fn, *args)` runs `fn` in a thread when a token is
    free."""

    def __init__(self, threads: int) -> None:
        self.limiter = anyio.CapacityLimiter(threads)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self.limiter)


async def offload(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run `fn(*args, **kwargs)` as heavy work of the app serving `request`."""
    heavy: HeavyWork = request.app.state.heavy_work
    return await heavy.run(fn, *args, **kwargs)
