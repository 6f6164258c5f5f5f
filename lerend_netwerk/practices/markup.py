"""What changed between versions of a practice, as readable line diffs. (The story itself is Markdown, rendered
by `lerend_netwerk.web.markdown`.)"""

from __future__ import annotations

import difflib
from typing import Any


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
