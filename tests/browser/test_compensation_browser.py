"""Compensation on a 360-pixel phone, as a facilitator meets it: the session's list and the year's overview fit the
screen (rows stacked, each value with its label), and a written-out amount gets a message at that person's field."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lerend_netwerk.dialogue.models import DialogueTable, TableSession
from tests.browser.conftest import axe_check


def _sessions(live_server):  # noqa: ANN001, ANN202
    def read(s):  # noqa: ANN001, ANN202
        table = s.scalar(select(DialogueTable).where(DialogueTable.name == "Dialoogtafel Temse"))
        return list(s.scalars(select(TableSession.id).where(TableSession.table_id == table.id)))

    return live_server.db.read_sync(read)


def _fits(page) -> None:  # noqa: ANN001
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (page.url, widths)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_compensation_pages_fit_a_phone_and_say_what_each_value_is(make_page, live_server, login, javascript):
    page = make_page(width=360, height=740, java_script_enabled=javascript)
    login(page, "facilitator@temse.example")
    for session_id in _sessions(live_server):
        page.goto(f"/n/temse/dialoogtafels/sessies/{session_id}/beheer")
        if javascript:
            _fits(page)
        rows = page.locator("#lijst + * tbody tr, #lijst ~ table tbody tr")
        for n in range(rows.count()):
            text = rows.nth(n).inner_text()
            assert "Aanwezig" in text or "Niet aanwezig" in text or "Nog niemand" in text, text
    page.goto("/n/temse/dialoogtafels/vergoedingen")
    if javascript:
        _fits(page)
        axe_check(page, "compensation overview")
    assert "€ 25.50" not in page.locator("main").inner_text()


def test_a_written_out_amount_is_refused_at_the_persons_field(make_page, live_server, login):
    page = make_page(width=360, height=740, java_script_enabled=False)
    login(page, "facilitator@temse.example")
    for session_id in _sessions(live_server):
        page.goto(f"/n/temse/dialoogtafels/sessies/{session_id}/beheer")
        if page.locator("input[name=bedrag]").count():
            break
    field = page.locator("input[name=bedrag]").first
    field_id = field.get_attribute("id")
    field.fill("vijfentwintig")
    field.locator("xpath=ancestor::form").get_by_role("button").click()
    error = page.locator(f"#{field_id}-fout")
    error.wait_for()
    label = page.locator(f"label[for={field_id}]").inner_text()
    assert "Schrijf het bedrag in cijfers, bijvoorbeeld 25 of 25,50" in error.inner_text()
    assert label.split(" in euro")[0].replace("Vergoeding voor ", "") in error.inner_text()  # names the person
    assert page.locator(f"#{field_id}").input_value() == "vijfentwintig"
    assert page.url.endswith(f"#{field_id}")  # the browser lands at the field
    assert page.locator(".flash-error").count() == 0  # not in a banner
