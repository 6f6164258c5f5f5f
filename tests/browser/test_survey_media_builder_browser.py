"""The builder's side of sound and pictures, in a real browser: a facilitator records a question with the
microphone (Chromium's fake microphone) and the recording is accepted by the server's content check; the
readability hint follows the typing (htmx); the sound page passes axe."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
harness = pytest.importorskip("tests.browser.conftest", reason="the browser harness lands with main")

from sqlalchemy import select  # noqa: E402

from lerend_netwerk.surveys import queries  # noqa: E402
from lerend_netwerk.surveys.models import Media, Survey  # noqa: E402

pytestmark = pytest.mark.browser
TITLE = "Wat houdt jou tegen om mee te doen?"
FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture
def recording_page(browser, live_server):  # noqa: ANN001, ANN201
    """A page in a Chromium of its own with a fake microphone (a beep) that the page may use."""
    playwright_chromium = browser.browser_type
    own = playwright_chromium.launch(
        executable_path=harness.CHROMIUM, headless=True, args=[*harness.CHROMIUM_ARGS, *FAKE_MICROPHONE]
    )
    context = own.new_context(base_url=live_server.url, locale="nl-BE", permissions=["microphone"])
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Refused" in m.text else None)
    yield page, errors
    context.close()
    own.close()


def test_a_facilitator_records_a_question_in_the_browser(recording_page, live_server, login) -> None:  # noqa: ANN001
    page, errors = recording_page
    survey = live_server.db.read_sync(lambda s: s.scalars(select(Survey).where(Survey.title == TITLE)).one())
    view = live_server.db.read_sync(lambda s: queries.load(s, s.get(Survey, survey.id)))
    question = view.questions[2]  # yes/no: "Zijn sportclubs te duur voor jou?"
    login(page, "facilitator@wevelgem.example")
    page.goto(f"/n/wevelgem/bevragingen/{survey.id}/vragen/{question.id}/media")
    harness.axe_check(page, "sound and pictures page")
    page.get_by_role("button", name="Neem op").click()
    page.get_by_role("button", name="Stop de opname").wait_for()
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop de opname").click()
    page.get_by_text("Opname klaar").wait_for()
    page.get_by_role("button", name="Bewaar de opname").click()
    page.get_by_text("De opname is bewaard.").wait_for()
    kept = live_server.db.read_sync(lambda s: s.scalars(select(Media).where(Media.question_id == question.id)).all())
    assert [m.content_type for m in kept] in (["audio/webm"], ["audio/ogg"])
    assert page.locator("audio[controls]").count() >= 1
    assert errors == []


def test_the_readability_hint_follows_the_typing(page, live_server, login) -> None:  # noqa: ANN001
    survey = live_server.db.read_sync(lambda s: s.scalars(select(Survey).where(Survey.title == TITLE)).one())
    view = live_server.db.read_sync(lambda s: queries.load(s, s.get(Survey, survey.id)))
    login(page, "facilitator@wevelgem.example")
    page.goto(f"/n/wevelgem/bevragingen/{survey.id}/vragen/{view.questions[-1].id}")
    hint = page.locator("#leesbaarheid-tekst")
    assert "woorden per zin" in hint.inner_text()
    page.locator("#veld-tekst").fill(
        "Wij willen graag van je weten of de toegankelijkheid van het vrijetijdsaanbod in de gemeente voldoende is "
        "en of er nog andere drempels zijn die je ervaart."
    )
    page.locator("#leesbaarheid-tekst", has_text="Dat is lang").wait_for()
    assert "vrijetijdsaanbod" in page.locator("#leesbaarheid-tekst").inner_text()
    harness.axe_check(page, "question with a readability hint")
