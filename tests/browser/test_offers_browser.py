"""A visitor finds an offer by age, wijk and "gratis" in the demo, with JavaScript (htmx swaps the results, no page
load) and without (the plain GET form); the offer pages, the folder and the verwijsfiche pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import axe_check

pytestmark = pytest.mark.browser

PROBE = "() => { window.__noPageLoad = true; }"
PROBE_KEPT = "() => window.__noPageLoad === true"


def _filter(page: Page) -> None:
    page.locator("#zoek-leeftijd").select_option("kinderen")
    page.locator("#zoek-wijk").select_option("Kouter")
    page.locator("#zoek-prijs").select_option("gratis")


def test_visitor_finds_an_offer_by_age_wijk_and_free_with_javascript(page: Page) -> None:
    page.goto("/n/zele/aanbod")
    page.wait_for_function("() => window.htmx && window.htmx.version")
    assert page.locator("#resultaten h3", has_text="Sportkampen in de krokusvakantie").count() == 1
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.headers.get("hx-request") == "true" else None)
    page.evaluate(PROBE)
    _filter(page)
    page.wait_for_url("**prijs=gratis**")
    page.wait_for_function("() => !document.querySelector('#resultaten').textContent.includes('Sportkampen')")
    titles = page.locator("#resultaten h3").all_text_contents()
    assert titles == ["Huiswerkklas in De Regenboog"]
    assert sent and page.evaluate(PROBE_KEPT), "the filters loaded a new page instead of swapping the results"


def test_visitor_finds_an_offer_by_age_wijk_and_free_without_javascript(make_page) -> None:  # noqa: ANN001
    page = make_page(java_script_enabled=False)
    page.goto("/n/zele/aanbod")
    _filter(page)
    page.get_by_role("button", name="Zoek", exact=True).click()
    page.wait_for_url("**prijs=gratis**")
    assert page.locator("#resultaten h3").all_text_contents() == ["Huiswerkklas in De Regenboog"]
    page.get_by_role("link", name="Huiswerkklas in De Regenboog").click()
    assert page.locator("h1").text_content() == "Huiswerkklas in De Regenboog"
    axe_check(page, "the offer page")
    page.get_by_role("link", name="Verwijsfiche afdrukken").click()
    assert page.get_by_text("Vraag naar:").count() == 1
    axe_check(page, "the verwijsfiche")
    page.goto("/n/zele/aanbod/folder?wijk=Kouter")
    axe_check(page, "the folder of a wijk")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
