"""Bar charts drawn on the server as SVG: readable without JavaScript, printable, and tiny. The chart is an image
with a <title>; the same numbers are always in a table beside it for screen readers. A hidden count (a small group,
see `lerend_netwerk.suppression`) gets no bar, and its label says it is hidden."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

_ids = itertools.count(1)
WIDTH, ROW, LABEL_W, BAR_W = 560, 34, 200, 280
LABEL_CHARS = 28


@dataclass(frozen=True)
class Bar:
    label: str
    count: int | None  # None: hidden, drawn without a bar
    percent: int | None = None  # given: the bar is this share of the whole; None: relative to the longest bar


def bar_chart(title: str, bars: Sequence[Bar], *, empty_label: str = "—", hidden_label: str = "hidden") -> Markup:
    """Horizontal bars, one per row. Colour carries no meaning; the text beside each bar says it all."""
    chart_id = f"grafiek-{next(_ids)}"
    top = max((b.count or 0 for b in bars), default=0) or 1
    height = max(1, len(bars)) * ROW + 8
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        label = bar.label or empty_label
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        if bar.count is None:
            share, value = 0.0, hidden_label
        else:
            share = bar.percent / 100 if bar.percent is not None else bar.count / top
            value = f"{bar.percent}% ({bar.count})" if bar.percent is not None else str(bar.count)
        drawn = (
            ""
            if bar.count is None
            else f'<rect x="{LABEL_W}" y="{y + 4}" width="{round(BAR_W * share)}" height="{ROW - 10}" class="chart-bar"/>'
        )
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + 21}" text-anchor="end" class="chart-label">{escape(short)}</text>'
            f'<rect x="{LABEL_W}" y="{y + 4}" width="{BAR_W}" height="{ROW - 10}" class="chart-track"/>'
            f"{drawn}"
            f'<text x="{LABEL_W + BAR_W + 8}" y="{y + 21}" class="chart-value">{escape(value)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text piece above went through escape()
