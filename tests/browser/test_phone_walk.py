"""Every page as every role on a 360 x 740 phone, with JavaScript on and with it off: no sideways scrolling, tap
targets of at least 24 x 24 CSS pixels (WCAG 2.2, 2.5.8, with its exceptions), axe clean, and no computer formats or
English words in the page as the browser shows it (tests/format_leaks.py).

The walk follows same-site links from "/" and "/n/zele" like the accessibility crawl (test_accessibility.py), one
page of each kind (pages that differ only by an id share a template). Without JavaScript the layout checks run as
one synchronous evaluation (Playwright can evaluate in a page whose own scripts are off; axe, which needs timers,
runs on a twin page with the same cookies, see conftest.axe_check). Problems are collected over the whole walk and
reported together. The terminal summary says how many pages each role's walk checked, with and without JavaScript.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from _pytest.outcomes import Failed
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.browser.conftest import DEMO_LOGINS, LiveServer, axe_check, walk_counts
from tests.browser.test_accessibility import START_PATHS, page_kind, same_site_links
from tests.format_leaks import leaks

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
MAX_PAGES = 60
MIN_TARGET = 24  # CSS pixels, WCAG 2.2 success criterion 2.5.8 (AA)

# One synchronous evaluation (no timers: it must run in a page whose own JavaScript is off). Returns the page's
# width beyond the viewport and every target smaller than 24 x 24 that no exception of 2.5.8 covers:
# * inline: a link in a sentence (display inline, with text around it in its block);
# * spacing: a 24 px circle on its centre meets no other target and no other small target's circle;
# * hidden: not rendered, or moved off the screen (a skip link before it gets focus).
LAYOUT = """() => {
  const MIN = __MIN__;
  const doc = document.documentElement;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
  const targets = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || r.right <= 0 || r.bottom + window.scrollY <= 0) continue;
    if (el.closest('.visually-hidden')) continue;
    targets.push({el, r});
  }
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    const own = (el.textContent || '').trim().length;
    return block && (block.textContent || '').trim().length > own + 1;
  };
  const small = targets.filter(t => (t.r.width < MIN - 0.5 || t.r.height < MIN - 0.5) && !inSentence(t.el));
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const distToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const name = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + (text ? ' "' + text + '"' : '');
  };
  const tooSmall = [];
  for (const t of small) {
    const c = centre(t.r);
    const crowded = targets.some(o => {
      if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) return false;
      if (small.includes(o)) return Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < MIN;
      return distToRect(c, o.r) < MIN / 2;
    });
    if (crowded) tooSmall.push(name(t.el) + ' is ' + Math.round(t.r.width) + ' x ' + Math.round(t.r.height) + ' px');
  }
  const wide = [];
  if (doc.scrollWidth > window.innerWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 && getComputedStyle(el).position !== 'fixed' && !el.closest('.visually-hidden, .skip-link')) {
        if (!wide.some(w => w.el.contains(el))) wide.push({el, right: Math.round(r.right)});
      }
    }
    // Text can overflow the element that holds it (a long word in a heading): name that element.
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const r = range.getBoundingClientRect();
      const el = node.parentElement;
      if (r.right > window.innerWidth + 1 && !el.closest('.visually-hidden, .skip-link') && !wide.some(w => w.el.contains(el)))
        wide.push({el, right: Math.round(r.right)});
    }
  }
  return {scrollWidth: doc.scrollWidth, width: window.innerWidth, tooSmall,
          wide: wide.slice(0, 5).map(w => name(w.el) + ' reaches ' + w.right + ' px')};
}""".replace("__MIN__", str(MIN_TARGET))


def layout_problems(page: Page) -> list[str]:
    found = page.evaluate(LAYOUT)
    problems = []
    if found["scrollWidth"] > found["width"]:
        problems.append(
            f"the page is {found['scrollWidth']} px wide on a {found['width']} px screen: " + "; ".join(found["wide"])
        )
    problems += [f"tap target too small: {item}" for item in found["tooSmall"]]
    return problems


def walk(page: Page, server: LiveServer) -> tuple[list[str], list[str]]:
    """One page of each kind reachable by links; returns the pages checked and the problems found."""
    queue = deque(START_PATHS)
    seen = set(START_PATHS)
    kinds: set[str] = set()
    visited: list[str] = []
    problems: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        kind = page_kind(path)
        if kind in kinds:
            continue
        kinds.add(kind)
        try:
            response = page.goto(path)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or response.status >= 400 or not server.owns(page.url):
            problems.append(f"{path}: answered {response.status if response else 'nothing'}")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        visited.append(path)
        problems += [f"{path}: {problem}" for problem in layout_problems(page)]
        # The page as the browser holds it now (with JavaScript: what scripts changed too), read as in the crawl.
        problems += [f"{path}: {kind}: {example}" for kind, example in leaks(page.content())]
        try:
            axe_check(page)
        except Failed as failure:
            problems.append(f"{path}: {failure}")
        for link in same_site_links(page, server):
            if link not in seen and urlsplit(link).path not in ("/uitloggen",):
                seen.add(link)
                queue.append(link)
    return visited, problems


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_every_page_fits_a_phone_with_big_enough_targets(
    role: str,
    javascript: bool,
    make_page: Callable[..., Page],
    login: Callable[[Page, str], str],
    live_server: LiveServer,
) -> None:
    page = make_page(width=WIDTH, height=HEIGHT, java_script_enabled=javascript)
    email = DEMO_LOGINS[role]
    if email:  # the login form works without JavaScript too; the session cookie is the same
        login(page, email)
    visited, problems = walk(page, live_server)
    walk_counts.setdefault(role, {})["with JavaScript" if javascript else "without JavaScript"] = len(visited)
    assert "/n/zele" in visited and "/" in visited
    assert not problems, f"{len(problems)} problems on {len(visited)} pages at {WIDTH} x {HEIGHT}:\n" + "\n".join(
        problems
    )


def test_the_layout_check_sees_a_wide_page_and_a_small_target(make_page: Callable[..., Page]) -> None:
    """The harness itself: a word wider than the screen and two small buttons side by side are found."""
    page = make_page(width=WIDTH, height=HEIGHT)
    page.goto("/")
    page.evaluate(
        """() => {
          const main = document.querySelector('main');
          const heading = document.createElement('h2');
          heading.className = 'wide';
          heading.textContent = 'Vrijwilligersvergoedingenoverzichtsbladzijde';
          heading.style.cssText = 'overflow-wrap:normal;hyphens:none';
          main.append(heading);
          for (const label of ['a', 'b']) {
            const button = document.createElement('button');
            button.textContent = label;
            button.className = 'tiny';
            button.style.cssText = 'min-height:0;height:16px;width:16px;padding:0;margin:0;border:0';
            main.append(button);
          }
        }"""
    )
    problems = layout_problems(page)
    assert any("px wide on a 360 px screen" in p and "h2.wide" in p for p in problems), problems
    assert sum("tap target too small: button.tiny" in p for p in problems) == 2, problems
