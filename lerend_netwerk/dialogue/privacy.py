"""The dialogue sign-ups in the platform's privacy machinery: the retention rule (also run by `send-reminders`)
and "my data" (see and erase) for sign-ups made with an account or its e-mail address."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk import retention
from lerend_netwerk.accounts import mydata
from lerend_netwerk.dialogue import cron
from lerend_netwerk.dialogue.models import CallTask, DialogueTable, SignUp, TableSession
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Person
from lerend_netwerk.settings import Settings


def _retention(db: Session, settings: Settings, now: datetime) -> int:
    return cron.anonymise_old(db, retention_days=settings.signup_retention_days, now=now).signups


def _same_person(db: Session, person_id: int) -> Any:
    """SQL condition: sign-ups made with this account or with its e-mail address; None for an unknown person."""
    person = db.get(Person, person_id)
    if person is None:
        return None
    same = [SignUp.person_id == person_id]
    if person.email:
        same.append(SignUp.email == person.email)
    return and_(or_(*same), SignUp.anonymised_at.is_(None))


def _mine(db: Session, person_id: int) -> list[SignUp]:
    condition = _same_person(db, person_id)
    return [] if condition is None else list(db.scalars(select(SignUp).where(condition)))


def _export(db: Session, person_id: int) -> list[dict[str, Any]]:
    condition = _same_person(db, person_id)
    if condition is None:
        return []
    rows = db.execute(
        select(SignUp, TableSession.starts_at, DialogueTable.name)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .join(DialogueTable, DialogueTable.id == TableSession.table_id)
        .where(condition)
        .order_by(TableSession.starts_at, SignUp.id)
    )
    return [
        {
            "table": table_name,
            "session_starts_at": starts_at.isoformat(),
            "status": s.status.value,
            "first_name": s.first_name,
            "email": s.email,
            "phone": s.phone,
            "needs": {
                "childcare": s.childcare,
                "children_count": s.children_count,
                "children_ages": s.children_ages,
                "transport": s.transport,
                "interpreter_language": s.interpreter_language if s.interpreter else None,
                "diet": s.diet,
                "accessibility": s.accessibility,
                "other": s.other_needs,
            },
            "attended": s.attended,
            "compensation_euro": s.compensation_cents / 100,
        }
        for s, starts_at, table_name in rows
    ]


def _erase(db: Session, person_id: int) -> int:
    rows = _mine(db, person_id)
    for s in rows:
        cron.anonymise(s)
    if rows:
        db.execute(delete(CallTask).where(CallTask.signup_id.in_([s.id for s in rows])))
    return len(rows)


retention.register(
    retention.Rule(
        "dialogue_signups",
        lazy_gettext(
            "Naam, contactgegevens en noden van wie inschreef voor een dialoogtafel worden {signup_retention_days} dagen na de sessie gewist. Het aantal deelnemers en de notities blijven."
        ),
        _retention,
    )
)
mydata.register(mydata.Provider("dialogue", lazy_gettext("Inschrijvingen voor dialoogtafels"), _export, _erase))
