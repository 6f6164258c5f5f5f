"""Building a survey in the browser: every question type, order, skip logic, translations, no retyping."""

from __future__ import annotations

from sqlalchemy import select

from lerend_netwerk.surveys.models import Kind, Option, Question, Survey
from tests.conftest import csrf_from
from tests.surveys.helpers import answer_all_on_one_page, make_survey, options_of


def _new_survey(client) -> int:  # noqa: ANN001
    page = client.get("/n/zele/bevragingen/nieuw")
    assert page.status_code == 200
    data = {
        "csrf_token": csrf_from(page.text),
        "titel": "Wat houdt jou tegen?",
        "intro": "Kort.",
        "anoniem": "1",
        "wijkvraag": "1",
        "opent": "2020-01-01",
        "thema": "vrije tijd",
        "talen": ["fr", "ar"],
    }
    created = client.post("/n/zele/bevragingen/nieuw", data=data)
    assert created.status_code == 303, created.text
    return int(created.headers["location"].rstrip("/").split("/")[-1])


def test_facilitator_builds_every_question_type(client, db, network, login_as):
    login_as("facilitator")
    survey_id = _new_survey(client)
    edit = client.get(f"/n/zele/bevragingen/{survey_id}")
    assert "In welke wijk woon je?" in edit.text  # the network's neighbourhood list became a question
    token = csrf_from(edit.text)
    for kind in Kind:
        data = {"csrf_token": token, "soort": kind.value, "tekst": f"Vraag {kind.value}", "verplicht": "1"}
        if kind in (Kind.SINGLE, Kind.MULTIPLE):
            data["keuzes"] = "Sport\nMuziek\nLezen"
        added = client.post(f"/n/zele/bevragingen/{survey_id}/vragen", data=data)
        assert added.status_code == 303, added.text
    questions = db.read_sync(
        lambda s: s.scalars(select(Question).where(Question.survey_id == survey_id).order_by(Question.position)).all()
    )
    assert [q.kind for q in questions[1:]] == list(Kind)
    smiley = next(q for q in questions if q.kind is Kind.SMILEY)
    labels = db.read_sync(
        lambda s: s.scalars(select(Option.label).where(Option.question_id == smiley.id).order_by(Option.position)).all()
    )
    assert labels == ["Heel slecht", "Slecht", "Gaat wel", "Goed", "Heel goed"]  # text with every face
    preview = client.get(f"/n/zele/bevragingen/{survey_id}/voorbeeld")
    assert preview.status_code == 200 and "Vraag smiley" in preview.text and "smiley1.svg" in preview.text
    assert "Heel goed" in preview.text


def test_bad_question_input_comes_back_with_a_message(client, db, network, login_as):
    login_as("facilitator")
    survey_id = _new_survey(client)
    token = csrf_from(client.get(f"/n/zele/bevragingen/{survey_id}").text)
    one_choice = client.post(
        f"/n/zele/bevragingen/{survey_id}/vragen",
        data={"csrf_token": token, "soort": "single", "tekst": "<script>x</script>", "keuzes": "Alleen"},
    )
    assert one_choice.status_code == 422 and "minstens twee keuzes" in one_choice.text
    assert "&lt;script&gt;x&lt;/script&gt;" in one_choice.text
    long = client.post(
        f"/n/zele/bevragingen/{survey_id}/vragen", data={"csrf_token": token, "soort": "single", "tekst": "x" * 10_000}
    )
    assert long.status_code == 422 and "te lang" in long.text
    wrong_kind = client.post(
        f"/n/zele/bevragingen/{survey_id}/vragen", data={"csrf_token": token, "soort": "foto", "tekst": "Hallo"}
    )
    assert wrong_kind.status_code == 422
    wrong_condition = client.post(
        f"/n/zele/bevragingen/{survey_id}/vragen",
        data={"csrf_token": token, "soort": "short_text", "tekst": "Hallo", "toon_als": "999:999"},
    )
    assert wrong_condition.status_code == 422 and "eerdere keuzevraag" in wrong_condition.text


