"""Rate limits on login and public forms, counted by the `limits` library.

Chosen over a hand-written limiter: several limits per key ("5/minute;20/hour") and the storages are solved there.
By default the counters live in the app's own database (`ratelimit_storage.DatabaseStorage`, fixed windows), so
every worker and server on the same SQLite file or PostgreSQL database shares them. LN_RATE_LIMIT_STORAGE names a
`limits` storage instead (e.g. memory:// for one process, redis://127.0.0.1:6379), with moving windows.
"""

from __future__ import annotations

from limits import parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter, RateLimiter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from lerend_netwerk.db import Database
from lerend_netwerk.settings import Settings
from lerend_netwerk.web.ratelimit_storage import DatabaseStorage


class RateLimits:
    def __init__(self, settings: Settings, db: Database) -> None:
        self.storage: Storage
        self.limiter: RateLimiter
        if settings.rate_limit_storage:
            self.storage = storage_from_string(settings.rate_limit_storage)
            self.limiter = MovingWindowRateLimiter(self.storage)
        else:
            self.storage = DatabaseStorage(db, settings.secret_key)
            self.limiter = FixedWindowRateLimiter(self.storage)
        self.rules = {"login": parse_many(settings.rate_limit_login), "form": parse_many(settings.rate_limit_forms)}

    async def hit(self, rule: str, *keys: str) -> bool:
        """Count one attempt against every key; False when any key is over its limit."""
        if isinstance(self.storage, DatabaseStorage):  # every key under every limit, in one transaction
            items = [(item, item.key_for(rule, key)) for key in keys for item in self.rules[rule]]
            counts = await self.storage.incr_many([(key, item.get_expiry()) for item, key in items])
            return all(count <= item.amount for (item, _key), count in zip(items, counts, strict=True))
        return await run_in_threadpool(self._hit_each, rule, *keys)  # another `limits` storage: its own I/O

    def _hit_each(self, rule: str, *keys: str) -> bool:
        allowed = True
        for key in keys:
            for item in self.rules[rule]:
                if not self.limiter.hit(item, rule, key):
                    allowed = False
        return allowed

    def reset(self) -> None:
        self.storage.reset()


def client_key(request: Request) -> str:
    """The client address as uvicorn sees it: the connection's peer, or the address a proxy listed in
    LN_TRUSTED_PROXIES forwarded (`serving.config`); a forwarded header from anyone else is not believed."""
    return "ip:" + (request.client.host if request.client else "unknown")


async def hit(request: Request, rule: str, *extra_keys: str) -> bool:
    """Count one attempt of this client and of each of `extra_keys`, the target whoever tries it ("email:<address>",
    "code:<code>"); False when any is over its limit, so a new address per request does not escape it."""
    limits: RateLimits = request.app.state.rate_limits
    return await limits.hit(rule, client_key(request), *extra_keys)
