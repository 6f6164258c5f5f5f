"""indexes that keep list pages flat at scale: board columns, counts, practice lists, free-text answers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 20:30:00

Partial indexes on signal hold only unmerged signals (`merged_into_id IS NULL`, nearly all of them), and the index on
merged_into_id only merged ones: with stale statistics a planner could take "not merged" for a selective condition
and walk the merged_into_id index through every row of a network.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNMERGED = sa.text("merged_into_id IS NULL")
MERGED = sa.text("merged_into_id IS NOT NULL")
WITH_TEXT = sa.text("text IS NOT NULL")


def _partial(condition: sa.TextClause) -> dict[str, sa.TextClause]:
    return {"sqlite_where": condition, "postgresql_where": condition}


def upgrade() -> None:
    op.drop_index("ix_signal_network_status", table_name="signal")
    op.drop_index("ix_signal_network_reported", table_name="signal")
    op.drop_index("ix_signal_merged_into_id", table_name="signal")
    op.create_index(
        "ix_signal_board",
        "signal",
        ["network_id", "status", "reported_on", "id", "merged_into_id"],
        **_partial(UNMERGED),
    )
    op.create_index(
        "ix_signal_counts",
        "signal",
        ["network_id", "reported_on", "neighbourhood", "theme", "people_count", "merged_into_id"],
        **_partial(UNMERGED),
    )
    op.create_index("ix_signal_merged_into_id", "signal", ["merged_into_id"], **_partial(MERGED))

    op.drop_index("ix_signal_follow_up_network_id", table_name="signal_follow_up")
    op.create_index("ix_signal_follow_up_feedback", "signal_follow_up", ["network_id", "feedback_published_at"])

    op.drop_index("ix_practice_network_status", table_name="practice")
    op.create_index("ix_practice_network_published", "practice", ["network_id", "status", "published_at"])
    op.create_index("ix_practice_visibility_published", "practice", ["visibility", "status", "published_at"])

    op.create_index("ix_survey_answer_texts", "survey_answer", ["survey_id", "id"], **_partial(WITH_TEXT))


def downgrade() -> None:
    op.drop_index("ix_survey_answer_texts", table_name="survey_answer")

    op.drop_index("ix_practice_visibility_published", table_name="practice")
    op.drop_index("ix_practice_network_published", table_name="practice")
    op.create_index("ix_practice_network_status", "practice", ["network_id", "status"])

    op.drop_index("ix_signal_follow_up_feedback", table_name="signal_follow_up")
    op.create_index("ix_signal_follow_up_network_id", "signal_follow_up", ["network_id"])

    op.drop_index("ix_signal_merged_into_id", table_name="signal")
    op.drop_index("ix_signal_counts", table_name="signal")
    op.drop_index("ix_signal_board", table_name="signal")
    op.create_index("ix_signal_merged_into_id", "signal", ["merged_into_id"])
    op.create_index("ix_signal_network_status", "signal", ["network_id", "status"])
    op.create_index("ix_signal_network_reported", "signal", ["network_id", "reported_on"])
