"""Signals in the platform's privacy machinery: "my data" (see and erase) and the retention rule for the e-mail
addresses of people who asked to hear what happened with a signal.

Signals are the network's memory and stay: their number, themes and history do not change on erasure. What goes:
the person's requests to be told (their address), their link as reporter, actor or trekker, and their name,
address and number in the text they wrote themselves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from lerend_netwerk.accounts import mydata
from lerend_netwerk.accounts.mydata import Provider, Subject, in_network, release, unlink
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.retention import Rule, Run
from lerend_netwerk.signals.models import Signal, SignalContact, SignalEvent, SignalFollowUp, Status

CLOSED = (Status.REPORTED_BACK, Status.NOT_RETAINED)


def _signals_in_network(subject: Subject, signal_id: Any) -> Any:
    return signal_id.in_(select(Signal.id).where(in_network(subject, Signal.network_id)))


def _contacts(subject: Subject) -> Any:
    if not subject.email:
        return None
    return select(SignalContact).where(
        mydata.same_email(SignalContact.email, subject.email), _signals_in_network(subject, SignalContact.signal_id)
    )


def _export(db: Session, subject: Subject) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    contacts = _contacts(subject)
    if contacts is not None:
        for c in db.scalars(contacts):
            signal = db.get(Signal, c.signal_id)
            rows.append(
                {
                    "kind": "wants_to_hear_back",
                    "signal": signal.title if signal else "",
                    "email": c.email,
                    "asked_at": c.consent_at.isoformat(),
                    "told_at": c.notified_at.isoformat() if c.notified_at else None,
                }
            )
    if subject.person_id is None:
        return rows
    pid = subject.person_id
    scope = in_network(subject, Signal.network_id)
    for s in db.scalars(select(Signal).where(Signal.created_by_id == pid, scope).order_by(Signal.id)):
        rows.append(
            {
                "kind": "signal_reported",
                "title": s.title,
                "description": s.description,
                "reported_on": s.reported_on.isoformat(),
                "status": s.status.value,
            }
        )
    trekker = db.scalars(
        select(Signal.title)
        .join(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .where(SignalFollowUp.trekker_person_id == pid, scope)
    )
    rows += [{"kind": "follows_up", "signal": title} for title in trekker]
    changes = db.scalar(
        select(func.count())
        .select_from(SignalEvent)
        .where(SignalEvent.actor_id == pid, _signals_in_network(subject, SignalEvent.signal_id))
    )
    if changes:
        rows.append({"kind": "board_changes", "count": changes})
    return rows


def _erase(db: Session, subject: Subject) -> int:
    touched = 0
    contacts = _contacts(subject)
    if contacts is not None:
        ids = [c.id for c in db.scalars(contacts)]
        if ids:
            db.execute(delete(SignalContact).where(SignalContact.id.in_(ids)))
        touched += len(ids)
    if subject.person_id is None:
        return touched
    scope = in_network(subject, Signal.network_id)
    touched += release(db, Signal.created_by_id, subject, scope, texts=("title", "description"))
    in_signals = _signals_in_network(subject, SignalEvent.signal_id)
    touched += release(db, SignalEvent.actor_id, subject, in_signals, texts=("reason",))
    touched += unlink(db, SignalFollowUp.trekker_person_id, subject, in_network(subject, SignalFollowUp.network_id))
    return touched


def _contacts_of_closed_signals(db: Session, run: Run) -> int:
    """Addresses still waiting on a signal that was closed (reported back or not retained) and has not changed
    for `signal_contact_days` days are deleted: nothing more will be sent to them."""
    settings, now = run.settings, run.now
    cutoff = now - timedelta(days=settings.signal_contact_days)
    recent = exists().where(SignalEvent.signal_id == Signal.id, SignalEvent.at >= cutoff)
    closed = select(Signal.id).where(Signal.status.in_(CLOSED), ~recent)
    result = db.execute(delete(SignalContact).where(SignalContact.email != "", SignalContact.signal_id.in_(closed)))
    return result.rowcount  # type: ignore[attr-defined]


PRIVACY = Provider("signals", lazy_gettext("Signalen en meldingen"), _export, _erase)
RETENTION = (
    Rule(
        "signal_contacts",
        lazy_gettext(
            "Wie een drempel meldt en wil horen wat ermee gebeurt, laat een e-mailadres achter. Dat adres wissen we zodra we je de terugkoppeling mailden, en uiterlijk {signal_contact_days} dagen nadat het signaal is afgesloten."
        ),
        _contacts_of_closed_signals,
    ),
)
