"""the language of a dialogue sign-up and of a signal's contact

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 02:00:00

A sign-up remembers the language the person used, so the confirmation, reminder and waiting-list e-mails (and the
.ics file) come in that language; so does a reported threshold's contact, for the feedback mail. What was made
before was all in Dutch.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dialogue_signup", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=10), nullable=False, server_default="nl"))
    with op.batch_alter_table("signal_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=10), nullable=False, server_default="nl"))


def downgrade() -> None:
    with op.batch_alter_table("signal_contact", schema=None) as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("dialogue_signup", schema=None) as batch_op:
        batch_op.drop_column("language")
