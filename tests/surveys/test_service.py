"""The surveys service and queries on their own: every read and write is fenced to its network, refusals are
DomainErrors with the field they belong to, and a submit stores one response and counts it once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lerend_netwerk.surveys import queries, service, service_answers
from lerend_netwerk.surveys.models import Kind, Response, Tally
from lerend_netwerk.surveys.service import AnswerError, BuildError, SurveyError
from lerend_netwerk.web.errors import DomainError, NotFound
from tests.surveys.helpers import make_survey, options_of


def _draft(db, network_id: int, survey_id: int, given: dict) -> str:  # noqa: ANN001
    def go(s):  # noqa: ANN001, ANN202
        token = service_answers.start_draft(s, network_id, survey_id, language="nl")
        s.flush()
        draft = queries.get_draft(s, network_id, survey_id, token)
        service_answers.save_answers(s, network_id, draft.id, given)
        return token

    return db.write_sync(go)


def test_another_networks_survey_is_not_found_for_reads_and_writes(db, network, other_network):
    ids = make_survey(db, network, languages=("fr",))
    theirs, survey_id = other_network.id, ids["survey"]
    with pytest.raises(NotFound):
        db.read_sync(queries.survey_view, theirs, survey_id)
    writes = [
        lambda s: service.update_survey(s, theirs, survey_id, actor_id=None, title="Overgenomen"),
        lambda s: service.add_question(s, theirs, survey_id, kind=Kind.SHORT_TEXT, text="Nog iets?", actor_id=None),
        lambda s: service.close_question(s, theirs, survey_id, ids["idea"]),
        lambda s: service.save_translation(s, theirs, survey_id, "fr", {"title": "Titre"}, actor_id=None),
        lambda s: service_answers.start_draft(s, theirs, survey_id, language="nl"),
        lambda s: service.make_signal(
            s,
            theirs,
            survey_id,
            title="x",
            description="",
            answer_ids=[],
            question_id=None,
            people_count=1,
            link="/",
            actor_id=None,
        ),
    ]
    for write in writes:
        with pytest.raises(NotFound):
            db.write_sync(write)
    token = _draft(db, network.id, survey_id, {})
    assert db.read_sync(queries.get_draft, theirs, survey_id, token) is None
    with pytest.raises(NotFound):
        db.write_sync(service_answers.submit, theirs, survey_id, token)
    assert db.read_sync(queries.survey_view, network.id, survey_id).survey.title == "Wat houdt jou tegen?"


def test_an_unknown_or_malformed_code_is_not_found(db, network):
    code = make_survey(db, network)["code"]
    assert db.read_sync(queries.view_by_code, code).survey.code == code
    for wrong in ("", "zzzzzzzz", "../etc", "x" * 13):
        with pytest.raises(NotFound):
            db.read_sync(queries.view_by_code, wrong)


def test_build_refusals_are_domain_errors_with_their_field(db, network):
    ids = make_survey(db, network)
    with pytest.raises(BuildError) as one_choice:
        db.write_sync(
            service.add_question,
            network.id,
            ids["survey"],
            kind=Kind.SINGLE,
            text="Welke?",
            options=["Alleen"],
            actor_id=None,
        )
    assert isinstance(one_choice.value, DomainError) and one_choice.value.field == "keuzes"
    assert "minstens twee keuzes" in one_choice.value.message
    with pytest.raises(BuildError) as condition:
        db.write_sync(
            service.add_question,
            network.id,
            ids["survey"],
            kind=Kind.SHORT_TEXT,
            text="Waarom?",
            show_if=(ids["idea"], 1),
            actor_id=None,
        )
    assert condition.value.field == "toon_als"


def test_submit_stores_one_response_counts_it_once_and_refuses_missing_answers(db, network):
    ids = make_survey(db, network)
    wijk, sport = options_of(db, ids["wijk"]), options_of(db, ids["sport"])
    incomplete = _draft(db, network.id, ids["survey"], {str(ids["wijk"]): wijk["Centrum"]})
    with pytest.raises(AnswerError) as missing:
        db.write_sync(service_answers.submit, network.id, ids["survey"], incomplete)
    assert isinstance(missing.value, DomainError)
    assert missing.value.errors == {str(ids["sport"]): "Deze vraag is verplicht. Geef een antwoord."}
    given = {str(ids["wijk"]): wijk["Centrum"], str(ids["sport"]): sport["Nee"]}
    token = _draft(db, network.id, ids["survey"], given)
    first = db.write_sync(service_answers.submit, network.id, ids["survey"], token)
    again = db.write_sync(service_answers.submit, network.id, ids["survey"], token)
    assert first is not None and again is None
    assert db.read_sync(lambda s: s.scalar(select(func.count()).select_from(Response))) == 1
    counted = db.read_sync(
        lambda s: s.scalar(select(Tally.count).where(Tally.question_id == ids["wijk"], Tally.option_key == 0))
    )
    assert counted == 1


def test_a_signal_refuses_answers_that_are_not_the_surveys(db, network):
    ids = make_survey(db, network)
    with pytest.raises(SurveyError) as refused:
        db.write_sync(
            service.make_signal,
            network.id,
            ids["survey"],
            title="Te duur",
            description="",
            answer_ids=[99999999],
            question_id=None,
            people_count=1,
            link="/n/zele/bevragingen/1/resultaten",
            actor_id=None,
        )
    assert refused.value.field == "antwoord"
