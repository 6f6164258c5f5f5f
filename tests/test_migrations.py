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
