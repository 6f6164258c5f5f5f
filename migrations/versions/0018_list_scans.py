"""list scans read the index alone: the practice list's and the offer overview's indexes hold every filtered column

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 21:40:00

A list walks its parts newest first along (network_id | visibility, status, published_at) and stops after a page, but
a filter (a threshold, a sector, a wijk, "korting") and the capped count test columns of every row it passes. With
those columns in the index the walk never reads the rows themselves, so a filtered page costs about the same in a
network of 70 or of 4,000. These replace the narrower indexes of 0008 and 0014 (their leading columns are the same).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRACTICE_FILTERS = ["sector", "organisation_id", "thresholds", "target_groups"]
OFFER_FILTERS = [
    "expired_at",
    "checked_on",
    "neighbourhood",
    "theme",
    "lowest_cents",
    "reduced_cents",
    "kansentarief_cents",
    "uitpas",
    "participation",
    "age_bands",
    "languages",
]


def upgrade() -> None:
    op.drop_index("ix_practice_network_published", table_name="practice")
    op.drop_index("ix_practice_visibility_published", table_name="practice")
    op.create_index(
        "ix_practice_list_network",
        "practice",
        ["network_id", "status", "published_at", "id", "visibility", *PRACTICE_FILTERS],
    )
    op.create_index(
        "ix_practice_list_visibility",
        "practice",
        ["visibility", "status", "published_at", "id", "network_id", *PRACTICE_FILTERS],
    )
    # A list narrowed to a sector walks only that sector's practices.
    op.create_index(
        "ix_practice_list_network_sector",
        "practice",
        ["network_id", "status", "sector", "published_at", "id", "visibility", *PRACTICE_FILTERS[1:]],
    )
    op.create_index(
        "ix_practice_list_visibility_sector",
        "practice",
        ["visibility", "status", "sector", "published_at", "id", "network_id", *PRACTICE_FILTERS[1:]],
    )
    op.drop_index("ix_offer_network_published", table_name="offer")
    op.drop_index("ix_offer_visibility_published", table_name="offer")
    op.create_index(
        "ix_offer_list_network", "offer", ["network_id", "status", "published_at", "id", "visibility", *OFFER_FILTERS]
    )
    op.create_index(
        "ix_offer_list_visibility",
        "offer",
        ["visibility", "status", "published_at", "id", "network_id", *OFFER_FILTERS],
    )
    # Statistics for the new indexes: a SQLite database analysed before knows only the old ones, and its planner
    # then walks every public offer of the region for a network's own.
    op.execute("ANALYZE practice")
    op.execute("ANALYZE offer")


def downgrade() -> None:
    op.drop_index("ix_offer_list_visibility", table_name="offer")
    op.drop_index("ix_offer_list_network", table_name="offer")
    op.create_index("ix_offer_visibility_published", "offer", ["visibility", "status", "published_at"])
    op.create_index("ix_offer_network_published", "offer", ["network_id", "status", "published_at"])
    op.drop_index("ix_practice_list_visibility_sector", table_name="practice")
    op.drop_index("ix_practice_list_network_sector", table_name="practice")
    op.drop_index("ix_practice_list_visibility", table_name="practice")
    op.drop_index("ix_practice_list_network", table_name="practice")
    op.create_index("ix_practice_visibility_published", "practice", ["visibility", "status", "published_at"])
    op.create_index("ix_practice_network_published", "practice", ["network_id", "status", "published_at"])
