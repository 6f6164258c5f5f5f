"""Full-text search of practices in Dutch, one interface over two engines.

- SQLite: an FTS5 table `practice_fts` (rowid = practice.id) with `unicode61 remove_diacritics 2`,
  plus a `stems` column holding our own Dutch stems so "fiets" finds "fietsen" (FTS5 has no Dutch stemmer).
- PostgreSQL: a `practice.search_vector` tsvector column (GIN index) built from the 'dutch' configuration
  plus the same stems under 'simple'; PostgreSQL's Dutch snowball stems "fietsen" to "fiets" but "fiets" to
  "fiet", so the two together catch singular and plural.

Accents are stripped in Python for both engines: `unaccent` is not installed on every PostgreSQL server.
Both structures are created by migration 0002 and are deliberately *not* in SQLAlchemy metadata
(`SEARCH_OBJECTS` lists them for the migration-drift comparison to ignore).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from sqlalchemy import BindParameter, Connection, Float, Integer, Select, String, bindparam, text, type_coerce
from sqlalchemy.orm import Session

SEARCH_OBJECTS = {
    "practice_fts",
    "practice_fts_data",
    "practice_fts_idx",
    "practice_fts_content",
    "practice_fts_docsize",
    "practice_fts_config",
    "search_vector",
    "ix_practice_search_vector",
}

WORD_RE = re.compile(r"[0-9a-z]+")
# Irregular plurals that suffix rules cannot reach.
IRREGULAR = {"kinderen": "kind", "eieren": "ei", "liederen": "lied", "bladeren": "blad", "steden": "stad"}
DOUBLE_VOWELS = re.compile(r"(aa|ee|oo|uu)")
DOUBLE_END = re.compile(r"([bdfgklmnprst])\1$")


class _Unaccented(dict[int, str]):
    """Character -> itself without accents (NFKD minus combining marks), worked out once per character.

    Per character gives what the whole string would: NFKD only reorders combining marks, and those are dropped."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        self[code] = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return self[code]


_UNACCENTED = _Unaccented()


def normalise(value: str) -> str:
    """Lower case without accents: "café" and "cafe" are the same word for search."""
    folded = value.casefold()
    return folded if folded.isascii() else folded.translate(_UNACCENTED)


def words(value: str) -> list[str]:
    return WORD_RE.findall(normalise(value))


@functools.lru_cache(maxsize=65_536)  # a text repeats its words: indexing a long practice stems each once
def stem(word: str) -> str:
    """A small Dutch stemmer applied to both index and query; it only has to be consistent, not pretty.
    fietsen/fiets, talen/taal, tarieven/tarief, huizen/huis, jongeren/jongere, kinderen/kind."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):  # buddies -> buddy
        word = word[:-3] + "y"
    elif len(word) >= 4 and word.endswith("en"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if word.endswith("v"):
        word = word[:-1] + "f"
    elif word.endswith("z"):
        word = word[:-1] + "s"
    word = DOUBLE_END.sub(r"\1", word)
    word = DOUBLE_VOWELS.sub(lambda m: m.group(1)[0], word)
    if len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    return word


def stems(value: str) -> str:
    return " ".join(stem(w) for w in words(value))


def document(practice: Any, extra: str = "") -> tuple[str, str, str]:
    """What is indexed for a practice: (title, body, stems), accents stripped. `extra`: organisation name etc."""
    body = " ".join(
        [
            practice.summary,
            practice.story,
            practice.worked,
            practice.not_worked,
            practice.cost,
            practice.partners,
            extra,
        ]
    )
    title, body = normalise(practice.title), normalise(body)
    return title, body, stems(title + " " + body)


def index(db: Session, practice: Any, extra: str = "") -> None:
    """(Re)index one practice; call in the same transaction that saves it. `extra`: organisation name etc."""
    index_many(db, [(practice.id, *document(practice, extra))])


def index_many(db: Session | Connection, rows: list[tuple[int, str, str, str]]) -> None:
    """(Re)index practices from (id, title, body, stems) rows made by `document()`, in one round of statements."""
    write_index(db, "practice", rows)


def write_index(db: Session | Connection, table: str, rows: list[tuple[int, str, str, str]]) -> None:
    """(Re)index rows of `table` (practice, offer) from (id, title, body, stems): its `<table>_fts` on SQLite, its
    weighted `search_vector` on PostgreSQL. `table` is one of our own table names, never user input."""
    if not rows:
        return
    params = [{"id": i, "title": title, "body": body, "stems": all_stems} for i, title, body, all_stems in rows]
    dialect = db.dialect if isinstance(db, Connection) else db.get_bind().dialect
    if dialect.name == "sqlite":
        db.execute(text(f"DELETE FROM {table}_fts WHERE rowid = :id"), [{"id": p["id"]} for p in params])  # noqa: S608
        db.execute(
            text(f"INSERT INTO {table}_fts (rowid, title, body, stems) VALUES (:id, :title, :body, :stems)"),  # noqa: S608
            params,
        )
    else:
        db.execute(
            text(
                f"UPDATE {table} SET search_vector = setweight(to_tsvector('dutch', :title), 'A')"  # noqa: S608
                " || to_tsvector('dutch', :body) || to_tsvector('simple', :stems) WHERE id = :id"
            ),
            params,
        )


def remove(db: Session, practice_id: int) -> None:
    remove_from_index(db, "practice", practice_id)


def remove_from_index(db: Session, table: str, row_id: int) -> None:
    """Drop a row from `<table>_fts` (SQLite; on PostgreSQL the vector goes with the row)."""
    if db.get_bind().dialect.name == "sqlite":
        db.execute(text(f"DELETE FROM {table}_fts WHERE rowid = :id"), {"id": row_id})  # noqa: S608


def pg_tsquery(count: int) -> tuple[str, list[BindParameter[str]]]:
    """PostgreSQL's tsquery for `count` words (each as itself, in Dutch, or by its stem as a prefix), with the
    parameters it takes (`search_values` gives their values).

    The words are written into the statement when it runs (safely quoted by SQLAlchemy: `literal_execute`), not sent
    as parameters: psycopg prepares a statement it sees five times, and PostgreSQL then plans it once for any words.
    That generic plan tested every practice with the slow text match first; the search statement went from 1.9 ms
    to 7 ms on the benchmark's scale-50 data. With the words in it, the plan is made for them."""
    parts, binds = [], []
    for n in range(count):
        binds.append(bindparam(f"w{n}", type_=String, literal_execute=True))
        binds.append(bindparam(f"s{n}", type_=String, literal_execute=True))
        parts.append(f"(plainto_tsquery('dutch', :w{n}) || to_tsquery('simple', :s{n}))")
    return " && ".join(parts), binds


