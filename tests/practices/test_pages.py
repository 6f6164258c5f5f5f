"""Every new page without JavaScript (TestClient): plain links and forms, no inline script/style/handlers under the
CSP, labels on fields; the filter form is a GET form and htmx gets only the results partial. (main's axe/browser
harness had not landed when this was written; the same pages should be added to it.)"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lerend_netwerk.i18n import current_locale
from lerend_netwerk.meetings import service as service_meetings
from tests.practices.helpers import make_practice

INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", re.I)


def _pages(db, network, people):
    practice = make_practice(db, network, people["member"], story="**Vet** verhaal")
    meeting = db.write_sync(
        service_meetings.create,
        network.id,
        title="Moment",
        starts_at=datetime(2099, 1, 1, tzinfo=UTC),
        place="Zaal",
        actor_id=people["coordinator"].id,
    )
    base = "/n/zele"
    return [
        f"{base}/praktijken",
        f"{base}/praktijken?q=buddy&drempel=schaamte&sorteer=recent",
        f"{base}/praktijken/nieuw",
        f"{base}/praktijken/{practice.id}",
        f"{base}/praktijken/{practice.id}/bewerken",
        f"{base}/praktijken/{practice.id}/versies",
        f"{base}/netwerkmomenten",
        f"{base}/netwerkmomenten/{meeting.id}",
        f"{base}/drempels",
    ]


def test_every_page_works_without_javascript(client, login_as, db, network, people):
    login_as("coordinator")
    for url in _pages(db, network, people):
        page = client.get(url)
        assert page.status_code == 200, url
        assert not INLINE.search(page.text), url
        ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', page.text))
        labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', page.text))
        assert ids <= labelled | {"taal"}, (url, ids - labelled)
        assert "<h1" in page.text, url


def test_filter_form_is_a_plain_get_form_and_htmx_swaps_the_list(client, login_as, db, network, people):
    make_practice(db, network, people["member"], title="Een buddy die de eerste keer meegaat")
    login_as("member")
    page = client.get("/n/zele/praktijken")
    assert re.search(r'<form class="practice-filters" method="get" action="[^"]*/n/zele/praktijken"', page.text)
    partial = client.get("/n/zele/praktijken", params={"q": "buddy"}, headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<section id="resultaten"') and "Een buddy" in partial.text
    assert partial.headers["vary"] == "HX-Request"


def test_pages_are_translated_to_english(client, login_as, db, network, people):
    login_as("member")
    token = current_locale.set("en")
    try:
        from lerend_netwerk.i18n import gettext

        assert gettext("Deel een praktijk") == "Share a practice"
    finally:
        current_locale.reset(token)
