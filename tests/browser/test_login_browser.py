"""The three ways to log in, end to end in Chromium against the real components: the OIDC provider's login page,
the link in a mail caught by the SMTP server, and the code printed on a participant's card."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, axe_check

pytestmark = pytest.mark.browser


def menu(page: Page):  # noqa: ANN201
    """The main menu, opened first when a phone shows it folded under "Menu"."""
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    summary = nav.locator("summary")
    if summary.is_visible() and nav.locator("details[open]").count() == 0:
        summary.click()
    return nav


def expect_logged_in_as(page: Page, name: str) -> None:
    """Back on our site, logged in: the menu offers "Mijn pagina", which greets the person by name."""
    expect(page.locator("#meldingen")).to_contain_text("Je bent ingelogd.")
    expect(page.locator(".site-footer")).to_contain_text(f"Ingelogd als {name}")
    menu(page).get_by_role("link", name="Mijn pagina").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn pagina")
    expect(page.locator("main")).to_contain_text(name)


def test_oidc_login_through_the_providers_login_page(page: Page, live_server: LiveServer) -> None:
    page.goto("/inloggen")
    page.get_by_role("link", name=re.compile(r"^Inloggen met ")).click()

    # The provider's own development login page, on its own host.
    page.locator("input[name=login]").wait_for()
    assert not live_server.owns(page.url), "the login form should be the provider's, not ours"
    page.locator("input[name=login]").fill("steering@zele.example")
    page.locator("input[name=password]").fill("any-password")
    page.locator("input[name=password]").press("Enter")

    expect(page).to_have_url(re.compile(re.escape(live_server.url)))
    expect_logged_in_as(page, "Stuurgroeplid Zele")
    expect(page.get_by_role("link", name="Kansenplatform Zele")).to_be_visible()


def test_magic_link_login(page: Page, login: Callable[[Page, str], str]) -> None:
    link = login(page, "member@zele.example")

    expect_logged_in_as(page, "Partner Zele")
    # The link works once: opened again, it says so and offers the way back.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")


def test_personal_code_login(page: Page, login: Callable[[Page, str], str]) -> None:
    facilitator = page
    login(facilitator, "facilitator@zele.example")
    facilitator.goto("/n/zele")
    menu(facilitator).get_by_role("link", name="Inlogcodes").click()
    facilitator.get_by_label("Voornaam of roepnaam").fill("Mira")
    facilitator.get_by_role("button", name="Maak een kaart met code").click()
    card = facilitator.locator(".code-card")
    expect(card).to_contain_text("Mira")
    code = card.locator(".code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){2,}", code), code
    axe_check(facilitator, "the printable code card")
    facilitator.get_by_role("button", name="Uitloggen").click()
    # The page after logout first: `menu` unfolds the menu of the page it finds, and on a busy machine that was still
    # the page before, whose successor came back folded.
    expect(facilitator.locator("#meldingen")).to_contain_text("Je bent uitgelogd.")
    expect(menu(facilitator).get_by_role("link", name="Inloggen")).to_be_visible()

    # Now the participant types the code from the card (lower case is fine).
    facilitator.goto("/inloggen")
    facilitator.get_by_label("Je code").fill(code.lower())
    facilitator.get_by_role("button", name="Inloggen met code").click()
    expect_logged_in_as(facilitator, "Mira")


def test_login_page_fits_a_small_phone(make_page: Callable[..., Page]) -> None:
    page = make_page(width=360, height=740)
    page.goto("/inloggen")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"the login page is {width} px wide on a 360 px screen: it scrolls sideways"
