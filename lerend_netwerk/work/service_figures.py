"""Writes of the wijk figures: one figure typed in by a coordinator, or a CSV import (for example the
kinderarmoede indicators a municipality already has). An import is checked whole first: one bad line refuses the
whole file, with a message per line, and nothing is written."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.work.models import WijkFigure

HEADER = ("wijk", "jaar", "indicator", "waarde")
MAX_LINES = 5000
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class Figure:
    wijk: str
    year: int
    indicator: str
    value: float


class ImportRefused(Exception):
    """The file has bad lines: `problems` holds one Dutch message per bad line; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_value(raw: str) -> float | None:
    """18,4 or 18.4 (a Flemish spreadsheet writes a decimal comma); None when it is no number."""
    text = raw.strip().replace(" ", "").replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) < 1e12 else None  # not NaN, not infinite


def parse_csv(text: str, wijken: list[str]) -> list[Figure]:
    """The figures of a CSV with the columns wijk, jaar, indicator, waarde (comma or semicolon). Raises
    ImportRefused with a message for every bad line."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportRefused([_("Het bestand is leeg.")])
    sample = text.split("\n", 1)[0]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [c.strip().lower() for c in rows[0]]
    if tuple(header[:4]) != HEADER:
        raise ImportRefused(
            [_("Regel 1: de eerste regel moet de kolommen {columns} noemen.").format(columns=", ".join(HEADER))]
        )
    if len(rows) - 1 > MAX_LINES:
        raise ImportRefused([_("Het bestand heeft meer dan {n} regels. Deel het op.").format(n=MAX_LINES)])
    known = {w.lower(): w for w in wijken}
    figures: list[Figure] = []
    problems: list[str] = []
    seen: dict[tuple[str, int, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 4:
            problems.append(
                _("Regel {n}: er ontbreken kolommen; je hebt er {have}, er zijn er 4 nodig.").format(
                    n=number, have=len(row)
                )
            )
            continue
        wijk_raw, year_raw, indicator, value_raw = (c.strip() for c in row[:4])
        wijk = known.get(wijk_raw.lower())
        line_problems = []
        if wijk is None:
            line_problems.append(_("de wijk “{wijk}” kent dit netwerk niet").format(wijk=wijk_raw[:80]))
        year = int(year_raw) if year_raw.isdigit() and len(year_raw) == 4 else None
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            line_problems.append(_("“{year}” is geen jaartal zoals 2025").format(year=year_raw[:20]))
        if not indicator or len(indicator) > 120:
            line_problems.append(_("de indicator moet ingevuld zijn, in hoogstens 120 tekens"))
        value = parse_value(value_raw)
        if value is None:
            line_problems.append(_("“{value}” is geen getal").format(value=value_raw[:20]))
        if not line_problems and wijk is not None and year is not None and value is not None:
            key = (wijk, year, indicator)
            if key in seen:
                line_problems.append(
                    _("dezelfde wijk, hetzelfde jaar en dezelfde indicator staan al op regel {n}").format(n=seen[key])
                )
            else:
                seen[key] = number
                figures.append(Figure(wijk, year, indicator, value))
        if line_problems:
            problems.append(_("Regel {n}: {problems}.").format(n=number, problems="; ".join(line_problems)))
    if problems:
        raise ImportRefused(problems)
    if not figures:
        raise ImportRefused([_("Het bestand heeft geen cijfers onder de eerste regel.")])
    return figures


def save(db: Session, network_id: int, figures: list[Figure], *, actor_id: int) -> int:
    """Write the figures (a figure for the same wijk, year and indicator replaces the one there); returns how many."""
    existing = {
        (f.wijk, f.year, f.indicator): f
        for f in db.scalars(select(WijkFigure).where(WijkFigure.network_id == network_id))
    }
    for figure in figures:
        found = existing.get((figure.wijk, figure.year, figure.indicator))
        if found is None:
            found = WijkFigure(network_id=network_id, wijk=figure.wijk, year=figure.year, indicator=figure.indicator)
            db.add(found)
            existing[(figure.wijk, figure.year, figure.indicator)] = found
        found.value = figure.value
    audit.record(db, "work.figures_saved", actor_id=actor_id, network_id=network_id, lines=len(figures))
    return len(figures)
