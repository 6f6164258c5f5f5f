"""Answering through the real pages: one question a screen, all on one page, skip logic, resume, idempotent submit,
bad input, closed surveys, and what an anonymous response stores."""

from __future__ import annotations

from sqlalchemy import inspect, select

from lerend_netwerk.surveys.models import Answer, Draft, Mode, Response
from tests.conftest import csrf_from
from tests.surveys.helpers import answer_all_on_one_page, begin, make_survey, options_of


def _count(db, model):  # noqa: ANN001, ANN202
    return db.read_sync(lambda s: len(s.scalars(select(model)).all()))


def _step(client, code, n, data, action="volgende"):  # noqa: ANN001, ANN202
    page = client.get(f"/b/{code}/vraag/{n}")
    assert page.status_code == 200, page.text
    return client.post(f"/b/{code}/vraag/{n}", data={"csrf_token": csrf_from(page.text), "actie": action, **data})


def test_one_question_a_screen_with_progress_back_and_skip_logic(client, db, network):
    ids = make_survey(db, network)
    code = ids["code"]
    wijk = options_of(db, ids["wijk"])
    sport = options_of(db, ids["sport"])
    start = begin(client, code)
    assert start.status_code == 303 and start.headers["location"] == f"/b/{code}/vraag/1"
    first = client.get(f"/b/{code}/vraag/1")
    assert "vraag 1 van 6" in first.text  # the "why" question is hidden until "Ja"
    # required: "Volgende" without an answer keeps you here with a message
    empty = _step(client, code, 1, {})
    assert empty.status_code == 422 and "Deze vraag is verplicht" in empty.text
    assert _step(client, code, 1, {f"v{ids['wijk']}": wijk["Kouter"]}).headers["location"].endswith("/vraag/2")
    # back keeps the earlier answer
    back = _step(client, code, 2, {}, action="terug")
    assert back.headers["location"].endswith("/vraag/1")
    assert f'value="{wijk["Kouter"]}" checked' in client.get(f"/b/{code}/vraag/1").text
    _step(client, code, 1, {f"v{ids['wijk']}": wijk["Kouter"]})
    _step(client, code, 2, {})
    _step(client, code, 3, {})
    after_yes = _step(client, code, 4, {f"v{ids['sport']}": sport["Ja"]})
    assert after_yes.headers["location"].endswith("/vraag/5")
    why = client.get(f"/b/{code}/vraag/5")
    assert "Waarom is het te duur?" in why.text and "vraag 5 van 7" in why.text
    _step(client, code, 5, {f"v{ids['why']}": "De lidgelden zijn te hoog"})
    _step(client, code, 6, {f"v{ids['kids']}": "3"})
    done = _step(client, code, 7, {f"v{ids['idea']}": "Een UiTPAS-korting"})
    assert done.headers["location"] == f"/b/{code}/klaar"
    review = client.get(f"/b/{code}/klaar")
    sent = client.post(f"/b/{code}/versturen", data={"csrf_token": csrf_from(review.text)})
    assert sent.status_code == 303 and "/bedankt" in sent.headers["location"]
    assert _count(db, Response) == 1
    texts = db.read_sync(lambda s: set(s.scalars(select(Answer.text).where(Answer.text.is_not(None)))))
    assert texts == {"De lidgelden zijn te hoog", "Een UiTPAS-korting"}