def search_values(dialect: str, terms: list[str]) -> dict[str, str]:
    """The values a search statement made for `len(terms)` words takes (`pg_tsquery`, or the FTS5 `match`)."""
    if dialect == "sqlite":
        return {"match": fts_match(terms)}
    values = {}
    for n, w in enumerate(terms):
        values[f"w{n}"], values[f"s{n}"] = w, stem(w) + ":*"
    return values


def terms(query: str) -> list[str]:
    """The words of a search that count (at most 12)."""
    return words(query)[:12]


def fts_match(terms: list[str]) -> str:
    """The FTS5 query for these words (SQLite): each must match as itself (title, body) or by its stem (stems),
    as a prefix. Where the stem starts the word, as it mostly does ("fietsen" -> "fiets"), one prefix phrase over
    all three columns finds both: whatever starts with the word also starts with its stem. One phrase instead of
    two halves the work FTS5 does for a common word, whose matches grow with the network: merging the doclists of
    every word with that prefix, and counting them all for bm25's weight of the word. Search at scale 50 went from
    0.69 to 0.90 of its speed at scale 1 (`bash .ci/bench`). Where the stem does not start the word ("huizen" ->
    "huis"), both phrases stay."""
    parts = []
    for w in terms:
        s = stem(w)
        if w.startswith(s):
            parts.append(f'{{title body stems}}: "{s}"*')
        else:
            parts.append(f'({{title body}}: "{w}"* OR stems: "{s}"*)')
    return " AND ".join(parts)


def apply(dialect: str, stmt: Select[Any], count: int, id_column: Any) -> tuple[Select[Any], Any, Any]:
    """Restrict `stmt` to practices matching `count` words (`terms`; their values from `search_values`); returns
    (stmt, rank, newest): `rank` is lower for a better match, `newest` the id to walk the matches by, latest added
    first, in the order the engine already keeps them (FTS5 reads its rowids backwards; PostgreSQL the primary
    key). The statement depends on the number of words only, so it can be built once and run for any words."""
    if dialect == "sqlite":
        hits = (
            text(
                "SELECT rowid AS id, bm25(practice_fts, 5.0, 1.0, 1.0) AS rank FROM practice_fts"
                " WHERE practice_fts MATCH :match"
            )
            .columns(id=Integer, rank=Float)
            .subquery("hits")
        )
        return stmt.join(hits, hits.c.id == id_column), hits.c.rank, hits.c.id
    tsquery, binds = pg_tsquery(count)
    condition = text(f"practice.search_vector @@ ({tsquery})").bindparams(*binds)
    rank = type_coerce(text(f"-ts_rank(practice.search_vector, ({tsquery}))").bindparams(*binds), Float)
    return stmt.where(condition), rank, id_column
