"""Every page a visitor or a demo person can reach by links passes axe-core (WCAG 2.0/2.1/2.2 A and AA) in Chromium,
under the app's real CSP, has a language, a working skip link, and loads nothing from another host.
So do forms that came back with errors and the error pages."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.browser.conftest import (
    DEMO_LOGINS,
    BrowserLog,
    LiveServer,
    axe_check,
    axe_violations,
    foreign_requests,
)
from tests.html_check import HtmlPages

pytestmark = pytest.mark.browser

START_PATHS = ("/", "/n/zele")
# Not pages: files, the logout (a POST anyway) and the OIDC start, which leaves for the provider's site.
SKIP_PREFIXES = ("/static/", "/uitloggen", "/inloggen/oidc", "/healthz")
# Attachments open in Chromium's own image or PDF viewer (its inline styles meet our files' strict CSP);
# how they are served is tested in tests/practices.
SKIP_PARTS = ("/bestanden/", "taal=")  # the language switch links: every page in six languages
MAX_PAGES = 150
# Pages that differ only by an id or another network's slug share a template; a few of each are enough.
MAX_PER_KIND = 3


def page_kind(path: str) -> str:
    kind = re.sub(r"\d+", "#", path)
    return re.sub(r"^/n/(?!zele(/|$|\?))[^/?]+", "/n/*", kind)


def check_page_basics(page: Page) -> None:
    """A language on <html>, and a skip link that is the first stop for the keyboard and moves focus to <main>."""
    lang = page.evaluate("() => document.documentElement.lang")
    assert lang in ("nl", "en"), f"{page.url}: <html lang> is {lang!r}"
    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert "skip-link" in first["cls"], f"{page.url}: the first Tab stop is {first}, not the skip link"
    assert page.locator(".skip-link").is_visible(), f"{page.url}: the focused skip link is not visible"
    page.keyboard.press("Enter")
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.id]")
    assert focused == ["MAIN", "inhoud"], f"{page.url}: the skip link moved focus to {focused}, not to <main>"


def same_site_links(page: Page, server: LiveServer) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        if not server.owns(href):
            continue
        parts = urlsplit(href)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIP_PREFIXES) and not any(part in path for part in SKIP_PARTS):
            paths.append(path)
    return paths


def crawl(page: Page, server: LiveServer, html_pages: HtmlPages | None = None, role: str = "") -> list[str]:
    """Breadth-first over same-site links from START_PATHS; on each page run axe and the basic checks.
    Each page's HTML, as the server sent it, goes to `html_pages` for the Nu HTML Checker."""
    queue = deque(START_PATHS)
    seen = set(START_PATHS)
    kinds: Counter[str] = Counter()
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        kind = page_kind(path)
        if kinds[kind] >= MAX_PER_KIND:
            continue
        kinds[kind] += 1
        try:
            response = page.goto(path)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):  # a file (CSV, JSON, iCalendar): nothing for axe
                continue
            raise
        assert response is not None
        assert response.status < 400, f"a link leads to {path}, which answers {response.status}"
        assert server.owns(page.url), f"{path} ended up on another site: {page.url}"
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue  # an attachment shown inline (a photo, a PDF in Chromium's viewer): no page for axe
        visited.append(path)
        if html_pages is not None:
            html_pages.add(f"browser walk, {role}: {path}", response.text())
        axe_check(page)
        check_page_basics(page)
        for link in same_site_links(page, server):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited


@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_every_reachable_page_is_accessible(
    role: str,
    page: Page,
    login: Callable[[Page, str], str],
    live_server: LiveServer,
    browser_log: BrowserLog,
    html_pages: HtmlPages,
) -> None:
    email = DEMO_LOGINS[role]
    if email:
        login(page, email)
        axe_check(page, "the page after logging in")
    visited = crawl(page, live_server, html_pages, role)

    assert "/n/zele" in visited and "/" in visited
    if role in ("coordinator",):
        assert "/n/zele/leden" in visited, "the coordinator's menu should lead to member management"
    if role in ("coordinator", "facilitator"):
        assert "/n/zele/codes" in visited, f"the {role}'s menu should lead to the login codes"
        assert any(p.startswith("/n/zele/gegevens/") for p in visited), "codes and members lead to a person's data"
    if not email:
        assert "/mijn/gegevens/opvragen" in visited, "the privacy page should lead to asking for one's data"
    assert not foreign_requests(browser_log, live_server), "pages loaded resources from another host"


