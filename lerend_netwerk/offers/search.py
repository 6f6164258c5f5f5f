"""Full-text search of offers in Dutch, with the practices' engine: the same accent folding and Dutch stems, an FTS5
table `offer_fts` on SQLite and an `offer.search_vector` tsvector on PostgreSQL (both made by migration 0014 and
kept out of SQLAlchemy metadata; `SEARCH_OBJECTS` lists them for the drift comparison to ignore)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Float, Integer, Select, text
from sqlalchemy.orm import Session

from lerend_netwerk.practices.search import (
    normalise,
    pg_tsquery,
    remove_from_index,
    stems,
    write_index,
)

SEARCH_OBJECTS = {
    "offer_fts",
    "offer_fts_data",
    "offer_fts_idx",
    "offer_fts_content",
    "offer_fts_docsize",
    "offer_fts_config",
    "search_vector",
    "ix_offer_search_vector",
}


def document(offer: Any, extra: str = "") -> tuple[str, str, str]:
    """What is indexed for an offer: (title, body, stems), accents stripped. `extra`: the organisation's name."""
    body = " ".join(
        [
            offer.summary,
            offer.description,
            offer.target_groups,
            offer.theme,
            offer.address,
            offer.neighbourhood,
            offer.schedule,
            extra,
        ]
    )
    title, body = normalise(offer.title), normalise(body)
    return title, body, stems(title + " " + body)


def index(db: Session, offer: Any, extra: str = "") -> None:
    """(Re)index one offer, in the transaction that saves it."""
    index_many(db, [(offer.id, *document(offer, extra))])


def index_many(db: Session | Connection, rows: list[tuple[int, str, str, str]]) -> None:
    """(Re)index offers from (id, title, body, stems) rows made by `document()` (the generator writes thousands)."""
    write_index(db, "offer", rows)


def remove(db: Session, offer_id: int) -> None:
    remove_from_index(db, "offer", offer_id)


def apply(dialect: str, stmt: Select[Any], count: int, id_column: Any) -> Select[Any]:
    """Restrict `stmt` to offers matching `count` words (`terms`), each as itself or by its stem (prefix match); run
    it with the values of `search_values`. The statement depends on the number of words only."""
    if dialect == "sqlite":
        hits = (
            text(
                "SELECT rowid AS id, bm25(offer_fts, 5.0, 1.0, 1.0) AS rank FROM offer_fts WHERE offer_fts MATCH :match"
            )
            .columns(id=Integer, rank=Float)
            .subquery("hits")
        )
        return stmt.join(hits, hits.c.id == id_column)
    tsquery, binds = pg_tsquery(count)
    return stmt.where(text(f"offer.search_vector @@ ({tsquery})").bindparams(*binds))
