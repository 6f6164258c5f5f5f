"""The retention rule of the audit log (who did what: ids and counts, no personal data)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.retention import Rule, Run


def _audit(db: Session, run: Run) -> int:
    cutoff = run.now - timedelta(days=run.settings.audit_retention_days)
    return db.execute(delete(AuditEvent).where(AuditEvent.at < cutoff)).rowcount  # type: ignore[attr-defined]


RETENTION = (
    Rule(
        "audit",
        lazy_gettext(
            "Het logboek van wie wat deed wordt {audit_retention_days} dagen bewaard. Er staan geen namen of contactgegevens in."
        ),
        _audit,
    ),
)
