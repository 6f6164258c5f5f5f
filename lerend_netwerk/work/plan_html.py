"""The plan as HTML, written here in one go rather than as template loops, as the board's cards are
(`signals/routes/cards.py`).

The public plan page shows every action of every objective, each with its progress line and milestones. In the
template every one of those was a dozen outputs, and each output cost Jinja an escape, a Markup object and a context
lookup: about a third of the page's time. Here each text is escaped once. The progress line is written here for
every page that shows one (the plan, an action, a signal's page); the labels come from the request's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from lerend_netwerk.web.formats import format_date_long
from lerend_netwerk.web.templating import template_gettext as _
from lerend_netwerk.web.templating import template_ngettext as ngettext
from lerend_netwerk.work.models import Action

if TYPE_CHECKING:
    from lerend_netwerk.work.plan_queries import ActionRow, ObjectiveRow


def progress_line(a: Action, action_labels: Mapping[Any, Any]) -> Markup:
    """One action's progress in words and as a bar."""
    due = f" · {_('klaar tegen %(date)s', date=format_date_long(a.due_on))}" if a.due_on else ""
    label = _("Voortgang van %(title)s", title=a.title)
    return Markup(  # noqa: S704 - every text went through escape() or Markup's % (which escapes); numbers are ints
        f'<p class="progress-line"><span class="badge">{escape(action_labels[a.status])}</span>'
        f' <progress max="100" value="{a.progress}" aria-label="{label}">{a.progress}%</progress>'
        f" {a.progress}%{due}</p>"
    )


def public_plan(rows: list[ObjectiveRow], action_labels: Mapping[Any, Any]) -> Markup:
    """The objectives of the public plan page, each with its actions (or a line saying there are none yet)."""
    if not rows:
        return Markup(f"<p>{_('Het plan staat hier nog niet. Kom later nog eens kijken.')}</p>")  # noqa: S704 - ours
    words = {
        "none": _("Hier komen nog acties."),
        "done": _("gelukt"),
    }
    return Markup("\n").join(_objective(row, action_labels, words) for row in rows)


def _objective(row: ObjectiveRow, action_labels: Mapping[Any, Any], words: dict[str, Markup]) -> Markup:
    o = row.objective
    badge = f' <span class="badge">{escape(row.network)}</span>' if row.network else ""
    description = f"\n  <p>{escape(o.description)}</p>" if o.description else ""
    items = [_action(r, action_labels, words) for r in row.actions] or [f"    <li>{words['none']}</li>"]
    return Markup(  # noqa: S704 - every text went through escape(); ids are numbers
        f'<section aria-labelledby="doel-{o.id:d}">\n'
        f'  <h2 id="doel-{o.id:d}">{escape(o.title)}{badge}</h2>{description}\n'
        f'  <ul class="feedback-list">\n' + "\n".join(items) + "\n  </ul>\n</section>"
    )


def _action(r: ActionRow, action_labels: Mapping[Any, Any], words: dict[str, Markup]) -> str:
    a = r.action
    lines = [f"      <h3>{escape(a.title)}</h3>"]
    if a.description:
        lines.append(f"      <p>{escape(a.description)}</p>")
    lines.append(f"      {progress_line(a, action_labels)}")
    if r.milestones:
        done = f" — {words['done']}"
        milestones = "".join(
            f"<li>{escape(format_date_long(m.due_on))}: {escape(m.title)}{done if m.done else ''}</li>"
            for m in r.milestones
        )
        lines.append(f"      <ul>{milestones}</ul>")
    if r.signals:
        said = ngettext(
            "Deze actie antwoordt op %(num)d signaal van mensen.",
            "Deze actie antwoordt op %(num)d signalen van mensen.",
            r.signals,
        )
        lines.append(f'      <p class="muted">{said}</p>')
    return '    <li class="card">\n' + "\n".join(lines) + "\n    </li>"
