"""Light pages: what a phone on prepaid data downloads for the key pages, counted as sent (compressed).

- first visit: the page and everything it links (stylesheet, scripts, icon, images), at most FIRST_VISIT bytes;
- a second visit: what the browser fetches again when it honours the cache headers (the page itself, which is
  never stored; fingerprinted static files are kept a year; photos an hour), at most REPEAT_VISIT bytes.

Bytes are response bodies as they cross the wire (gzip where the server compresses); headers are not counted. The
pages are filled the way a busy network fills them (a board of 100 cards, a page of practices, a third of them with
a photo taken with a phone). These are size budgets, not timings: the benchmark (tests/bench) measures speed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from starlette.testclient import TestClient

from lerend_netwerk.networks.models import Role
from lerend_netwerk.practices import service as practices
from lerend_netwerk.practices.access import Viewer
from lerend_netwerk.practices.models import Visibility
from lerend_netwerk.web.templating import STATIC_DIR, fingerprint
from tests.listdata import add_photo, grow_responses, grow_signals, grow_signups
from tests.practices.helpers import make_practice
from tests.surveys.helpers import begin, make_survey

FIRST_VISIT = 60_000
REPEAT_VISIT = 15_000
GZIP = {"Accept-Encoding": "gzip"}


class Linked(HTMLParser):
    """The same-site resources a browser fetches for a page: stylesheets, icons, scripts and images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        url = None
        if tag == "link" and {"stylesheet", "icon"} & set((a.get("rel") or "").split()):
            url = a.get("href")
        elif tag in ("script", "img"):
            url = a.get("src")
        if url and url.startswith("/") and url not in self.urls:
            self.urls.append(url)


@dataclass
class Weight:
    first: int = 0
    repeat: int = 0
    parts: dict[str, tuple[int, int]] = field(default_factory=dict)  # url -> (first, repeat)

    def __str__(self) -> str:
        rows = "\n".join(f"  {first:>7} {repeat:>7}  {url}" for url, (first, repeat) in self.parts.items())
        return f"first visit {self.first} B, repeat {self.repeat} B\n{rows}"


