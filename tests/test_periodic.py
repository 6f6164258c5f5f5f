"""`lerend-netwerk periodic` (issue 13, point 3): one command runs every due job, does each job's work once when
run twice in a row or from two hosts at the same moment (real separate processes), knows when each job is due
(the clock moved), and a failing job keeps neither the others nor its own next run from happening."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

from sqlalchemy import func, select

from lerend_netwerk import periodic
from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.capability import Capability
from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue.models import TableSession
from lerend_netwerk.networks.models import Role
from lerend_netwerk.practices import service as practices
from lerend_netwerk.practices.access import Viewer
from lerend_netwerk.registry import Registry
from tests.dialogue.helpers import make_session, sign
from tests.practices.helpers import make_practice


def due_work(db, network, people) -> None:  # noqa: ANN001
    """One reminder due (a session tomorrow), one follower with a new practice, one audit entry past retention."""
    _, soon = make_session(db, network, people["facilitator"], days=1)
    sign(db, network, soon, "Amina", "amina@example.be")
    viewer = Viewer(people["member"].id, {network.id: Role.MEMBER})
    db.write_sync(practices.toggle_follow, network.id, None, viewer=viewer)
    make_practice(db, network, people["facilitator"], title="Kinderopvang tijdens de activiteit")
    old = utcnow() - timedelta(days=2000)
    db.write_sync(lambda s: s.add(AuditEvent(action="test.old", actor_id=None, at=old, details={})))


def ten_past_the_hour() -> datetime:
    """The last moment at ten past an hour (at most an hour ago): five minutes later is still that hour. Hourly jobs
    are due at every full hour, so a test that runs at 15:57 and moves the clock 5 minutes on would rightly find them
    due again. Not in the future: what the test adds after it must be newer than the first run."""
    return (utcnow() - timedelta(minutes=10)).replace(minute=10, second=0, microsecond=0)


def command(settings) -> subprocess.Popen:  # noqa: ANN001
    env = os.environ | {
        "LN_DATABASE_URL": settings.database_url,
        "LN_SMTP_URL": settings.smtp_url,
        "LN_SECRET_KEY": settings.secret_key,
        "LN_BASE_URL": settings.base_url,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "lerend_netwerk", "periodic"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> dict[str, str]:
    """job -> what the run printed for it ("done: ...", "not due", "running elsewhere")."""
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return dict(line.split(": ", 1) for line in out.splitlines())


def mails(outbox) -> list[tuple[str, str]]:  # noqa: ANN001
    return sorted((m["To"].addresses[0].addr_spec, str(m["Subject"])) for m in outbox)


EXPECTED = [
    ("amina@example.be", "Tot binnenkort: Dialoogtafel Zele"),
    ("member@zele.example", "Nieuws over praktijken in Kansenplatform Zele"),
]


def test_periodic_twice_does_each_jobs_work_once(db, network, people, settings, outbox):
    due_work(db, network, people)
    outbox.clear()
    first = finished(command(settings))
    assert first["dialogue.reminders"] == "done: 1 reminder(s) queued"
    assert first["practices.digests"] == "done: 1 digest(s) queued"
    assert first["retention"].startswith("done: ") and "audit: 1" in first["retention"]
    assert first["outbox"].startswith("done: 2 sent")
    assert mails(outbox) == EXPECTED
    second = finished(command(settings))
    assert second.pop("outbox").startswith("done: 0 sent")  # the outbox looks on every run; nothing is left
    assert set(second.values()) == {"not due"}
    assert mails(outbox) == EXPECTED


def test_periodic_from_two_hosts_at_once_does_each_jobs_work_once(db, network, people, settings, outbox):
    due_work(db, network, people)
    outbox.clear()
    one, two = command(settings), command(settings)  # started together, like cron on two hosts
    results = [finished(one), finished(two)]
    for job in ("dialogue.reminders", "practices.digests", "retention", "outbox"):
        states = sorted(r[job].split(":")[0] for r in results)
        if job == "outbox":  # runs on both hosts: each sends what its own jobs queued, messages claimed one by one
            assert states == ["done", "done"], results
        else:
            assert states[0] == "done" and states[1] in ("not due", "running elsewhere"), (job, results)
    assert mails(outbox) == EXPECTED  # every mail sent in this run, once
    assert db.read_sync(lambda s: s.scalar(select(func.count()).where(AuditEvent.action == "test.old"))) == 0


def test_each_job_runs_when_it_is_due_with_the_clock_moved(db, network, people, settings, outbox):
    registry = Registry.build()
    jobs = {job.name: job for job in registry.jobs}
    start = ten_past_the_hour()
    _, later_session = make_session(db, network, people["facilitator"], days=10)
    sign(db, network, later_session, "Bert", "bert@example.be")
    viewer = Viewer(people["member"].id, {network.id: Role.MEMBER})
    db.write_sync(practices.toggle_follow, network.id, None, viewer=viewer)

    def run(at) -> dict[str, str]:  # noqa: ANN001
        return {o.job: o.state for o in periodic.run_due(settings, registry, db, now=at)}

    assert set(run(start).values()) == {"done"}  # the first run: every job is due
    outbox.clear()
    make_practice(db, network, people["facilitator"], title="Gratis zwemmen op woensdag")
    # five minutes on: only the outbox (every minute) is due; no digest, although there is news
    assert run(start + timedelta(minutes=5)) == {
        "retention": "not due",
        "outbox": "done",
        "practices.digests": "not due",
        "dialogue.reminders": "not due",
        "offers.reminders": "not due",
    }
    assert outbox == []
    # the next morning at 05:00 UTC the digest goes, once
    morning = jobs["practices.digests"].next_due(start)
    assert morning - start <= timedelta(days=1) and morning.hour == 5 and morning.minute == 0
    assert run(morning)["practices.digests"] == "done"
    assert run(morning + timedelta(minutes=5))["practices.digests"] == "not due"
    assert mails(outbox) == [("member@zele.example", "Nieuws over praktijken in Kansenplatform Zele")]
    # a day and a half before the session (LN_REMINDER_DAYS_BEFORE is 2): the hourly job finds Bert's reminder, once
    outbox.clear()
    starts_at = db.read_sync(lambda s: s.get(TableSession, later_session).starts_at)
    reminder_time = starts_at - timedelta(days=1, hours=12)
    assert run(reminder_time)["dialogue.reminders"] == "done"
    assert run(reminder_time + timedelta(hours=1))["dialogue.reminders"] == "done"
    assert mails(outbox) == [("bert@example.be", "Tot binnenkort: Dialoogtafel Zele")]


def test_a_failing_job_stops_no_other_and_is_due_again(db, settings):
    ran: list[str] = []

    def boom(context: periodic.JobContext) -> str:
        ran.append("boom")
        raise RuntimeError("broken")

    def fine(context: periodic.JobContext) -> str:
        ran.append("fine")
        return "ok"

    jobs = (periodic.Job("x.boom", timedelta(hours=1), boom), periodic.Job("x.fine", timedelta(hours=1), fine))
    registry = Registry.build([Capability(name="x", jobs=jobs)])
    now = ten_past_the_hour()
    first = periodic.run_due(settings, registry, db, now=now)
    assert [(o.job, o.state) for o in first] == [("x.boom", "failed"), ("x.fine", "done")]
    second = periodic.run_due(settings, registry, db, now=now + timedelta(minutes=5))
    assert [(o.job, o.state) for o in second] == [("x.boom", "failed"), ("x.fine", "not due")]
    assert ran == ["boom", "fine", "boom"]
    # a run that holds a job keeps another from starting it until its lease ends
    db.write_sync(periodic.claim, jobs[1], now + timedelta(hours=2))
    held = periodic.run_due(settings, registry, db, now=now + timedelta(hours=2, minutes=1))
    assert ("x.fine", "running elsewhere") in [(o.job, o.state) for o in held]
    freed = periodic.run_due(settings, registry, db, now=now + timedelta(hours=3, minutes=1))
    assert ("x.fine", "done") in [(o.job, o.state) for o in freed]
