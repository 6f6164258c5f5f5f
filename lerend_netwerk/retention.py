"""Retention: every rule that deletes or anonymises data after a while, run by one idempotent command
(`lerend-netwerk retention`, and hourly by `lerend-netwerk periodic`). The privacy page lists the same rules, so
what we promise is what the code does. Capabilities declare their rules (`Capability.retention`); the registry
collects them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import note_erasure, utcnow
from lerend_netwerk.personal_data import Provider
from lerend_netwerk.settings import Settings

if TYPE_CHECKING:
    from lerend_netwerk.periodic import JobContext


@dataclass(frozen=True)
class Run:
    """What a rule gets besides the session: the settings, the moment of this run, and every privacy provider
    (a rule that erases a whole person erases what each capability holds)."""

    settings: Settings
    now: datetime
    privacy: Sequence[Provider] = ()


@dataclass(frozen=True)
class Rule:
    name: str
    # Plain-language promise for the privacy page; formatted with the settings' fields, e.g. {signup_retention_days}.
    promise: object
    apply: Callable[[Session, Run], int]  # returns how many records it removed or anonymised


class Declared(Protocol):
    """What a run needs of the registry (`lerend_netwerk.registry.Registry`): every rule, every privacy provider."""

    @property
    def retention(self) -> Sequence[Rule]: ...

    @property
    def privacy(self) -> Sequence[Provider]: ...


def run(db: Session, settings: Settings, registry: Declared, *, now: datetime | None = None) -> dict[str, int]:
    """Apply every rule once; returns records touched per rule. A second run right after touches nothing."""
    context = Run(settings, now or utcnow(), registry.privacy)
    report = {rule.name: rule.apply(db, context) for rule in registry.retention}
    if any(report.values()):
        note_erasure(db)
        audit.record(db, "retention.applied", actor_id=None, **{k: v for k, v in report.items() if v})
    return report


def promises(rules: Sequence[Rule], settings: Settings) -> list[str]:
    """The rules as the privacy page says them, with the configured numbers of days filled in."""
    values = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
    return [str(rule.promise).format(**values) for rule in rules]


def job(context: JobContext) -> str:
    """The periodic job: every rule once, at the moment of the run."""
    report = context.database.write_sync(run, context.settings, context.registry, now=context.now)
    return ", ".join(f"{name}: {count}" for name, count in report.items() if count) or "nothing to remove"
