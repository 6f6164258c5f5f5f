"""Retention: every rule that deletes or anonymises data after a while, run by one idempotent command
(`lerend-netwerk retention`, meant for cron). The privacy page lists the same rules, so what we promise is
what the code does. Capabilities add their rules with `register()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.accounts.models import AccessCode, LoginToken, WebSession
from lerend_netwerk.db import utcnow
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Membership, Person
from lerend_netwerk.settings import Settings


@dataclass(frozen=True)
class Rule:
    name: str
    # Plain-language promise for the privacy page; formatted with the settings' fields, e.g. {signup_retention_days}.
    promise: object
    apply: Callable[[Session, Settings, datetime], int]  # returns how many records it removed or anonymised


RULES: list[Rule] = []


def register(rule: Rule) -> None:
    if any(r.name == rule.name for r in RULES):
        return
    RULES.append(rule)


def run(db: Session, settings: Settings, *, now: datetime | None = None) -> dict[str, int]:
    """Apply every rule once; returns records touched per rule. A second run right after touches nothing."""
    now = now or utcnow()
    report = {rule.name: rule.apply(db, settings, now) for rule in RULES}
    if any(report.values()):
        audit.record(db, "retention.applied", actor_id=None, **{k: v for k, v in report.items() if v})
    return report


def _login_tokens(db: Session, settings: Settings, now: datetime) -> int:
    result = db.execute(delete(LoginToken).where(or_(LoginToken.expires_at < now, LoginToken.used_at.is_not(None))))
    return result.rowcount  # type: ignore[attr-defined]


def _sessions(db: Session, settings: Settings, now: datetime) -> int:
    idle = now - timedelta(minutes=settings.session_idle_minutes)
    absolute = now - timedelta(hours=settings.session_absolute_hours)
    result = db.execute(delete(WebSession).where(or_(WebSession.last_seen_at < idle, WebSession.created_at < absolute)))
    return result.rowcount  # type: ignore[attr-defined]


def _revoked_codes(db: Session, settings: Settings, now: datetime) -> int:
    result = db.execute(delete(AccessCode).where(AccessCode.revoked_at < now - timedelta(days=30)))
    return result.rowcount  # type: ignore[attr-defined]


def _audit(db: Session, settings: Settings, now: datetime) -> int:
    cutoff = now - timedelta(days=settings.audit_retention_days)
    result = db.execute(delete(audit.AuditEvent).where(audit.AuditEvent.at < cutoff))
    return result.rowcount  # type: ignore[attr-defined]


def _inactive_accounts(db: Session, settings: Settings, now: datetime) -> int:
    """People who belong to no network any more and have not logged in for a long time are erased."""
    from lerend_netwerk.accounts import mydata

    cutoff = now - timedelta(days=settings.inactive_account_days)
    stale = db.scalars(
        select(Person.id).where(
            Person.is_admin.is_(False),
            ~exists().where(Membership.person_id == Person.id),
            or_(Person.last_login_at < cutoff, (Person.last_login_at.is_(None)) & (Person.created_at < cutoff)),
        )
    ).all()
    for person_id in stale:
        mydata.erase(db, person_id, actor_id=None)
    return len(stale)


register(
    Rule("login_tokens", lazy_gettext("Inloglinks worden gewist zodra ze gebruikt of verlopen zijn."), _login_tokens)
)
register(
    Rule(
        "sessions",
        lazy_gettext(
            "U wordt uitgelogd na {session_idle_minutes} minuten zonder activiteit, en altijd na {session_absolute_hours} uur."
        ),
        _sessions,
    )
)
register(Rule("revoked_codes", lazy_gettext("Ingetrokken inlogcodes worden na 30 dagen gewist."), _revoked_codes))
register(
    Rule(
        "audit",
        lazy_gettext(
            "Het logboek van wie wat deed wordt {audit_retention_days} dagen bewaard. Er staan geen namen of contactgegevens in."
        ),
        _audit,
    )
)
register(
    Rule(
        "inactive_accounts",
        lazy_gettext(
            "Wie geen lid meer is van een netwerk en {inactive_account_days} dagen niet inlogde, wordt helemaal gewist."
        ),
        _inactive_accounts,
    )
)
