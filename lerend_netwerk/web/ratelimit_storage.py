"""Rate-limit counters in the app's own database, so every worker and server that shares the database shares
the limits too (the `limits` library has storages for Redis and Memcached, not for SQL databases).

A fixed-window counter per key: one INSERT ... ON CONFLICT DO UPDATE ... RETURNING statement counts a hit and
starts a new window when the old one has expired. PostgreSQL locks the row for that statement and SQLite
serialises writers, so two workers never lose each other's hit. Keys (which hold client addresses and e-mail
addresses) are stored only as a keyed digest, and expired windows are removed by the retention command.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import datetime
from typing import Any

from limits.storage import Storage
from sqlalchemy import Float, Integer, String, bindparam, case, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from lerend_netwerk.db import Base, Database


class RateLimitCounter(Base):
    """Hits of one key in its current window. `expires_at` is seconds since the epoch (UTC)."""

    __tablename__ = "rate_limit_counter"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


def _hit_statement(dialect: Any) -> Any:
    table = RateLimitCounter.__table__
    statement = dialect.insert(table).values(
        key_hash=bindparam("key_hash"), count=bindparam("amount"), expires_at=bindparam("expires_at")
    )
    expired = table.c.expires_at <= bindparam("now")
    return statement.on_conflict_do_update(
        index_elements=[table.c.key_hash],
        set_={
            "count": case((expired, statement.excluded["count"]), else_=table.c["count"] + statement.excluded["count"]),
            "expires_at": case((expired, statement.excluded.expires_at), else_=table.c.expires_at),
        },
    ).returning(table.c["count"])


# Built once per dialect, with parameters: every public POST counts two to four hits, and building and caching the
# statement anew for each (values written into it) cost more CPU than its round trip.
_HIT = {"postgresql": _hit_statement(postgresql), "sqlite": _hit_statement(sqlite)}


def count_hit(db: Session, key_hash: str, expiry: int, amount: int, now: float) -> int:
    """Add `amount` to the key's counter (a fresh window when it expired) and return the new count, atomically."""
    statement = _HIT["postgresql" if db.get_bind().dialect.name == "postgresql" else "sqlite"]
    values = {"key_hash": key_hash, "amount": amount, "expires_at": now + expiry, "now": now}
    return int(db.execute(statement, values).scalar_one())


def _count_all(db: Session, hits: list[tuple[str, int]], now: float) -> list[int]:
    return [count_hit(db, key_hash, expiry, 1, now) for key_hash, expiry in hits]


class DatabaseStorage(Storage):
    """A `limits` storage on the app's database, for `FixedWindowRateLimiter`."""

    STORAGE_SCHEME = None  # built by RateLimits with the app's Database, not from a URL

    def __init__(self, db: Database, secret: str) -> None:
        super().__init__()
        self.db = db
        self.secret = secret.encode()

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def digest(self, key: str) -> str:
        return hmac.new(self.secret, key.encode(), hashlib.sha256).hexdigest()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self.db.write_sync(count_hit, self.digest(key), expiry, amount, time.time())

    async def incr_many(self, hits: list[tuple[str, int]]) -> list[int]:
        """Count one hit for each (key, expiry) in one write transaction, and return the new counts in order: a
        public POST counts its client and its target under every limit at once, so on SQLite it queues for the
        write lock once, not once per key and limit (and on PostgreSQL it is one write on the event loop)."""
        hashed = [(self.digest(key), expiry) for key, expiry in hits]
        return await self.db.write(_count_all, hashed, time.time())

    def _live(self, key: str) -> RateLimitCounter | None:
        key_hash = self.digest(key)
        return self.db.read_sync(
            lambda s: s.scalar(
                select(RateLimitCounter).where(
                    RateLimitCounter.key_hash == key_hash, RateLimitCounter.expires_at > time.time()
                )
            )
        )

    def get(self, key: str) -> int:
        row = self._live(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._live(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        return self.db.read_sync(lambda s: s.scalar(select(func.count()).select_from(RateLimitCounter))) is not None

    def reset(self) -> int | None:
        return self.db.write_sync(lambda s: s.execute(delete(RateLimitCounter)).rowcount)

    def clear(self, key: str) -> None:
        key_hash = self.digest(key)
        self.db.write_sync(lambda s: s.execute(delete(RateLimitCounter).where(RateLimitCounter.key_hash == key_hash)))


def delete_expired_counters(db: Session, now: datetime) -> int:
    """Counters whose window is over; the accounts capability runs this as a retention rule."""
    result = db.execute(delete(RateLimitCounter).where(RateLimitCounter.expires_at <= now.timestamp()))
    return result.rowcount  # type: ignore[attr-defined]
