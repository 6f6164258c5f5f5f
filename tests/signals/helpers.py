"""Signals made the way every capability makes them: through `receive()`."""

from __future__ import annotations

from datetime import date
from typing import Any

from lerend_netwerk.db import Database
from lerend_netwerk.signals.service import FollowUpInput, Incoming, receive, set_follow_up


def add_signal(db: Database, network: Any, title: str = "Zwemles is te duur", **kw: Any) -> int:
    kind = kw.pop("kind", "direct")
    reported_on = kw.pop("reported_on", None)
    if isinstance(reported_on, str):
        reported_on = date.fromisoformat(reported_on)
    incoming = Incoming(title=title, kind=kind, reported_on=reported_on, **kw)
    return db.write_sync(lambda s: receive(s, network.id, incoming, actor_id=None).id)


def decide(
    db: Database,
    network: Any,
    signal_id: int,
    decision: str = "De stuurgroep vraagt een sociaal tarief.",
    *,
    action: str = "",
    trekker_person_id: int | None = None,
) -> None:
    """Write the stuurgroep's decision (and an action and trekker) on a signal: what "Beslist" and "In actie" need."""
    data = FollowUpInput(
        trekker_person_id=trekker_person_id,
        trekker_organisation_id=None,
        decision=decision,
        action=action,
        action_organisation_id=None,
        due_on=None,
        internal_note="",
    )
    db.write_sync(lambda s: set_follow_up(s, network.id, signal_id, data, actor_id=None))
