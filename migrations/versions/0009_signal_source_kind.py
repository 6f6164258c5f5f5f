"""a signal source's kind is the plain string its capability declares

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 10:00:00

`signal_source.kind` was an Enum without a CHECK constraint (VARCHAR(20) on both databases), which stored the
member's name ("DIALOGUE"). It is now a plain string column holding the kind a capability declares in its
`signal_sources` ("dialogue"), so the board learns its sources from the registry. The column type stays; only the
stored values change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("survey", "dialogue", "practice", "direct", "partner")  # the kinds the Enum knew


def _rename(old: str, new: str) -> None:
    op.execute(sa.text("UPDATE signal_source SET kind = :new WHERE kind = :old").bindparams(old=old, new=new))


def upgrade() -> None:
    for kind in KINDS:
        _rename(kind.upper(), kind)


def downgrade() -> None:
    for kind in KINDS:
        _rename(kind, kind.upper())
