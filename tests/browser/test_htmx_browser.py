"""Every htmx interaction with JavaScript on, under the strict CSP: each one is an htmx request (no page load), an
unsafe one carries the CSRF token in the X-CSRF-Token header (set by static/js/app.js from
<meta name="csrf-token">, since htmx's attributes are written in their valid `data-hx-*` form), and the part of
the page it targets is swapped. The `page` harness fails a test on any CSP violation or JavaScript error."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Request
from sqlalchemy import select

from lerend_netwerk.dialogue.models import DialogueTable, TableSession

pytestmark = pytest.mark.browser

PROBE = "() => { window.__noPageLoad = true; }"  # gone after a full page load, kept through an htmx swap
PROBE_KEPT = "() => window.__noPageLoad === true"


def htmx_requests(page: Page) -> list[Request]:
    found: list[Request] = []
    page.on("request", lambda r: found.append(r) if r.headers.get("hx-request") == "true" else None)
    return found


def csrf_meta(page: Page) -> str:
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token, "the page has no CSRF token in <meta name=csrf-token>"
    return token


def test_no_htmx_attribute_with_an_invalid_name(page: Page) -> None:
    page.goto("/")
    page.wait_for_function("() => window.htmx && window.htmx.version")
    names = page.evaluate("() => [...document.querySelectorAll('*')].flatMap(e => e.getAttributeNames())")
    assert not [n for n in names if n.startswith("hx-") or ":" in n], names


def test_dialogue_check_in_posts_with_the_csrf_header(
    page: Page, login: Callable[[Page, str], str], live_server
) -> None:  # noqa: ANN001
    def coming(s):  # noqa: ANN001, ANN202
        table = s.scalar(select(DialogueTable).where(DialogueTable.name == "Dialoogtafel Temse"))
        return s.scalars(
            select(TableSession.id).where(TableSession.table_id == table.id).order_by(TableSession.starts_at)
        ).all()[1]

    session_id = live_server.db.read_sync(coming)
    login(page, "facilitator@temse.example")
    page.goto(f"/n/temse/dialoogtafels/sessies/{session_id}/inchecken")
    page.wait_for_function("() => window.htmx && window.htmx.version")
    sent = htmx_requests(page)
    page.evaluate(PROBE)
    row = page.locator(".checkin-row").first
    row_id = row.get_attribute("id")
    was_present = "is-present" in (row.get_attribute("class") or "")
    row.get_by_role("button").click()
    page.locator(f"#{row_id}").get_by_text("Tik: is er" if was_present else "Aanwezig ✓").wait_for()
    assert page.evaluate(PROBE_KEPT), "the check-in loaded a new page instead of swapping the row"
    posts = [r for r in sent if r.method == "POST"]
    assert len(posts) == 1 and posts[0].headers.get("x-csrf-token") == csrf_meta(page)


def test_signals_board_move_and_filters(page: Page, login: Callable[[Page, str], str]) -> None:
    login(page, "steering@zele.example")
    page.goto("/n/zele/signalen")
    page.wait_for_function("() => window.htmx && window.htmx.version")
    sent = htmx_requests(page)
    page.evaluate(PROBE)

    # The board's one move form (in its dialog; a card's "Verplaats" link and drag-and-drop fill it in): htmx
    # posts it and swaps the board, the card now in its new column.
    card = page.locator(".signal-card").first
    card_id = card.get_attribute("id")
    status = card.get_attribute("data-status")
    card.get_by_role("link", name="Verplaats").click()
    dialog = page.locator("#verplaats-dialoog")
    dialog.wait_for()
    select_ = dialog.locator("select[name=status]")
    other = next(v for v in select_.locator("option").evaluate_all("os => os.map(o => o.value)") if v and v != status)
    select_.select_option(other)
    dialog.get_by_label("Korte reden").fill("Verplaatst met htmx")
    dialog.get_by_role("button", name="Verplaats").click()
    page.locator(f'#{card_id}[data-status="{other}"]').wait_for()
    posts = [r for r in sent if r.method == "POST"]
    assert len(posts) == 1 and posts[0].headers.get("x-csrf-token") == csrf_meta(page)

    # The filters: a change refreshes the board in place and puts the filter in the address bar.
    page.get_by_label("Thema").select_option("taal")
    page.wait_for_url(re.compile(r"thema=taal"))
    page.wait_for_function("() => [...document.querySelectorAll('.signal-card')].length > 0")
    themes = page.locator(".signal-card p.card-meta:nth-of-type(1) span:first-child").all_text_contents()
    assert themes and set(themes) == {"taal"}
    assert any(r.method == "GET" and "thema=taal" in r.url for r in sent)
    assert page.evaluate(PROBE_KEPT), "a move or a filter loaded a new page instead of swapping"


def test_practices_search_while_typing(page: Page) -> None:
    page.goto("/n/zele/praktijken")
    page.wait_for_function("() => window.htmx && window.htmx.version")
    titles = page.locator("#resultaten h3").all_text_contents()
    assert len(titles) > 1, "the demo should show several practices"
    word = max(re.findall(r"\w+", titles[-1]), key=len)
    sent = htmx_requests(page)
    page.evaluate(PROBE)
    page.locator("#zoek-q").press_sequentially(word)  # no submit: the search runs 400 ms after typing stops
    page.wait_for_url(re.compile(r"q=" + re.escape(word)))
    page.locator("#resultaten h3", has_text=titles[-1]).wait_for()
    assert any(r.method == "GET" and f"q={word}" in r.url for r in sent)
    assert page.evaluate(PROBE_KEPT), "the search loaded a new page instead of swapping the results"


def test_audit_log_filters(page: Page, login: Callable[[Page, str], str]) -> None:
    login(page, "coordinator@zele.example")
    page.goto("/n/zele/logboek")
    page.wait_for_function("() => window.htmx && window.htmx.version")
    sent = htmx_requests(page)
    page.evaluate(PROBE)
    action = page.locator("#veld-actie option").nth(1).get_attribute("value")
    page.locator("#veld-actie").select_option(action)
    page.get_by_role("button", name="Toon").click()
    page.wait_for_function("() => document.querySelectorAll('#logboek tbody tr').length > 0")
    page.wait_for_function(
        f"() => [...document.querySelectorAll('#logboek tbody code')].every(c => c.textContent === {action!r})"
    )
    assert any(r.method == "GET" and f"actie={action}" in r.url for r in sent)
    assert page.evaluate(PROBE_KEPT), "the audit filter loaded a new page instead of swapping the list"
