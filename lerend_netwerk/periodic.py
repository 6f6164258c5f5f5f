"""Periodic work in one command: `lerend-netwerk periodic` runs every job that is due, and is meant to be run
every few minutes (cron, a systemd timer), from one host or several at once.

Capabilities declare their jobs (`Capability.jobs`); the registry collects them. Each job says how often it is
due (`every`, aligned to UTC midnight plus `offset`: a daily job with offset 5 h is due once a day from 05:00
UTC), so running the command every five minutes does not send digests every five minutes.

A job runs at most once per due moment, across hosts: the `job_run` row of a job is claimed by one conditional
UPDATE (due, and not held by a live run) that also moves its due time on. PostgreSQL locks the row for that
statement and SQLite serialises writers, so of two hosts starting together one claims the job and the other sees
it is not due. A run that dies holds the job for `lease` at most; a run that fails makes the job due again at
the next run. The jobs themselves are idempotent too (reminders are marked sent in the transaction that queues
them), so even a job run twice by hand does its work once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import String, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from lerend_netwerk.db import Base, Database, utcnow
from lerend_netwerk.settings import Settings

if TYPE_CHECKING:
    from lerend_netwerk.registry import Registry

log = logging.getLogger("lerend_netwerk.periodic")

EPOCH = datetime(2000, 1, 3, tzinfo=UTC)  # a Monday, midnight UTC: weekly jobs fall on Mondays


@dataclass(frozen=True)
class JobContext:
    """What a job gets: the settings, the database, the registry (urls for links in mails, retention rules) and
    the moment of this run (moved by tests)."""

    settings: Settings
    database: Database
    registry: Registry
    now: datetime

    def clock(self) -> datetime:
        """The moment of this run, or later while it goes on (for timestamps of work done during the run)."""
        return max(self.now, utcnow())


@dataclass(frozen=True)
class Job:
    name: str  # unique over the registry, e.g. "dialogue.reminders"
    every: timedelta
    run: Callable[[JobContext], str]  # does the work; returns one line for the log
    offset: timedelta = timedelta(0)  # due moments: EPOCH + offset + k * every
    order: int = 50  # lower runs first; the outbox runs last, so mail queued by other jobs leaves in the same run
    lease: timedelta = timedelta(minutes=30)  # how long a run that died keeps others from starting the job
    # Due on every run, on every host at once: for work that is claimed item by item (the outbox), so mail that
    # another job queued in this run leaves in this run even while a run on another host is sending.
    each_run: bool = False

    def next_due(self, now: datetime) -> datetime:
        """The first due moment after `now`."""
        start = EPOCH + self.offset
        return start + ((now - start) // self.every + 1) * self.every


class JobRun(Base):
    """When each job is next due, and what its last run did."""

    __tablename__ = "job_run"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    due_at: Mapped[datetime | None] = mapped_column()  # None: due now (never ran, or the last run failed)
    running_until: Mapped[datetime | None] = mapped_column()  # set while a run holds the job
    last_started_at: Mapped[datetime | None] = mapped_column()
    last_finished_at: Mapped[datetime | None] = mapped_column()
    last_result: Mapped[str] = mapped_column(String(200), default="")


def claim(db: Session, job: Job, now: datetime) -> str:
    """ "claimed" when this run may do the job now; otherwise "not due" or "running elsewhere"."""
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    db.execute(dialect.insert(JobRun).values(name=job.name, last_result="").on_conflict_do_nothing())
    free = (
        ()
        if job.each_run
        else (
            or_(JobRun.due_at.is_(None), JobRun.due_at <= now),
            or_(JobRun.running_until.is_(None), JobRun.running_until <= now),
        )
    )
    taken = db.execute(
        update(JobRun)
        .where(JobRun.name == job.name, *free)
        .values(due_at=job.next_due(now), running_until=now + job.lease, last_started_at=now)
    ).rowcount  # type: ignore[attr-defined]
    if taken == 1:
        return "claimed"
    row = db.get(JobRun, job.name)
    assert row is not None
    return "running elsewhere" if row.running_until is not None and row.running_until > now else "not due"


def finish(db: Session, job: Job, now: datetime, result: str, *, ok: bool) -> None:
    values: dict[str, object] = {"running_until": None, "last_finished_at": now, "last_result": result[:200]}
    if not ok:
        values["due_at"] = None  # try again at the next run
    db.execute(update(JobRun).where(JobRun.name == job.name).values(**values))


@dataclass(frozen=True)
class Outcome:
    job: str
    state: str  # "done", "failed", "not due", "running elsewhere"
    result: str = ""


def run_due(
    settings: Settings, registry: Registry, database: Database, *, now: datetime | None = None
) -> list[Outcome]:
    """Run every due job once, in order; `now` moves the clock (tests). A failing job does not stop the others."""
    outcomes: list[Outcome] = []
    for job in sorted(registry.jobs, key=lambda j: (j.order, j.name)):
        moment = now or utcnow()
        state = database.write_sync(claim, job, moment)
        if state != "claimed":
            outcomes.append(Outcome(job.name, state))
            continue
        context = JobContext(settings, database, registry, moment)
        try:
            result = job.run(context)
        except Exception as exc:  # one broken job must not keep the others (the outbox) from running
            log.exception("periodic job %s failed", job.name)
            database.write_sync(finish, job, context.clock(), f"failed: {type(exc).__name__}", ok=False)
            outcomes.append(Outcome(job.name, "failed", type(exc).__name__))
            continue
        database.write_sync(finish, job, context.clock(), result, ok=True)
        outcomes.append(Outcome(job.name, "done", result))
    return outcomes


def schedule(db: Session, jobs: Sequence[Job]) -> list[tuple[Job, JobRun | None]]:
    """Each job with its row (None: never ran), for `lerend-netwerk periodic --list`."""
    return [(job, db.get(JobRun, job.name)) for job in sorted(jobs, key=lambda j: (j.order, j.name))]