def test_reorder_with_plain_buttons(client, db, network, login_as):
    ids = make_survey(db, network)
    login_as("facilitator")
    page = client.get(f"/n/zele/bevragingen/{ids['survey']}")
    moved = client.post(
        f"/n/zele/bevragingen/{ids['survey']}/vragen/{ids['what']}/actie",
        data={"csrf_token": csrf_from(page.text), "actie": "omhoog"},
    )
    assert moved.status_code == 303
    order = db.read_sync(
        lambda s: s.scalars(
            select(Question.id).where(Question.survey_id == ids["survey"]).order_by(Question.position)
        ).all()
    )
    assert order[:2] == [ids["what"], ids["wijk"]]


def test_answered_question_cannot_be_retyped_but_can_be_closed(client, db, network, login_as):
    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    answer_all_on_one_page(client, ids["code"], {f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Ja"]})
    login_as("facilitator")
    url = f"/n/zele/bevragingen/{ids['survey']}/vragen/{ids['sport']}"
    page = client.get(url)
    retyped = client.post(url, data={"csrf_token": csrf_from(page.text), "soort": "number", "tekst": "Hoeveel?"})
    assert retyped.status_code == 422
    assert "Je kunt het soort vraag niet meer veranderen" in retyped.text
    kind = db.read_sync(lambda s: s.get(Question, ids["sport"]).kind)
    assert kind is Kind.YESNO
    wijk_url = f"/n/zele/bevragingen/{ids['survey']}/vragen/{ids['wijk']}"
    fewer = client.post(
        wijk_url, data={"csrf_token": csrf_from(page.text), "soort": "single", "tekst": "Wijk?", "keuzes": "A\nB"}
    )
    assert fewer.status_code == 422 and "niet weghalen" in fewer.text
    closed = client.post(f"{url}/actie", data={"csrf_token": csrf_from(page.text), "actie": "sluiten"})
    assert closed.status_code == 303
    assert "Is sport te duur?" not in client.get(f"/n/zele/bevragingen/{ids['survey']}/voorbeeld").text
    added = client.post(
        f"/n/zele/bevragingen/{ids['survey']}/vragen",
        data={"csrf_token": csrf_from(page.text), "soort": "short_text", "tekst": "Nog iets?"},
    )
    assert added.status_code == 303
    delete = client.post(f"{url}/actie", data={"csrf_token": csrf_from(page.text), "actie": "verwijderen"})
    assert delete.status_code == 303
    assert db.read_sync(lambda s: s.get(Question, ids["sport"])) is not None  # refused: it has answers


def test_translation_is_stored_per_language_and_shown(client, db, network, login_as):
    ids = make_survey(db, network, languages=("fr",))
    login_as("facilitator")
    url = f"/n/zele/bevragingen/{ids['survey']}/vertaling/fr"
    page = client.get(url)
    assert page.status_code == 200
    saved = client.post(
        url,
        data={
            "csrf_token": csrf_from(page.text),
            "title": "Qu'est-ce qui te retient ?",
            f"q{ids['wijk']}": "Quartier ?",
        },
    )
    assert saved.status_code == 303
    survey = db.read_sync(lambda s: s.get(Survey, ids["survey"]))
    assert survey.translations["fr"]["title"] == "Qu'est-ce qui te retient ?"
    preview = client.get(f"/n/zele/bevragingen/{ids['survey']}/voorbeeld?taal=fr")
    assert "Quartier ?" in preview.text and 'lang="fr" dir="ltr"' in preview.text
    assert client.get(f"/n/zele/bevragingen/{ids['survey']}/vertaling/de").status_code == 404


def test_poster_has_short_link_and_qr_and_paper_matches_questions(client, db, network, login_as):
    ids = make_survey(db, network)
    login_as("facilitator")
    poster = client.get(f"/n/zele/bevragingen/{ids['survey']}/affiche")
    assert f"http://testserver/b/{ids['code']}" in poster.text and "<svg" in poster.text
    paper = client.get(f"/n/zele/bevragingen/{ids['survey']}/papier")
    for text in (
        "In welke wijk woon je?",
        "Wat doe je graag?",
        "Is sport te duur?",
        "Waarom is het te duur?",
        "Heel goed",
        "Weet ik niet",
        "Hoeveel kinderen heb je?",
    ):
        assert text in paper.text
    assert "Alleen invullen als je bij vraag 4" in paper.text
