"""What `lerend-netwerk send-reminders` does: a reminder to everyone with a place, each sent once, and then the
retention rule for old sign-ups, with a short report for the log."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.db import Database, utcnow
from lerend_netwerk.dialogue.mail import EmailChannel
from lerend_netwerk.dialogue.models import SessionStatus, SignUp, SignUpStatus, TableSession
from lerend_netwerk.dialogue.notices import Channel, Notice, deliver, queue
from lerend_netwerk.dialogue.privacy import anonymise_old
from lerend_netwerk.dialogue.service import info_for
from lerend_netwerk.mail import Messenger
from lerend_netwerk.registry import Registry
from lerend_netwerk.settings import Settings


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


def run_reminders(db: Database, channel: Channel, *, days_before: int, retention_days: int) -> tuple[int, int, int]:
    """(sent, failed, anonymised). Failed reminders are unmarked so the next run tries them again."""
    notices = db.write_sync(due_reminders, days_before=days_before)
    failed = deliver(channel, notices)
    for notice in failed:
        db.write_sync(unmark_reminder, notice.signup_id)
    anonymised = db.write_sync(anonymise_old, retention_days=retention_days)
    return len(notices) - len(failed), len(failed), anonymised.signups


def send_reminders(settings: Settings, *, days: int | None = None) -> int:
    db = Database(settings.database_url)
    try:
        sent, failed, anonymised = run_reminders(
            db,
            EmailChannel(Messenger(settings), settings, Registry.build().urls),
            days_before=settings.reminder_days_before if days is None else days,
            retention_days=settings.signup_retention_days,
        )
    finally:
        db.dispose()
    print(f"Reminders sent: {sent}. Failed (tried again next run): {failed}. Sign-ups anonymised: {anonymised}.")
    return 1 if failed else 0
