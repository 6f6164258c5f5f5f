"""Signals made the way every capability makes them: through `receive()`."""

from __future__ import annotations

from datetime import date
from typing import Any

from lerend_netwerk.db import Database
from lerend_netwerk.signals.service import Incoming, receive


def add_signal(db: Database, network: Any, title: str = "Zwemles is te duur", **kw: Any) -> int:
    kind = kw.pop("kind", "direct")
    reported_on = kw.pop("reported_on", None)
    if isinstance(reported_on, str):
        reported_on = date.fromisoformat(reported_on)
    incoming = Incoming(title=title, kind=kind, reported_on=reported_on, **kw)
    return db.write_sync(lambda s: receive(s, network.id, incoming, actor_id=None).id)
