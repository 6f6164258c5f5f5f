"""The demo gives Temse a dialogue table with past and coming sessions, needs, a waiting list and notes."""

from __future__ import annotations

from sqlalchemy import func, select

from lerend_netwerk import demo
from lerend_netwerk.dialogue.models import NotePoint, SignUp, SignUpStatus
from lerend_netwerk.registry import Registry
from lerend_netwerk.signals.models import SignalSource


def test_demo_fills_temses_dialogue_table(client, db, settings):
    assert db.write_sync(demo.fill, settings, Registry.build())
    page = client.get("/n/temse/dialoogtafels")
    assert "Dialoogtafel Temse" in page.text and "Volzet, wachtlijst open" in page.text
    assert db.read_sync(lambda s: s.scalar(select(func.count()).where(SignUp.status == SignUpStatus.WAITING))) == 2
    assert db.read_sync(lambda s: s.scalar(select(func.count()).where(SignUp.childcare.is_(True)))) == 1
    points = db.read_sync(lambda s: s.scalars(select(NotePoint)).all())
    assert len(points) == 2 and any(p.signal_id for p in points)
    handed = next(p for p in points if p.signal_id)
    source = db.read_sync(lambda s: s.scalar(select(SignalSource).where(SignalSource.signal_id == handed.signal_id)))
    assert source.link == f"/n/temse/dialoogtafels/sessies/{handed.session_id}"
    session_page = client.get(source.link)
    assert session_page.status_code == 200 and "<dt>Wijk</dt><dd>Centrum</dd>" in session_page.text
    table = client.get("/n/temse/dialoogtafels/tafels/1")
    assert "Vorige sessies" in table.text and "Volgende sessies" in table.text
