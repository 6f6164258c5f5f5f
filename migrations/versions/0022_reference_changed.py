"""threshold types, organisations and surveys announce their changes: PostgreSQL notifies `ln_network` for them too

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 05:15:00

Each worker keeps, besides the networks (0020), the lists every page of a network shows: its threshold types and its
organisations, and its surveys with their questions, options and media (`lerend_netwerk.networks.cache`). A
statement that writes any of these tables now sends the same notification as one that writes the network table,
when its transaction commits, so every worker forgets what it kept. SQLite has no such channel; there nothing is kept.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("threshold_type", "organisation", "survey", "survey_question", "survey_option", "survey_media")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION ln_network_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_changed ON {table}")
