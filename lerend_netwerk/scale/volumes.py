"""How much a scale makes, and how it is spread: network 1 is the large city (a fifth of everything once there are
enough networks), the others share the rest evenly. Its first survey holds a tenth of all answers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

BIG_SHARE = 0.2
BIG_SURVEY_SHARE = 0.1
YEARS = 3


@dataclass(frozen=True)
class Volumes:
    networks: int
    practices: int
    signals: int
    sessions: int
    signups: int
    surveys: int
    answers: int  # answered questions
    offers: int

    @classmethod
    def at(cls, scale: int) -> Volumes:
        if scale < 1:
            raise ValueError("scale must be 1 or more")
        return cls(
            networks=max(3, scale),
            practices=400 * scale,
            signals=4_000 * scale,
            sessions=40 * scale,
            signups=800 * scale,
            surveys=10 * scale,
            answers=20_000 * scale,
            offers=200 * scale,
        )


def shares(total: int, parts: int, *, first: float = BIG_SHARE) -> list[int]:
    """Split `total` over `parts`: the first gets `first` of it (or an even share when that is more), the rest
    evenly; the counts add up to `total` exactly."""
    big = max(-(-total // parts), round(total * first)) if parts > 1 else total
    rest = total - big
    others = [rest // (parts - 1) + (1 if k < rest % (parts - 1) else 0) for k in range(parts - 1)] if parts > 1 else []
    return [big, *others]


def spread(rng: random.Random, total: int, parts: int) -> list[int]:
    """Split `total` over `parts` unevenly (each gets between half and one and a half of an even share)."""
    if parts == 0:
        return []
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for k in range(total - sum(counts)):
        counts[k % parts] += 1
    return counts


@dataclass(frozen=True)
class Clock:
    """Dates for generated data: everything lies in the YEARS before `today`, some planned things after it.
    Anchored on the day (not the second) so two runs on the same day give the same data."""

    today: date
    now: datetime

    def day_in_past(self, rng: random.Random, *, newest: int = 0, oldest: int = 365 * YEARS) -> date:
        return self.today - timedelta(days=rng.randint(newest, oldest))

    def moment(self, day: date, rng: random.Random) -> datetime:
        """A time during office hours on `day`, in UTC, never after now."""
        moment = datetime(day.year, day.month, day.day, 7, tzinfo=self.now.tzinfo) + timedelta(
            minutes=rng.randint(0, 10 * 60)
        )
        return min(moment, self.now)
