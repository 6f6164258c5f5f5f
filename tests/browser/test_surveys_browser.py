"""Surveys in a real browser (phone width): answering one question a screen with and without JavaScript, skip logic,
a right-to-left survey, and axe-core on every new page, for respondents and staff."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")
harness = pytest.importorskip("tests.browser.conftest", reason="the browser harness lands with main")

from sqlalchemy import select  # noqa: E402

from lerend_netwerk.surveys import queries, service  # noqa: E402
from lerend_netwerk.surveys.models import Response, Survey  # noqa: E402

pytestmark = pytest.mark.browser
axe_check = harness.axe_check
TITLE = "Wat houdt jou tegen om mee te doen?"


def demo_survey(live_server) -> tuple[int, str, str]:  # noqa: ANN001
    survey = live_server.db.read_sync(lambda s: s.scalars(select(Survey).where(Survey.title == TITLE)).one())
    return survey.id, survey.code, "wevelgem"


def responses(live_server, survey_id: int) -> int:  # noqa: ANN001
    return live_server.db.read_sync(
        lambda s: len(s.scalars(select(Response.id).where(Response.survey_id == survey_id)).all())
    )


def answer_one_per_screen(page, code: str, *, say_yes: bool, label: str) -> None:  # noqa: ANN001
    page.goto(f"/b/{code}")
    axe_check(page, f"{label} start")
    page.get_by_role("button", name="Begin").click()
    page.get_by_text("vraag 1 van").wait_for()
    axe_check(page, f"{label} question 1")
    # required question without an answer: a message, still on question 1
    page.get_by_role("button", name="Volgende").click()
    page.get_by_text("Deze vraag is verplicht").wait_for()
    axe_check(page, f"{label} question 1 with an error")
    page.get_by_label("Gullegem").check()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_text("vraag 2 van").wait_for()
    page.get_by_label("Het kost te veel").check()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_text("vraag 3 van").wait_for()
    page.get_by_label("Ja" if say_yes else "Nee", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_text("vraag 4 van").wait_for()
    if say_yes:  # skip logic: "Wat zou helpen?" only after "Ja"
        assert page.get_by_text("Wat zou helpen?").is_visible()
        page.get_by_label("Wat zou helpen?").fill("Lidgeld in schijven")
        page.get_by_role("button", name="Volgende").click()
        page.get_by_text("vraag 5 van").wait_for()
    else:
        assert page.get_by_text("Wat zou helpen?").count() == 0
    axe_check(page, f"{label} smiley question")
    page.get_by_label("Goed", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vorige").click()  # back, and forward again
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende").click()
    for _ in range(5):  # the last, optional questions
        if "/klaar" in page.url:
            break
        with page.expect_navigation():
            page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"**/b/{code}/klaar")
    axe_check(page, f"{label} review")
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("heading", name="Bedankt!").wait_for()
    axe_check(page, f"{label} thanks")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_answer_on_a_phone_one_question_a_screen(make_page, live_server, javascript) -> None:  # noqa: ANN001
    survey_id, code, _slug = demo_survey(live_server)
    before = responses(live_server, survey_id)
    page = make_page(java_script_enabled=javascript)
    answer_one_per_screen(page, code, say_yes=javascript, label="js" if javascript else "no-js")
    assert responses(live_server, survey_id) == before + 1


def test_all_on_one_page_without_javascript(make_page, live_server) -> None:  # noqa: ANN001
    survey_id, code, _slug = demo_survey(live_server)
    before = responses(live_server, survey_id)
    page = make_page(java_script_enabled=False)
    page.goto(f"/b/{code}")
    page.get_by_label("Alle vragen op één pagina").check()
    page.get_by_role("button", name="Begin").click()
    page.wait_for_url(f"**/b/{code}/alles")
    page.get_by_role("button", name="Versturen").click()  # nothing filled in: messages, nothing stored
    page.get_by_text("Niet alles is in orde").wait_for()
    axe_check(page, "all on one page with errors")
    page.get_by_label("Het kost te veel").check()
    page.get_by_label("Moorsele").check()
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("heading", name="Bedankt!").wait_for()
    assert responses(live_server, survey_id) == before + 1


def test_right_to_left_survey(make_page, live_server) -> None:  # noqa: ANN001
    survey_id, code, _slug = demo_survey(live_server)

    def add_arabic(session) -> None:  # noqa: ANN001
        survey = session.get(Survey, survey_id)
        if "ar" not in survey.languages:
            survey.languages = [*survey.languages, "ar"]
            session.flush()
            service.save_translation(
                session, survey.network_id, survey_id, "ar", {"title": "ما الذي يمنعك من المشاركة؟"}, actor_id=None
            )

    live_server.db.write_sync(add_arabic)
    page = make_page(java_script_enabled=False)
    page.goto(f"/b/{code}")
    page.get_by_label("العربية").check()
    page.get_by_role("button", name="Begin").click()
    page.get_by_text("السؤال 1 من").wait_for()  # the buttons and labels follow the chosen language
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#stap").get_attribute("dir") == "rtl"
    assert page.locator("#stap").get_attribute("lang") == "ar"
    axe_check(page, "right-to-left question")
    page.goto(f"/b/{code}/alles")
    assert page.locator(".respond").first.get_attribute("dir") == "rtl"
    axe_check(page, "right-to-left all on one page")


def test_staff_pages_pass_axe(make_page, live_server, login) -> None:  # noqa: ANN001
    survey_id, code, slug = demo_survey(live_server)
    page = make_page()
    login(page, "facilitator@wevelgem.example")
    base = f"/n/{slug}/bevragingen"
    view = live_server.db.read_sync(lambda s: queries.load(s, s.get(Survey, survey_id)))
    wijk = view.questions[0].id
    paths = [
        base,
        f"{base}/nieuw",
        f"{base}/{survey_id}",
        f"{base}/{survey_id}/vragen/{wijk}",
        f"{base}/{survey_id}/vertaling/fr",
        f"{base}/{survey_id}/voorbeeld",
        f"{base}/{survey_id}/voorbeeld?inhoud=fr",
        f"{base}/{survey_id}/affiche",
        f"{base}/{survey_id}/papier",
        f"{base}/{survey_id}/resultaten",
        f"{base}/{survey_id}/resultaten?per={wijk}",
        f"{base}/{survey_id}/resultaten?zoek=UiTPAS",
        f"{base}/{survey_id}/resultaten/afdrukken",
    ]
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        axe_check(page, path)
    # a form that came back with errors
    page.goto(f"{base}/nieuw")
    page.get_by_role("button", name="Maak de bevraging").click()
    page.get_by_text("Niet alles is in orde").wait_for()
    axe_check(page, "new survey with errors")
    # paper entry without JavaScript: recorded as paper
    page.goto(f"{base}/{survey_id}")
    page.get_by_label("Ik typ een papieren formulier over").check()
    page.get_by_role("button", name="Begin met invullen").click()
    page.wait_for_url(f"**/b/{code}/alles")
    page.get_by_text("Je typt een papieren formulier in").wait_for()
    axe_check(page, "paper entry")
