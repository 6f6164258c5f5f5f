"""Moving and cancelling a session tells everyone; reminders go out once; retention erases old contact data."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue import privacy, queries, service, session_work
from lerend_netwerk.dialogue.models import CallTask, NotePoint, SignUp, SignUpStatus, TableSession
from lerend_netwerk.dialogue.reminders import queue_reminders
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.mail import SmtpChannel
from lerend_netwerk.outbox import channel, deliver_due
from lerend_netwerk.registry import Registry
from lerend_netwerk.web.errors import NotFound
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session, sign


def _event(message):  # noqa: ANN001, ANN202
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    cal = icalendar.Calendar.from_ical(part.get_content())
    return cal, cal.walk("VEVENT")[0]


def test_moving_a_session_tells_everyone_with_an_updated_calendar_entry(client, db, network, people, login_as, outbox):
    _, session_id = make_session(db, network, people["facilitator"], capacity=1)
    sign(db, network, session_id, "A", "a@x.be")
    sign(db, network, session_id, "B", "b@x.be")
    sign(db, network, session_id, "C", phone="0470 00 00 01")
    login_as("facilitator")
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/wijzigen")
    assert page.status_code == 200
    new_start = (utcnow() + timedelta(days=20)).strftime("%Y-%m-%dT14:00")
    data = {
        "csrf_token": csrf_from(page.text),
        "start": new_start,
        "duur": "90",
        "plaats": "Bibliotheek",
        "adres": "Markt 2",
        "weg": "Aan de kerk, de glazen deur.",
        "plaatsen": "2",
        "inschrijven_tot": "0",
        "vergoeding": "25",
    }
    response = client.post(f"/n/zele/dialoogtafels/sessies/{session_id}/wijzigen", data=data)
    assert response.status_code == 303
    by_to = {m["To"].addresses[0].addr_spec: m for m in outbox}
    assert set(by_to) == {"a@x.be", "b@x.be"}
    assert "Gewijzigd" in by_to["a@x.be"]["Subject"]
    assert "plaats vrij" in by_to["b@x.be"]["Subject"]  # capacity went up: B was promoted
    cal, event = _event(by_to["a@x.be"])
    assert str(cal["METHOD"]) == "REQUEST"
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").hour == 14 and "Bibliotheek" in str(event["LOCATION"])
    calls = db.read_sync(lambda s: s.scalars(select(CallTask.kind)).all())
    assert "change" in calls  # C gave only a phone number

    outbox.clear()
    page = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}/wijzigen")
    response = client.post(
        f"/n/zele/dialoogtafels/sessies/{session_id}/annuleren", data={"csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 303
    assert len(outbox) == 2
    cal, event = _event(outbox[0])
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    public = client.get(f"/n/zele/dialoogtafels/sessies/{session_id}")
    assert "gaat niet door" in public.text


def test_repeating_sessions_every_two_months(client, db, network, people, login_as):
    table_id, _ = make_session(db, network, people["facilitator"])
    login_as("facilitator")
    page = client.get(f"/n/zele/dialoogtafels/tafels/{table_id}/sessies")
    data = {
        "csrf_token": csrf_from(page.text),
        "start": "2030-01-31T19:00",
        "duur": "120",
        "plaats": "Sociaal Huis",
        "plaatsen": "10",
        "aantal": "4",
        "om_de": "2",
        "eenheid": "maanden",
    }
    assert client.post(f"/n/zele/dialoogtafels/tafels/{table_id}/sessies", data=data).status_code == 303
    starts = db.read_sync(
        lambda s: [
            x.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M")
            for x in s.scalars(
                select(TableSession.starts_at)
                .where(TableSession.starts_at > utcnow() + timedelta(days=365))
                .order_by(TableSession.starts_at)
            )
        ]
    )
    assert starts == ["2030-01-31 19:00", "2030-03-31 19:00", "2030-05-31 19:00", "2030-07-31 19:00"]
    bad = client.post(f"/n/zele/dialoogtafels/tafels/{table_id}/sessies", data=data | {"plaatsen": "nul", "start": ""})
    assert bad.status_code == 422 and "Vul een getal in" in bad.text and "Vul dit veld in" in bad.text


def test_reminders_are_sent_once(db, network, people, settings, outbox):
    _, soon = make_session(db, network, people["facilitator"], days=1)
    _, later = make_session(db, network, people["facilitator"], days=10, name="Andere tafel")
    sign(db, network, soon, "A", "a@x.be")
    sign(db, network, soon, "P", phone="0470 00 00 02")
    sign(db, network, later, "B", "b@x.be")
    outbox.clear()
    urls = Registry.build().urls
    assert db.write_sync(queue_reminders, settings, urls, days_before=2) == 1
    assert deliver_due(db, channel(settings)).sent == 1
    assert [m["To"].addresses[0].addr_spec for m in outbox] == ["a@x.be"]
    assert "Tot binnenkort" in outbox[0]["Subject"]
    assert _event(outbox[0])[1]["UID"]
    assert db.write_sync(queue_reminders, settings, urls, days_before=2) == 0
    assert deliver_due(db, channel(settings)).sent == 0
    assert len(outbox) == 1
    assert db.read_sync(lambda s: s.scalar(select(func.count()).where(CallTask.kind == "reminder"))) == 1


def test_a_reminder_that_could_not_leave_is_tried_again(db, network, people, settings, outbox):
    _, soon = make_session(db, network, people["facilitator"], days=1)
    sign(db, network, soon, "A", "a@x.be")
    outbox.clear()
    assert db.write_sync(queue_reminders, settings, Registry.build().urls, days_before=2) == 1
    nobody_listens = SmtpChannel("smtp://127.0.0.1:1", settings.mail_from)
    assert deliver_due(db, nobody_listens).retry == 1
    assert deliver_due(db, channel(settings)).sent == 0  # not yet: the first retry waits a minute
    later = utcnow() + timedelta(minutes=2)
    assert deliver_due(db, channel(settings), now=lambda: later).sent == 1
    assert [m["To"].addresses[0].addr_spec for m in outbox] == ["a@x.be"]


def test_retention_anonymises_old_signups_and_keeps_counts_and_notes(db, network, people):
    _, session_id = make_session(db, network, people["facilitator"], capacity=1)
    a = sign(db, network, session_id, "Amina", "amina@x.be", needs=service.Needs(childcare=True, children_count=2))
    sign(db, network, session_id, "Bert", phone="0470 11 22 33")
    db.write_sync(
        session_work.set_attendance, network.id, session_id, a.signup_id, True, actor_id=people["facilitator"].id
    )
    db.write_sync(
        session_work.add_point,
        network.id,
        session_id,
        text="De bus rijdt niet 's avonds",
        theme="",
        people_count=4,
        actor_id=1,
    )

    def age(s):  # noqa: ANN001, ANN202 - the session ended 91 days ago
        session = s.get(TableSession, session_id)
        session.starts_at -= timedelta(days=120)
        session.ends_at -= timedelta(days=120)

    db.write_sync(age)
    assert db.write_sync(privacy.anonymise_old, retention_days=90).signups == 2
    rows = db.read_sync(lambda s: s.scalars(select(SignUp).order_by(SignUp.id)).all())
    assert [(r.first_name, r.email, r.phone, r.childcare, r.token_hash) for r in rows] == [
        ("", None, None, False, None)
    ] * 2
    assert [r.status for r in rows] == [SignUpStatus.CONFIRMED, SignUpStatus.WAITING]
    assert rows[0].attended and rows[0].compensation_cents == 2500
    assert db.read_sync(lambda s: s.scalar(select(NotePoint.text))) == "De bus rijdt niet 's avonds"
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(CallTask))) == 0
    assert db.write_sync(privacy.anonymise_old, retention_days=90).signups == 0
    with pytest.raises(NotFound):
        db.read_sync(queries.link_view, network.id, a.token)


def test_send_reminders_command_runs_from_the_command_line(db, network, people, settings, outbox):
    _, soon = make_session(db, network, people["facilitator"], days=1)
    sign(db, network, soon, "A", "a@x.be")
    outbox.clear()
    env = os.environ | {
        "LN_DATABASE_URL": settings.database_url,
        "LN_SMTP_URL": settings.smtp_url,
        "LN_SECRET_KEY": settings.secret_key,
        "LN_REMINDER_DAYS_BEFORE": "2",
    }
    for expected in ("Reminders queued: 1.", "Reminders queued: 0."):
        done = subprocess.run(
            [sys.executable, "-m", "lerend_netwerk", "send-reminders"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout
    assert len(outbox) == 1
