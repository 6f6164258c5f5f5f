"""The migrations and the models agree: an empty database upgraded to head has exactly the schema the models describe,
and the migrations go down to nothing and up again. Runs on SQLite, and on PostgreSQL when LN_TEST_DATABASE_URL is set
(in a database of its own next to that one, so the rest of the suite keeps its schema)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from pprint import pformat

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, make_url, text
from sqlalchemy.engine import Engine

from lerend_netwerk.db import make_engine, object_filter
from lerend_netwerk.migrate import alembic_config
from lerend_netwerk.models import Base
from lerend_netwerk.registry import Registry
from tests.conftest import PG_URL

UNMANAGED = Registry.build().unmanaged_objects


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """A brand-new, empty database: a SQLite file, or `<LN_TEST_DATABASE_URL's database>_migrations` on PostgreSQL."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    base = make_url(PG_URL)
    name = f"{base.database}_migrations"
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "target_metadata": Base.metadata, "include_object": object_filter(UNMANAGED)},
        )
        return compare_metadata(context, Base.metadata)


def user_tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_there_is_one_head():
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, (
        f"Alembic has {len(heads)} heads {heads}: set your migration's down_revision to the current head "
        "(`alembic heads`) so the history stays one line."
    )


def test_upgrade_to_head_matches_the_models_and_downgrade_undoes_it(empty_url: str):
    config = alembic_config(empty_url)
    engine = make_engine(empty_url)
    try:
        command.upgrade(config, "head")
        diff = differences(engine)
        assert not diff, (
            "The models and the migrations disagree. Write a migration in migrations/versions/ for:\n" + pformat(diff)
        )
        assert {t for t in user_tables(engine) if t not in UNMANAGED} == set(Base.metadata.tables)

        command.downgrade(config, "base")
        assert user_tables(engine) == set(), "downgrade to base left tables behind"
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                enums = conn.scalars(text("SELECT typname FROM pg_type WHERE typtype = 'e'")).all()
            assert enums == [], f"downgrade to base left enum types behind: {enums}"

        command.upgrade(config, "head")
        assert not differences(engine)
    finally:
        engine.dispose()


def test_0016_moves_the_stuurgroep_meetings_into_the_shared_meeting_tables_and_back(empty_url: str):
    """The old signal_meeting rows become network meetings of the body STEERING, their signals agenda points in the
    same order; the network's and the working groups' meetings get their body; going down moves them back."""
    from datetime import UTC, date, datetime

    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from lerend_netwerk.db import UTCDateTime
    from lerend_netwerk.signals.models import Signal
    from tests.factories import make_network

    config = alembic_config(empty_url)
    engine = make_engine(empty_url)
    meta = sa.MetaData()
    meeting = sa.Table(
        "network_meeting",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("network_id", sa.Integer),
        sa.Column("group_id", sa.Integer),
        sa.Column("title", sa.String),
        sa.Column("starts_at", UTCDateTime(timezone=True)),
        sa.Column("place", sa.String),
        sa.Column("minutes", sa.Text),
        sa.Column("created_at", UTCDateTime(timezone=True)),
    )
    old = sa.Table(
        "signal_meeting",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("network_id", sa.Integer),
        sa.Column("title", sa.String),
        sa.Column("meets_on", sa.Date),
        sa.Column("created_by_id", sa.Integer),
        sa.Column("created_at", UTCDateTime(timezone=True)),
    )
    made = datetime(2026, 1, 5, 9, tzinfo=UTC)
    try:
        command.upgrade(config, "0015")
        with Session(engine) as s, s.begin():
            network = make_network(s)
            first = Signal(network_id=network.id, title="Zwemles is te duur")
            second = Signal(network_id=network.id, title="Geen opvang op woensdag")
            s.add_all([first, second])
            s.flush()
            when = {"starts_at": made, "place": "", "minutes": "", "created_at": made}
            s.execute(
                meeting.insert(), [{"network_id": network.id, "group_id": None, "title": "Netwerkmoment", **when}]
            )
            s.execute(meeting.insert(), [{"network_id": network.id, "group_id": 7, "title": "Werkgroep kind", **when}])
            s.execute(
                old.insert(),
                [
                    {
                        "network_id": network.id,
                        "title": "Stuurgroep maart",
                        "meets_on": date(2026, 3, 10),
                        "created_at": made,
                    }
                ],
            )
            s.execute(
                text("INSERT INTO signal_meeting_item (meeting_id, signal_id, position) VALUES (1, :a, 0), (1, :b, 1)"),
                {"a": second.id, "b": first.id},
            )
            ids = (network.id, first.id, second.id)

        command.upgrade(config, "0016")
        with engine.connect() as conn:
            bodies = conn.execute(text("SELECT title, body, group_id FROM network_meeting ORDER BY id")).all()
            assert [tuple(r) for r in bodies] == [
                ("Netwerkmoment", "NETWORK", None),
                ("Werkgroep kind", "GROUP", 7),
                ("Stuurgroep maart", "STEERING", None),
            ]
            steering = conn.execute(
                sa.select(meeting.c.id, meeting.c.network_id, meeting.c.starts_at).where(
                    meeting.c.title == "Stuurgroep maart"
                )
            ).one()
            assert steering.network_id == ids[0]
            assert steering.starts_at == datetime(2026, 3, 9, 23, tzinfo=UTC)  # 10 March, midnight in Brussels
            agenda = conn.execute(
                text("SELECT signal_id, title FROM meeting_agenda_item WHERE meeting_id = :m ORDER BY position"),
                {"m": steering.id},
            ).all()
            assert [tuple(r) for r in agenda] == [(ids[2], "Geen opvang op woensdag"), (ids[1], "Zwemles is te duur")]
            assert "signal_meeting" not in inspect(conn).get_table_names()

        command.downgrade(config, "0015")
        with engine.connect() as conn:
            back = conn.execute(sa.select(old.c.title, old.c.meets_on)).all()
            assert [tuple(r) for r in back] == [("Stuurgroep maart", date(2026, 3, 10))]
            items = conn.execute(text("SELECT signal_id FROM signal_meeting_item ORDER BY position")).scalars().all()
            assert items == [ids[2], ids[1]]
            left = conn.execute(text("SELECT title FROM network_meeting ORDER BY id")).scalars().all()
            assert left == ["Netwerkmoment", "Werkgroep kind"]
    finally:
        engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL only: SQLite keeps its own full-text tables")
