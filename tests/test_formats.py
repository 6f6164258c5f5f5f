"""The format filters (lerend_netwerk/web/formats.py): Flemish on Dutch pages, the page's language elsewhere."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lerend_netwerk import i18n
from lerend_netwerk.web import formats
from lerend_netwerk.web.forms import Form


@pytest.fixture
def english():  # noqa: ANN201
    token = i18n.current_locale.set("en")
    yield
    i18n.current_locale.reset(token)


def test_dutch_pages_use_flemish_formats() -> None:
    assert formats.format_date(date(2026, 9, 28)) == "28 september 2026"
    assert formats.format_date_long(date(2026, 9, 28)) == "maandag 28 september 2026"
    # Stored in UTC, shown in Brussels time (summer: UTC+2).
    assert formats.format_datetime(datetime(2026, 9, 28, 17, 30, tzinfo=UTC)) == "28 september 2026, 19:30"
    assert formats.format_time(datetime(2026, 9, 28, 17, 30)) == "19:30"
    assert formats.format_money(2550) == "€\xa025,50"  # a no-break space: the amount never wraps from its sign
    assert formats.format_euros(1234.5) == "€\xa01.234,50"
    assert formats.format_number(1234.5) == "1.234,5"
    assert formats.format_number(2, 1) == "2,0"
    assert formats.format_time(datetime(2026, 9, 28, 17, 30)) == "19:30"  # Belgian English: CLDR en_BE
    assert formats.format_filesize(800) == "800 byte"
    assert formats.format_readable("2026-09-28") == "28 september 2026"
    assert formats.format_readable("2026-09-28T17:30:00+00:00") == "28 september 2026, 19:30"
    assert formats.format_readable("gewoon tekst") == "gewoon tekst"
    assert formats.format_date(None) == formats.format_money(None) == ""


def test_other_languages_get_their_own_formats(english) -> None:  # noqa: ANN001
    assert formats.format_date(date(2026, 9, 28)) == "28 September 2026"
    assert formats.format_time(datetime(2026, 9, 28, 17, 30)) == "19:30"  # Belgian English: CLDR en_BE


@pytest.mark.parametrize("typed", ["2026-12-31", "31-12-2026", "31/12/2026", "31.12.2026"])
def test_a_date_is_read_as_the_field_sends_it_or_as_a_person_types_it(typed: str) -> None:
    form = Form({"datum": typed})
    assert form.date("datum") == date(2026, 12, 31) and form.ok


@pytest.mark.parametrize("typed", ["2026-12-31T19:30", "31-12-2026 19:30", "31/12/2026 19.30"])
def test_a_date_and_time_likewise(typed: str) -> None:
    form = Form({"start": typed})
    assert form.datetime_local("start") == datetime(2026, 12, 31, 19, 30) and form.ok


@pytest.mark.parametrize("typed", ["31-13-2026", "2026-02-30", "morgen", "20261231", "31-12-2026 25:00"])
def test_a_wrong_date_is_refused_and_kept_as_typed(typed: str) -> None:
    form = Form({"datum": typed})
    form.datetime_local("datum") if " " in typed else form.date("datum")
    assert not form.ok and form.value("datum") == typed
