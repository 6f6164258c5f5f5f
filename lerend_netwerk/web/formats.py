"""Dates, times, amounts, numbers and file sizes as people read them, in the page's language (Babel, CLDR).

Dutch pages use Flemish formats (`nl_BE`): "28 september 2026", "19:30", "€ 25,50", "1.234,5", "11,4 MB".
Every template shows such values through the filters registered by `register()`, and Python code that builds a
sentence with one of them calls the functions here: never `isoformat()`, `strftime` or `"%.2f"` in text a person
reads (tests/test_forms_hostile.py scans every page for computer formats).

    {{ signal.reported_on|date }}     28 september 2026
    {{ signal.reported_on|date_long }} maandag 28 september 2026
    {{ session.starts_at|datetime }}  28 september 2026, 19:30  (an aware datetime is shown in Brussels time)
    {{ session.starts_at|time }}      19:30
    {{ payment.cents|money }}         € 25,50                   (an int is cents; use `euros` for a float in euros)
    {{ count|number }}                1.234
    {{ upload.size|filesize }}        11,4 MB
    {{ "2026-09-28T19:30:00+00:00"|readable }}   28 september 2026, 21:30  (ISO text in a data export)
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.dates import format_time as babel_time
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from lerend_netwerk import i18n

DATE = "d MMMM y"
DATE_LONG = "EEEE d MMMM y"
DATE_SHORT = "d MMM y"
TIME = "HH:mm"
# Decimal units, as the upload limits are written ("hoogstens 10 MB" is 10,000,000 bytes).
SIZE_UNITS = ((1000**3, "digital-gigabyte"), (1000**2, "digital-megabyte"), (1000, "digital-kilobyte"))


@cache
def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale for a page language, from the language table in i18n (nl -> nl_BE, fr -> fr_BE, ...)."""
    return Locale.parse(i18n.babel_locale(language or i18n.DEFAULT_LOCALE))


def current() -> Locale:
    return babel_locale(i18n.current_locale.get())


def _local(value: datetime) -> datetime:
    """An aware datetime in Brussels time; a naive one is taken as stored: UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(i18n.TIMEZONE)


def format_date(value: date | datetime | None, fmt: str = DATE) -> str:
    """A calendar date ("28 september 2026"); a datetime is first put in Brussels time."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return _cached_date(value, fmt, current())


@lru_cache(maxsize=4096)
def _cached_date(value: date, fmt: str, locale: Locale) -> str:
    # Babel takes ~50 microseconds a date; a list of 100 items shows the same few days over and over.
    return babel_date(value, format=fmt, locale=locale)


def format_date_long(value: date | datetime | None) -> str:
    """With the weekday: "maandag 28 september 2026"."""
    return format_date(value, DATE_LONG)


def format_date_short(value: date | datetime | None) -> str:
    """For narrow places (board cards): "28 sep. 2026"."""
    return format_date(value, DATE_SHORT)


def format_time(value: time | datetime | None) -> str:
    """ "19:30" (a datetime in Brussels time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).timetz().replace(tzinfo=None)
    return babel_time(value, format=TIME, locale=current())


def format_datetime(value: datetime | None, fmt: str = DATE + ", " + TIME) -> str:
    """ "28 september 2026, 19:30" in Brussels time."""
    if not value:
        return ""
    return babel_datetime(_local(value), format=fmt, tzinfo=i18n.TIMEZONE, locale=current())


def format_datetime_long(value: datetime | None) -> str:
    """ "maandag 28 september 2026, 19:30"."""
    return format_datetime(value, DATE_LONG + ", " + TIME)


def format_money(cents: int | None) -> str:
    """An amount in euro cents: 2550 -> "€ 25,50"."""
    if cents is None:
        return ""
    return format_currency(Decimal(cents) / 100, "EUR", locale=current())


def format_euros(amount: float | Decimal | None) -> str:
    """An amount in euros: 25.5 -> "€ 25,50"."""
    if amount is None:
        return ""
    return format_currency(amount, "EUR", locale=current())


def format_number(value: float | Decimal | None, digits: int | None = None) -> str:
    """1234.5 -> "1.234,5"; `digits` fixes the number of decimals."""
    if value is None:
        return ""
    if digits is not None:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=current())
    return format_decimal(value, locale=current())


def format_filesize(size: int | None) -> str:
    """A size in bytes: 11400000 -> "11,4 MB" (whole bytes below a kilobyte)."""
    if size is None:
        return ""
    for factor, unit in SIZE_UNITS:
        if size >= factor:
            return format_unit(round(size / factor, 1), unit, length="short", locale=current())
    return format_unit(size, "digital-byte", length="short", locale=current())


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


def format_readable(value: str) -> str:
    """A value from a data export (ISO text) as a person reads it: a date or a date and time; other text as is."""
    if ISO_DATE.fullmatch(value):
        return format_date(date.fromisoformat(value))
    if ISO_DATETIME.fullmatch(value):
        return format_datetime(datetime.fromisoformat(value))
    return value


FILTERS: dict[str, Any] = {
    "date": format_date,
    "date_long": format_date_long,
    "date_short": format_date_short,
    "time": format_time,
    "datetime": format_datetime,
    "datetime_long": format_datetime_long,
    "money": format_money,
    "euros": format_euros,
    "number": format_number,
    "filesize": format_filesize,
    "readable": format_readable,
    # The first names these had; they follow the page's language like the rest.
    "date_nl": format_date_long,
    "datetime_nl": format_datetime_long,
}


INPUT_VALUES = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2})?"),
    "number": re.compile(r"-?\d+([.,]\d+)?"),
}


def is_input_value(value: object, kind: str) -> bool:
    """Whether a browser can show `value` in an <input type=kind> (it empties a date field it cannot read)."""
    pattern = INPUT_VALUES.get(kind)
    return pattern is None or not value or bool(pattern.fullmatch(str(value)))


def register(env: jinja2.Environment) -> None:
    """Put every format filter in the app's Jinja environment."""
    env.filters.update(FILTERS)
