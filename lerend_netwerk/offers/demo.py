"""Demo offers from the partners named in the seeds of Zele, Temse and Wevelgem."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lerend_netwerk.demo import Demo


def fill(db: Session, demo: Demo) -> None:
    return None
