"""For people who read little, in a real browser: a question's recording plays (from the plain player and from the
big "Lees voor" button) without JavaScript errors; the read-aloud button appears only where JavaScript and a voice
for the page's language exist; pictogram choices keep their text and pass axe; easy-read texts come first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

pytest.importorskip("playwright")
harness = pytest.importorskip("tests.browser.conftest", reason="the browser harness lands with main")

from sqlalchemy import select  # noqa: E402

from lerend_netwerk.networks.models import Network  # noqa: E402
from lerend_netwerk.surveys import media, service, service_media  # noqa: E402
from lerend_netwerk.surveys.models import Kind, MediaKind, Option  # noqa: E402
from tests.surveys.audio import ogg_opus  # noqa: E402

pytestmark = pytest.mark.browser
axe_check = harness.axe_check

# speechSynthesis under our control: a Dutch voice (or none), and what would be spoken is kept in window.spoken.
VOICES = """(() => {{
  const voices = {voices};
  window.spoken = [];
  if (!window.speechSynthesis) return;
  Object.defineProperty(window.speechSynthesis, 'getVoices', {{value: () => voices}});
  Object.defineProperty(window.speechSynthesis, 'speak', {{value: (u) => window.spoken.push(u.text)}});
}})();"""
DUTCH = '[{"name": "Test Nederlands", "lang": "nl-BE", "voiceURI": "test-nl", "localService": true, "default": true}]'


@pytest.fixture(scope="module")
def survey(live_server) -> dict:  # noqa: ANN001
    """An open survey in Zele: question 1 (pictograms) with a recording, question 2 without one, easy-read."""
    settings = live_server.settings

    def build(session) -> dict:  # noqa: ANN001
        network = session.scalars(select(Network).where(Network.slug == "zele")).one()
        made = service.create_survey(
            session,
            network.id,
            actor_id=None,
            title="Wat is moeilijk?",
            opens_on=date.today() - timedelta(days=1),
            closes_on=date.today() + timedelta(days=30),
            easy_read=True,
        )
        first = service.add_question(
            session,
            network.id,
            made.id,
            kind=Kind.MULTIPLE,
            text="Welke drempels ervaart u bij deelname aan activiteiten?",
            easy_text="Wat maakt meedoen moeilijk?",
            options=["Vervoer", "Geld", "Tijd"],
            actor_id=None,
        )
        second = service.add_question(
            session, network.id, made.id, kind=Kind.SHORT_TEXT, text="Wat zou helpen?", actor_id=None
        )
        session.flush()
        codes = {"Vervoer": "transport", "Geld": "money", "Tijd": "time"}
        for option in session.scalars(select(Option).where(Option.question_id == first.id)):
            option.pictogram = codes[option.label]
        stored = media.store_audio(settings.upload_dir, "vraag.ogg", ogg_opus(1.0))
        service_media.add_media(
            session,
            network.id,
            made.id,
            first.id,
            option_id=None,
            language="nl",
            kind=MediaKind.AUDIO,
            stored=stored,
            actor_id=None,
        )
        return {"code": made.code, "first": first.id, "second": second.id}

    return live_server.db.write_sync(build)


def _start(page, code: str) -> None:  # noqa: ANN001
    page.goto(f"/b/{code}")
    page.get_by_role("button", name="Begin").click()
    page.get_by_text("vraag 1 van").wait_for()


def test_the_recording_plays_without_errors_and_pictograms_keep_their_text(make_page, survey) -> None:  # noqa: ANN001
    page = make_page()
    page.add_init_script(VOICES.format(voices="[]"))
    _start(page, survey["code"])
    audio = page.locator("[data-question-audio]")
    assert audio.count() == 1 and audio.get_attribute("preload") == "none"
    played = page.evaluate(
        """async () => {
          const audio = document.querySelector('[data-question-audio]');
          audio.muted = true;
          await audio.play();
          await new Promise((resolve, reject) => {
            audio.addEventListener('ended', resolve, {once: true});
            audio.addEventListener('error', () => reject(new Error('audio error ' + audio.error.code)), {once: true});
            setTimeout(() => reject(new Error('the recording did not end')), 8000);
          });
          return {duration: audio.duration, error: audio.error};
        }"""
    )
    assert played["error"] is None and 0.5 < played["duration"] < 2
    # with a recording, the big button plays it, voice or not
    button = page.get_by_role("button", name="Lees voor")
    assert button.count() == 1
    page.evaluate("() => { document.querySelector('[data-question-audio]').muted = true; }")
    button.click()
    page.wait_for_function(
        "() => !document.querySelector('[data-question-audio]').paused || "
        "document.querySelector('[data-question-audio]').ended"
    )
    # easy-read survey: the easy text is the question; the usual words are one click away
    assert "Wat maakt meedoen moeilijk?" in page.locator("legend").first.inner_text()
    assert page.get_by_text("In andere woorden").is_visible()
    # every pictogram has its text: the checkboxes are named by it
    for label in ("Vervoer", "Geld", "Tijd"):
        choice = page.get_by_label(label, exact=True)
        assert choice.count() == 1
    assert page.locator("label.choice img.pictogram").count() == 3
    axe_check(page, "question with a recording and pictograms")


def test_read_aloud_appears_only_with_a_voice(make_page, survey) -> None:  # noqa: ANN001
    with_voice = make_page()
    with_voice.add_init_script(VOICES.format(voices=DUTCH))
    _start(with_voice, survey["code"])
    with_voice.get_by_role("checkbox", name="Geld").check()
    with_voice.get_by_role("button", name="Volgende").click()
    with_voice.get_by_text("vraag 2 van").wait_for()
    button = with_voice.get_by_role("button", name="Lees voor")
    button.wait_for()
    button.click()
    assert with_voice.evaluate("() => window.spoken") == ["Wat zou helpen?"]
    axe_check(with_voice, "question with a read-aloud button")

    without_voice = make_page()
    without_voice.add_init_script(VOICES.format(voices="[]"))
    _start(without_voice, survey["code"])
    without_voice.goto(f"/b/{survey['code']}/vraag/2")
    without_voice.get_by_text("Wat zou helpen?").first.wait_for()
    without_voice.wait_for_load_state("load")
    assert without_voice.get_by_role("button", name="Lees voor").count() == 0


def test_without_javascript_there_is_no_button_but_the_player_stays(make_page, survey) -> None:  # noqa: ANN001
    page = make_page(java_script_enabled=False)
    _start(page, survey["code"])
    assert page.get_by_role("button", name="Lees voor").count() == 0
    assert page.locator("audio[controls]").count() == 1
    axe_check(page, "question with a recording, no JavaScript")
