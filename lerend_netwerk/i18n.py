"""Translations. Dutch is the source language (msgids are Dutch); other languages come from
`locale/<lang>/LC_MESSAGES/*.po`, every file of a language merged, so each capability keeps its own catalog.

Adding a language is a catalog (`locale/<code>/LC_MESSAGES/*.po`) and one line in `_CONFIG` below. Plural forms
follow Babel's rules for the language (Arabic has six, Ukrainian three, Turkish one); dates, numbers and money are
formatted by Babel in the language's own locale (Dutch as in Flanders: nl_BE)."""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.support import LazyProxy

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LOCALE = "nl"


@dataclass(frozen=True)
class Language:
    code: str  # the cookie, ?taal= and <html lang> value
    name: str  # the language's own name, as offered in the switch
    babel: str  # Babel locale for plural rules, dates, numbers and money
    rtl: bool = False


# One line per language. Dutch is the source; the others need a catalog in locale/<code>/LC_MESSAGES/.
_CONFIG = (
    Language("nl", "Nederlands", "nl_BE"),
    Language("fr", "Français", "fr_BE"),
    Language("en", "English", "en_BE"),
    Language("ar", "العربية", "ar", rtl=True),
    Language("tr", "Türkçe", "tr_TR"),
    Language("uk", "Українська", "uk_UA"),
)
LANGUAGE = {language.code: language for language in _CONFIG}
LANGUAGES: dict[str, str] = {language.code: language.name for language in _CONFIG}
# Every network is in Flanders: times are entered, shown and mailed (.ics) in this zone, stored in UTC.
TZID = "Europe/Brussels"
TIMEZONE = ZoneInfo(TZID)

# What a participant or visitor sees: these templates and modules (their every msgid) must be translated in every
# language a network can offer (tests/test_i18n_catalogs.py). Staff pages may stay Dutch/English.
PARTICIPANT_FACING = (
    "templates/base.html",
    "templates/_flash.html",
    "templates/_macros/forms.html",
    "templates/errors/",
    "templates/networks/home.html",
    "templates/networks/network.html",
    "templates/dialogue/list.html",
    "templates/dialogue/table.html",
    "templates/dialogue/signed_up.html",
    "templates/dialogue/cancel_confirm.html",
    "templates/dialogue/_need_items.html",
    "templates/dialogue/link.html",
    "templates/dialogue/session.html",
    "templates/dialogue/_needs.html",
    "templates/dialogue/_consent.html",
    "templates/dialogue/_places.html",
    "templates/dialogue/_when.html",
    "templates/surveys/respond_",
    "templates/surveys/_respond_head.html",
    "templates/surveys/_step.html",
    "templates/surveys/_macros.html",
    "templates/signals/report.html",
    "templates/signals/public_feedback.html",
    "templates/accounts/login.html",
    "templates/accounts/link_sent.html",
    "templates/accounts/link_confirm.html",
    "templates/accounts/my_page.html",
    "templates/accounts/my_data.html",
    "templates/accounts/_data.html",
    "templates/accounts/_correct_form.html",
    "templates/accounts/_erase_form.html",
    "templates/accounts/data_request.html",
    "templates/accounts/data_request_sent.html",
    "templates/accounts/data_link.html",
    "templates/accounts/privacy.html",
    "templates/mail/login_link.txt",
    "templates/mail/data_link.txt",
    "lerend_netwerk/dialogue/mail.py",
    "lerend_netwerk/dialogue/ics.py",
    "lerend_netwerk/dialogue/forms.py",
    # the public offers pages (issue 15): overview with its filters, an offer's page, folder, verwijsfiche, and
    # "this offer has a threshold for me"; staff pages (form.html, manage.html) stay out
    "templates/offers/list.html",
    "templates/offers/_results.html",
    "templates/offers/_card.html",
    "templates/offers/_facts.html",
    "templates/offers/detail.html",
    "templates/offers/folder.html",
    "templates/offers/referral.html",
    "lerend_netwerk/offers/forms.py",
    "lerend_netwerk/offers/routes/public.py",
    # the public plan of the work: "wat we beloofden, waar we staan"
    "templates/work/public_plan.html",
    "lerend_netwerk/work/plan_html.py",
    "lerend_netwerk/work/models.py",
    "lerend_netwerk/dialogue/service.py",
    "lerend_netwerk/surveys/answers.py",
    "lerend_netwerk/surveys/models.py",
    "lerend_netwerk/dialogue/routes/public.py",
    "lerend_netwerk/surveys/routes/public.py",
    "lerend_netwerk/surveys/forms.py",
    "lerend_netwerk/signals/routes/public.py",
    "lerend_netwerk/signals/forms.py",
    "lerend_netwerk/signals/mail.py",
    "lerend_netwerk/accounts/routes/public.py",
    "lerend_netwerk/accounts/routes/my_data.py",
    "lerend_netwerk/accounts/data_labels.py",
    "lerend_netwerk/web/forms.py",
    "lerend_netwerk/web/errors.py",
    "lerend_netwerk/web/auth.py",
    # the retention promises on the privacy page
    "lerend_netwerk/accounts/privacy.py",
    "lerend_netwerk/dialogue/privacy.py",
    "lerend_netwerk/networks/privacy.py",
    "lerend_netwerk/practices/privacy.py",
    "lerend_netwerk/signals/privacy.py",
    "lerend_netwerk/surveys/privacy.py",
    # the menu: each capability declares its entries (and a few labels) in its capability.py
    "lerend_netwerk/practices/capability.py",
    "lerend_netwerk/dialogue/capability.py",
    "lerend_netwerk/signals/capability.py",
    "lerend_netwerk/surveys/capability.py",
    "lerend_netwerk/offers/capability.py",
    "lerend_netwerk/work/capability.py",
)

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


