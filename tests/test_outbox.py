"""The outbox, in the conditions that broke mail before (issue 13, point 2): the real SMTP server stopped while a
person signs up, then started again; two delivery runs at once on separate engines; a worker that died mid-send;
an address the server refuses. Every mail arrives exactly once or is shown as not sent, and the coordinator sees
their own network's mails (never a text, never another network's)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import select, update
from starlette.testclient import TestClient

from lerend_netwerk import outbox, periodic, retention
from lerend_netwerk.accounts import sessions
from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database, utcnow
from lerend_netwerk.mail import Message
from lerend_netwerk.outbox import OutboxMessage
from lerend_netwerk.registry import Registry
from tests.conftest import csrf_from
from tests.dialogue.helpers import make_session
from tests.smtp import REFUSED_DOMAIN, SmtpServer, body_of
from tests.test_production_start import environment, free_port, server


@pytest.fixture
def mail_server() -> Iterator[SmtpServer]:
    """A real SMTP server of this test's own, not listening yet: stop and start it at will."""
    server = SmtpServer()
    yield server
    server.stop()


def rows(db: Database) -> list[OutboxMessage]:
    return db.read_sync(lambda s: list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))))


def sign_up(client: TestClient, network, session_id: int, name: str, email: str):  # noqa: ANN001, ANN201
    page = client.get(f"/n/{network.slug}/dialoogtafels/sessies/{session_id}")
    data = {"voornaam": name, "email": email, "toestemming": "1", "csrf_token": csrf_from(page.text)}
    return client.post(f"/n/{network.slug}/dialoogtafels/sessies/{session_id}/inschrijven", data=data)


def test_a_confirmation_waits_while_the_mail_server_is_down_and_arrives_once_when_it_is_back(
    make_settings, db, registry, network, people, mail_server
):
    settings = make_settings(smtp_url=f"smtp://127.0.0.1:{mail_server.port}")
    app = create_app(settings, db=db, registry=registry)
    _, session_id = make_session(db, network, people["facilitator"])
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        # the mail server is down: the sign-up is saved, the page promises a mail and does not claim it went out
        answer = sign_up(client, network, session_id, "Amina", "amina@example.be")
        assert answer.status_code == 200 and "Je bent ingeschreven" in answer.text
        assert "We sturen je een bevestiging naar amina@example.be." in answer.text
        assert "stuurden" not in answer.text
        assert mail_server.outbox == []
        [row] = rows(db)
        assert (row.status, row.attempts, row.last_error, row.kind) == (
            "queued",
            1,
            "unreachable",
            "dialogue.confirmation",
        )
        assert "Amina" in row.body and row.attachments  # waiting with its text and calendar file

        # the coordinator sees it waiting, and why
        login = db.write_sync(sessions.start, people["coordinator"].id, "test")
        client.cookies.set(sessions.cookie_name(settings, "ln_session"), login)
        page = client.get("/n/zele/berichten")
        assert page.status_code == 200
        assert "amina@example.be" in page.text and "Wacht om te vertrekken" in page.text
        assert "De mailserver was niet bereikbaar." in page.text
        assert "Bus 34" not in page.text  # never a message's text

    # the server is back; a periodic run before the back-off has passed sends nothing, the one after sends it once
    mail_server.start()
    assert outbox.deliver_due(db, outbox.channel(settings)).sent == 0
    later = utcnow() + timedelta(minutes=2)
    outcomes = periodic.run_due(settings, registry, db, now=later)
    assert ("outbox", "done") in [(o.job, o.state) for o in outcomes]
    assert [m["To"].addresses[0].addr_spec for m in mail_server.outbox] == ["amina@example.be"]
    assert "Bus 34" in body_of(mail_server.outbox[0])
    periodic.run_due(settings, registry, db, now=later + timedelta(minutes=5))
    assert outbox.deliver_due(db, outbox.channel(settings), now=lambda: later + timedelta(days=1)).sent == 0
    assert len(mail_server.outbox) == 1

    # sent: the text and the calendar file are gone, what the coordinator sees stays
    [row] = rows(db)
    assert (row.status, row.attempts, row.body, row.attachments) == ("sent", 2, "", [])
    assert row.sent_at is not None and row.recipient == "amina@example.be"


def test_two_delivery_runs_at_once_send_each_message_once(make_settings, network, mail_server):
    settings = make_settings(smtp_url=f"smtp://127.0.0.1:{mail_server.port}")
    mail_server.start()
    setup = Database(settings.database_url)

    def queue(s) -> None:  # noqa: ANN001
        for i in range(40):
            message = Message(to=f"persoon{i}@example.be", subject=f"Bericht {i}", text=f"Tekst {i}")
            outbox.enqueue(s, message, kind="test", network_id=network.id)

    setup.write_sync(queue)
    setup.dispose()

    start = threading.Barrier(2)
    reports: list[outbox.Report] = []

    def worker() -> None:
        database = Database(settings.database_url)  # an engine of its own, as a second process would have
        try:
            start.wait()
            reports.append(outbox.deliver_due(database, outbox.channel(settings)))
        finally:
            database.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    subjects = sorted(str(m["Subject"]) for m in mail_server.outbox)
    assert subjects == sorted(f"Bericht {i}" for i in range(40))  # each once, none lost
    assert sum(r.sent for r in reports) == 40
    check = Database(settings.database_url)
    assert {(r.status, r.attempts) for r in rows(check)} == {("sent", 1)}
    check.dispose()


