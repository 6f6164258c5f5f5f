"""What a Dutch page must never show a person: computer formats and English words that slipped through.

`leaks(html)` reads the text a person sees or hears on a page (text, and the alt, title, aria-label and
placeholder attributes; not scripts, styles, nor what a person typed in a text area) and returns each
leak with some context:

* ISO dates ("2026-09-28"): dates go through the format filters (lerend_netwerk/web/formats.py);
* amounts, numbers and sizes with a decimal point ("€ 25.50", "25.50 €", "11.4 MB"): Flemish uses a comma;
* clock times with AM/PM;
* code identifiers (`action_planned`) and Python values (None, True, False);
* English words from a small list that never appear in Dutch text (created, updated, closed, pending, yes, no, …).
  "open" is Dutch as well as English, and "status" too, so they cannot be told apart and are not listed.

Used on every page of the demo crawl (tests/test_forms_hostile.py) and on the forms that come back with errors.
"""

from __future__ import annotations

import re

from tests.test_nojs import Node, parse

SKIP_TAGS = {"script", "style", "textarea", "template"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
ENGLISH = (
    "created",
    "updated",
    "deleted",
    "closed",
    "pending",
    "draft",
    "sent",
    "failed",
    "queued",
    "yes",
    "no",
    "true",
    "false",
    "none",
    "null",
    "new",
    "done",
    "discussed",
    "planned",
    "rejected",
    "retained",
    "published",
    "moved",
    "merged",
    "edited",
    "assisted",
    "paper",
    "submitted",
    "attended",
    "cancelled",
    "waiting",
    "confirmed",
)
PATTERNS = {
    "an ISO date": re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"),
    "an amount with a decimal point": re.compile(r"€\s*\d+\.\d{1,2}(?!\d)|(?<![\d.,])\d+\.\d{2}\s*(?:€|EUR\b)"),
    "a size with a decimal point": re.compile(r"(?<![\d.,])\d+\.\d+\s*(?:[kKMGT]?B|bytes?)\b"),
    "an English size unit": re.compile(r"\b\d+\s*bytes?\b"),
    "AM/PM time": re.compile(r"\b\d{1,2}(?::\d{2})?\s*[AaPp]\.?[Mm]\b\.?"),
    "a code identifier": re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z]+)+(?![\w@./-])"),
    "a Python value": re.compile(r"\b(?:None|True|False)\b"),
    "an English word": re.compile(r"(?<![\w@./-])(?:" + "|".join(ENGLISH) + r")(?![\w@/-])", re.IGNORECASE),
}
CONTEXT = 30


def visible_texts(root: Node) -> list[str]:
    """The page's text nodes and read-out attributes, one string each (skipped: scripts, styles, text areas)."""
    texts: list[str] = []

    def walk(node: Node) -> None:
        if node.tag in SKIP_TAGS:
            return
        texts.extend(" ".join(part.split()) for part in node.text_parts if part.strip())
        for name in READ_ATTRIBUTES:
            if node.get(name).strip():
                texts.append(node.get(name))
        if node.tag == "input" and node.get("type") in ("submit", "button") and node.get("value"):
            texts.append(node.get("value"))
        for child in node.children:
            walk(child)

    walk(root)
    return texts


def leaks(html: str) -> list[tuple[str, str]]:
    """Each computer format or English word in what the page shows: (its kind, an example in context). The kind
    has the digits of the context blanked, so one template's leak counts once however many values it shows."""
    root = parse(html)
    html_node = next(root.iter("html"), None)
    if html_node is not None and not html_node.get("lang", "nl").startswith("nl"):
        return []  # a page in another language is checked by its own rules (tests/test_i18n.py)
    found: list[str] = []
    for text in visible_texts(root):
        for what, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                start, end = max(0, match.start() - CONTEXT), match.end() + CONTEXT
                context = text[start:end]
                kind = f"{what}: “…{re.sub(r'[0-9]', '9', context)}…”"
                found.append((kind, f"{match.group(0)!r} in “…{context}…”"))
    return list(dict.fromkeys(found))
