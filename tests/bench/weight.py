"""Page weight as Debian's Chromium loads a page (Playwright; never a downloaded browser): the first load with
an empty cache, and a repeat view in the same browser context, where the caching headers decide what comes again.

Counted per request: what Chromium's DevTools protocol reports as received over the network for it
(`encodedDataLength`: response headers plus the body as sent, compressed); a cache hit counts nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from playwright.sync_api import Browser, CDPSession, Page, sync_playwright

from tests.bench.targets import Page as KeyPage

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
FIRST_BUDGET = 60 * 1024
REPEAT_BUDGET = 15 * 1024


def _cookies(header: str, base_url: str) -> list[dict[str, Any]]:
    pairs = [part.strip().split("=", 1) for part in header.split(";") if "=" in part]
    return [{"name": k, "value": v, "domain": "127.0.0.1", "path": "/"} for k, v in pairs]


def _load(tab: Page, cdp: CDPSession, url: str) -> dict[str, Any]:
    """Navigate and add up `encodedDataLength` of every request that finished: the bytes that really came over
    the network (headers and compressed body); a file the browser took from its cache counts 0."""
    kinds: dict[str, str] = {}
    received: dict[str, int] = {}

    def on_response(event: dict[str, Any]) -> None:
        kinds[event["requestId"]] = event.get("type", "Other").lower()

    def on_finished(event: dict[str, Any]) -> None:
        received[event["requestId"]] = int(event.get("encodedDataLength", 0))

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    response = tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    cdp.remove_listener("Network.responseReceived", on_response)
    cdp.remove_listener("Network.loadingFinished", on_finished)
    by_type: Counter[str] = Counter()
    for request_id, size in received.items():
        by_type[kinds.get(request_id, "other")] += size
    return {
        "status": response.status if response else None,
        "bytes": sum(received.values()),
        "requests": sum(1 for size in received.values() if size),
        "bytes_by_type": dict(by_type),
    }


def measure(browser: Browser, base_url: str, page: KeyPage) -> dict[str, Any]:
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    try:
        if page.load.cookies:
            context.add_cookies(_cookies(page.load.cookies[0], base_url))  # type: ignore[arg-type]
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        first = _load(tab, cdp, base_url + page.path)
        repeat = _load(tab, cdp, base_url + page.path)
    finally:
        context.close()
    return {
        "first": first,
        "repeat": repeat,
        "first_ok": first["bytes"] <= FIRST_BUDGET,
        "repeat_ok": repeat["bytes"] <= REPEAT_BUDGET,
    }


def weights(base_url: str, pages: list[KeyPage]) -> dict[str, dict[str, Any]]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            return {page.key: measure(browser, base_url, page) for page in pages if page.browser}
        finally:
            browser.close()


def chromium_version() -> str:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        version = browser.version
        browser.close()
    return version
