"""What the networks capability keeps over time: the audit log (who did what: ids and counts, no personal data)
and the outbox (`lerend_netwerk.outbox`: every e-mail of every capability), with their retention rules, and the
outbox in "my data" (which mails went to an address; erasing removes them, queued ones included)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.outbox import SENT, OutboxMessage
from lerend_netwerk.personal_data import Provider, Subject
from lerend_netwerk.retention import Rule, Run


def _audit(db: Session, run: Run) -> int:
    cutoff = run.now - timedelta(days=run.settings.audit_retention_days)
    return db.execute(delete(AuditEvent).where(AuditEvent.at < cutoff)).rowcount  # type: ignore[attr-defined]


def _mail_bodies(db: Session, run: Run) -> int:
    """Delivery empties a message as it marks it sent; this catches any that kept a body all the same."""
    return db.execute(  # type: ignore[attr-defined,no-any-return]
        update(OutboxMessage)
        .where(OutboxMessage.status == SENT, OutboxMessage.body != "")
        .values(body="", attachments=[])
    ).rowcount


def _mail_log(db: Session, run: Run) -> int:
    cutoff = run.now - timedelta(days=run.settings.outbox_keep_days)
    return db.execute(delete(OutboxMessage).where(OutboxMessage.created_at < cutoff)).rowcount  # type: ignore[attr-defined]


RETENTION = (
    Rule(
        "audit",
        lazy_gettext(
            "Het logboek van wie wat deed wordt {audit_retention_days} dagen bewaard. Er staan geen namen of contactgegevens in."
        ),
        _audit,
    ),
    Rule(
        "mail_bodies",
        lazy_gettext(
            "Van een e-mail die we verstuurden, bewaren we de tekst niet: die wissen we zodra de e-mail vertrokken is, ook een link om in te loggen."
        ),
        _mail_bodies,
    ),
    Rule(
        "mail_log",
        lazy_gettext(
            "Naar welk adres we een e-mail stuurden, met het onderwerp en wanneer, ziet de coördinator van het netwerk {outbox_keep_days} dagen. Daarna wissen we het, ook een e-mail die niet kon vertrekken."
        ),
        _mail_log,
    ),
)


def _mine(subject: Subject) -> Any:
    """SQL condition: the messages to the subject's address (of the subject's network only, when staff act)."""
    if not subject.email:
        return None
    condition = OutboxMessage.recipient == subject.email.strip().lower()
    if subject.network_id is not None:
        condition = condition & (OutboxMessage.network_id == subject.network_id)
    return condition


def _export(db: Session, subject: Subject) -> list[dict[str, Any]]:
    condition = _mine(subject)
    if condition is None:
        return []
    rows = db.scalars(select(OutboxMessage).where(condition).order_by(OutboxMessage.created_at, OutboxMessage.id))
    return [
        {
            "kind": "mail",
            "email": row.recipient,
            "subject": row.subject,
            "created_at": row.created_at.isoformat(),
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }
        for row in rows
    ]


def _erase(db: Session, subject: Subject) -> int:
    condition = _mine(subject)
    if condition is None:
        return 0
    return db.execute(delete(OutboxMessage).where(condition)).rowcount  # type: ignore[attr-defined,no-any-return]


PRIVACY = Provider("mail", lazy_gettext("E-mails aan jou"), _export, _erase)
