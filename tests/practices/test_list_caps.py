"""What a visitor sees when a list or a search has more matches than it counts (`listing.COUNT_CAP` and
`SEARCH_CAP`, made small here): "meer dan N" only when there really are more than N, a search that says it ranked only the practices added
last, and pages that together show every result once, in order. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest

from lerend_netwerk.practices import listing
from lerend_netwerk.practices.models import Visibility
from tests.practices.helpers import make_practice

TITLE = re.compile(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>")


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 4)
    monkeypatch.setattr(listing, "SEARCH_CAP", 4)
    listing._list_statements.cache_clear()  # built with the cap in them
    yield 4
    listing._list_statements.cache_clear()


def _practices(db, network, people, n):
    titles = [f"Fietsen herstellen, deel {i}" for i in range(1, n + 1)]
    for title in titles:
        make_practice(db, network, people["member"], title=title, visibility=Visibility.PUBLIC)
    return titles


def _titles(client, **params):
    page = client.get("/n/zele/praktijken", params=params)
    assert page.status_code == 200
    return page.text, TITLE.findall(page.text)


@pytest.mark.parametrize("query", [{}, {"q": "fiets"}])
def test_exactly_the_cap_is_counted_not_more_than(client, login_as, db, network, people, small_cap, query):
    _practices(db, network, people, small_cap)
    login_as("visitor")
    text, titles = _titles(client, **query)
    assert "4 praktijken gevonden" in text
    assert "Meer dan" not in text
    assert "laatst zijn toegevoegd" not in text
    assert len(titles) == 4


def test_list_with_more_than_the_cap_says_more_than(client, login_as, db, network, people, small_cap):
    _practices(db, network, people, small_cap + 1)
    login_as("visitor")
    text, titles = _titles(client)
    assert "Meer dan 4 praktijken gevonden" in text
    assert "laatst zijn toegevoegd" not in text  # the list itself shows every practice, newest first
    assert titles[0] == "Fietsen herstellen, deel 5"


def test_search_with_more_than_the_cap_ranks_the_latest_added_and_says_so(
    client, login_as, db, network, people, small_cap
):
    titles = _practices(db, network, people, small_cap + 2)
    login_as("visitor")
    for sort in ("relevantie", "recent"):
        text, found = _titles(client, q="fiets", sorteer=sort)
        assert "Meer dan 4 praktijken gevonden" in text
        assert "Je ziet de 4 praktijken die het laatst zijn toegevoegd." in text
        assert sorted(found) == sorted(titles[-4:]), sort


@pytest.mark.parametrize("sort", ["relevantie", "recent"])
def test_search_pages_show_every_result_once_in_order(client, login_as, db, network, people, monkeypatch, sort):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    titles = _practices(db, network, people, 5)
    login_as("visitor")
    first, seen = _titles(client, q="fiets", sorteer=sort)
    assert "5 praktijken gevonden" in first and "Pagina 1 van 3" in first
    for number in (2, 3):
        text, found = _titles(client, q="fiets", sorteer=sort, pagina=number)
        assert f"Pagina {number} van 3" in text
        seen += found
    assert sorted(seen) == sorted(titles)  # no gaps, no duplicates
    if sort == "recent":
        assert seen == titles[::-1]
    # a page past the end shows the last one
    text, found = _titles(client, q="fiets", sorteer=sort, pagina=9)
    assert "Pagina 3 van 3" in text and found == seen[-1:]


def test_list_pages_show_each_practice_once_and_a_page_past_the_end_shows_the_last(
    client, login_as, db, network, people, monkeypatch
):
    """The count comes with the page's rows (one statement); a page past the end still gets the count and the
    last page, not an empty one."""
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    titles = _practices(db, network, people, 5)
    login_as("visitor")
    seen = []
    for number in (1, 2, 3):
        text, found = _titles(client, pagina=number)
        assert "5 praktijken gevonden" in text
        seen += found
    assert seen == list(reversed(titles))
    text, found = _titles(client, pagina=9)
    assert "5 praktijken gevonden" in text
    assert found == [titles[0]]
