"""Rate limits on login and public forms, backed by the `limits` library (memory, Redis or Memcached storage).

Chosen over a hand-written counter: moving windows, several limits per key ("5/minute;20/hour") and shared
storage between workers are solved there. Configure with LN_RATE_LIMIT_STORAGE (e.g. redis://127.0.0.1:6379).
"""

from __future__ import annotations

from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.requests import Request

from lerend_netwerk.settings import Settings


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        self.storage = storage_from_string(settings.rate_limit_storage)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.rules = {"login": parse_many(settings.rate_limit_login), "form": parse_many(settings.rate_limit_forms)}

    def hit(self, rule: str, *keys: str) -> bool:
        """Count one attempt against every key; False when any key is over its limit."""
        allowed = True
        for key in keys:
            for item in self.rules[rule]:
                if not self.limiter.hit(item, rule, key):
                    allowed = False
        return allowed

    def reset(self) -> None:
        self.storage.reset()


def client_key(request: Request) -> str:
    """The client address as uvicorn sees it (behind a proxy, run uvicorn with --forwarded-allow-ips)."""
    return "ip:" + (request.client.host if request.client else "unknown")


def hit(request: Request, rule: str, *extra_keys: str) -> bool:
    limits: RateLimits = request.app.state.rate_limits
    return limits.hit(rule, client_key(request), *extra_keys)
