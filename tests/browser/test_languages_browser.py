"""Every respondent in their own language, in a real browser on a 360 px phone: in each of the six languages a
visitor answers the demo survey and signs up for a dialogue table, and on every page of the way

* `<html lang dir>` is the language's (Arabic right-to-left),
* no Dutch text of the platform is left outside the content: the visible text, with every piece of content the
  network wrote taken out (names, questions, places, ...), contains none of the Dutch catalog's participant-facing
  messages that the language translates differently,
* the page does not scroll sideways at 360 px,
* axe finds no WCAG A/AA violation (every page in Arabic, right-to-left; the start page in the others).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

pytest.importorskip("playwright")
harness = pytest.importorskip("tests.browser.conftest", reason="the browser harness lands with main")

from sqlalchemy import select  # noqa: E402

from lerend_netwerk import i18n  # noqa: E402
from lerend_netwerk.db import Base  # noqa: E402
from lerend_netwerk.dialogue.models import DialogueTable, TableSession  # noqa: E402
from lerend_netwerk.surveys.models import Survey  # noqa: E402
from tests.test_i18n import PLACEHOLDER  # noqa: E402
from tests.test_i18n_languages import participant_facing  # noqa: E402

pytestmark = pytest.mark.browser
axe_check = harness.axe_check
SURVEY_TITLE = "Wat houdt jou tegen om mee te doen?"
# What a network writes itself: its names, themes, wijken, tables, sessions, survey texts, signals and feedback.
CONTENT_TABLES = (
    "network",
    "organisation",
    "threshold_type",
    "dialogue_table",
    "dialogue_session",
    "survey",
    "survey_question",
    "survey_option",
    "signal",
    "signal_follow_up",
)
NARROW = {"width": 360, "height": 740}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module")
def content(live_server) -> list[str]:  # noqa: ANN001
    def read(session) -> list[str]:  # noqa: ANN001
        found: set[str] = set()
        for name in CONTENT_TABLES:
            table = Base.metadata.tables[name]
            for row in session.execute(select(table)).all():
                for value in row:
                    found.update(s.strip() for s in _strings(value) if len(s.strip()) > 1)
        # paragraphs and lines of longer texts are shown one by one
        for text in list(found):
            found.update(p.strip() for p in re.split(r"\n+", text) if len(p.strip()) > 1)
        return sorted(found, key=len, reverse=True)

    return live_server.db.read_sync(read)


def dutch_fragments(lang: str) -> list[str]:
    """Pieces of the Dutch participant-facing messages that `lang` writes differently (placeholders cut out)."""
    translated = i18n.catalog(lang)
    # Words the language itself uses somewhere (English "Start" for "Begin") are no leftover.
    own = [t for value in translated.values() for t in ([value] if isinstance(value, str) else value)]
    pieces: set[str] = set()
    for msgid in participant_facing():
        key = msgid if isinstance(msgid, str) else msgid[0]
        ids = [msgid] if isinstance(msgid, str) else list(msgid)
        target = translated.get(key)
        targets = [target] if isinstance(target, str) else list(target or ())
        for text in ids:
            for piece in re.split(r"\n+", PLACEHOLDER.sub("\n", text)):
                piece = piece.strip(" ,.:;!?()„”")
                if len(piece) >= 5 and not any(piece in t for t in targets) and not any(piece == t for t in own):
                    pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


def check(page, lang: str, content: list[str], label: str, *, axe: bool = False) -> None:  # noqa: ANN001
    html = page.locator("html")
    assert html.get_attribute("lang") == lang, label
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), label
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label}: scrolls {overflow}px sideways at 360 px"
    if lang != "nl":
        visible = page.inner_text("body")
        # the network's own content, and the language switch, which names each language in that language
        for piece in [*content, *i18n.LANGUAGES.values()]:
            visible = visible.replace(piece, "\n")
        left = [piece for piece in dutch_fragments(lang) if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", visible)]
        assert not left, f"{label} ({lang}): Dutch text left on {page.url}: {left}\n--- visible text ---\n{visible}"
    if axe:
        axe_check(page, f"{label} ({lang})")


def answer_survey(page, code: str, lang: str, content: list[str]) -> None:  # noqa: ANN001
    rtl = lang == "ar"
    page.goto(f"/b/{code}?taal={lang}")
    check(page, lang, content, "survey start", axe=True)
    with page.expect_navigation():
        page.locator("main form").last.locator("button[type=submit]").click()
    # The first question is required: going on without an answer shows the message in the language.
    with page.expect_navigation():
        page.locator("button[name=actie][value=volgende]").click()
    assert page.locator(".error").count() >= 1
    check(page, lang, content, "survey question with an error", axe=rtl)
    for _ in range(12):
        if page.url.endswith("/klaar"):
            break
        check(page, lang, content, "survey question", axe=rtl)
        choice = page.locator("#stap input[type=radio], #stap input[type=checkbox]")
        if choice.count():
            choice.first.check()
        with page.expect_navigation():
            page.locator("button[name=actie][value=volgende]").click()
    assert page.url.endswith("/klaar"), page.url
    check(page, lang, content, "survey review", axe=rtl)
    with page.expect_navigation():
        page.locator("main form").last.locator("button[type=submit]").click()
    check(page, lang, content, "survey thanks", axe=rtl)


def sign_up(page, session_id: int, lang: str, content: list[str]) -> None:  # noqa: ANN001
    rtl = lang == "ar"
    for path in (
        "/n/temse",
        "/n/temse/dialoogtafels",
        "/n/temse/melden",
        "/n/temse/jullie-zeiden-wij-deden",
        "/inloggen",
    ):
        response = page.goto(f"{path}?taal={lang}")
        assert response is not None and response.status == 200, path
        check(page, lang, content, path, axe=rtl)
    page.goto(f"/n/temse/dialoogtafels/sessies/{session_id}")  # remembered: no ?taal= needed any more
    check(page, lang, content, "session and sign-up form", axe=rtl)
    form = page.locator("form[action$='/inschrijven']")
    form.locator("input[name=voornaam]").fill("Amina")
    form.locator("input[name=email]").fill(f"amina-{lang}@example.be")
    form.locator("input[name=toestemming]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    check(page, lang, content, "signed up", axe=rtl)
    link = page.locator("main a[href*='/dialoogtafels/link/']").first.get_attribute("href")
    page.goto(link)
    check(page, lang, content, "personal link", axe=rtl)


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_answer_a_survey_and_sign_up_in_each_language(make_page, live_server, content, lang) -> None:  # noqa: ANN001
    def find(session) -> tuple[str, int]:  # noqa: ANN001
        code = session.scalars(select(Survey.code).where(Survey.title == SURVEY_TITLE)).one()
        table = session.scalars(select(DialogueTable.id).where(DialogueTable.name == "Dialoogtafel Temse")).one()
        coming = session.scalars(
            select(TableSession.id)
            .where(TableSession.table_id == table, TableSession.starts_at > datetime.now(UTC))
            .order_by(TableSession.starts_at)
        ).first()
        return code, coming

    code, session_id = live_server.db.read_sync(find)
    page = make_page(**NARROW, java_script_enabled=False)
    answer_survey(page, code, lang, content)
    sign_up(make_page(**NARROW), session_id, lang, content)


def test_the_dutch_check_knows_the_platform_words() -> None:
    for lang in ("fr", "ar", "tr", "uk"):
        pieces = dutch_fragments(lang)
        assert {"Volgende", "Versturen", "(verplicht)".strip("()"), "Weet ik niet", "Schrijf mij in"} <= set(pieces)
    assert "Privacy" not in dutch_fragments("en")  # the same word in English is no leftover
