"""an index on signal_tally by network, wijk and theme, with the counts in it

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 14:20:00

The counts page adds a network's tally rows up per wijk and theme (1,480 rows on a network with 12,500 signals). In
the primary key's order (network, month, ...) SQLite sorted them in a temporary B-tree first: 0.68 ms of the page.
In this index's order they are added up as they are read, from the index alone: 0.22 ms.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_signal_tally_heat", "signal_tally", ["network_id", "neighbourhood", "theme", "signals", "people"]
    )


def downgrade() -> None:
    op.drop_index("ix_signal_tally_heat", table_name="signal_tally")
