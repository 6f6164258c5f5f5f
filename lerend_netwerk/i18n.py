"""Translations. Dutch is the source language (msgids are Dutch); other languages come from
`locale/<lang>/LC_MESSAGES/*.po`, every file of a language merged, so each capability keeps its own catalog."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po
from babel.support import LazyProxy

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LOCALE = "nl"
LANGUAGES = {"nl": "Nederlands", "en": "English"}
# Every network is in Flanders: times are entered, shown and mailed (.ics) in this zone, stored in UTC.
TZID = "Europe/Brussels"
TIMEZONE = ZoneInfo(TZID)

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@cache
def catalog(locale: str) -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    """msgid -> translation for `locale`, from every .po file of that language (fuzzy and empty skipped)."""
    messages: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    for po in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=locale):
                if not message.id or message.fuzzy:
                    continue
                if isinstance(message.id, tuple):
                    if all(message.string):
                        messages[message.id[0]] = tuple(message.string)
                elif message.string:
                    messages[message.id] = message.string
    return messages


def gettext(message: str) -> str:
    locale = current_locale.get()
    if locale == DEFAULT_LOCALE:
        return message
    translated = catalog(locale).get(message)
    return translated if isinstance(translated, str) else message


def ngettext(singular: str, plural: str, n: int) -> str:
    locale = current_locale.get()
    if locale != DEFAULT_LOCALE:
        forms = catalog(locale).get(singular)
        if isinstance(forms, tuple) and len(forms) >= 2:
            return forms[0] if n == 1 else forms[1]
    return singular if n == 1 else plural


def lazy_gettext(message: str) -> LazyProxy:
    """For labels defined at import time; translated when shown."""
    return LazyProxy(gettext, message, enable_cache=False)


_ = gettext


def pick_locale(cookie: str | None, accept_language: str | None) -> str:
    """The chosen language cookie wins; otherwise Dutch (the platform's language), whatever the browser says."""
    if cookie in LANGUAGES:
        return cookie  # type: ignore[return-value]
    return DEFAULT_LOCALE
