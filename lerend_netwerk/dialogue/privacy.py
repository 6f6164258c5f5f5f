"""The dialogue sign-ups in the platform's privacy machinery: the retention rules (contact data after the session,
also run by `send-reminders`; the payee numbers of the compensation ledger after the years the books are kept) and
"my data" (see and erase) for sign-ups made with an account or its e-mail address. Erasing a sign-up never takes
the compensation paid out of the books: its amount, date and payee number stay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.accounts import mydata
from lerend_netwerk.accounts.mydata import Provider, in_network, unlink
from lerend_netwerk.db import note_erasure, utcnow
from lerend_netwerk.dialogue.models import CallTask, DialogueTable, NotePoint, SignUp, TableFacilitator, TableSession
from lerend_netwerk.i18n import TIMEZONE, lazy_gettext
from lerend_netwerk.retention import Rule, Run


@dataclass
class Anonymised:
    signups: int
    sessions: int


def anonymise_old(db: Session, *, retention_days: int, now: datetime | None = None) -> Anonymised:
    """Erase name, contact, needs and link of sign-ups `retention_days` after their session ended. Status,
    attendance and compensation stay, so counts and the notes are untouched."""
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    rows = db.scalars(
        select(SignUp)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .where(TableSession.ends_at < cutoff, SignUp.anonymised_at.is_(None))
    ).all()
    sessions = set()
    for s in rows:
        s.anonymise(now)
        sessions.add(s.session_id)
    if rows:
        note_erasure(db)
        db.execute(delete(CallTask).where(CallTask.signup_id.in_([s.id for s in rows])))
        audit.record(db, "dialogue.anonymised", actor_id=None, count=len(rows))
    return Anonymised(len(rows), len(sessions))


def _retention(db: Session, run: Run) -> int:
    settings, now = run.settings, run.now
    return anonymise_old(db, retention_days=settings.signup_retention_days, now=now).signups


def clear_payee_numbers(db: Session, *, years: int, now: datetime | None = None) -> int:
    """The books keep what was paid for `years` after the end of the year it was paid in (Brussels time); after
    that the number tying one person's payments together goes. Amounts, dates and tables stay."""
    now = now or utcnow()
    cutoff = datetime(now.astimezone(TIMEZONE).year - years, 1, 1, tzinfo=TIMEZONE).astimezone(UTC)
    old = select(TableSession.id).where(TableSession.starts_at < cutoff)
    done = db.execute(
        update(SignUp).where(SignUp.payee_number.is_not(None), SignUp.session_id.in_(old)).values(payee_number=None)
    )
    return done.rowcount  # type: ignore[attr-defined, no-any-return]


def _books(db: Session, run: Run) -> int:
    return clear_payee_numbers(db, years=run.settings.compensation_retention_years, now=run.now)


def _condition(subject: mydata.Subject) -> Any:
    """SQL condition: sign-ups made with the account or with its e-mail address (a sign-up needs no account)."""
    same = [SignUp.person_id == subject.person_id] if subject.person_id is not None else []
    if subject.email:
        same.append(mydata.same_email(SignUp.email, subject.email))
    if not same:
        return None
    condition = and_(or_(*same), SignUp.anonymised_at.is_(None))
    if subject.network_id is not None:
        condition = and_(condition, SignUp.network_id == subject.network_id)
    return condition


def _mine(db: Session, subject: mydata.Subject) -> list[SignUp]:
    condition = _condition(subject)
    return [] if condition is None else list(db.scalars(select(SignUp).where(condition)))


def _export(db: Session, subject: mydata.Subject) -> list[dict[str, Any]]:
    condition = _condition(subject)
    signups = (
        []
        if condition is None
        else db.execute(
            select(SignUp, TableSession.starts_at, DialogueTable.name)
            .join(TableSession, TableSession.id == SignUp.session_id)
            .join(DialogueTable, DialogueTable.id == TableSession.table_id)
            .where(condition)
            .order_by(TableSession.starts_at, SignUp.id)
        )
    )
    rows: list[dict[str, Any]] = [
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
        for s, starts_at, table_name in signups
    ]
    if subject.person_id is not None:
        tables = db.scalars(
            select(DialogueTable.name)
            .join(TableFacilitator, TableFacilitator.table_id == DialogueTable.id)
            .where(TableFacilitator.person_id == subject.person_id, in_network(subject, DialogueTable.network_id))
        )
        rows += [{"facilitator_of": name} for name in tables]
    return rows


def _erase(db: Session, subject: mydata.Subject) -> int:
    rows = _mine(db, subject)
    now = utcnow()
    for s in rows:
        s.anonymise(now)
    if rows:
        db.execute(delete(CallTask).where(CallTask.signup_id.in_([s.id for s in rows])))
    touched = len(rows)
    if subject.person_id is None:
        return touched
    # As facilitator: the table loses its host, sign-ups and notes lose who typed them; they themselves stay.
    tables = select(DialogueTable.id).where(in_network(subject, DialogueTable.network_id))
    hosting = delete(TableFacilitator).where(
        TableFacilitator.person_id == subject.person_id, TableFacilitator.table_id.in_(tables)
    )
    touched += db.execute(hosting).rowcount  # type: ignore[attr-defined]
    touched += unlink(db, SignUp.registered_by_id, subject, in_network(subject, SignUp.network_id))
    touched += unlink(db, CallTask.done_by_id, subject, in_network(subject, CallTask.network_id))
    touched += unlink(db, NotePoint.created_by_id, subject, in_network(subject, NotePoint.network_id))
    return touched


PRIVACY = Provider("dialogue", lazy_gettext("Inschrijvingen voor dialoogtafels"), _export, _erase)
RETENTION = (
    Rule(
        "dialogue_signups",
        lazy_gettext(
            "Naam, contactgegevens en noden van wie inschreef voor een dialoogtafel worden {signup_retention_days} dagen na de sessie gewist. Het aantal deelnemers en de notities blijven."
        ),
        _retention,
    ),
    Rule(
        "dialogue_compensation_numbers",
        lazy_gettext(
            "Vrijwilligersvergoedingen blijven in de boekhouding met bedrag, datum en tafel, ook als naam en contact al gewist zijn. Het nummer dat de betalingen van één persoon samenhoudt, wissen we {compensation_retention_years} jaar na het einde van het jaar van de betaling."
        ),
        _books,
    ),
)
