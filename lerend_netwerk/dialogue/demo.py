"""Demo: Temse's dialogue table, with a past session (attendance, notes, a point on the signals board), a coming
session with sign-ups and their needs, and a full session with a waiting list."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from lerend_netwerk.dialogue import service, session_work
from lerend_netwerk.dialogue.models import TableSession
from lerend_netwerk.dialogue.service import Needs, SessionFields
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.networks.models import Role
from lerend_netwerk.registry import Registry

PLACE = {
    "place": "Sociaal Huis Temse, zaal De Schelde",
    "address": "Frans Mesdaghstraat 4, 9140 Temse",
    "wijk": "Centrum",  # one of Temse's wijken: the wijk view counts the sessions there
    "directions": "Bus 49 of 99 tot halte Temse Markt. Dan 3 minuten te voet langs de kerk. De ingang is de blauwe deur naast de bibliotheek; bel aan bij 'Sociaal Huis'.",
    "accessibility": "Alles is gelijkvloers. Er is een toilet voor rolstoelgebruikers. Kinderen kunnen in de speelhoek, er is opvang.",
    "expect": "We drinken koffie en praten in een kleine groep over wat moeilijk loopt in Temse. U vertelt wat u wilt, niet meer.",
}


def _fields(days: int, capacity: int) -> SessionFields:
    starts = (datetime.now(TIMEZONE) + timedelta(days=days)).replace(
        hour=14, minute=0, second=0, microsecond=0, tzinfo=None
    )
    return SessionFields(
        starts_local=starts, minutes=120, capacity=capacity, deadline_days=1, compensation_cents=2500, **PLACE
    )


def fill(db: Session, demo: Any) -> None:
    network = demo.networks["temse"]
    facilitator = demo.people[("temse", Role.FACILITATOR)]
    secret = demo.settings.secret_key
    table_id = service.create_table(
        db,
        network.id,
        name="Dialoogtafel Temse",
        theme="wonen",
        audience="Voor iedereen die weet hoe het is om rond te komen met weinig geld. Jij bent de deskundige.",
        facilitator_ids=[facilitator.id],
        actor_id=facilitator.id,
    )

    def session(days: int, capacity: int) -> int:
        (sid,) = service.create_sessions(
            db, network.id, table_id, _fields(days, capacity), count=1, every=1, unit="weken", actor_id=facilitator.id
        )
        return sid

    # A past session: signed up while it was ahead, then moved into the past (sign-up refuses past sessions).
    past = session(5, 12)
    people = [
        ("Fatima", "fatima@example.be", None),
        ("Johan", None, "0470 11 22 33"),
        ("Rita", "rita@example.be", None),
    ]
    for name, email, phone in people:
        result = service.sign_up(db, network.id, past, secret=secret, first_name=name, email=email, phone=phone)
        session_work.set_attendance(db, network.id, past, result.signup_id, True, actor_id=facilitator.id)
    moved = db.get(TableSession, past)
    assert moved is not None
    moved.starts_at -= timedelta(days=40)
    moved.ends_at -= timedelta(days=40)
    moved.signup_deadline = None
    moved.summary = "Goed gesprek met drie deelnemers over huren, de bus en de schoolfacturen."
    first = session_work.add_point(
        db,
        network.id,
        past,
        text="Huurwaarborg is onbetaalbaar voor wie een leefloon heeft",
        theme="wonen",
        people_count=3,
        actor_id=facilitator.id,
    )
    session_work.add_point(
        db,
        network.id,
        past,
        text="De bus naar het Sociaal Huis rijdt niet na 18 uur",
        theme="werk",
        people_count=2,
        actor_id=facilitator.id,
    )
    session_work.point_to_signal(
        db,
        network.id,
        past,
        first,
        link=Registry.build().urls.path("dialogue:session", network=network.slug, id=past),
        label="Dialoogtafel Temse",
        actor_id=facilitator.id,
    )
    db.flush()

    # A coming session with sign-ups and their needs.
    coming = session(14, 12)
    service.sign_up(
        db,
        network.id,
        coming,
        secret=secret,
        first_name="Amina",
        email="amina@example.be",
        needs=Needs(
            childcare=True,
            children_count=2,
            children_ages="4 en 9 jaar",
            interpreter=True,
            interpreter_language="Arabisch",
        ),
    )
    service.sign_up(
        db, network.id, coming, secret=secret, first_name="Marc", phone="0486 12 34 56", needs=Needs(transport=True)
    )
    service.sign_up(
        db,
        network.id,
        coming,
        secret=secret,
        first_name="Els",
        registered_by_id=facilitator.id,
        needs=Needs(diet="geen varkensvlees", accessibility="komt met rolstoel"),
    )

    # A full session: four places, six people, two on the waiting list.
    full = session(28, 4)
    for n, name in enumerate(["Sofie", "Ahmed", "Karin", "Dirk", "Nadia", "Luc"]):
        service.sign_up(db, network.id, full, secret=secret, first_name=name, email=f"{name.lower()}{n}@example.be")
