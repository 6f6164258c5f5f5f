"""running counts of signals per network, month, wijk and theme (signal_tally), filled from the signals

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signal_tally",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("neighbourhood", sa.String(length=80), nullable=False),
        sa.Column("theme", sa.String(length=80), nullable=False),
        sa.Column("signals", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_signal_tally_network_id_network"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("network_id", "month", "neighbourhood", "theme", name=op.f("pk_signal_tally")),
    )
    month = (
        "CAST(date_trunc('month', reported_on) AS DATE)"
        if op.get_bind().dialect.name == "postgresql"
        else "date(reported_on, 'start of month')"
    )
    # `month` is one of the two constant expressions above: nothing here comes from outside.
    fill = (
        "INSERT INTO signal_tally (network_id, month, neighbourhood, theme, signals, people) "  # noqa: S608
        f"SELECT network_id, {month}, neighbourhood, theme, count(*), coalesce(sum(people_count), 0) FROM signal "
        f"WHERE merged_into_id IS NULL GROUP BY network_id, {month}, neighbourhood, theme"
    )
    op.execute(fill)


def downgrade() -> None:
    op.drop_table("signal_tally")