def submit(page: Page, button: str, html_pages: HtmlPages | None = None) -> int:
    """Press a submit button; return the status of the page that comes back (its HTML goes to `html_pages`)."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    response = navigation.value
    assert response is not None
    if html_pages is not None:
        html_pages.add(f"browser: {urlsplit(page.url).path} after {button!r} ({response.status})", response.text())
    return response.status


def test_forms_with_errors_and_error_pages_are_accessible(
    page: Page,
    make_page: Callable[..., Page],
    login: Callable[[Page, str], str],
    live_server: LiveServer,
    browser_log: BrowserLog,
    html_pages: HtmlPages,
) -> None:
    # The e-mail login form sent empty comes back with a message at the field.
    page.goto("/inloggen")
    assert submit(page, "Stuur mij een link", html_pages) == 422
    assert page.locator("#veld-email-fout").is_visible()
    assert page.locator("#veld-email").get_attribute("aria-invalid") == "true"
    axe_check(page, "the e-mail login form with an error")

    page.goto("/inloggen")
    assert submit(page, "Inloggen met code", html_pages) == 422
    assert page.locator("#veld-code-fout").is_visible()
    axe_check(page, "the code login form with an error")

    page.goto("/inloggen")
    page.locator("#veld-code").fill("AAAA-BBBB-CCCC")
    assert submit(page, "Inloggen met code", html_pages) == 422
    axe_check(page, "the code login form with a wrong code")

    page.goto("/mijn/gegevens/opvragen")
    assert submit(page, "Stuur mij een link", html_pages) == 422
    assert page.locator("#veld-email").get_attribute("aria-invalid") == "true"
    axe_check(page, "the form to ask for one's data with an error")

    for path, status in [
        ("/bestaat-niet", 404),
        ("/n/bestaat-niet", 404),
        ("/inloggen/link/ongeldig", 400),
        ("/mijn/gegevens/link/ongeldig", 400),
    ]:
        response = page.goto(path)
        assert response is not None and response.status == status, path
        html_pages.add(f"browser: the {status} page at {path}", response.text())
        axe_check(page, f"the {status} page")
        check_page_basics(page)

    # The same in English: the language switch at the top (a link per language), then a page with an error.
    page.goto("/inloggen")
    page.locator(".lang-switch summary").click()
    page.locator(".lang-switch").get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.lang") == "en"
    axe_check(page, "the login page in English")

    # Logged in: a page the role may not see, and the coordinators' and facilitators' forms with errors.
    participant = make_page()
    login(participant, "participant@zele.example")
    response = participant.goto("/n/zele/leden")
    assert response is not None and response.status == 403
    html_pages.add("browser: the 403 page", response.text())
    axe_check(participant, "the 403 page")

    coordinator = make_page()
    login(coordinator, "coordinator@zele.example")
    coordinator.goto("/n/zele/leden")
    assert submit(coordinator, "Uitnodigen", html_pages) == 422
    assert coordinator.locator(".form-summary").is_visible()
    axe_check(coordinator, "the invite form with errors")
    coordinator.goto("/n/zele/wijkcijfers")
    coordinator.locator("#veld-inhoud").fill("wijk,jaar,indicator,waarde\nAtlantis,twintig,Kinderarmoede,veel\n")
    assert submit(coordinator, "Lees in", html_pages) == 422
    assert coordinator.locator(".import-problems li").count() == 1
    axe_check(coordinator, "the wijk figures import refused, with a message per line")

    facilitator = make_page()
    login(facilitator, "facilitator@zele.example")
    facilitator.goto("/n/zele/codes")
    assert submit(facilitator, "Maak een kaart met code", html_pages) == 422
    axe_check(facilitator, "the new-code form with errors")
    facilitator.goto("/n/zele/codes")
    facilitator.locator("a[href*='/n/zele/gegevens/']").first.click()
    facilitator.wait_for_load_state()
    assert submit(facilitator, "Wis alles", html_pages) == 422
    assert facilitator.locator("#veld-bevestig-fout").is_visible()
    axe_check(facilitator, "a participant's data page, erasing without the confirmation box")

    assert not foreign_requests(browser_log, live_server), "pages loaded resources from another host"


def test_htmx_loads_under_the_strict_csp(page: Page, browser_log: BrowserLog) -> None:
    page.goto("/")
    version = page.wait_for_function("() => window.htmx && window.htmx.version").json_value()
    assert str(version).startswith("4."), f"htmx {version} is loaded, not htmx 4"
    page.goto("/inloggen")
    page.wait_for_function("() => window.htmx && window.htmx.version")
    # The `page` fixture fails the test on any CSP console error; say so here too, for a clear message.
    csp = [m.text for m in browser_log.console if "Content Security Policy" in m.text or "Refused to" in m.text]
    assert not csp, csp


def test_the_axe_check_sees_a_violation(page: Page) -> None:
    """The harness itself: injected under the CSP, axe really runs and reports (here a nameless image and link)."""
    page.goto("/")
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
            '<a href="/"><img src="/static/img/icon.svg"></a>')"""
    )
    rules = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "link-name"} <= rules, rules
