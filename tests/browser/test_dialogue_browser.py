"""Dialogue tables in Chromium: the public sign-up on a 360-pixel-wide phone (with and without JavaScript),
check-in on a phone (htmx swaps the row; without JS the form posts), and axe-core on every dialogue page."""

from __future__ import annotations

from pathlib import Path

import pytest

if not (Path(__file__).parent / "conftest.py").is_file():  # the shared harness lands from main
    pytest.skip("browser harness (tests/browser/conftest.py) not merged yet", allow_module_level=True)

from sqlalchemy import select  # noqa: I001 - the order differs with and without the harness package
from tests.browser.conftest import axe_check

from lerend_netwerk.dialogue.models import DialogueTable, SignUp, TableSession

pytestmark = pytest.mark.browser


def _temse(live_server):  # noqa: ANN001, ANN202
    """The demo's Temse table and its sessions: (table id, [past, coming, full] session ids)."""

    def read(s):  # noqa: ANN001, ANN202
        table = s.scalar(select(DialogueTable).where(DialogueTable.name == "Dialoogtafel Temse"))
        ids = s.scalars(
            select(TableSession.id).where(TableSession.table_id == table.id).order_by(TableSession.starts_at)
        )
        return table.id, list(ids)

    return live_server.db.read_sync(read)


def _checks(javascript: bool):  # noqa: ANN202
    """axe and layout checks run scripts in the page, so only with JavaScript; the no-JS run proves the flow."""
    if javascript:
        return axe_check, _no_sideways_scroll
    return (lambda page, label="": None), (lambda page: None)


def _no_sideways_scroll(page) -> None:  # noqa: ANN001
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_public_sign_up_on_a_360_pixel_phone(make_page, live_server, javascript):
    table_id, (_past, coming, full) = _temse(live_server)
    page = make_page(width=360, height=740, java_script_enabled=javascript)
    axe, no_sideways_scroll = _checks(javascript)
    page.goto("/n/temse/dialoogtafels")
    axe(page, "dialogue list")
    no_sideways_scroll(page)
    page.goto(f"/n/temse/dialoogtafels/tafels/{table_id}")
    axe(page, "table page")
    page.goto(f"/n/temse/dialoogtafels/sessies/{coming}")
    axe(page, "session page")
    no_sideways_scroll(page)
    # A form sent empty comes back with messages next to the fields, and passes axe too.
    page.get_by_role("button", name="Inschrijven").click()
    page.locator(
        "p.error", has_text="Vul een e-mailadres of een telefoonnummer in"
    ).wait_for()  # at the field (the summary links to it)
    axe(page, "sign-up form with errors")
    name = "Browser" + ("js" if javascript else "nojs")
    page.locator("#veld-voornaam").fill(name)
    page.locator("#veld-telefoon").fill("0470 55 66 7" + ("1" if javascript else "2"))
    page.get_by_label("Opvang voor mijn kinderen").check()
    page.locator("#veld-kinderen_aantal").fill("1")
    page.get_by_label("Ik ga akkoord").check()
    button = page.get_by_role("button", name="Inschrijven")
    box = button.bounding_box()
    assert box and box["width"] <= 360 and box["height"] >= 44  # a big target that fits the screen
    button.click()
    page.get_by_role("heading", name="Je bent ingeschreven").wait_for()
    axe(page, "signed up")
    no_sideways_scroll(page)
    page.get_by_role("heading", name="Wanneer en waar").wait_for()
    assert "Opvang voor je kinderen" in page.locator("main").inner_text()
    page.locator(".personal-link a").click()
    page.get_by_role("heading", name="Mijn inschrijvingen").wait_for()
    axe(page, "personal link")
    page.get_by_role("link", name="Ik kom niet: annuleer").click()
    page.get_by_role("heading", name="Wil je je inschrijving echt annuleren?").wait_for()
    axe(page, "cancel: the step back")
    page.get_by_role("button", name="Ja, annuleer mijn inschrijving").click()
    page.get_by_text("Je inschrijving is geannuleerd").wait_for()
    stored = live_server.db.read_sync(lambda s: s.scalar(select(SignUp).where(SignUp.first_name == name)))
    assert stored.childcare and stored.status.value == "cancelled"
    page.goto(f"/n/temse/dialoogtafels/sessies/{full}")
    page.get_by_text("Volzet, wachtlijst open").first.wait_for()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_facilitator_pages_and_check_in_on_a_phone(make_page, live_server, login, javascript):
    table_id, (past, coming, _full) = _temse(live_server)
    page = make_page(width=360, height=740, java_script_enabled=javascript)
    axe, no_sideways_scroll = _checks(javascript)
    login(page, "facilitator@temse.example")
    for path, label in [
        (f"/n/temse/dialoogtafels/sessies/{coming}/beheer", "session page"),
        (f"/n/temse/dialoogtafels/sessies/{past}/beheer", "past session with notes"),
        (f"/n/temse/dialoogtafels/sessies/{coming}/aanwezigheidslijst", "attendance sheet"),
        (f"/n/temse/dialoogtafels/sessies/{coming}/wijzigen", "edit session"),
        (f"/n/temse/dialoogtafels/tafels/{table_id}/sessies", "plan sessions"),
        ("/n/temse/dialoogtafels/nieuw", "new table"),
        ("/n/temse/dialoogtafels/bellijst", "call list"),
        ("/n/temse/dialoogtafels/vergoedingen", "compensation"),
    ]:
        page.goto(path)
        axe(page, label)
    page.goto(f"/n/temse/dialoogtafels/sessies/{coming}/inchecken")
    axe(page, "check-in")
    no_sideways_scroll(page)
    row = page.locator(".checkin-row").first
    row_id = row.get_attribute("id")
    was_present = "is-present" in (row.get_attribute("class") or "")
    row.get_by_role("button").click()
    swapped = page.locator(f"#{row_id}")
    if was_present:
        swapped.get_by_text("Tik: is er").wait_for()
    else:
        swapped.get_by_text("Aanwezig ✓").wait_for()
    axe(page, "check-in after a tap")
