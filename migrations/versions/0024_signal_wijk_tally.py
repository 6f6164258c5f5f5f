"""running counts of signals per network and wijk (signal_wijk_tally), filled from signal_tally

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 03:00:00

The wijk comparison summed signal_tally's rows per wijk, theme and month on every view (1,480 rows on a network with
12,500 signals): it grew with the months a network has been counting. This table holds the sums, kept in the same
transactions as signal_tally (`lerend_netwerk.signals.tallies`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signal_wijk_tally",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("neighbourhood", sa.String(length=80), nullable=False),
        sa.Column("signals", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_signal_wijk_tally_network_id_network"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("network_id", "neighbourhood", name=op.f("pk_signal_wijk_tally")),
    )
    op.execute(
        "INSERT INTO signal_wijk_tally (network_id, neighbourhood, signals, people) "
        "SELECT network_id, neighbourhood, sum(signals), sum(people) FROM signal_tally GROUP BY network_id, neighbourhood"
    )


def downgrade() -> None:
    op.drop_table("signal_wijk_tally")
