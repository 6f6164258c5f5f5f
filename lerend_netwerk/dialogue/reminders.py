"""Reminders before a session: each sign-up with a place is reminded once. The periodic job (`dialogue.reminders`,
hourly from `lerend-netwerk periodic`) queues them into the outbox; `lerend-netwerk send-reminders` does the same
by hand, then applies the retention rule for old sign-ups and delivers the outbox, with a short report."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk import outbox
from lerend_netwerk.db import Database, utcnow
from lerend_netwerk.dialogue.mail import post
from lerend_netwerk.dialogue.models import SessionStatus, SignUp, SignUpStatus, TableSession
from lerend_netwerk.dialogue.notices import Notice, queue
from lerend_netwerk.dialogue.privacy import anonymise_old
from lerend_netwerk.dialogue.service import info_for
from lerend_netwerk.settings import Settings
from lerend_netwerk.web.urls import Urls

if TYPE_CHECKING:
    from lerend_netwerk.periodic import JobContext


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


def queue_reminders(
    db: Session, settings: Settings, urls: Urls, *, days_before: int, now: datetime | None = None
) -> int:
    """Mark the due reminders and write their e-mails into the outbox, in one transaction; returns how many."""
    return post(db, due_reminders(db, days_before=days_before, now=now), settings, urls)


def job(context: JobContext) -> str:
    """The periodic job: queue the reminders that are due now."""
    settings = context.settings
    queued = context.database.write_sync(
        queue_reminders,
        settings,
        context.registry.urls,
        days_before=settings.reminder_days_before,
        now=context.now,
    )
    return f"{queued} reminder(s) queued"


def send_reminders(settings: Settings, *, days: int | None = None) -> int:
    """`lerend-netwerk send-reminders`: queue the due reminders, anonymise old sign-ups, deliver the outbox."""
    from lerend_netwerk.registry import Registry  # the registry imports every capability, this one included

    db = Database.from_settings(settings)
    try:
        queued = db.write_sync(
            queue_reminders,
            settings,
            Registry.build().urls,
            days_before=settings.reminder_days_before if days is None else days,
        )
        anonymised = db.write_sync(anonymise_old, retention_days=settings.signup_retention_days)
        delivered = outbox.deliver_due(db, outbox.channel(settings))
    finally:
        db.dispose()
    print(f"Reminders queued: {queued}. Sign-ups anonymised: {anonymised.signups}. Outbox: {delivered}.")
    return 0
