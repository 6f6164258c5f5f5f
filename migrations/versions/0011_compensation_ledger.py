"""the compensation ledger's payee number on a dialogue sign-up

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04 10:00:00

Paid compensation stayed on the sign-up when its contact data was erased, but the yearly overview dropped it. The
overview now keeps every paid line and groups one person's lines by `payee_number` (the id of their first paid
sign-up), which survives the erasure of the name. Sign-ups already paid get their number here, grouped the way the
overview grouped them until now (the account, or the same first name with the same e-mail or phone); an anonymised
one, or one with only a name, is a payee of its own.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dialogue_signup", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payee_number", sa.Integer(), nullable=True))
    conn = op.get_bind()
    paid = conn.execute(
        sa.text(
            "SELECT id, network_id, person_id, first_name, email, phone FROM dialogue_signup "
            "WHERE attended = :yes AND compensation_cents > 0 ORDER BY id"
        ).bindparams(yes=True)
    ).all()
    first: dict[tuple[object, ...], int] = {}
    numbers = []
    for row in paid:
        if row.person_id is not None:
            key: tuple[object, ...] = (row.network_id, "person", row.person_id)
        elif row.email or row.phone:
            key = (row.network_id, row.first_name.casefold(), row.email or row.phone)
        else:
            key = ("own", row.id)
        numbers.append({"number": first.setdefault(key, row.id), "id": row.id})
    if numbers:
        conn.execute(sa.text("UPDATE dialogue_signup SET payee_number = :number WHERE id = :id"), numbers)


def downgrade() -> None:
    with op.batch_alter_table("dialogue_signup", schema=None) as batch_op:
        batch_op.drop_column("payee_number")
