"""Browser test harness: the real app served by uvicorn with the demo data, Debian's Chromium driven by Playwright,
log-in helpers and an axe-core accessibility check under the app's real CSP.

Fixtures (all browser tests live in tests/browser/ and are marked `browser` automatically):

* ``live_server`` (session) -- a :class:`LiveServer`: ``url``, ``settings``, ``db``, ``outbox``.
* ``browser`` (session) -- a Playwright ``Browser`` (``/usr/bin/chromium``, headless, never downloaded).
* ``make_page`` -- ``make_page(width=390, height=844, **context_options) -> Page``: a fresh context each call.
* ``page`` -- ``make_page()``: a phone-sized page in a fresh context, ``base_url`` = the live server.
* ``browser_log`` -- a :class:`BrowserLog` of what every page of the test did (console, errors, requests).
* ``login`` -- ``login(page, email) -> str``: logs in through the magic link from the captured mail.

Every page made here fails its test on a console error about the Content Security Policy ("Refused to …") or
a `securitypolicyviolation` event (reported to the console by a listener added to every page), on an uncaught
JavaScript error, and on a stylesheet, script or image of the app that did not load.

Helpers (import from ``tests.browser.conftest``): ``axe_check(page, label="")``, ``foreign_requests(log, server)``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright
from sqlalchemy import create_engine, text

from lerend_netwerk import demo
from lerend_netwerk.app import create_app
from lerend_netwerk.db import Base, Database
from lerend_netwerk.migrate import upgrade
from lerend_netwerk.registry import Registry
from lerend_netwerk.settings import Settings
from tests.conftest import PG_URL, SECRET
from tests.oidc_provider import OidcProvider
from tests.smtp import Outbox, SmtpServer, body_of

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HTMX_SOURCE = ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
HTMX_VENDORED = ROOT / "static" / "vendor" / "htmx.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
STARTUP_TIMEOUT = 20.0
MAIL_TIMEOUT = 10.0
DEMO_SLUG = "zele"
# The demo person per role in the Zele network (lerend_netwerk.demo); "visitor" is not logged in.
DEMO_LOGINS = {
    "visitor": None,
    "coordinator": "coordinator@zele.example",
    "steering": "steering@zele.example",
    "facilitator": "facilitator@zele.example",
    "member": "member@zele.example",
    "participant": "participant@zele.example",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under tests/browser/ drives Chromium, so `-m "not browser"` skips it all."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


# --- the live server ------------------------------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    settings: Settings
    db: Database
    outbox: Outbox  # every mail the app sent (shared with the `outbox` fixture, which clears it)

    def owns(self, url: str) -> bool:
        """True for a URL on this server (scheme, host and port alike)."""
        return url == self.url or url.startswith(self.url + "/") or url.startswith(self.url + "?")


def _live_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database of its own for the live server: the per-test `database_url` fixture would swap it mid-session."""
    if PG_URL:
        upgrade(PG_URL)
        engine = create_engine(PG_URL)
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return PG_URL
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.db'}"
    upgrade(url)
    return url