def on_the_wire(client: TestClient, url: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    """The body's size as sent (still compressed), and the response."""
    with client.stream("GET", url, headers={**GZIP, **(headers or {})}) as response:
        size = sum(len(chunk) for chunk in response.iter_raw())
    return size, response


def kept(cache_control: str) -> bool:
    """Does a browser reuse this response on the next visit without asking again?"""
    if "no-store" in cache_control or "no-cache" in cache_control:
        return False
    age = re.search(r"max-age=(\d+)", cache_control)
    return "immutable" in cache_control or bool(age and int(age.group(1)) > 0)


def page_weight(client: TestClient, path: str) -> Weight:
    weight = Weight()
    size, page = on_the_wire(client, path)
    assert page.status_code == 200, (path, page.status_code)
    assert not kept(page.headers.get("cache-control", "")), "pages are fetched again: they change"
    weight.parts[path] = (size, size)
    parser = Linked()
    parser.feed(client.get(path).text)
    for url in parser.urls:
        size, response = on_the_wire(client, url)
        assert response.status_code == 200, (url, response.status_code)
        again = 0
        if not kept(response.headers.get("cache-control", "")):
            etag = response.headers.get("etag")
            again, _ = on_the_wire(client, url, {"If-None-Match": etag} if etag else {})
        weight.parts[url] = (size, again)
    weight.first = sum(first for first, _ in weight.parts.values())
    weight.repeat = sum(repeat for _, repeat in weight.parts.values())
    return weight


# -- the key pages, filled ---------------------------------------------------------------------------------


def practice_list(db, network, people, settings) -> str:  # noqa: ANN001
    """A full page of practices (12), a third of them with a photo."""
    for i in range(14):
        practice = make_practice(
            db,
            network,
            people["member"],
            title=f"Zwemles voor iedereen, aanpak {i}",
            summary="Een buddy gaat de eerste keer mee naar het zwembad; de gemeente betaalt de eerste beurten.",
            visibility=Visibility.PUBLIC if i % 2 else Visibility.NETWORK,
        )
        if i % 3 == 0:
            add_photo(db, settings.upload_dir, practice.id, people["member"].id, seed=i)
    return "/n/zele/praktijken"


def search_results(db, network, people, settings) -> str:  # noqa: ANN001
    practice_list(db, network, people, settings)
    return "/n/zele/praktijken?q=zwemles&drempel=schaamte"


def practice_page(db, network, people, settings) -> str:  # noqa: ANN001
    practice = make_practice(db, network, people["member"], story="Zo deden we het. " * 80)
    add_photo(db, settings.upload_dir, practice.id, people["member"].id)
    for i in range(4):
        make_practice(db, network, people["member"], title=f"Verwante aanpak {i}")

    def comment(s: Any) -> None:
        viewer = Viewer(people["member"].id, {network.id: Role.MEMBER})
        for i in range(12):
            practices.add_comment(s, network.id, practice.id, f"Bij ons werkte dit ook, reactie {i}.", viewer=viewer)

    db.write_sync(comment)
    return f"/n/zele/praktijken/{practice.id}"


def session_page(db, network, people, settings) -> str:  # noqa: ANN001
    params = grow_signups(db, network, people, {}, 20)
    return f"/n/zele/dialoogtafels/sessies/{params['id']}"


def board(db, network, people, settings) -> str:  # noqa: ANN001
    grow_signals(db, network, people, {}, 160)
    return "/n/zele/signalen"


def board_counts(db, network, people, settings) -> str:  # noqa: ANN001
    board(db, network, people, settings)
    return "/n/zele/signalen/cijfers"


def feedback_page(db, network, people, settings) -> str:  # noqa: ANN001
    board(db, network, people, settings)
    return "/n/zele/jullie-zeiden-wij-deden"


def survey_results(db, network, people, settings) -> str:  # noqa: ANN001
    params = grow_responses(db, network, people, {}, 40)
    return f"/n/zele/bevragingen/{params['id']}/resultaten"


def home(db, network, people, settings) -> str:  # noqa: ANN001
    return "/"


KEY_PAGES = {
    # page: (who looks, how it is filled)
    "home": ("visitor", home),
    "practice list": ("member", practice_list),
    "search results": ("member", search_results),
    "practice page": ("member", practice_page),
    "dialogue session": ("visitor", session_page),
    "signals board": ("steering", board),
    "board counts": ("steering", board_counts),
    "feedback page": ("visitor", feedback_page),
    "survey results": ("facilitator", survey_results),
}


@pytest.mark.parametrize("name", KEY_PAGES)
def test_key_page_is_light_on_first_and_repeat_visit(name, client, db, network, people, settings, login_as) -> None:  # noqa: ANN001
    who, fill = KEY_PAGES[name]
    path = fill(db, network, people, settings)
    login_as(who)
    weight = page_weight(client, path)
    assert weight.first <= FIRST_VISIT, f"{name}: {weight}"
    assert weight.repeat <= REPEAT_VISIT, f"{name}: {weight}"


def test_survey_question_page_is_light(client, db, network) -> None:  # noqa: ANN001
    code = make_survey(db, network)["code"]
    step = begin(client, code).headers["location"]
    weight = page_weight(client, step)
    assert weight.first <= FIRST_VISIT and weight.repeat <= REPEAT_VISIT, str(weight)


def test_fingerprinted_static_files_are_kept_a_year_and_others_revalidated(client) -> None:  # noqa: ANN001
    page = client.get("/")
    parser = Linked()
    parser.feed(page.text)
    static = [url for url in parser.urls if url.startswith("/static/")]
    assert static, "the page links its stylesheet and scripts"
    for url in static:
        path = url.removeprefix("/static/").split("?")[0]
        assert url.endswith(f"?v={fingerprint(path)}"), f"{url} is not fingerprinted"
        assert client.get(url).headers["cache-control"] == "public, max-age=31536000, immutable"
        plain = client.get(f"/static/{path}")
        assert plain.headers["cache-control"] == "no-cache" and plain.headers.get("etag")
        assert client.get(f"/static/{path}", headers={"If-None-Match": plain.headers["etag"]}).status_code == 304
    assert "no-store" in page.headers["cache-control"], "pages (also with personal data) are not kept"


def test_pages_stylesheets_and_scripts_are_sent_compressed(client) -> None:  # noqa: ANN001
    page = client.get("/", headers=GZIP)
    parser = Linked()
    parser.feed(page.text)
    assert page.headers.get("content-encoding") == "gzip"
    for url in parser.urls:
        if url.split("?")[0].endswith((".css", ".js")):
            assert client.get(url, headers=GZIP).headers.get("content-encoding") == "gzip", url


def test_no_web_fonts() -> None:
    """System fonts cost no bytes: no font files shipped, no @font-face in the stylesheets."""
    fonts = [p for p in STATIC_DIR.rglob("*") if p.suffix.lower() in {".woff", ".woff2", ".ttf", ".otf", ".eot"}]
    assert not fonts
    for css in STATIC_DIR.rglob("*.css"):
        assert "@font-face" not in css.read_text()
