"""The board's cards as HTML, written here in one go rather than as a template loop.

A board shows up to 700 cards. In the template each card was a dozen outputs, and every output cost Jinja an escape,
a Markup object and a context lookup: that was most of the board's time once its statements were fast. Here each
text is escaped once and the card is one f-string. The markup is the one `_board.html` had; the labels come from the
request's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.signals.queries import Card
from lerend_netwerk.web.formats import format_date, format_date_short


@dataclass(frozen=True)
class CardWriter:
    """Writes cards for one request: where a card links to, and the labels in the request's language."""

    signals_path: str  # the board's path; a card links to signals_path/<id>
    move_query: str  # "?terug=...#verplaatsen": the move form, then back to this board
    people_labels: dict[int, str]  # "1 persoon", "3 mensen"
    source_labels: dict[str, str]

    def cards(self, cards: Iterable[Card]) -> Markup:
        page = _Labels(
            path=escape(self.signals_path),
            move_query=escape(self.move_query),
            move=escape(_("Verplaats")),
            trekker=escape(_("Trekker:")),
            late=escape(_("Te laat:")),
            sources={kind: escape(label) for kind, label in self.source_labels.items()},
        )
        lines = [self._card(card, page) for card in cards]
        return Markup("\n".join(lines))  # noqa: S704 - every text in a card went through escape(); ids are numbers

    def _card(self, card: Card, page: _Labels) -> str:
        path = f"{page.path}/{card.id}"
        overdue = card.overdue
        meta = "".join(
            f"<span>{escape(text)}</span>"
            for text in (
                card.theme,
                card.neighbourhood,
                self.people_labels[card.people_count],
                format_date_short(card.reported_on),
            )
            if text
        )
        badges = "".join(f'<span class="badge">{page.sources.get(kind) or escape(kind)}</span>' for kind in card.kinds)
        extra = ""
        if card.trekker:
            extra += f'\n  <p class="card-meta">{page.trekker} {escape(card.trekker)}</p>'
        if overdue:
            due = _("de actie moest klaar zijn op %(date)s") % {"date": format_date(card.due_on)}
            extra += f'\n  <p class="overdue-note"><strong>{page.late}</strong> {escape(due)}</p>'
        return (
            f'<li id="signaal-{card.id}" class="signal-card{" overdue" if overdue else ""}" draggable="true"'
            f' data-signal="{card.id}" data-status="{card.status.value}">\n'
            f'  <h3><a href="{path}">{escape(card.title)}</a></h3>\n'
            f'  <p class="card-meta">{meta}</p>\n'
            f'  <p class="card-meta">{badges}</p>{extra}\n'
            f'  <p class="card-actions"><a class="move-link" href="{path}{page.move_query}">{page.move}'
            f'<span class="visually-hidden"> #{card.id}</span></a></p>\n'
            "</li>"
        )


@dataclass(frozen=True)
class _Labels:
    """What every card of one call shares, escaped once: the board's path, the move link and the labels."""

    path: Markup
    move_query: Markup
    move: Markup
    trekker: Markup
    late: Markup
    sources: dict[str, Markup]
