"""Alembic environment: the URL comes from the app's Settings (LN_DATABASE_URL) unless the caller set one."""

from __future__ import annotations

from alembic import context

from lerend_netwerk.db import make_engine, object_filter
from lerend_netwerk.models import Base
from lerend_netwerk.registry import Registry
from lerend_netwerk.settings import Settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url


def run() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run_with(connectable)
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        _run_with(connection)
    engine.dispose()


def _run_with(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
        compare_type=True,
        include_object=object_filter(Registry.build().unmanaged_objects),
    )
    with context.begin_transaction():
        context.run_migrations()


run()
