"""One form field as HTML: label, input (or textarea, or select), help and error, tied together for screen readers.
The `field` macro of `templates/_macros/forms.html` hands its arguments to `field` here, which writes the field in
one go: as a template, a select's every option was an escape, a filter and a comparison in Jinja, and a board's
filter form (seven fields, some forty options) took more time than the board's cards.

`id` only when one page has two fields of the same name (ids must be unique); the error summary links to
"veld-<name>". A date field cannot show a date it cannot read: typed wrong, it comes back as text, as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from lerend_netwerk.web.formats import is_input_value
from lerend_netwerk.web.forms import Form
from lerend_netwerk.web.templating import template_gettext as _


def field(
    form: Form,
    name: str,
    label: str,
    type: str = "text",  # noqa: A002 - the input's type, as the macro calls it
    help: str | None = None,  # noqa: A002 - as the macro calls it
    required: bool = False,
    autocomplete: str | None = None,
    options: Sequence[tuple[Any, Any]] | None = None,
    rows: int = 5,
    maxlength: int | None = None,
    inputmode: str | None = None,
    id: str | None = None,  # noqa: A002 - as the macro calls it
) -> Markup:
    """The field `name` of `form` (its value as typed, its error), labelled `label`; see the module."""
    error = form.errors.get(name)
    field_id = escape(id or f"veld-{name}")
    described = []
    if help:
        described.append(f"{field_id}-hulp")
    if error:
        described.append(f"{field_id}-fout")
    common = f' aria-describedby="{" ".join(described)}"' if described else ""
    if error:
        common += ' aria-invalid="true"'
    value = form.value(name)
    parts = [f'<div class="field{" field-error" if error else ""}">\n  <label for="{field_id}">{escape(label)}']
    if required:
        parts.append(f' <span class="required">{_("(verplicht)")}</span>')
    parts.append("</label>\n")
    if help:
        parts.append(f'  <p class="help" id="{field_id}-hulp">{escape(help)}</p>\n')
    if error:
        parts.append(
            f'  <p class="error" id="{field_id}-fout"><span class="error-label">{_("Fout:")}</span> {escape(error)}</p>\n'
        )
    limit = f' maxlength="{escape(maxlength)}"' if maxlength else ""
    if type == "textarea":
        parts.append(
            f'  <textarea id="{field_id}" name="{escape(name)}" rows="{escape(rows)}"{limit}'
            f"{' required' if required else ''}{common}>{escape(value)}</textarea>\n"
        )
    elif type == "select":
        choices = list(options or ())
        # A select always sends a value unless its first option is an empty placeholder: only then is `required`
        # valid HTML.
        needed = " required" if required and choices and str(choices[0][0]) == "" else ""
        chosen = str(value)
        lines = "".join(
            f'    <option value="{escape(v)}"{" selected" if str(v) == chosen else ""}>{escape(text)}</option>\n'
            for v, text in choices
        )
        parts.append(f'  <select id="{field_id}" name="{escape(name)}"{needed}{common}>\n{lines}  </select>\n')
    else:
        if error and not is_input_value(value, type):  # only typed inputs (date, number...) can refuse a value
            type = "text"  # noqa: A001 - what the browser should show: the text as typed
        extra = limit + (" required" if required else "")
        if autocomplete:
            extra += f' autocomplete="{escape(autocomplete)}"'
        if inputmode:
            extra += f' inputmode="{escape(inputmode)}"'
        parts.append(
            f'  <input id="{field_id}" name="{escape(name)}" type="{escape(type)}" value="{escape(value)}"'
            f"{extra}{common}>\n"
        )
    parts.append("</div>")
    return Markup("".join(parts))  # noqa: S704 - every value above went through escape() or _(); the rest is ours