def test_0021_keeps_the_search_vectors_in_their_rows_and_existing_ones_still_match(empty_url: str):
    """After 0021 PostgreSQL stores the search vectors of practices and offers in the row (STORAGE MAIN, so a
    search does not read the TOAST table for every practice it tests); a vector written before it is rewritten and
    still found; going down restores the default storage."""
    from sqlalchemy.orm import Session

    from lerend_netwerk.practices import search
    from lerend_netwerk.practices.models import Practice
    from tests.factories import make_network

    storage = text(
        "SELECT attrelid::regclass::text, attstorage FROM pg_attribute"
        " WHERE attname = 'search_vector' AND attrelid IN ('practice'::regclass, 'offer'::regclass) ORDER BY 1"
    )
    match = text(
        "SELECT id FROM practice WHERE search_vector @@ (plainto_tsquery('dutch', :w) || to_tsquery('simple', :s))"
    )
    config = alembic_config(empty_url)
    engine = make_engine(empty_url)
    try:
        command.upgrade(config, "0020")
        with engine.connect() as conn:
            assert dict(conn.execute(storage).all()) == {"offer": "x", "practice": "x"}
        with Session(engine) as s, s.begin():
            network = make_network(s)
            practice = Practice(
                network_id=network.id, title="Zwemles zonder drempel", summary="Gratis zwemles", story="water " * 800
            )
            s.add(practice)
            s.flush()
            search.index(s, practice)
            practice_id = practice.id
        with engine.connect() as conn:
            before = conn.scalar(text("SELECT search_vector::text FROM practice"))

        command.upgrade(config, "0021")
        with engine.connect() as conn:
            assert dict(conn.execute(storage).all()) == {"offer": "m", "practice": "m"}
            assert conn.scalar(text("SELECT search_vector::text FROM practice")) == before
            assert conn.execute(match, {"w": "zwemles", "s": "zwemles:*"}).scalars().all() == [practice_id]

        command.downgrade(config, "0020")
        with engine.connect() as conn:
            assert dict(conn.execute(storage).all()) == {"offer": "x", "practice": "x"}
            assert conn.execute(match, {"w": "zwemles", "s": "zwemles:*"}).scalars().all() == [practice_id]
    finally:
        engine.dispose()
