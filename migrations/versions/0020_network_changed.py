"""network changes announced: PostgreSQL notifies `ln_network` after every statement that writes the network table

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 01:40:00

Each worker process keeps the networks it served (`lerend_netwerk.networks.cache`) only while it listens on this
channel, and forgets them all on every notification, so a change made by any process (another worker, the CLI, a
migration) is seen by the next request. NOTIFY is transactional: it is sent when the writing transaction commits.
SQLite has no such channel; there nothing is kept.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION ln_network_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('ln_network', '');
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER network_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON network"
        " FOR EACH STATEMENT EXECUTE FUNCTION ln_network_changed()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER network_changed ON network")
    op.execute("DROP FUNCTION ln_network_changed()")
