"""The main menu on a 360-pixel phone: folded under "Menu" so it takes one line next to the network's name, opened
and used without JavaScript; on a wide screen the links stand in a row."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_staff_menu_takes_one_line_on_a_phone(make_page, login, javascript):
    page = make_page(width=360, height=740, java_script_enabled=javascript)
    login(page, "coordinator@zele.example")  # the role with the most menu entries
    page.goto("/n/zele")
    header = page.locator(".site-header").bounding_box()
    assert header and header["height"] <= 80, f"the header takes {header} on a 360 px phone"
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert not nav.get_by_role("link", name="Dialoogtafels").is_visible()  # folded away
    summary = nav.locator("summary")
    assert summary.inner_text().startswith("Menu")
    box = summary.bounding_box()
    assert box and box["height"] >= 24 and box["width"] >= 24
    summary.click()
    assert nav.locator("details[open]").count() == 1
    nav.get_by_role("link", name="Dialoogtafels").click()
    page.wait_for_url("**/n/zele/dialoogtafels")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1]


def test_a_wide_screen_shows_the_links_in_a_row(make_page, login):
    page = make_page(width=1280, height=800)
    login(page, "coordinator@zele.example")
    page.goto("/n/zele")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    assert not nav.locator("summary").is_visible()
    links = nav.locator(".menu-wide a")
    assert links.count() >= 5
    assert all(links.nth(n).is_visible() for n in range(links.count()))
    # one accessible menu: the folded copy is not in the accessibility tree on a wide screen
    assert nav.get_by_role("link", name="Dialoogtafels").count() == 1
