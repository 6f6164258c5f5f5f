"""The results page's per-question figures and its free-text answers as HTML, written here in one go rather than
as template loops, as the board's cards are (`signals/routes/cards.py`).

A survey's results page shows a table per question with a line per option, each line with its own "make a signal"
form, and up to 200 free-text answers. In the template every line was a dozen outputs, and each output cost Jinja
an escape, a Markup object and a context lookup: the largest part of the page's time after its one read. Here each
text is escaped once. Which counts are hidden is decided in `surveys.results`; this only writes them.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from lerend_netwerk.surveys.results import OptionCount, QuestionResult
from lerend_netwerk.web.templating import template_gettext as _

HIDDEN_SHARE = Markup('<span class="hidden-count">–</span>')  # a hidden percentage: a dash


def hidden_count() -> Markup:
    """A hidden count: a dash that says "verborgen" to a screen reader (in the request's language)."""
    label = _("verborgen")  # markup already: our own label, escaped by the template helper
    return Markup(f'<span class="hidden-count">–<span class="visually-hidden"> {label}</span></span>')  # noqa: S704


def question_articles(
    questions: list[QuestionResult], charts: Mapping[int, Markup], *, signal_url: str | None, csrf_token: str
) -> Markup:
    """An article per question: how many answered, then the chart and its table (with a signal form per option
    when `signal_url` is given), the number facts, or a line saying why there are none."""
    labels = {
        "chose": _("koos"),
        "make_signal": _("Maak een signaal"),
        "hidden_count": hidden_count(),
        "signal_url": escape(signal_url or ""),
        "csrf_token": escape(csrf_token),
    }
    head = f'<th scope="col">{_("Antwoord")}</th><th scope="col">{_("Aantal")}</th><th scope="col">{_("Procent")}</th>'
    if signal_url is not None:
        head += f'<th scope="col"><span class="visually-hidden">{_("Signaal")}</span></th>'
    caption = _("Cijfers bij de grafiek")
    parts = []
    for number, r in enumerate(questions, 1):
        asked = escape(r.view.question.text)
        kind = r.view.question.kind.value
        muted = ""
        if r.respondents is not None:
            muted = str(_("%(n)s mensen beantwoordden deze vraag.", n=r.respondents))
        if kind == "multiple":
            muted += f" {_('Meerdere keuzes mogelijk: de procenten tellen op tot meer dan 100.')}"
        if r.options:
            rows = "\n".join(_option_row(o, r.view.id, asked, labels, signal_url is not None) for o in r.options)
            body = (
                f'\n    <div class="result-pair">\n      <div class="chart-box">{charts[r.view.id]}</div>'
                f'\n      <table class="table">\n        <caption>{caption}</caption>'
                f"\n        <thead><tr>{head}</tr></thead>\n        <tbody>\n{rows}\n        </tbody>"
                "\n      </table>\n    </div>"
            )
        elif r.number_stats:
            body = (
                f'\n    <dl class="facts">\n      <dt>{_("Aantal")}</dt><dd>{r.number_stats["count"]}</dd>'
                f"\n      <dt>{_('Gemiddeld')}</dt><dd>{r.number_stats['average']}</dd>\n    </dl>"
            )
        elif r.number_hidden:
            body = f"\n    <p>{_('Het aantal antwoorden op deze vraag is verborgen, zodat niemand herkenbaar is.')}</p>"
        elif kind in ("short_text", "long_text"):
            body = f"\n    <p>{_('Vrije tekst: zie de antwoorden hieronder.')}</p>"
        else:
            body = ""
        parts.append(
            f'  <article class="result card" id="resultaat-{r.view.id}">\n    <h3>{number}. {asked}</h3>'
            f'\n    <p class="muted">{muted}</p>{body}\n  </article>'
        )
    return Markup("\n".join(parts))  # noqa: S704 - every text above went through escape() or _(); ids are numbers


def _option_row(o: OptionCount, question_id: int, asked: Markup, labels: Mapping[str, str], forms: bool) -> str:
    fig = o.figure
    label = escape(o.label)
    count = labels["hidden_count"] if fig.hidden else fig.count
    share = HIDDEN_SHARE if fig.hidden or fig.percent is None else f"{fig.percent}%"
    row = f'        <tr><th scope="row">{label}</th><td>{count}</td><td>{share}</td>'
    if not forms:
        return row + "\n        </tr>"
    form = ""
    if fig.count and o.option_id:
        form = (
            f'\n            <form method="post" action="{labels["signal_url"]}">'
            f'\n              <input type="hidden" name="csrf_token" value="{labels["csrf_token"]}">'
            f'\n              <input type="hidden" name="titel" value="{fig.percent}% {labels["chose"]} „{label}” — {asked}">'
            f'\n              <input type="hidden" name="vraag" value="{question_id}">'
            f'\n              <input type="hidden" name="aantal" value="{fig.count}">'
            f'\n              <button type="submit" class="button-link">{labels["make_signal"]}'
            f'<span class="visually-hidden">: {fig.percent}% {label}</span></button>\n            </form>'
        )
    return f"{row}\n          <td>{form}\n          </td>\n        </tr>"


def text_lines(
    texts: list[tuple[int, int, str]], questions: dict[int, str], selectable: bool, picked: list[str]
) -> Markup:
    """The free-text answers as lines of the list on the results page (up to 200); the template adds the last
    newline. With `selectable` each has a checkbox (checked when in `picked`, the form sent back) to make a signal
    of it."""
    asked = {question_id: escape(text) for question_id, text in questions.items()}
    if not selectable:
        lines = [
            f'      <li>{escape(text)}        <span class="muted">— {asked[q]}</span></li>' for _a, q, text in texts
        ]
        return Markup("\n".join(lines))  # noqa: S704 - every text above went through escape()
    checked = set(picked)
    lines = [
        f'      <li><label class="choice"><input type="checkbox" name="antwoord" value="{answer_id}"'
        f"{' checked' if str(answer_id) in checked else ''}> <span>{escape(text)}</span></label>"
        f'        <span class="muted">— {asked[q]}</span></li>'
        for answer_id, q, text in texts
    ]
    return Markup("\n".join(lines))  # noqa: S704 - every text above went through escape(); ids are numbers
