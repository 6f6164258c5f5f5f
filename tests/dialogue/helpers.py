"""Factories for dialogue tests: a table with its facilitator and one session."""

from __future__ import annotations

from datetime import datetime, timedelta

from lerend_netwerk.dialogue import service
from lerend_netwerk.dialogue.service import SessionFields
from lerend_netwerk.i18n import TIMEZONE

SECRET = "test-secret-key-that-is-long-enough-0123456789"


def make_session(db, network, facilitator, *, capacity: int = 12, days: int = 10, deadline_days: int = 0, **kw):  # noqa: ANN001, ANN201
    """A table run by `facilitator` with one session `days` from now; returns (table_id, session_id)."""
    starts = (datetime.now(TIMEZONE) + timedelta(days=days)).replace(
        hour=19, minute=0, second=0, microsecond=0, tzinfo=None
    )

    def create(s):  # noqa: ANN001, ANN202
        table_id = service.create_table(
            s,
            network.id,
            name=kw.pop("name", "Dialoogtafel Zele"),
            theme="wonen",
            audience="Mensen met ervaring in armoede",
            facilitator_ids=[facilitator.id],
            actor_id=facilitator.id,
        )
        fields = SessionFields(
            starts_local=starts,
            minutes=120,
            place="Sociaal Huis",
            address="Kerkstraat 1, Zele",
            directions="Bus 34 tot halte Markt, dan 2 minuten te voet. De ingang is de groene deur.",
            accessibility="Gelijkvloers, toegankelijk met rolstoel.",
            expect="We praten over wonen.",
            capacity=capacity,
            deadline_days=deadline_days,
            compensation_cents=kw.pop("compensation_cents", 2500),
        )
        (session_id,) = service.create_sessions(
            s, network.id, table_id, fields, count=1, every=1, unit="weken", actor_id=facilitator.id
        )
        return table_id, session_id

    return db.write_sync(create)


def sign(db, network, session_id, name="Amina", email=None, phone=None, **kw):  # noqa: ANN001, ANN201
    return db.write_sync(
        service.sign_up, network.id, session_id, secret=SECRET, first_name=name, email=email, phone=phone, **kw
    )
