"""The call list and the compensation ledger stay true over time (issue 13, point 8).

The call list shows only calls that still have a point: not for someone who cancelled, not for a session that has
begun or is over, and one call per person (the newest message: a promotion replaces "you are on the waiting list").
The compensation ledger keeps what was paid -- amount, date, table and session -- after the sign-up's contact data
is erased by the retention rule (run with the clock moved past the retention period), for the years an accountant
needs it; only the name goes, replaced by a number."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from lerend_netwerk import retention
from lerend_netwerk.accounts.mydata import Subject
from lerend_netwerk.db import UTCDateTime, make_engine
from lerend_netwerk.dialogue import privacy, queries, service, session_work
from lerend_netwerk.dialogue.models import DialogueTable, SignUp, TableSession
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.migrate import alembic_config
from lerend_netwerk.networks.models import Role
from lerend_netwerk.registry import Registry
from tests.dialogue.helpers import make_session, sign
from tests.factories import make_network


def _calls_page(client) -> str:  # noqa: ANN001
    page = client.get("/n/zele/dialoogtafels/bellijst")
    assert page.status_code == 200
    return page.text


def _move_session(db, session_id: int, starts_local: datetime) -> None:  # noqa: ANN001
    """Put a session at another moment (Brussels time), as if the clock had moved on since it was planned."""

    def move(s):  # noqa: ANN001, ANN202
        session = s.get(TableSession, session_id)
        session.starts_at = starts_local.replace(tzinfo=TIMEZONE).astimezone(UTC)
        session.ends_at = session.starts_at + timedelta(hours=2)

    db.write_sync(move)


def test_call_list_drops_people_who_cancelled_and_sessions_that_are_over(client, db, network, people, login_as):
    f = people["facilitator"].id
    _, later = make_session(db, network, people["facilitator"], days=10)
    _, soon = make_session(db, network, people["facilitator"], days=2, name="Tweede tafel")
    _, full = make_session(db, network, people["facilitator"], days=12, capacity=1, name="Kleine tafel")
    jan = sign(db, network, later, "Jan", phone="0470 00 00 01")
    sign(db, network, later, "Piet", phone="0470 00 00 02")
    sign(db, network, soon, "Kim", phone="0470 00 00 03")
    ann = sign(db, network, full, "Ann", "ann@x.be")
    sign(db, network, full, "Bo", phone="0470 00 00 04")  # on the waiting list: a "waiting" call
    login_as("facilitator")
    before = _calls_page(client)
    for phone in ("0470 00 00 01", "0470 00 00 02", "0470 00 00 03", "0470 00 00 04"):
        assert phone in before

    # Jan cancels through his link; Ann cancels, so Bo gets her place (a "promotion" call replaces "waiting")
    db.write_sync(service.cancel_by_token, network.id, jan.token, jan.signup_id)
    db.write_sync(service.cancel_by_token, network.id, ann.token, ann.signup_id)
    # the clock moves past the second session: calling Kim about it is of no use any more
    _move_session(db, soon, datetime.now(TIMEZONE).replace(tzinfo=None) - timedelta(days=1))
    page = _calls_page(client)
    assert "0470 00 00 01" not in page, "Jan cancelled: nobody needs to call him"
    assert "0470 00 00 03" not in page, "Kim's session is over"
    assert "0470 00 00 02" in page  # Piet still needs his confirmation
    assert page.count("tel:0470 00 00 04") == 1 and "Plaats vrijgekomen" in page and "Op de wachtlijst" not in page

    # the session is cancelled: Piet's one call is now "it does not go on", not a confirmation any more
    db.write_sync(service.cancel_session, network.id, later, actor_id=f)
    page = _calls_page(client)
    assert page.count("tel:0470 00 00 02") == 1 and "Sessie gaat niet door" in page and "Bevestigen" not in page


def test_the_call_list_is_read_at_a_moment(db, network, people):
    """The same list read with the clock moved past the session start: nothing is left to call about."""
    f = people["facilitator"]
    _, session_id = make_session(db, network, f, days=5)
    sign(db, network, session_id, "Piet", phone="0470 00 00 02")
    start = db.read_sync(lambda s: s.get(TableSession, session_id).starts_at)
    calls = db.read_sync(queries.open_calls, network.id, f.id, Role.FACILITATOR, now=start - timedelta(hours=1))
    assert [c.signup.first_name for c in calls] == ["Piet"]
    assert db.read_sync(queries.open_calls, network.id, f.id, Role.FACILITATOR, now=start + timedelta(hours=3)) == []


def _attended(db, network, people, session_id: int, *signups) -> None:  # noqa: ANN001
    for signup in signups:
        db.write_sync(
            session_work.set_attendance,
            network.id,
            session_id,
            signup.signup_id,
            True,
            actor_id=people["facilitator"].id,
        )


def _ledger_csv(client, year: int) -> list[list[str]]:  # noqa: ANN001
    export = client.get(f"/n/zele/dialoogtafels/vergoedingen.csv?jaar={year}")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(export.text), delimiter=";"))


def test_paid_compensation_stays_in_the_books_after_contact_data_is_erased(
    client, db, settings, network, people, login_as
):
    """The €75 paid in October is still in the year's total and CSV after the retention rule erased Amina's contact
    data 90 days later; her name goes, the amount, date, table and session stay, for seven years."""
    _, october = make_session(db, network, people["facilitator"], days=3, compensation_cents=7500, name="Wonen")
    _, november = make_session(db, network, people["facilitator"], days=4, compensation_cents=7500, name="Werk")
    a1 = sign(db, network, october, "Amina", "amina@x.be")
    a2 = sign(db, network, november, "Amina", "amina@x.be")
    bert = sign(db, network, october, "Bert", phone="0470 00 00 09")
    gone = sign(db, network, october, "Carla", "carla@x.be")
    _attended(db, network, people, october, a1, bert)
    _attended(db, network, people, november, a2)
    db.write_sync(service.cancel_signup, network.id, gone.signup_id)  # cancelled, never attended: nothing paid
    _move_session(db, october, datetime(2025, 10, 14, 19, 0))
    _move_session(db, november, datetime(2025, 11, 18, 19, 0))
    login_as("facilitator")
    page = client.get("/n/zele/dialoogtafels/vergoedingen?jaar=2025").text
    assert "Amina" in page and "€\xa0150,00" in page and "Carla" not in page

    # 90 days after the October session its sign-ups are anonymised; the November one's are not yet
    moved = datetime(2026, 1, 20, 12, tzinfo=UTC)
    done = db.write_sync(retention.run, settings, Registry.build(), now=moved)
    assert done["dialogue_signups"] == 3
    erased = db.read_sync(lambda s: s.get(SignUp, a1.signup_id))
    assert (erased.first_name, erased.email, erased.anonymised_at is not None) == ("", None, True)
    page = client.get("/n/zele/dialoogtafels/vergoedingen?jaar=2025").text
    assert "€\xa0150,00" in page, "Amina's October €75 must stay in her total when her contact data is erased"
    assert "€\xa0225,00" in page  # the year's total: Amina twice, Bert once
    assert "[gewist]" in page and "Bert" not in page and "0470 00 00 09" not in page
    rows = _ledger_csv(client, 2025)
    assert rows[0] == ["jaar", "datum", "tafel", "sessie", "nummer", "naam", "contact", "bedrag_euro"]
    lines = sorted(rows[1:], key=lambda r: (r[1], r[5]))
    assert [(r[1], r[2], r[5], r[6], r[7]) for r in lines] == [
        ("2025-10-14", "Wonen", "[gewist]", "", "75,00"),
        ("2025-10-14", "Wonen", "[gewist]", "", "75,00"),
        ("2025-11-18", "Werk", "Amina", "amina@x.be", "75,00"),
    ]
    assert all(r[3] == "Sociaal Huis" for r in lines)
    numbers = {r[5] + r[1]: r[4] for r in lines}
    assert numbers["Amina2025-11-18"] in {r[4] for r in lines if r[1] == "2025-10-14"}  # Amina's October line
    assert len({r[4] for r in lines}) == 2  # Amina and Bert

    # a person who asks to be erased: the same, the amounts stay
    db.write_sync(privacy.PRIVACY.erase, Subject(person_id=None, email="amina@x.be", network_id=network.id))
    rows = _ledger_csv(client, 2025)
    assert sum(float(r[7].replace(",", ".")) for r in rows[1:]) == 225.0
    assert "amina" not in "".join(";".join(r) for r in rows).lower()

    # the number that ties the lines of one person together goes after the years the books are kept (7)
    end_of_books = datetime(2025 + settings.compensation_retention_years + 1, 1, 2, tzinfo=UTC)
    assert (
        db.write_sync(retention.run, settings, Registry.build(), now=end_of_books - timedelta(days=3)).get(
            "dialogue_compensation_numbers"
        )
        == 0
    )
    assert (
        db.write_sync(retention.run, settings, Registry.build(), now=end_of_books)["dialogue_compensation_numbers"] == 3
    )
    assert db.read_sync(lambda s: s.scalars(select(SignUp.payee_number).where(SignUp.attended)).all()) == [None] * 3
    login_as("facilitator")  # the same run ended the old login session
    rows = _ledger_csv(client, 2025)
    assert sum(float(r[7].replace(",", ".")) for r in rows[1:]) == 225.0  # amounts and dates stay


def test_migration_numbers_the_people_already_paid(tmp_path: Path):
    """Sign-ups paid before the ledger had numbers get them, grouped as the overview grouped them: the same account,
    or the same first name with the same contact; an anonymised sign-up is a payee of its own."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    config = alembic_config(url)
    engine = make_engine(url)
    try:
        command.upgrade(config, "0009")
        with Session(engine) as s, s.begin():
            network = make_network(s)
            table = DialogueTable(network_id=network.id, name="Wonen")
            s.add(table)
            s.flush()
            start = datetime(2025, 10, 14, 17, tzinfo=UTC)
            # the session as the schema of 0009 has it (the model has columns added since)
            old_session = sa.table(
                "dialogue_session",
                *(sa.column(c) for c in ("id", "network_id", "table_id", "place", "address", "directions")),
                *(sa.column(c) for c in ("accessibility", "expect", "capacity", "status", "sequence")),
                *(sa.column(c) for c in ("compensation_cents", "summary")),
                *(sa.column(c, UTCDateTime(timezone=True)) for c in ("starts_at", "ends_at", "created_at")),
            )
            session_id = s.execute(
                old_session.insert()
                .values(
                    network_id=network.id,
                    table_id=table.id,
                    starts_at=start,
                    ends_at=start,
                    place="Sociaal Huis",
                    address="",
                    directions="",
                    accessibility="",
                    expect="",
                    capacity=12,
                    status="PLANNED",
                    sequence=0,
                    compensation_cents=0,
                    summary="",
                    created_at=start,
                )
                .returning(old_session.c.id)
            ).scalar_one()
            for name, email, attended, anonymised in [
                ("Amina", "a@x.be", True, False),
                ("Bert", "b@x.be", True, False),
                ("amina", "a@x.be", True, False),
                ("Karim", "a@x.be", True, False),  # the same address, another person
                ("", None, True, True),
                ("", None, True, True),
                ("Carla", "c@x.be", False, False),  # did not come: nothing paid
            ]:
                s.execute(
                    text(
                        "INSERT INTO dialogue_signup (network_id, session_id, status, first_name, email, childcare,"
                        " transport, interpreter, interpreter_language, diet, accessibility, other_needs,"
                        " children_ages, attended, compensation_cents, created_at, anonymised_at) VALUES (:n, :s,"
                        " 'CONFIRMED', :name, :email, 0, 0, 0, '', '', '', '', '', :attended, 2500, :at, :anon)"
                    ),
                    {
                        "n": network.id,
                        "s": session_id,
                        "name": name,
                        "email": email,
                        "attended": attended,
                        "at": start,
                        "anon": start if anonymised else None,
                    },
                )
        command.upgrade(config, "head")
        with engine.connect() as conn:
            numbers = conn.execute(text("SELECT id, payee_number FROM dialogue_signup ORDER BY id")).all()
        assert [n for _id, n in numbers] == [1, 2, 1, 4, 5, 6, None]
        command.downgrade(config, "0009")
    finally:
        engine.dispose()
