"""CSV downloads that open safely in a spreadsheet (UTF-8 with BOM for Excel; no formula injection).

A download is built while it is sent, a chunk at a time, by a plain iterator that Starlette runs in its threadpool:
an export of a large survey never holds the event loop (nor the whole text in memory), and the compression
middleware compresses chunk by chunk between other requests."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from starlette.responses import Response, StreamingResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_CHARS = 64 * 1024


def safe_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> str:
    """CSV with every text cell made safe; `delimiter=";"` for the Flemish Excel default."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> Iterator[str]:
    """The same text as `"\\ufeff" + csv_text(...)`, in pieces of about CHUNK_CHARS."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    out.write("\ufeff")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        if out.tell() >= CHUNK_CHARS:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def chunked(text: str) -> Iterator[str]:
    """A text already made, in pieces of CHUNK_CHARS (for a StreamingResponse)."""
    for start in range(0, len(text), CHUNK_CHARS):
        yield text[start : start + CHUNK_CHARS]


def csv_response(header: Sequence[str], rows: Iterable[Sequence[Any]], filename: str) -> Response:
    """`rows` must be plain values (read before the session closed): they are turned into text in a thread."""
    return StreamingResponse(
        csv_chunks(header, rows),  # a sync iterator: Starlette iterates it in its threadpool
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
