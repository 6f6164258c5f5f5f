"""the network's own work: working groups, the kansenplan (objectives, actions, milestones, links), wijk figures

Revision ID: 0015
Revises: 0011
Create Date: 2026-12-05 01:30:00

A working group's meetings are network meetings with `network_meeting.group_id` set (NULL: the whole network's).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from lerend_netwerk.db import UTCDateTime

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("shared_in_region", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_plan_objective_network_id_network"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_objective")),
    )
    with op.batch_alter_table("plan_objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_objective_network_id"), ["network_id"], unique=False)

    op.create_table(
        "wijk_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("wijk", sa.String(length=80), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_wijk_figure_network_id_network"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wijk_figure")),
        sa.UniqueConstraint(
            "network_id", "wijk", "year", "indicator", name=op.f("uq_wijk_figure_network_id_wijk_year_indicator")
        ),
    )
    op.create_table(
        "work_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("theme", sa.String(length=80), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("trekker_id", sa.Integer(), nullable=True),
        sa.Column("meetings_per_year", sa.Integer(), nullable=False),
        sa.Column("shared_in_region", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_work_group_network_id_network"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["trekker_id"], ["person.id"], name=op.f("fk_work_group_trekker_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_group")),
        sa.UniqueConstraint("network_id", "name", name=op.f("uq_work_group_network_id_name")),
    )
    with op.batch_alter_table("work_group", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_group_network_id"), ["network_id"], unique=False)

    op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("internal_note", sa.Text(), nullable=False),
        sa.Column("trekker_id", sa.Integer(), nullable=True),
        sa.Column("partners", sa.String(length=500), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("wijk", sa.String(length=80), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("PLANNED", "RUNNING", "DONE", "STOPPED", name="actionstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["work_group.id"], name=op.f("fk_plan_action_group_id_work_group"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_plan_action_network_id_network"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["plan_objective.id"],
            name=op.f("fk_plan_action_objective_id_plan_objective"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trekker_id"], ["person.id"], name=op.f("fk_plan_action_trekker_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_action")),
    )
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_action_group_id"), ["group_id"], unique=False)
        batch_op.create_index("ix_plan_action_network_objective", ["network_id", "objective_id"], unique=False)

    op.create_table(
        "work_group_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["work_group.id"], name=op.f("fk_work_group_member_group_id_work_group"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_work_group_member_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_work_group_member_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_group_member")),
        sa.UniqueConstraint("group_id", "organisation_id", name=op.f("uq_work_group_member_group_id_organisation_id")),
        sa.UniqueConstraint("group_id", "person_id", name=op.f("uq_work_group_member_group_id_person_id")),
    )
    with op.batch_alter_table("work_group_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_group_member_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_group_member_person_id"), ["person_id"], unique=False)

    op.create_table(
        "plan_action_practice",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_action.id"],
            name=op.f("fk_plan_action_practice_action_id_plan_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_plan_action_practice_practice_id_practice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "practice_id", name=op.f("pk_plan_action_practice")),
    )
    op.create_table(
        "plan_action_signal",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_action.id"],
            name=op.f("fk_plan_action_signal_action_id_plan_action"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"], ["signal.id"], name=op.f("fk_plan_action_signal_signal_id_signal"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("action_id", "signal_id", name=op.f("pk_plan_action_signal")),
    )
    with op.batch_alter_table("plan_action_signal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_action_signal_signal_id"), ["signal_id"], unique=False)

    op.create_table(
        "plan_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["plan_action.id"], name=op.f("fk_plan_milestone_action_id_plan_action"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_milestone")),
    )
    with op.batch_alter_table("plan_milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_milestone_action_id"), ["action_id"], unique=False)

    with op.batch_alter_table("network_meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_network_meeting_group_starts", ["group_id", "starts_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("network_meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_network_meeting_group_starts")
        batch_op.drop_column("group_id")

    with op.batch_alter_table("plan_milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_milestone_action_id"))

    op.drop_table("plan_milestone")
    with op.batch_alter_table("plan_action_signal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_action_signal_signal_id"))

    op.drop_table("plan_action_signal")
    op.drop_table("plan_action_practice")
    with op.batch_alter_table("work_group_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_group_member_person_id"))
        batch_op.drop_index(batch_op.f("ix_work_group_member_group_id"))

    op.drop_table("work_group_member")
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_action_network_objective")
        batch_op.drop_index(batch_op.f("ix_plan_action_group_id"))

    op.drop_table("plan_action")
    with op.batch_alter_table("work_group", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_group_network_id"))

    op.drop_table("work_group")
    op.drop_table("wijk_figure")
    with op.batch_alter_table("plan_objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_objective_network_id"))

    op.drop_table("plan_objective")
