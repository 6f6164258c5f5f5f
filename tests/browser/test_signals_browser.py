"""The signals pages in a real browser (the harness's Chromium and live server with the demo data): axe on every
new page, drag-and-drop with the reason dialog, and the same moves and filters with JavaScript off."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from lerend_netwerk.accounts import sessions
from lerend_netwerk.meetings.models import Body, Meeting
from lerend_netwerk.networks.models import Network, Person
from lerend_netwerk.signals.models import Signal, SignalEvent, Status
from lerend_netwerk.signals.service import FollowUpInput, Incoming, receive, set_follow_up
from tests.browser.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations.map(
  v => v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', '))"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM) or not AXE.exists(), reason="needs Chromium and axe-core"),
]


def _page(browser: Browser, live: LiveServer, email: str | None, *, js: bool = True) -> tuple[Page, list[str]]:
    context = browser.new_context(base_url=live.url, java_script_enabled=js, viewport={"width": 1400, "height": 900})
    if email:
        person_id = live.db.read_sync(lambda s: s.scalar(select(Person.id).where(Person.email == email)))
        token = live.db.write_sync(sessions.start, person_id, "test")
        context.add_cookies(
            [{"name": sessions.cookie_name(live.settings, "ln_session"), "value": token, "url": live.url}]
        )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, problems


def _axe(page: Page) -> list[str]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(AXE_RUN, WCAG)


def _ids(live: LiveServer) -> dict[str, object]:
    def read(s):  # noqa: ANN001, ANN202
        zele = s.scalar(select(Network.id).where(Network.slug == "zele"))
        return {
            "signal": s.scalar(select(Signal.id).where(Signal.network_id == zele, Signal.merged_into_id.is_(None))),
            "meeting": s.scalar(
                select(Meeting.id).where(Meeting.network_id == zele, Meeting.body == Body.STEERING).limit(1)
            ),
        }

    ids = live.db.read_sync(read)
    # a point from a dialogue table, as the dialogue capability hands it over (its own demo is not on this branch)
    link = "/n/zele/dialoogtafels/sessies/1"
    incoming = Incoming(title="Bus rijdt niet op zaterdag", kind="dialogue", link=link, label="Tafel 1")
    zele = live.db.read_sync(lambda s: s.scalar(select(Network.id).where(Network.slug == "zele")))
    added = live.db.write_sync(lambda s: receive(s, zele, incoming, actor_id=None).id)
    return ids | {"link": link, "added": added}


def test_axe_finds_nothing_on_every_signals_page(browser, live_server):  # noqa: ANN001
    live = live_server
    ids = _ids(live)
    pages = {
        "steering@zele.example": [
            "/n/zele/signalen",
            f"/n/zele/signalen/{ids['signal']}",
            "/n/zele/signalen/cijfers",
            "/n/zele/signalen/agenda",
            f"/n/zele/signalen/vergaderingen/{ids['meeting']}",
            "/n/zele/signalen/bundel",
            "/n/zele/signalen/terugkoppelblad",
            f"/n/zele/signalen/terugkoppelblad?bron={ids['link']}",
            "/n/zele/signalen?thema=<b>&van=gisteren",  # the filter form with its error messages
        ],
        None: ["/n/zele/melden", "/n/zele/jullie-zeiden-wij-deden"],
    }
    found = {}
    for email, paths in pages.items():
        page, problems = _page(browser, live, email)
        for path in paths:
            page.goto(path)
            found[path] = _axe(page)
        page.goto("/n/zele/melden")
        page.get_by_role("button", name="Verstuur").click()  # empty: comes back with errors
        page.get_by_text("Niet alles is in orde").wait_for()
        found["/n/zele/melden (errors)"] = _axe(page)
        assert not [p for p in problems if "Refused" in p or "Error" in p], problems
        page.context.close()
    # the live server is shared with the crawl, which must not meet a link to a dialogue page this branch lacks
    live.db.write_sync(lambda s: s.delete(s.get(Signal, ids["added"])))
    assert {k: v for k, v in found.items() if v} == {}


def _status(live: LiveServer, signal_id: int) -> Status:
    return live.db.read_sync(lambda s: s.get(Signal, signal_id).status)


def test_drag_and_drop_asks_a_reason_and_keeps_it(browser, live_server):  # noqa: ANN001
    live = live_server
    page, problems = _page(browser, live, "steering@zele.example")
    page.goto("/n/zele/signalen")
    card = page.locator("[data-drop-status=nieuw] .signal-card").first
    signal_id = int(card.get_attribute("data-signal"))
    # drop near the top of the column: no scrolling while the mouse button is down
    card.drag_to(page.locator("[data-drop-status=geanalyseerd]"), target_position={"x": 30, "y": 10})
    dialog = page.locator("#verplaats-dialoog")
    dialog.get_by_label("Korte reden").fill("Gesleept tijdens de stuurgroep")
    dialog.get_by_role("button", name="Verplaats").click()
    page.locator(f'#signaal-{signal_id}[data-status="geanalyseerd"]').wait_for()
    assert page.locator(f"[data-drop-status=geanalyseerd] #signaal-{signal_id}").count() == 1
    assert _status(live, signal_id) == Status.ANALYSED
    reason = live.db.read_sync(
        lambda s: s.scalars(
            select(SignalEvent.reason).where(SignalEvent.signal_id == signal_id).order_by(SignalEvent.id.desc())
        ).first()
    )
    assert reason == "Gesleept tijdens de stuurgroep"
    assert not problems, problems
    page.context.close()


def test_move_and_filter_without_javascript(browser, live_server):  # noqa: ANN001
    """Without JavaScript a refused move comes back as the signal's page with the message at "Naar kolom" and the
    reason still typed; with the decision written there, the same move goes through."""
    live = live_server
    page, _ = _page(browser, live, "steering@zele.example", js=False)
    page.goto("/n/zele/signalen")
    card = page.locator("[data-drop-status=nieuw] .signal-card").first
    signal_id = int(card.get_attribute("data-signal"))
    assert card.locator("form").count() == 0  # a card is a link to the move form, not a form of its own
    card.get_by_role("link", name="Verplaats").click()  # the signal's page, at its move form
    page.wait_for_url(re.compile(rf"/n/zele/signalen/{signal_id}\?terug=%2Fn%2Fzele%2Fsignalen#verplaatsen$"))
    page.get_by_label("Naar kolom").select_option("beslist")
    page.get_by_label("Korte reden").first.fill("Zonder JavaScript verplaatst")
    page.get_by_role("button", name="Verplaats", exact=True).click()
    page.wait_for_url(re.compile(rf"/n/zele/signalen/{signal_id}/verplaatsen$"))
    error = page.locator("#veld-status-fout")
    assert "pas naar “Beslist” met de beslissing van de stuurgroep" in error.inner_text()
    assert page.get_by_label("Naar kolom").get_attribute("aria-describedby").endswith("veld-status-fout")
    assert page.locator("#veld-status").input_value() == "beslist"
    assert page.locator("#veld-reden").input_value() == "Zonder JavaScript verplaatst"
    assert _status(live, signal_id) == Status.NEW
    page.get_by_label("Beslissing van de stuurgroep").fill("We vragen de gemeente om een oplossing.")
    page.get_by_role("button", name="Bewaar de opvolging").click()
    page.wait_for_url(re.compile(rf"/n/zele/signalen/{signal_id}$"))
    page.locator("#veld-status").select_option("beslist")
    page.locator("#veld-reden").fill("Zonder JavaScript verplaatst")
    page.get_by_role("button", name="Verplaats", exact=True).click()
    page.wait_for_url(re.compile(rf"/n/zele/signalen/{signal_id}$"))
    assert _status(live, signal_id) == Status.DECIDED
    page.goto("/n/zele/signalen")
    assert page.locator(f"[data-drop-status=beslist] #signaal-{signal_id}").count() == 1
    page.get_by_label("Thema").select_option("taal")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url(re.compile(r"thema=taal"))
    themes = page.locator(".signal-card p.card-meta:nth-of-type(1) span:first-child").all_text_contents()
    assert themes and set(themes) == {"taal"}
    page.context.close()


def test_a_refused_move_keeps_the_card_in_its_column_with_the_message_at_its_form(browser, live_server):  # noqa: ANN001
    """With JavaScript on, the board has one move form, in a dialog. A card dragged from "Nieuw" to "Beslist" (no
    decision yet), and one moved to "Teruggekoppeld" through its "Verplaats" link (no decision, no feedback), come
    back from htmx with the message at the form's field in the still open dialog, the cards still in "Nieuw", the
    reason kept; an empty reason is refused the same way. Once the decision is written, the same drag is taken."""
    live = live_server
    page, problems = _page(browser, live, "steering@zele.example")
    page.goto("/n/zele/signalen")
    assert page.locator(".signal-card form").count() == 0
    cards = page.locator("[data-drop-status=nieuw] .signal-card")
    dragged, formed = (int(cards.nth(n).get_attribute("data-signal")) for n in (0, 1))
    # drop near the top of the column: no scrolling while the mouse button is down
    page.locator(f"#signaal-{dragged}").drag_to(
        page.locator("[data-drop-status=beslist]"), target_position={"x": 30, "y": 10}
    )
    dialog = page.locator("#verplaats-dialoog")
    dialog.get_by_role("button", name="Verplaats").click()  # no reason yet
    error = dialog.locator("#verplaats-reden-fout")
    error.wait_for()
    assert "Vul dit veld in." in error.inner_text()
    assert dialog.get_by_label("Korte reden").get_attribute("aria-describedby") == "verplaats-reden-fout"
    assert _axe(page) == []  # the open dialog with its messages
    dialog.get_by_label("Korte reden").fill("Besproken op de stuurgroep")
    dialog.get_by_role("button", name="Verplaats").click()
    alert = dialog.locator("#verplaats-status-fout")
    alert.wait_for()
    assert "pas naar “Beslist” met de beslissing van de stuurgroep" in alert.inner_text()
    assert "Nog niet ingevuld: de beslissing." in alert.inner_text()
    assert dialog.locator("#verplaats-reden-fout").count() == 0
    assert page.locator(f"[data-drop-status=nieuw] #signaal-{dragged}").count() == 1
    assert page.locator(f"[data-drop-status=beslist] #signaal-{dragged}").count() == 0
    assert dialog.get_by_label("Korte reden").input_value() == "Besproken op de stuurgroep"
    assert dialog.is_visible()
    dialog.get_by_role("button", name="Annuleer").click()
    dialog.wait_for(state="hidden")

    card = page.locator(f"#signaal-{formed}")
    card.get_by_role("link", name="Verplaats").click()  # with JavaScript: the same dialog, not the signal's page
    assert dialog.is_visible() and dialog.locator(".error").count() == 0  # the earlier refusal is gone
    dialog.get_by_label("Naar kolom").select_option("teruggekoppeld")
    dialog.get_by_label("Korte reden").fill("Iedereen is verwittigd")
    dialog.get_by_role("button", name="Verplaats").click()
    alert = dialog.locator("#verplaats-status-fout")
    alert.wait_for()
    assert "pas naar “Teruggekoppeld”" in alert.inner_text()
    assert "Nog niet ingevuld: de beslissing, de gepubliceerde terugkoppeling." in alert.inner_text()
    assert page.locator(f"[data-drop-status=nieuw] #signaal-{formed}").count() == 1
    assert dialog.get_by_label("Korte reden").input_value() == "Iedereen is verwittigd"
    assert page.url.endswith("/n/zele/signalen")  # htmx swapped the form; the page stayed
    assert (_status(live, dragged), _status(live, formed)) == (Status.NEW, Status.NEW)
    dialog.get_by_role("button", name="Annuleer").click()
    dialog.wait_for(state="hidden")

    # with the decision written, the same drag is taken and the card moves to its new column
    decision = "De stuurgroep vraagt de partner om een voorstel."
    zele = live.db.read_sync(lambda s: s.scalar(select(Network.id).where(Network.slug == "zele")))
    follow = FollowUpInput(None, None, decision, "", None, None, "")
    live.db.write_sync(lambda s: set_follow_up(s, zele, dragged, follow, actor_id=None))
    page.locator(f"#signaal-{dragged}").drag_to(
        page.locator("[data-drop-status=beslist]"), target_position={"x": 30, "y": 10}
    )
    dialog.get_by_label("Korte reden").fill("Beslist op de stuurgroep")
    dialog.get_by_role("button", name="Verplaats").click()
    page.locator(f'[data-drop-status=beslist] #signaal-{dragged}[data-status="beslist"]').wait_for()
    dialog.wait_for(state="hidden")  # the move was taken: the dialog closed
    assert "staat nu in de kolom “Beslist”" in page.locator("#meldingen").inner_text()
    assert page.locator(f"[data-drop-status=nieuw] #signaal-{dragged}").count() == 0
    assert _status(live, dragged) == Status.DECIDED
    # Chromium logs every 4xx answer to the console; the three refusals are expected, nothing else is
    assert [p for p in problems if "status of 422" not in p] == [], problems
    page.context.close()
