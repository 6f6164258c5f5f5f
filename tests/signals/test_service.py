"""The board's service and queries: sources learnt from the registry, refusals as domain errors next to their field,
another network's ids not found, and the migration that stores a source's kind as its plain string."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import Session

from lerend_netwerk.db import make_engine
from lerend_netwerk.migrate import alembic_config
from lerend_netwerk.signals import queries, reports, service
from lerend_netwerk.signals.models import Signal, Status
from lerend_netwerk.web.errors import DomainError, NotFound
from tests.factories import make_network
from tests.signals.helpers import add_signal


def test_the_board_learns_its_sources_from_the_registry(client, db, network, login_as):
    unknown = add_signal(db, network, "Van een nieuwe soort bron", kind="newsletter", label="Nieuwsbrief")
    partner = add_signal(db, network, "Van een partner", kind="partner")
    login_as("steering")
    board = client.get("/n/zele/signalen")
    assert board.status_code == 200
    # the source filter offers every kind a capability declares, with its label
    for kind, label in [
        ("practice", "Praktijk"),
        ("dialogue", "Dialoogtafel"),
        ("survey", "Bevraging"),
        ("direct", "Rechtstreekse melding"),
        ("partner", "Partnerorganisatie"),
        ("offer", "Aanbod"),
    ]:
        assert f'<option value="{kind}">{label}</option>' in board.text
    # a kind nobody declares is shown as itself
    card = board.text.split(f'id="signaal-{unknown}"', 1)[1].split("</li>", 1)[0]
    assert '<span class="badge">newsletter</span>' in card
    filtered = client.get("/n/zele/signalen?bron=partner")
    assert f'id="signaal-{partner}"' in filtered.text and "Van een nieuwe soort bron" not in filtered.text
    assert client.get("/n/zele/signalen?bron=newsletter").status_code == 422


def test_a_refusal_is_a_domain_error_next_to_its_field(db, network, people):
    signal_id = add_signal(db, network)
    with pytest.raises(service.SignalError) as refused:
        db.write_sync(service.move, network.id, signal_id, Status.NEW, "al nieuw", actor_id=people["steering"].id)
    assert isinstance(refused.value, DomainError)
    assert refused.value.field == "status" and "staat al in deze kolom" in refused.value.message
    with pytest.raises(service.SignalError) as early:
        db.write_sync(service.save_feedback, network.id, signal_id, "Gedaan", publish=True, actor_id=None)
    assert early.value.field == "terugkoppeling"


def test_another_networks_ids_are_not_found(db, network, other_network, people):
    theirs = add_signal(db, other_network, "Signaal van Temse")
    meeting = db.write_sync(
        service.create_meeting, other_network.id, "Stuurgroep", date(2026, 3, 1), [theirs], actor_id=None
    )
    for read in (queries.detail, queries.card, queries.duplicates_of):
        with pytest.raises(NotFound):
            db.read_sync(read, network.id, theirs)
    with pytest.raises(NotFound):
        db.read_sync(reports.meeting, network.id, meeting.id)
    with pytest.raises(NotFound):
        db.read_sync(reports.sheet, network.id, "/n/temse/dialoogtafels/sessies/1")
    with pytest.raises(NotFound):
        db.write_sync(service.move, network.id, theirs, Status.DECIDED, "x", actor_id=people["steering"].id)
    assert db.read_sync(lambda s: s.get(Signal, theirs).status) == Status.NEW


def test_migration_stores_each_source_kind_as_its_plain_string(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'kinds.db'}"
    config = alembic_config(url)
    engine = make_engine(url)
    try:
        command.upgrade(config, "0008")  # before: the Enum stored its members' names
        with Session(engine) as s, s.begin():
            network = make_network(s)
            signal = Signal(network_id=network.id, title="Zwemles is te duur")
            s.add(signal)
            s.flush()
            for kind in ("SURVEY", "DIALOGUE", "PRACTICE", "DIRECT", "PARTNER"):
                s.execute(
                    text(
                        "INSERT INTO signal_source (signal_id, kind, link, label, people_count, created_at) "
                        "VALUES (:signal, :kind, '', '', 1, CURRENT_TIMESTAMP)"
                    ),
                    {"signal": signal.id, "kind": kind},
                )

        def kinds() -> list[str]:
            with engine.connect() as conn:
                return sorted(conn.scalars(text("SELECT kind FROM signal_source")))

        command.upgrade(config, "0009")
        assert kinds() == ["dialogue", "direct", "partner", "practice", "survey"]
        command.downgrade(config, "0008")
        assert kinds() == ["DIALOGUE", "DIRECT", "PARTNER", "PRACTICE", "SURVEY"]
    finally:
        engine.dispose()
