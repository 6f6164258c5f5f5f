"""Valid HTML on every page: the Nu HTML Checker (vnu, the W3C's validator) over every page the walks fetched.

The no-JS walk (tests/test_nojs.py: every role, the pages behind the mailed links, the error pages) and the
browser walk (tests/browser/test_accessibility.py: every demo role, forms with errors, error pages) add the HTML
they fetched to the session's `html_pages` (tests/html_check.py); this module runs after them (the plugin moves it
to the end) and checks them all in one vnu call. With `-k` or a path it checks what the selected tests collected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.html_check import HtmlPages, report, run_vnu

BASE = '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Test</title></head><body{body}><p>Dag</p></body></html>'


def test_the_checker_finds_an_error(tmp_path: Path) -> None:
    """The harness itself: vnu really runs, and an error is reported under the page's name (here the inherited
    htmx attribute this check was made for: a colon is not allowed in an attribute name)."""
    pages = HtmlPages()
    pages.add("a page with hx-headers:inherited", BASE.format(body=" hx-headers:inherited='{}'"))
    pages.add("a valid page", BASE.format(body=" data-hx-get='/'"))
    result = run_vnu(pages, tmp_path)
    assert result.checked == 2
    assert len(result.errors) == 1, result.errors
    assert result.errors[0].startswith("a page with hx-headers:inherited:1:"), result.errors
    assert "hx-headers:inherited" in result.errors[0]


def test_every_fetched_page_is_valid_html(html_pages: HtmlPages, tmp_path: Path, request: pytest.FixtureRequest):
    if not html_pages:
        pytest.skip("no walk ran in this selection, so there is no page to check")
    result = run_vnu(html_pages, tmp_path)
    line = (
        f"vnu checked {result.checked} pages ({html_pages.fetched} fetched) in {result.seconds:.1f} s: "
        f"{len(result.errors)} errors, {len(result.warnings)} warnings"
    )
    print(line)
    report(request.config, line)
    assert result.checked == len(html_pages)
    assert not result.errors, f"{line}\n" + "\n".join(result.errors[:100])
