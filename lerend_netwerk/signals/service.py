"""The signals board's service. Other capabilities hand points over with `receive()` only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.signals.models import Signal, SignalContact, SignalEvent, SignalSource, SourceKind, Status


@dataclass(frozen=True)
class Incoming:
    """A point handed to the board by a practice, a dialogue table, a survey, a partner or the public form."""

    title: str
    kind: str  # the source kind the capability declares in `signal_sources` ("survey", "dialogue", …)
    description: str = ""
    theme: str = ""
    neighbourhood: str = ""
    threshold_code: str = ""
    people_count: int = 1
    ref_id: int | None = None
    link: str = ""  # site path back to the source, e.g. /n/temse/dialoogtafels/sessies/12
    label: str = ""  # what the source is called, e.g. "Dialoogtafel 12 maart"
    contact_email: str | None = None  # only with the person's consent to be told what happened
    reported_on: date | None = None  # when it was raised, if not today (a paper note typed in later)


def receive(db: Session, network_id: int, incoming: Incoming, *, actor_id: int | None) -> Signal:
    """Create a new signal from any source, with its history's first entry. Returns it (flushed, with id)."""
    signal = Signal(
        network_id=network_id,
        title=incoming.title[:200],
        description=incoming.description,
        theme=incoming.theme,
        neighbourhood=incoming.neighbourhood,
        threshold_code=incoming.threshold_code,
        people_count=max(1, incoming.people_count),
        status=Status.NEW,
        created_by_id=actor_id,
    )
    if incoming.reported_on is not None:
        signal.reported_on = incoming.reported_on
    db.add(signal)
    db.flush()
    db.add(
        SignalSource(
            signal_id=signal.id,
            kind=SourceKind(incoming.kind),
            ref_id=incoming.ref_id,
            link=incoming.link,
            label=incoming.label[:200],
            people_count=signal.people_count,
        )
    )
    if incoming.contact_email:
        db.add(SignalContact(signal_id=signal.id, email=incoming.contact_email))
    db.add(SignalEvent(signal_id=signal.id, actor_id=actor_id, kind="created", to_status=Status.NEW.value))
    audit.record(
        db,
        "signal.created",
        actor_id=actor_id,
        network_id=network_id,
        subject=("signal", signal.id),
        source=str(incoming.kind),
    )
    return signal