def test_a_message_whose_worker_died_mid_send_is_not_sent_again_on_its_own(db, settings, network, outbox_mail):
    outbox_mail.clear()
    message = Message(to="koen@example.be", subject="Herinnering", text="Tot morgen")
    db.write_sync(outbox.enqueue, message, kind="test", network_id=network.id)
    # a worker claimed it ten minutes and more ago and was never heard of again
    claimed = utcnow() - timedelta(minutes=11)
    db.write_sync(lambda s: s.execute(update(OutboxMessage).values(status="sending", claimed_at=claimed, attempts=1)))
    report = outbox.deliver_due(db, outbox.channel(settings))
    assert (report.sent, report.interrupted) == (0, 1)
    assert outbox_mail == []
    [row] = rows(db)
    assert (row.status, row.last_error) == ("failed", "interrupted")
    assert outbox.deliver_due(db, outbox.channel(settings), now=lambda: utcnow() + timedelta(days=3)).sent == 0
    # an operator who knows it did not arrive queues it again
    assert db.write_sync(outbox.retry_failed) == 1
    assert outbox.deliver_due(db, outbox.channel(settings)).sent == 1
    assert [str(m["Subject"]) for m in outbox_mail] == ["Herinnering"]


def test_an_address_the_server_refuses_fails_at_once_and_the_rest_still_goes(db, settings, network, outbox_mail):
    outbox_mail.clear()
    for to in (f"niemand{REFUSED_DOMAIN}", "wel@example.be"):
        db.write_sync(outbox.enqueue, Message(to=to, subject="Bericht", text="Dag"), kind="test", network_id=network.id)
    report = outbox.deliver_due(db, outbox.channel(settings))
    assert (report.sent, report.failed, report.retry) == (1, 1, 0)
    assert [m["To"].addresses[0].addr_spec for m in outbox_mail] == ["wel@example.be"]
    refused, sent = rows(db)
    assert (refused.status, refused.last_error, refused.attempts) == ("failed", "refused:550", 1)
    assert sent.status == "sent"


def test_the_coordinator_sees_only_their_own_networks_mails_and_never_a_text(
    client, db, network, other_network, people, login_as
):
    def queue(s) -> None:  # noqa: ANN001
        outbox.enqueue(
            s, Message(to="zele@example.be", subject="Over Zele", text="GEHEIM-Z"), kind="t", network_id=network.id
        )
        outbox.enqueue(
            s,
            Message(to="temse@example.be", subject="Over Temse", text="GEHEIM-T"),
            kind="t",
            network_id=other_network.id,
        )
        outbox.enqueue(
            s, Message(to="iedereen@example.be", subject="Inloggen", text="GEHEIM-P"), kind="t", network_id=None
        )

    db.write_sync(queue)
    login_as("coordinator")
    page = client.get("/n/zele/berichten").text
    assert "zele@example.be" in page and "Over Zele" in page
    for other in ("temse@example.be", "Over Temse", "iedereen@example.be", "GEHEIM"):
        assert other not in page
    login_as("outsider")  # the coordinator of Temse
    assert client.get("/n/zele/berichten").status_code == 403
    assert "Over Temse" in client.get("/n/temse/berichten").text
    # a filter by state, and a refused value answered next to the field
    login_as("coordinator")
    assert "Over Zele" not in client.get("/n/zele/berichten?stand=failed").text
    refused = client.get("/n/zele/berichten?stand=verzonnen")
    assert refused.status_code == 422 and "Kies een van de mogelijkheden" in refused.text


def test_bodies_go_when_sent_and_the_log_after_the_set_days(db, settings, network, outbox_mail):
    db.write_sync(
        outbox.enqueue,
        Message(to="a@example.be", subject="Link", text="https://x/inloggen/link/abc"),
        kind="t",
        network_id=None,
    )
    db.write_sync(
        outbox.enqueue, Message(to="b@example.be", subject="Wacht", text="Dag"), kind="t", network_id=network.id
    )
    db.write_sync(
        lambda s: s.execute(
            update(OutboxMessage).where(OutboxMessage.recipient == "b@example.be").values(status="failed")
        )
    )
    outbox.deliver_due(db, outbox.channel(settings))
    assert [(r.recipient, r.body) for r in rows(db)] == [("a@example.be", ""), ("b@example.be", "Dag")]

    def run(days: int) -> dict[str, int]:
        return db.write_sync(retention.run, settings, Registry.build(), now=utcnow() + timedelta(days=days))

    assert run(settings.outbox_keep_days - 1)["mail_log"] == 0
    assert len(rows(db)) == 2
    assert run(settings.outbox_keep_days + 1)["mail_log"] == 2
    assert rows(db) == []
    assert run(settings.outbox_keep_days + 1)["mail_log"] == 0


