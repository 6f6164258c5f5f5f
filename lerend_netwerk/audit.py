"""The audit log: who did what, when, to which object. Entries hold ids and codes, never personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from lerend_netwerk.db import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_network_at", "network_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(80))  # e.g. "membership.role_changed"
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[int | None] = mapped_column()
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(
    db: Session,
    action: str,
    *,
    actor_id: int | None,
    network_id: int | None = None,
    subject: tuple[str, int | None] = ("", None),
    **details: Any,
) -> AuditEvent:
    """Add an audit entry to the current transaction. Pass ids, codes and reasons; never names or contacts."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        network_id=network_id,
        subject_type=subject[0],
        subject_id=subject[1],
        details=details,
    )
    db.add(event)
    return event
