"""Running a coroutine from a test: in a thread of its own, with a loop of its own. In the whole suite the browser
tests' Playwright keeps an event loop running in the main thread, and `asyncio.run` refuses to start another there."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
