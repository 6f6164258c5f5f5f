"""Moving a signal with the card's own form, as the stuurgroep does on the board: with JavaScript on (htmx) the card
lands in its new column, both counts change and the message is announced in the live region, all without a page
load; with JavaScript off the same form posts and the board comes back the same way."""

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


def _move_with_the_form(page: Page, status_to: str, reason: str) -> int:
    card = page.locator("[data-drop-status=nieuw] .signal-card").first
    signal_id = int(card.get_attribute("data-signal"))
    card.locator("summary").click()
    card.get_by_label("Naar kolom").select_option(status_to)
    card.get_by_label("Korte reden").fill(reason)
    card.get_by_role("button", name="Verplaats").click()
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
    signal_id = _move_with_the_form(page, "geanalyseerd", "Besproken " + ("met" if javascript else "zonder") + " JS")
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
        assert page.url.endswith("/n/zele/signalen")
        axe_check(page, "board after a move")
        # the board that came back works too: a second move, with the new forms
        second = _move_with_the_form(page, "geanalyseerd", "Nog een")
        moved.append(second)
        page.locator(f"[data-drop-status=geanalyseerd] #signaal-{second}").wait_for()
        assert _count(page, "geanalyseerd") == before[1] + 2
