"""The retention rules of the foundation: logins, sessions, codes, rate-limit counters and people who left.
(What a person's account holds is exported and erased by `mydata` itself, after every capability's provider.)"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk.accounts import mydata
from lerend_netwerk.accounts.models import AccessCode, LoginToken, WebSession
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Membership, Person
from lerend_netwerk.retention import Rule, Run
from lerend_netwerk.web.ratelimit_storage import delete_expired_counters


def _login_tokens(db: Session, run: Run) -> int:
    result = db.execute(delete(LoginToken).where(or_(LoginToken.expires_at < run.now, LoginToken.used_at.is_not(None))))
    return result.rowcount  # type: ignore[attr-defined]


def _sessions(db: Session, run: Run) -> int:
    idle = run.now - timedelta(minutes=run.settings.session_idle_minutes)
    absolute = run.now - timedelta(hours=run.settings.session_absolute_hours)
    result = db.execute(delete(WebSession).where(or_(WebSession.last_seen_at < idle, WebSession.created_at < absolute)))
    return result.rowcount  # type: ignore[attr-defined]


def _revoked_codes(db: Session, run: Run) -> int:
    result = db.execute(delete(AccessCode).where(AccessCode.revoked_at < run.now - timedelta(days=30)))
    return result.rowcount  # type: ignore[attr-defined]


def _inactive_accounts(db: Session, run: Run) -> int:
    """People who belong to no network any more and have not logged in for a long time are erased."""
    cutoff = run.now - timedelta(days=run.settings.inactive_account_days)
    stale = db.scalars(
        select(Person.id).where(
            Person.is_admin.is_(False),
            ~exists().where(Membership.person_id == Person.id),
            or_(Person.last_login_at < cutoff, (Person.last_login_at.is_(None)) & (Person.created_at < cutoff)),
        )
    ).all()
    for person_id in stale:
        mydata.erase(db, person_id, run.privacy, actor_id=None)
    return len(stale)


def _rate_limit_counters(db: Session, run: Run) -> int:
    return delete_expired_counters(db, run.now)


RETENTION = (
    Rule("login_tokens", lazy_gettext("Inloglinks worden gewist zodra ze gebruikt of verlopen zijn."), _login_tokens),
    Rule(
        "sessions",
        lazy_gettext(
            "Je wordt uitgelogd na {session_idle_minutes} minuten zonder activiteit, en altijd na {session_absolute_hours} uur."
        ),
        _sessions,
    ),
    Rule("revoked_codes", lazy_gettext("Ingetrokken inlogcodes worden na 30 dagen gewist."), _revoked_codes),
    Rule(
        "inactive_accounts",
        lazy_gettext(
            "Wie geen lid meer is van een netwerk en {inactive_account_days} dagen niet inlogde, wordt helemaal gewist."
        ),
        _inactive_accounts,
    ),
    Rule(
        "rate_limit_counters",
        lazy_gettext(
            "Tellers tegen misbruik (hoe vaak iemand probeerde in te loggen of een formulier te sturen) worden gewist "
            "zodra hun tijd om is. Ze bewaren geen leesbaar adres."
        ),
        _rate_limit_counters,
    ),
)
