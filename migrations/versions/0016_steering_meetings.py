"""stuurgroep meetings become network meetings of the body "steering"; dialogue sessions get a wijk

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 21:30:00

`network_meeting.body` says whose meeting it is (NETWORK, GROUP, STEERING); an agenda point may be about a signal
(`meeting_agenda_item.signal_id`). The rows of `signal_meeting` and `signal_meeting_item` move into those tables
(a meeting keeps its id plus an offset past the existing meetings; its day becomes the start of that day in
Brussels) and the old tables are dropped. Who made an old meeting (`created_by_id`) is not kept: the audit log
has it. Going down moves the stuurgroep's meetings back, without their other points, minutes and attendance.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from lerend_netwerk.db import UTCDateTime

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BRUSSELS = ZoneInfo("Europe/Brussels")
_meta = sa.MetaData()
MEETING = sa.Table(
    "network_meeting",
    _meta,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("network_id", sa.Integer()),
    sa.Column("body", sa.String(20)),
    sa.Column("group_id", sa.Integer()),
    sa.Column("title", sa.String(150)),
    sa.Column("starts_at", UTCDateTime(timezone=True)),
    sa.Column("place", sa.String(200)),
    sa.Column("minutes", sa.Text()),
    sa.Column("created_at", UTCDateTime(timezone=True)),
)
OLD_MEETING = sa.Table(
    "signal_meeting",
    _meta,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("network_id", sa.Integer()),
    sa.Column("title", sa.String(200)),
    sa.Column("meets_on", sa.Date()),
    sa.Column("created_by_id", sa.Integer()),
    sa.Column("created_at", UTCDateTime(timezone=True)),
)


def _reset_sequence(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - our own table name
            f'GREATEST((SELECT max(id) FROM "{table}"), 1))'
        )


def upgrade() -> None:
    with op.batch_alter_table("network_meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body", sa.String(length=20), nullable=False, server_default="NETWORK"))
    op.execute("UPDATE network_meeting SET body = 'GROUP' WHERE group_id IS NOT NULL")
    with op.batch_alter_table("meeting_agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signal_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_meeting_agenda_item_signal_id"), ["signal_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_meeting_agenda_item_signal_id_signal"), "signal", ["signal_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_meeting_agenda_item_meeting_id_signal_id"), ["meeting_id", "signal_id"]
        )
    with op.batch_alter_table("dialogue_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wijk", sa.String(length=80), nullable=False, server_default=""))

    conn = op.get_bind()
    offset = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM network_meeting")).scalar_one()
    old = conn.execute(sa.select(OLD_MEETING).order_by(OLD_MEETING.c.id)).all()
    if old:
        conn.execute(
            MEETING.insert(),
            [
                {
                    "id": offset + row.id,
                    "network_id": row.network_id,
                    "body": "STEERING",
                    "group_id": None,
                    "title": row.title[:150],
                    "starts_at": datetime.combine(row.meets_on, time(), tzinfo=BRUSSELS).astimezone(UTC),
                    "place": "",
                    "minutes": "",
                    "created_at": row.created_at,
                }
                for row in old
            ],
        )
        conn.execute(
            sa.text(
                "INSERT INTO meeting_agenda_item (meeting_id, position, title, practice_id, signal_id) "
                "SELECT :offset + i.meeting_id, i.position, substr(s.title, 1, 200), NULL, i.signal_id "
                "FROM signal_meeting_item i JOIN signal s ON s.id = i.signal_id ORDER BY i.id"
            ).bindparams(offset=offset)
        )
        _reset_sequence("network_meeting")

    with op.batch_alter_table("signal_meeting_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signal_meeting_item_signal_id"))
        batch_op.drop_index(batch_op.f("ix_signal_meeting_item_meeting_id"))
    op.drop_table("signal_meeting_item")
    with op.batch_alter_table("signal_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signal_meeting_network_id"))
    op.drop_table("signal_meeting")


def downgrade() -> None:
    op.create_table(
        "signal_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("meets_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["person.id"], name=op.f("fk_signal_meeting_created_by_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_signal_meeting_network_id_network"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_meeting")),
    )
    with op.batch_alter_table("signal_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signal_meeting_network_id"), ["network_id"], unique=False)
    op.create_table(
        "signal_meeting_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["signal_meeting.id"],
            name=op.f("fk_signal_meeting_item_meeting_id_signal_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signal_id"], ["signal.id"], name=op.f("fk_signal_meeting_item_signal_id_signal"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signal_meeting_item")),
        sa.UniqueConstraint("meeting_id", "signal_id", name=op.f("uq_signal_meeting_item_meeting_id_signal_id")),
    )
    with op.batch_alter_table("signal_meeting_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signal_meeting_item_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_signal_meeting_item_signal_id"), ["signal_id"], unique=False)

    conn = op.get_bind()
    steering = conn.execute(sa.select(MEETING).where(MEETING.c.body == "STEERING").order_by(MEETING.c.id)).all()
    if steering:
        conn.execute(
            OLD_MEETING.insert(),
            [
                {
                    "id": row.id,
                    "network_id": row.network_id,
                    "title": row.title,
                    "meets_on": row.starts_at.astimezone(BRUSSELS).date(),
                    "created_by_id": None,
                    "created_at": row.created_at,
                }
                for row in steering
            ],
        )
        conn.execute(
            sa.text(
                "INSERT INTO signal_meeting_item (meeting_id, signal_id, position) "
                "SELECT a.meeting_id, a.signal_id, a.position FROM meeting_agenda_item a "
                "JOIN network_meeting m ON m.id = a.meeting_id "
                "WHERE m.body = 'STEERING' AND a.signal_id IS NOT NULL ORDER BY a.id"
            )
        )
        _reset_sequence("signal_meeting")
        steering_ids = "SELECT id FROM network_meeting WHERE body = 'STEERING'"
        op.execute(f"DELETE FROM meeting_agenda_item WHERE meeting_id IN ({steering_ids})")  # noqa: S608
        op.execute(f"DELETE FROM meeting_attendance WHERE meeting_id IN ({steering_ids})")  # noqa: S608
        op.execute("DELETE FROM network_meeting WHERE body = 'STEERING'")

    with op.batch_alter_table("dialogue_session", schema=None) as batch_op:
        batch_op.drop_column("wijk")
    with op.batch_alter_table("meeting_agenda_item", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_meeting_agenda_item_meeting_id_signal_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_meeting_agenda_item_signal_id_signal"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_meeting_agenda_item_signal_id"))
        batch_op.drop_column("signal_id")
    with op.batch_alter_table("network_meeting", schema=None) as batch_op:
        batch_op.drop_column("body")
