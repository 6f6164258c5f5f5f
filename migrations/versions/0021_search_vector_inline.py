"""search vectors kept in the row: PostgreSQL stores `practice.search_vector` and `offer.search_vector` inline

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 05:00:00

A search walks the newest practices (or offers) and tests each one's vector. With the default storage a vector of
a story-length practice (about 1.7 kB) went to the TOAST table: every row tested cost an index lookup and two more
page reads there. With STORAGE MAIN the vector stays in the row, compressed if need be, and the long texts (story,
what worked) go out first: the search statement of the benchmark's practice search took 3.7 ms, now 1.0-1.5 ms.
Existing vectors are rewritten so they move into their rows. SQLite keeps its full-text tables; nothing changes there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("practice", "offer")


def _store(storage: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE {storage}")
        # A new value (concatenating nothing makes one) is stored the new way; an unchanged one would keep its place.
        op.execute(f"UPDATE {table} SET search_vector = search_vector || ''::tsvector WHERE search_vector IS NOT NULL")  # noqa: S608


def upgrade() -> None:
    _store("MAIN")


def downgrade() -> None:
    _store("EXTENDED")
