"""The browser harness itself catches CSP violations: a page that breaks the policy fails its test."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import BrowserLog

pytestmark = pytest.mark.browser


def test_a_csp_violation_is_reported_as_a_problem(page: Page, browser_log: BrowserLog) -> None:
    page.goto("/")
    # An inline style attribute: the CSP refuses it and raises the event (after the harness's own listener).
    page.evaluate(
        """() => new Promise((done) => {
             document.addEventListener('securitypolicyviolation', done, {once: true});
             document.body.setAttribute('style', 'color: red');
           })"""
    )
    found = [p for p in browser_log.problems if "CSP" in p]
    assert any("violation event: style-src-attr" in p for p in found), browser_log.problems
    browser_log.problems.clear()  # seen on purpose; the fixture would fail the test on it