@pytest.fixture
def outbox_mail(outbox):  # noqa: ANN001, ANN201
    """The shared SMTP fixture's received mail (named apart from the `outbox` module used here)."""
    return outbox


def test_mail_leaves_only_through_the_outbox():
    """One way to send mail: only `mail.py` speaks SMTP, and only the outbox hands messages to it. Everything
    else writes into the outbox (`outbox.enqueue`) in its transaction."""
    package = Path(__file__).resolve().parents[1] / "lerend_netwerk"
    speaks_smtp, sends = [], []
    for path in sorted(package.rglob("*.py")):
        name = str(path.relative_to(package))
        text = path.read_text()
        if "smtplib" in text and name != "mail.py":
            speaks_smtp.append(name)
        if ("SmtpChannel" in text or ".send(" in text) and name not in ("mail.py", "outbox.py"):
            sends.append(name)
    assert speaks_smtp == [] and sends == []


@pytest.mark.slow
def test_a_slow_mail_server_keeps_no_other_request_waiting(db, database_url, people, tmp_path, mail_server):
    """A real `lerend-netwerk serve` process; the mail server keeps the message waiting. The answer to the login
    request has come, the delivery is under way (claimed: `sending`), and the server still answers other
    requests: the mail is sent off the event loop. Then the mail server answers, and the mail arrives once."""
    mail_server.start()
    mail_server.hold()
    port = free_port()
    env = environment(database_url, tmp_path, mail_server.port, port)
    with server(env, port, "--no-migrate") as base, httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/inloggen")
        data = {"email": "member@zele.example", "csrf_token": csrf_from(page.text)}
        answer = client.post("/inloggen/email", data=data, headers={"Origin": base})
        assert answer.status_code == 200 and "Kijk in je mail" in answer.text
        assert mail_server.holding.wait(30), "the mail never reached the mail server"
        # the mail server holds the message (for up to the 20 s SMTP timeout): other requests are answered now
        assert client.get("/healthz", timeout=10).status_code == 200
        assert client.get("/inloggen", timeout=10).status_code == 200
        assert mail_server.outbox == []
        assert [r.status for r in rows(db)] == ["sending"]
        mail_server.release()
        deadline = time.monotonic() + 30
        while [r.status for r in rows(db)] != ["sent"] and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m["To"].addresses[0].addr_spec for m in mail_server.outbox] == ["member@zele.example"]
    assert [r.status for r in rows(db)] == ["sent"]


def queue_many(db: Database, network, count: int) -> None:  # noqa: ANN001
    for n in range(count):
        message = Message(to=f"persoon{n}@example.be", subject=f"Bericht {n}", text="Dag")
        db.write_sync(outbox.enqueue, message, kind="test", network_id=network.id)


def test_a_busy_outbox_goes_out_in_batches_over_one_connection_each(db, make_settings, network, mail_server):
    """Twenty-five mails waiting (a burst of sign-ups): one run sends them all, twenty over one connection to the
    mail server and five over a second, and every one is marked sent with its content dropped."""
    mail_server.start()
    settings = make_settings(smtp_url=f"smtp://127.0.0.1:{mail_server.port}")
    queue_many(db, network, 25)
    report = outbox.deliver_due(db, outbox.channel(settings))
    assert (report.sent, report.failed, report.retry) == (25, 0, 0)
    assert sorted(str(m["Subject"]) for m in mail_server.outbox) == sorted(f"Bericht {n}" for n in range(25))
    assert mail_server.connections == [1] * outbox.BATCH + [2] * (25 - outbox.BATCH)
    assert {(r.status, r.attempts, r.body) for r in rows(db)} == {("sent", 1, "")}


def test_a_mail_server_that_gets_busy_mid_batch_leaves_the_rest_queued_untouched(
    db, make_settings, network, mail_server
):
    """The server takes two mails, then answers "busy" to everything: the third waits for its retry, the two not
    tried yet are queued again as if never claimed (no attempt counted), and nothing is sent twice."""
    mail_server.start()
    mail_server.busy_after(2)
    settings = make_settings(smtp_url=f"smtp://127.0.0.1:{mail_server.port}")
    queue_many(db, network, 5)
    report = outbox.deliver_due(db, outbox.channel(settings))
    assert (report.sent, report.retry, report.failed) == (2, 1, 0)
    states = [(r.status, r.attempts, r.last_error) for r in rows(db)]
    assert states == [
        ("sent", 1, ""),
        ("sent", 1, ""),
        ("queued", 1, "temporary:421"),
        ("queued", 0, ""),
        ("queued", 0, ""),
    ]
    mail_server.busy_after(None)
    later = utcnow() + timedelta(minutes=2)
    assert outbox.deliver_due(db, outbox.channel(settings), now=lambda: later).sent == 3
    assert sorted(str(m["Subject"]) for m in mail_server.outbox) == [f"Bericht {n}" for n in range(5)]
