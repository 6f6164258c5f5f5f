"""A coordinator adds, renames and retires threshold types of their network."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.thresholds import ThresholdType


def all_types(db: Session, network_id: int) -> list[ThresholdType]:
    return list(
        db.scalars(
            select(ThresholdType)
            .where(ThresholdType.network_id == network_id)
            .order_by(ThresholdType.retired_at.is_not(None), ThresholdType.position, ThresholdType.label)
        )
    )


def code_for(label: str) -> str:
    from lerend_netwerk.practices.search import normalise

    return re.sub(r"[^a-z0-9]+", "-", normalise(label)).strip("-")[:40] or "drempel"


def add(db: Session, network_id: int, label: str, explanation: str, *, actor_id: int) -> ThresholdType | None:
    """None when a type with this name already exists in the network."""
    code = code_for(label)
    if db.scalar(select(ThresholdType).where(ThresholdType.network_id == network_id, ThresholdType.code == code)):
        return None
    position = (
        db.scalar(select(func.max(ThresholdType.position)).where(ThresholdType.network_id == network_id)) or 0
    ) + 1
    item = ThresholdType(network_id=network_id, code=code, label=label, explanation=explanation, position=position)
    db.add(item)
    db.flush()
    audit.record(
        db, "threshold.added", actor_id=actor_id, network_id=network_id, subject=("threshold_type", item.id), code=code
    )
    return item


def _get(db: Session, network_id: int, type_id: int) -> ThresholdType:
    item = db.scalar(select(ThresholdType).where(ThresholdType.id == type_id, ThresholdType.network_id == network_id))
    if item is None:
        raise LookupError(type_id)
    return item


def rename(db: Session, network_id: int, type_id: int, label: str, explanation: str, *, actor_id: int) -> None:
    """The code stays, so practices and signals that use it keep their link."""
    item = _get(db, network_id, type_id)
    item.label = label
    item.explanation = explanation
    audit.record(
        db,
        "threshold.renamed",
        actor_id=actor_id,
        network_id=network_id,
        subject=("threshold_type", item.id),
        code=item.code,
    )


def retire(db: Session, network_id: int, type_id: int, *, actor_id: int, restore: bool = False) -> None:
    item = _get(db, network_id, type_id)
    item.retired_at = None if restore else utcnow()
    audit.record(
        db,
        "threshold.restored" if restore else "threshold.retired",
        actor_id=actor_id,
        network_id=network_id,
        subject=("threshold_type", item.id),
        code=item.code,
    )