def _wait_for_port(port: int, server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if not thread.is_alive():
            pytest.fail("the live server (uvicorn) stopped while starting; see the captured log")
        if server.started:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                pass
        time.sleep(0.05)
    pytest.fail(f"the live server did not accept connections on port {port} within {STARTUP_TIMEOUT:.0f} s")


@pytest.fixture(scope="session")
def live_server(
    app_port: int,
    smtp_server: SmtpServer,
    oidc_provider: OidcProvider,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """The real app on http://127.0.0.1:{app_port} with the demo data, real SMTP and the real OIDC provider."""
    if not HTMX_VENDORED.is_file():  # git-ignored; the set-up script copies it too
        HTMX_VENDORED.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HTMX_SOURCE, HTMX_VENDORED)
    url = f"http://127.0.0.1:{app_port}"
    settings = Settings(
        database_url=_live_database_url(tmp_path_factory),
        secret_key=SECRET,
        base_url=url,
        data_dir=tmp_path_factory.mktemp("live-data"),
        smtp_url=f"smtp://127.0.0.1:{smtp_server.port}",
        oidc_issuer=oidc_provider.issuer,
        oidc_client_id=oidc_provider.client_id,
        oidc_client_secret=oidc_provider.client_secret,
        # A whole crawl logs in and posts forms far faster than a person would.
        rate_limit_login="10000/minute",
        rate_limit_forms="10000/minute",
    )
    db = Database(settings.database_url)
    db.write_sync(demo.fill, settings, Registry.build())
    app = create_app(settings, db=db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=app_port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    try:
        _wait_for_port(app_port, server, thread)
        yield LiveServer(url=url, settings=settings, db=db, outbox=smtp_server.outbox)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        db.dispose()


# Chromium logs most CSP refusals to the console itself; this listener (added by DevTools, so not subject to the
# CSP) also reports those it raises only as an event, in the same words the console check looks for.
CSP_EVENT_LISTENER = """document.addEventListener('securitypolicyviolation', (e) => {
  console.error('Content Security Policy violation event: ' + e.effectiveDirective + ' blocked ' +
                (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});"""


# --- the browser ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (never a downloaded browser)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@dataclass
class BrowserLog:
    """What the pages of one test did; the `page` fixture fails the test on `problems`."""

    console: list[ConsoleMessage] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL any page asked for, in order
    problems: list[str] = field(default_factory=list)


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


def _watch(page: Page, log: BrowserLog, server: LiveServer) -> None:
    def on_console(message: ConsoleMessage) -> None:
        log.console.append(message)
        text_ = message.text
        if message.type == "error" and ("Content Security Policy" in text_ or "Refused to" in text_):
            where = message.location.get("url", "") if message.location else ""
            log.problems.append(f"CSP console error on {where or page.url}: {text_}")

    def on_page_error(error: Exception) -> None:
        log.problems.append(f"uncaught JavaScript error on {page.url}: {error}")

    def on_request(request: Request) -> None:
        log.requests.append(request.url)

    def on_response(response: Response) -> None:
        # A page may be a 404 on purpose; the stylesheet, scripts and images it needs may not.
        if response.status >= 400 and response.request.resource_type != "document" and server.owns(response.url):
            log.problems.append(f"{response.request.resource_type} {response.url} answered {response.status}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("request", on_request)
    page.on("response", on_response)


@pytest.fixture
def make_page(browser: Browser, live_server: LiveServer, browser_log: BrowserLog) -> Iterator[Callable[..., Page]]:
    """`make_page(width=390, height=844, **context_options)`: a page in a fresh context (own cookies) per call."""
    contexts = []

    def make(width: int = PHONE["width"], height: int = PHONE["height"], **options: Any) -> Page:
        options.setdefault("locale", "nl-BE")
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_EVENT_LISTENER)
        contexts.append(context)
        new_page = context.new_page()
        _watch(new_page, browser_log, live_server)
        if options.get("java_script_enabled") is False:
            _NO_JS_PAGES[new_page] = (browser, options, width, height)
        return new_page

    yield make
    for context in contexts:
        context.close()
    if browser_log.problems:
        pytest.fail("the browser reported problems:\n  " + "\n  ".join(browser_log.problems), pytrace=False)


@pytest.fixture
def page(make_page: Callable[..., Page]) -> Page:
    return make_page()


# --- logging in -----------------------------------------------------------------------------------------------

LINK_RE = re.compile(r"https?://\S+/inloggen/link/\S+")


def _wait_for_mail(outbox: Outbox, email: str, seen: int) -> str:
    deadline = time.monotonic() + MAIL_TIMEOUT
    while time.monotonic() < deadline:
        for message in outbox[seen:]:
            if email.lower() in str(message["To"]).lower():
                match = LINK_RE.search(body_of(message))
                assert match, f"the login mail to {email} has no login link:\n{body_of(message)}"
                return match.group(0)
        time.sleep(0.05)
    raise AssertionError(f"no login mail reached {email} within {MAIL_TIMEOUT:.0f} s")


@pytest.fixture
def login(live_server: LiveServer) -> Callable[[Page, str], str]:
    """`login(page, email) -> link`: ask for a link on /inloggen, open it from the captured mail, press the button."""

    def log_in(page: Page, email: str) -> str:
        page.goto("/inloggen")
        seen = len(live_server.outbox)
        page.locator("#veld-email").fill(email)
        page.get_by_role("button", name="Stuur mij een link").click()
        page.get_by_role("heading", name="Kijk in je mail").wait_for()
        link = _wait_for_mail(live_server.outbox, email, seen)
        assert live_server.owns(link), f"the login link {link} does not point at the live server"
        page.goto(link)
        page.get_by_role("button", name="Log mij in").click()
        page.wait_for_url(lambda url: "/inloggen" not in url)
        return link

    return log_in


# --- checks ---------------------------------------------------------------------------------------------------

_AXE_RUN = """async (tags) => {
  // page.evaluate has no time limit of its own: a run that never settles must fail, naming the page.
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('axe did not finish within 30 s on ' + location.href)), 30000));
  const results = await Promise.race([
    axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}),
    timeout,
  ]);
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
  }));
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1/2.2 A and AA violations on the page as it is now.

    Injected with `page.evaluate` (a DevTools evaluation): `add_script_tag` would be an inline script,
    which the app's CSP rightly refuses -- and the check must run under that real CSP.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(_AXE_RUN, WCAG_TAGS)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            lines.append(f"    at {node['target']}")
            for detail in node["summary"].splitlines()[:4]:
                lines.append(f"      {detail.strip()}")
    return "\n".join(lines)


# Pages opened with JavaScript off: axe cannot run inside them (an evaluation never returns), so axe_check
# opens the same address, with the same cookies, in a twin page that has JavaScript on.
_NO_JS_PAGES: weakref.WeakKeyDictionary[Page, tuple[Browser, dict[str, Any], int, int]] = weakref.WeakKeyDictionary()


def axe_check(page: Page, label: str = "") -> None:
    """Fail with a readable list (rule, impact, targets, help) when axe finds any WCAG A/AA violation."""
    if page in _NO_JS_PAGES:
        browser, options, width, height = _NO_JS_PAGES[page]
        twin_options = {k: v for k, v in options.items() if k != "java_script_enabled"}
        twin_context = browser.new_context(
            viewport={"width": width, "height": height},
            storage_state=page.context.storage_state(),
            **twin_options,
        )
        try:
            twin = twin_context.new_page()
            twin.goto(page.url)  # as a GET: a page that answered a POST is checked in its plain state
            violations = axe_violations(twin)
        finally:
            twin_context.close()
    else:
        violations = axe_violations(page)
    if violations:
        where = f"{label} " if label else ""
        pytest.fail(f"axe found violations on {where}{page.url}:\n{format_violations(violations)}", pytrace=False)


def foreign_requests(log: BrowserLog, server: LiveServer) -> list[str]:
    """Requests to anything but the live server (data: URLs excepted: they never leave the browser)."""
    return [url for url in log.requests if not server.owns(url) and not url.startswith("data:")]


# --- the phone walk's counts (test_phone_walk.py), in the terminal summary --------------------------------------

walk_counts: dict[str, dict[str, int]] = {}  # role -> {"with JavaScript": pages, "without JavaScript": pages}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not walk_counts:
        return
    terminalreporter.write_sep("-", "phone walk (360 x 740): pages checked per role")
    for role, counts in walk_counts.items():
        terminalreporter.write_line(f"{role}: " + ", ".join(f"{n} {how}" for how, n in counts.items()))
