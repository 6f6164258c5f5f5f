"""Moving a signal from the board through a card's "Verplaats" link, as the stuurgroep does: with JavaScript on the
link opens the board's one move form (htmx) and the card lands in its new column, both counts change and the message
is announced in the live region, all without a page load; with JavaScript off the link opens the signal's move form
and, once moved, the board comes back the same way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from lerend_netwerk.signals.models import Signal, Status
from tests.browser.conftest import axe_check

STEERING = "steering@zele.example"


def _count(page: Page, status: str) -> int:
    text = page.locator(f"#kolom-{status} .count").inner_text()
    return int(re.search(r"\d+", text).group())


def _put_back(live_server, signal_ids: list[int]) -> None:  # noqa: ANN001
    """The live server's demo board is shared with the other browser tests: leave "Nieuw" as it was."""

    def write(s):  # noqa: ANN001, ANN202
        for signal_id in signal_ids:
            s.get(Signal, signal_id).status = Status.NEW

    live_server.db.write_sync(write)


def _move_with_the_form(page: Page, status_to: str, reason: str, *, javascript: bool) -> int:
    card = page.locator("[data-drop-status=nieuw] .signal-card").first
    signal_id = int(card.get_attribute("data-signal"))
    card.get_by_role("link", name="Verplaats").click()
    if javascript:  # the board's move form, in its dialog
        form = page.locator("#verplaats-dialoog")
        form.wait_for()
    else:  # the signal's own page, at its move form, with the way back to the board
        page.wait_for_url(re.compile(rf"/n/zele/signalen/{signal_id}\?terug=.*#verplaatsen$"))
        page.locator("#veld-status").select_option(status_to)
        page.locator("#veld-reden").fill(reason)
        page.get_by_role("button", name="Verplaats", exact=True).click()
        page.wait_for_url(re.compile(r"/n/zele/signalen$"))
        return signal_id
    form.get_by_label("Naar kolom").select_option(status_to)
    form.get_by_label("Korte reden").fill(reason)
    form.get_by_role("button", name="Verplaats", exact=True).click()
    return signal_id


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_moved_card_is_in_its_new_column_with_counts_and_a_message(make_page, live_server, login, javascript):
    page = make_page(width=1280, height=900, java_script_enabled=javascript)
    login(page, STEERING)
    page.goto("/n/zele/signalen")
    before = (_count(page, "nieuw"), _count(page, "geanalyseerd"))
    if javascript:
        page.evaluate("() => { window.stillTheSamePage = true; }")
    moved: list[int] = []
    try:
        _check_a_move(page, live_server, javascript, before, moved)
    finally:
        _put_back(live_server, moved)


def _check_a_move(page: Page, live_server, javascript: bool, before: tuple[int, int], moved: list[int]) -> None:  # noqa: ANN001
    reason = "Besproken " + ("met" if javascript else "zonder") + " JS"
    signal_id = _move_with_the_form(page, "geanalyseerd", reason, javascript=javascript)
    moved.append(signal_id)
    page.locator(f'[data-drop-status=geanalyseerd] #signaal-{signal_id}[data-status="geanalyseerd"]').wait_for()
    assert page.locator(f"[data-drop-status=nieuw] #signaal-{signal_id}").count() == 0
    assert (_count(page, "nieuw"), _count(page, "geanalyseerd")) == (before[0] - 1, before[1] + 1)
    live = page.locator("#meldingen")
    assert live.get_attribute("aria-live") == "polite"
    assert "Het signaal staat nu in de kolom “Geanalyseerd”." in live.inner_text()
    stored = live_server.db.read_sync(lambda s: s.scalar(select(Signal.status).where(Signal.id == signal_id)))
    assert stored == Status.ANALYSED
    if javascript:
        assert page.evaluate("() => window.stillTheSamePage === true"), "the page was loaded again"
        focused = page.evaluate("() => document.activeElement.closest('.signal-card')?.id")
        assert focused == f"signaal-{signal_id}", "keyboard focus is not on the moved card"
        assert page.url.endswith("/n/zele/signalen")
        axe_check(page, "board after a move")
        # the board that came back works too: a second move, through the same dialog
        second = _move_with_the_form(page, "geanalyseerd", "Nog een", javascript=True)
        moved.append(second)
        page.locator(f"[data-drop-status=geanalyseerd] #signaal-{second}").wait_for()
        assert _count(page, "geanalyseerd") == before[1] + 2
