"""recordings and pictures for survey questions, easy-read texts, pictograms

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-05 01:30:00

For people who read little (issue 15): a question and each option can carry a short recording per language and an
option a picture (`survey_media`); an option can show a built-in pictogram; a question has an easy-read text; a
survey can show the easy-read texts first.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import lerend_netwerk.db

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("easy_read", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("survey_question", schema=None) as batch_op:
        batch_op.add_column(sa.Column("easy_text", sa.String(length=500), nullable=False, server_default=""))
    with op.batch_alter_table("survey_option", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pictogram", sa.String(length=20), nullable=False, server_default=""))
    op.create_table(
        "survey_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.Enum("AUDIO", "PICTURE", name="mediakind", native_enum=False, length=10), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", lerend_netwerk.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["survey_option.id"],
            name=op.f("fk_survey_media_option_id_survey_option"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_question.id"],
            name=op.f("fk_survey_media_question_id_survey_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_survey_media_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["person.id"], name=op.f("fk_survey_media_uploaded_by_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_media")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_survey_media_stored_name")),
    )
    with op.batch_alter_table("survey_media", schema=None) as batch_op:
        batch_op.create_index("ix_survey_media_question", ["question_id", "option_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_survey_media_survey_id"), ["survey_id"], unique=False)


def downgrade() -> None:
    op.drop_table("survey_media")
    with op.batch_alter_table("survey_option", schema=None) as batch_op:
        batch_op.drop_column("pictogram")
    with op.batch_alter_table("survey_question", schema=None) as batch_op:
        batch_op.drop_column("easy_text")
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_column("easy_read")
