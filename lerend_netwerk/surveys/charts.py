"""Bar charts drawn on the server as SVG: readable without JavaScript, printable, and tiny.
The chart is an image with a <title>; the same numbers are always in a table beside it for screen readers."""

from __future__ import annotations

import itertools

from markupsafe import Markup, escape

_ids = itertools.count(1)
WIDTH, ROW, LABEL_W, BAR_W = 560, 34, 200, 280


def bar_chart(title: str, rows: list[tuple[str, int, int]]) -> Markup:
    """Horizontal bars: one row per (label, count, percent). Colour carries no meaning; the text says it all."""
    chart_id = f"grafiek-{next(_ids)}"
    height = max(1, len(rows)) * ROW + 8
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
    ]
    for i, (label, count, pct) in enumerate(rows):
        y = 4 + i * ROW
        short = label if len(label) <= 28 else label[:27] + "…"
        bar = round(BAR_W * pct / 100)
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + 21}" text-anchor="end" class="chart-label">{escape(short)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{BAR_W}" height="{ROW - 10}" class="chart-track"/>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{bar}" height="{ROW - 10}" class="chart-bar"/>'
            f'<text x="{LABEL_W + BAR_W + 8}" y="{y + 21}" class="chart-value">{pct}% ({count})</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text piece above went through escape()
