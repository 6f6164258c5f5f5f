"""The story of a practice is Markdown; it is rendered with raw HTML disabled and then sanitised, so no HTML
a user typed survives (defence in depth: markdown-it escapes it, nh3 drops anything that slipped through).
Also what changed between versions of a practice, as readable line diffs."""

from __future__ import annotations

import difflib
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"}
ATTRIBUTES = {"a": {"href"}}


def render_markdown(source: str) -> Markup:
    html = _md.render(source or "")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def diff_lines(before: str, after: str) -> list[tuple[str, str]]:
    """Line diff as (kind, text) with kind in "same", "added", "removed", for a readable "what changed"."""
    result: list[tuple[str, str]] = []
    for line in difflib.ndiff((before or "").splitlines(), (after or "").splitlines()):
        code, body = line[:2], line[2:]
        if code == "+ ":
            result.append(("added", body))
        elif code == "- ":
            result.append(("removed", body))
        elif code == "  ":
            result.append(("same", body))
    return result


TEXTS = ("title", "summary", "story")  # the fields whose changes a version shows line by line


def version_changes(practice: Any, versions: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    """What each saved version changed compared with the one after it (the newest against the practice as it is
    now): a line diff of the texts, and the names of the other fields that changed. `versions`: newest first,
    as (version, editor's name)."""
    changes = []
    newer = {key: str(getattr(practice, key) or "") for key in TEXTS}
    for version, editor in versions:
        older = version.content
        fields = [
            (key, diff_lines(older.get(key, ""), newer.get(key, "")))
            for key in TEXTS
            if older.get(key, "") != newer.get(key, "")
        ]
        others = [key for key in older if key not in TEXTS and older.get(key) != newer.get(key, older.get(key))]
        changes.append({"version": version, "editor": editor, "fields": fields, "others": others})
        newer = older
    return changes