def test_skip_logic_hides_and_drops_the_conditional_answer(client, db, network):
    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    response = answer_all_on_one_page(
        client,
        ids["code"],
        {f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Nee"], f"v{ids['why']}": "verborgen"},
    )
    assert response.status_code == 303, response.text
    stored = db.read_sync(lambda s: s.scalars(select(Answer.question_id)).all())
    assert ids["why"] not in stored and ids["sport"] in stored


def test_resume_after_leaving(client, db, network):
    ids = make_survey(db, network)
    code = ids["code"]
    wijk = options_of(db, ids["wijk"])
    begin(client, code)
    _step(client, code, 1, {f"v{ids['wijk']}": wijk["Heikant"]})
    page = client.get(f"/b/{code}/vraag/2")
    link = page.text.split("Bewaar deze link:")[1].split('href="')[1].split('"')[0]
    client.cookies.clear()  # the phone lost the connection, the browser was closed
    assert client.get(f"/b/{code}/vraag/2").status_code == 303  # no draft without the link
    resumed = client.get(link.replace("http://testserver", ""))
    assert resumed.status_code == 303 and resumed.headers["location"].endswith("/vraag/2")
    assert f'value="{wijk["Heikant"]}" checked' in client.get(f"/b/{code}/vraag/1").text


def test_double_submission_makes_one_response(client, db, network):
    ids = make_survey(db, network)
    code = ids["code"]
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    begin(client, code, layout="alles")
    page = client.get(f"/b/{code}/alles")
    data = {"csrf_token": csrf_from(page.text), f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Nee"]}
    cookie = client.cookies.get(f"ln_bevraging_{code}")
    assert client.post(f"/b/{code}/alles", data=data).status_code == 303
    client.cookies.set(f"ln_bevraging_{code}", cookie, path=f"/b/{code}")  # the same form sent again
    again = client.post(f"/b/{code}/versturen", data={"csrf_token": data["csrf_token"]})
    assert again.status_code == 303
    assert "al goed aangekomen" in client.get(again.headers["location"]).text
    assert _count(db, Response) == 1


def test_unknown_question_and_value_outside_choices_store_nothing(client, db, network):
    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    good = {f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Ja"]}
    unknown = answer_all_on_one_page(client, ids["code"], {**good, "v999999": "1"})
    assert unknown.status_code == 422 and "vraag die niet (meer) bestaat" in unknown.text
    outside = answer_all_on_one_page(client, ids["code"], {**good, f"v{ids['sport']}": str(wijk["Centrum"])})
    assert outside.status_code == 422 and "hoort niet bij deze vraag" in outside.text
    not_number = answer_all_on_one_page(client, ids["code"], {**good, f"v{ids['kids']}": "drie<script>"})
    assert not_number.status_code == 422 and "Vul een getal in" in not_number.text
    too_long = answer_all_on_one_page(client, ids["code"], {**good, f"v{ids['idea']}": "x" * 10_000})
    assert too_long.status_code == 422 and "te lang" in too_long.text
    assert 'value="{}" checked'.format(wijk["Centrum"]) in too_long.text  # the form comes back as typed
    assert _count(db, Response) == 0 and _count(db, Answer) == 0


def test_closed_survey_gets_a_clear_message(client, db, network):
    ids = make_survey(db, network, open_=False)
    page = client.get(f"/b/{ids['code']}")
    assert page.status_code == 410 and "nog niet open" in page.text
    assert client.post(f"/b/{ids['code']}/begin", data={}).status_code == 403  # no CSRF token: refused before all


def test_survey_closing_between_screens_stores_nothing(client, db, network):
    from datetime import date, timedelta

    from lerend_netwerk.surveys.models import Survey

    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    begin(client, ids["code"], layout="alles")
    page = client.get(f"/b/{ids['code']}/alles")

    def close(s):  # noqa: ANN001, ANN202
        s.get(Survey, ids["survey"]).closes_on = date.today() - timedelta(days=1)

    db.write_sync(close)
    data = {"csrf_token": csrf_from(page.text), f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Ja"]}
    closed = client.post(f"/b/{ids['code']}/alles", data=data)
    assert closed.status_code == 410 and "afgesloten" in closed.text
    assert _count(db, Response) == 0


def test_anonymous_response_stores_nothing_that_links_to_a_person(client, db, network, login_as):
    ids = make_survey(db, network)
    login_as("participant")  # even a logged-in person stays unlinked in an anonymous survey
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    answer_all_on_one_page(client, ids["code"], {f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Nee"]})
    columns = {c["name"] for c in db.read_sync(lambda s: inspect(s.connection()).get_columns("survey_response"))}
    assert columns == {"id", "survey_id", "mode", "language", "submitted_on", "facilitator_id", "person_id"}
    rows = db.read_sync(lambda s: [dict(r._mapping) for r in s.execute(select(Response.__table__))])
    assert len(rows) == 1
    row = rows[0]
    assert row["person_id"] is None and row["facilitator_id"] is None and row["mode"] == "self"
    assert not hasattr(row["submitted_on"], "hour")  # the day only, no time of day
    answer_columns = {c["name"] for c in db.read_sync(lambda s: inspect(s.connection()).get_columns("survey_answer"))}
    assert answer_columns == {"id", "survey_id", "response_id", "question_id", "option_id", "number", "text"}
    assert _count(db, Draft) == 0  # the resume token is gone with the draft


def test_named_survey_keeps_the_person(client, db, network, login_as, people):
    ids = make_survey(db, network, anonymous=False)
    assert begin(client, ids["code"]).headers["location"].startswith("/inloggen")
    login_as("participant")
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    answer_all_on_one_page(client, ids["code"], {f"v{ids['wijk']}": wijk["Centrum"], f"v{ids['sport']}": sport["Nee"]})
    person_ids = db.read_sync(lambda s: s.scalars(select(Response.person_id)).all())
    assert person_ids == [people["participant"].id]


def test_assisted_and_paper_entry_record_mode_and_facilitator(client, db, network, login_as, people):
    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    login_as("facilitator")
    for mode in ("assisted", "paper"):
        page = client.get(f"/n/zele/bevragingen/{ids['survey']}")
        started = client.post(
            f"/n/zele/bevragingen/{ids['survey']}/invoer", data={"csrf_token": csrf_from(page.text), "modus": mode}
        )
        assert started.status_code == 303
        form = client.get(started.headers["location"])
        assert "papieren formulier" in form.text if mode == "paper" else "samen met iemand" in form.text
        if mode == "paper":
            data = {f"v{ids['wijk']}": wijk["Kouter"], f"v{ids['sport']}": sport["Ja"]}
            sent = client.post(started.headers["location"], data={"csrf_token": csrf_from(form.text), **data})
            assert sent.status_code == 303
        else:
            code = ids["code"]
            _step(client, code, 1, {f"v{ids['wijk']}": wijk["Centrum"]})
            for n in (2, 3):
                _step(client, code, n, {})
            _step(client, code, 4, {f"v{ids['sport']}": sport["Nee"]})
            for n in (5, 6):
                _step(client, code, n, {})
            review = client.get(f"/b/{code}/klaar")
            client.post(f"/b/{code}/versturen", data={"csrf_token": csrf_from(review.text)})
    rows = db.read_sync(lambda s: s.execute(select(Response.mode, Response.facilitator_id, Response.person_id)).all())
    facilitator = people["facilitator"].id
    assert sorted(rows) == sorted([(Mode.ASSISTED, facilitator, None), (Mode.PAPER, facilitator, None)])


def test_right_to_left_language_renders_rtl(client, db, network):
    ids = make_survey(db, network, languages=("ar",))
    from lerend_netwerk.surveys import service

    db.write_sync(service.save_translation, network.id, ids["survey"], "ar", {"title": "ما الذي يمنعك؟"}, actor_id=None)
    start = client.get(f"/b/{ids['code']}")
    assert 'lang="ar"' in start.text
    begin(client, ids["code"], lang="ar")
    page = client.get(f"/b/{ids['code']}/vraag/1")
    assert 'lang="ar" dir="rtl"' in page.text
    assert "ما الذي يمنعك؟" in page.text
