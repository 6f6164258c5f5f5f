"""SQLite counts changes to networks, threshold types, organisations and surveys in `reference_version`

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 04:50:00

Workers keep a network's threshold types, organisations and reach (`lerend_netwerk.networks.cache`). PostgreSQL
tells them of a change (LISTEN/NOTIFY, migrations 0020 and 0022); SQLite has no such channel. Here triggers add one
to the single row of `reference_version` in the transaction that changes any of these tables, and a read
transaction uses what a worker kept only if it was read at the version the transaction sees: one small read
instead of three or four. PostgreSQL gets nothing from this migration.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("network", "threshold_type", "organisation", "survey", "survey_question", "survey_option", "survey_media")
EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TABLE reference_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)")
    op.execute("INSERT INTO reference_version (id, version) VALUES (1, 0)")
    for table in TABLES:
        for event in EVENTS:
            name, count = f"{table}_{event.lower()}_counted", "UPDATE reference_version SET version = version + 1"
            op.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {count}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER {table}_{event.lower()}_counted")
    op.execute("DROP TABLE reference_version")