def is_rtl(locale: str) -> bool:
    language = LANGUAGE.get(locale)
    return bool(language and language.rtl)


def direction(locale: str) -> str:
    return "rtl" if is_rtl(locale) else "ltr"


def babel_locale(locale: str | None = None) -> str:
    language = LANGUAGE.get(locale or current_locale.get())
    return language.babel if language else LANGUAGE[DEFAULT_LOCALE].babel


@cache
def plural_index(locale: str) -> Callable[[int], int]:
    """n -> the index of the msgstr[] form, from Babel's plural rule for the language (as in the .po header)."""
    return _gettext.c2py(get_plural(babel_locale(locale)).plural_expr)


def plural_count(locale: str) -> int:
    return get_plural(babel_locale(locale)).num_plurals


@cache
def catalog(locale: str) -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    """msgid -> translation for `locale`, from every .po file of that language (fuzzy and empty skipped)."""
    messages: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    for po in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=babel_locale(locale)):
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
        if isinstance(forms, tuple) and forms:
            index = plural_index(locale)(n)
            return forms[index] if index < len(forms) else forms[-1]
    return singular if n == 1 else plural


def lazy_gettext(message: str) -> LazyProxy:
    """For labels defined at import time; translated when shown."""
    return LazyProxy(gettext, message, enable_cache=False)


_ = gettext


class use_locale:  # noqa: N801 - used like a function: `with use_locale("ar"): ...`
    """Render something (a mail, an .ics) in another language than the request's, then go back."""

    def __init__(self, locale: str | None) -> None:
        self.locale = locale if locale in LANGUAGES else DEFAULT_LOCALE

    def __enter__(self) -> str:
        self._token = current_locale.set(self.locale)
        return self.locale

    def __exit__(self, *exc: object) -> None:
        current_locale.reset(self._token)


def pick_locale(cookie: str | None, accept_language: str | None) -> str:
    """The chosen language cookie wins; otherwise Dutch (the platform's language), whatever the browser says."""
    if cookie in LANGUAGES:
        return cookie  # type: ignore[return-value]
    return DEFAULT_LOCALE


LANGUAGE_MAX_AGE = 365 * 24 * 3600


def language_cookie(lang: str, *, https: bool) -> str:
    """A Set-Cookie value that remembers the language: `ln_lang` for a year (no account needed)."""
    secure = "; Secure" if https else ""
    return f"ln_lang={lang}; Path=/; Max-Age={LANGUAGE_MAX_AGE}; HttpOnly; SameSite=Lax{secure}"


def offered(codes: Iterable[str] | None) -> list[str]:
    """The languages a network offers, in the platform's order (Dutch always first); None means all of them."""
    chosen = set(codes) if codes is not None else set(LANGUAGES)
    return [code for code in LANGUAGES if code == DEFAULT_LOCALE or code in chosen]


# Dates in the language's own format (Babel, Flemish for Dutch), for mails composed in a person's language.
# Pages format through the template filters in lerend_netwerk/web/formats.py.


def format_date(value: date | datetime, format: str | None = None, locale: str | None = None) -> str:
    """A date as the language writes it in full ("zaterdag 5 december 2026", "السبت، 5 ديسمبر 2026")."""
    from babel.dates import format_date as babel_date

    return babel_date(value, format=format or "full", locale=babel_locale(locale))


@cache
def _datetime_pattern(babel: str) -> str:
    from babel import Locale

    loc = Locale.parse(babel)
    return str(loc.datetime_formats["long"]).replace("{1}", loc.date_formats["full"].pattern).replace("{0}", "HH:mm")


def format_datetime(value: datetime, format: str | None = None, locale: str | None = None) -> str:
    """A moment in Flemish time, as the language writes a full date with a 24-hour time."""
    from babel.dates import format_datetime as babel_datetime

    babel = babel_locale(locale)
    return babel_datetime(value, format=format or _datetime_pattern(babel), tzinfo=TIMEZONE, locale=babel)


def format_time(value: datetime, locale: str | None = None) -> str:
    from babel.dates import format_time as babel_time

    return babel_time(value, format="HH:mm", tzinfo=TIMEZONE, locale=babel_locale(locale))
