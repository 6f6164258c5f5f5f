"""What `lerend-netwerk send-reminders` does, as plain functions: reminders once, and retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue.models import CallTask, SessionStatus, SignUp, SignUpStatus, TableSession
from lerend_netwerk.dialogue.notices import Notice, queue
from lerend_netwerk.dialogue.service import info_for


def due_reminders(db: Session, *, days_before: int, now: datetime | None = None) -> list[Notice]:
    """Mark every confirmed sign-up of a session starting within `days_before` days as reminded, and return the
    notices to send. Marking happens in this transaction, so a second run (or a parallel one) finds nothing."""
    now = now or utcnow()
    rows = db.execute(
        select(SignUp, TableSession)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .where(
            SignUp.status == SignUpStatus.CONFIRMED,
            SignUp.reminder_sent_at.is_(None),
            SignUp.anonymised_at.is_(None),
            TableSession.status == SessionStatus.PLANNED,
            TableSession.starts_at > now,
            TableSession.starts_at <= now + timedelta(days=days_before),
        )
        .with_for_update(of=SignUp)
    ).all()
    notices: list[Notice] = []
    for signup, session in rows:
        signup.reminder_sent_at = now
        notices += queue(db, signup, "reminder", info_for(db, session))
    return notices


def unmark_reminder(db: Session, signup_id: int) -> None:
    """A reminder that could not be sent is tried again at the next run."""
    signup = db.get(SignUp, signup_id)
    if signup is not None:
        signup.reminder_sent_at = None


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
        anonymise(s, now)
        sessions.add(s.session_id)
    if rows:
        db.execute(delete(CallTask).where(CallTask.signup_id.in_([s.id for s in rows])))
        audit.record(db, "dialogue.anonymised", actor_id=None, count=len(rows))
    return Anonymised(len(rows), len(sessions))


def anonymise(s: SignUp, now: datetime | None = None) -> None:
    """Erase what identifies the person or their needs; keep status, attendance and compensation."""
    s.first_name = ""
    s.email = None
    s.phone = None
    s.person_id = None
    s.childcare = False
    s.children_count = None
    s.children_ages = ""
    s.transport = False
    s.interpreter = False
    s.interpreter_language = ""
    s.diet = ""
    s.accessibility = ""
    s.other_needs = ""
    s.link_nonce = None
    s.token_hash = None
    s.anonymised_at = now or utcnow()
