"""The cron command's body: reminders (each sent once) and retention, with a short report for the log."""

from __future__ import annotations

from lerend_netwerk.db import Database
from lerend_netwerk.dialogue import cron
from lerend_netwerk.dialogue.mail import EmailChannel
from lerend_netwerk.mail import Messenger
from lerend_netwerk.settings import Settings


def run_reminders(
    db: Database, channel: EmailChannel, *, days_before: int, retention_days: int
) -> tuple[int, int, int]:
    """(sent, failed, anonymised). Failed reminders are unmarked so the next run tries them again."""
    notices = db.write_sync(cron.due_reminders, days_before=days_before)
    sent = failed = 0
    for notice in notices:
        if channel.deliver(notice):
            sent += 1
        else:
            failed += 1
            db.write_sync(cron.unmark_reminder, notice.signup_id)
    anonymised = db.write_sync(cron.anonymise_old, retention_days=retention_days)
    return sent, failed, anonymised.signups


def send_reminders(settings: Settings, *, days: int | None = None) -> int:
    db = Database(settings.database_url)
    try:
        sent, failed, anonymised = run_reminders(
            db,
            EmailChannel(Messenger(settings), settings),
            days_before=settings.reminder_days_before if days is None else days,
            retention_days=settings.signup_retention_days,
        )
    finally:
        db.dispose()
    print(f"Reminders sent: {sent}. Failed (tried again next run): {failed}. Sign-ups anonymised: {anonymised}.")
    return 1 if failed else 0
