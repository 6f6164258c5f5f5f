"""survey pair tallies: running counts of people with two choice answers, for results without reading the answers

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 22:00:00

Filled from the stored answers (the same count as `lerend_netwerk.surveys.tally.rebuild_pairs`): a "mark" is an
option picked, or 0 for having answered a choice question; one row per two marks of two questions (a < b).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILL = """
INSERT INTO survey_pair_tally (survey_id, question_a, mark_a, question_b, mark_b, count)
WITH marks AS (
    SELECT survey_id, response_id, question_id, option_id AS mark FROM survey_answer WHERE option_id IS NOT NULL
    UNION ALL
    SELECT DISTINCT survey_id, response_id, question_id, 0 FROM survey_answer WHERE option_id IS NOT NULL
)
SELECT a.survey_id, a.question_id, a.mark, b.question_id, b.mark, count(*)
FROM marks AS a JOIN marks AS b ON a.response_id = b.response_id AND a.question_id < b.question_id
GROUP BY a.survey_id, a.question_id, a.mark, b.question_id, b.mark
"""


def upgrade() -> None:
    op.create_table(
        "survey_pair_tally",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("question_a", sa.Integer(), nullable=False),
        sa.Column("mark_a", sa.Integer(), nullable=False),
        sa.Column("question_b", sa.Integer(), nullable=False),
        sa.Column("mark_b", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_a"],
            ["survey_question.id"],
            name=op.f("fk_survey_pair_tally_question_a_survey_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_b"],
            ["survey_question.id"],
            name=op.f("fk_survey_pair_tally_question_b_survey_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_survey_pair_tally_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_pair_tally")),
        sa.UniqueConstraint(
            "survey_id",
            "question_a",
            "mark_a",
            "question_b",
            "mark_b",
            name=op.f("uq_survey_pair_tally_marks"),
        ),
    )
    op.execute(FILL)


def downgrade() -> None:
    op.drop_table("survey_pair_tally")
