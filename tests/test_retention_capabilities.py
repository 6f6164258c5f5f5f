"""The capabilities' retention rules, each run at a moment in the future (`now=`): what they remove, what they
leave, and that a second run right after touches nothing. The privacy page states each one."""

from __future__ import annotations

from datetime import date, timedelta

from markupsafe import escape
from sqlalchemy import func, select
from starlette.testclient import TestClient

from lerend_netwerk import retention
from lerend_netwerk.app import create_app
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks import service as networks
from lerend_netwerk.networks.models import Membership
from lerend_netwerk.practices import service as practices
from lerend_netwerk.practices.access import Viewer
from lerend_netwerk.practices.models import Follow
from lerend_netwerk.registry import Registry
from lerend_netwerk.signals import service as signal_service
from lerend_netwerk.signals.models import SignalContact, Status
from lerend_netwerk.surveys import queries, service_answers
from lerend_netwerk.surveys.models import Draft, PairTally, Response, Survey, Tally
from tests.signals.helpers import add_signal, decide
from tests.surveys.helpers import make_survey, options_of


def count(db, model, *where) -> int:  # noqa: ANN001
    return db.read_sync(lambda s: s.scalar(select(func.count()).select_from(model).where(*where)))


def run_at(db, settings, days: int) -> dict[str, int]:  # noqa: ANN001
    """One retention run `days` from now, and a second one right after it, which must find nothing to do."""
    now = utcnow() + timedelta(days=days)
    first = db.write_sync(retention.run, settings, Registry.build(), now=now)
    second = db.write_sync(retention.run, settings, Registry.build(), now=now)
    assert not any(second.values()), f"second run touched something: {second}"
    return first


def test_unfinished_survey_answers_go_after_the_set_days(db, settings, network, people):
    survey = make_survey(db, network)
    db.write_sync(service_answers.start_draft, network.id, survey["survey"], language="nl")
    assert run_at(db, settings, settings.survey_draft_days - 1)["survey_drafts"] == 0
    assert count(db, Draft) == 1
    assert run_at(db, settings, settings.survey_draft_days + 1)["survey_drafts"] == 1
    assert count(db, Draft) == 0


def _named_answer(db, network, person_id: int, closes_in: int) -> dict:  # noqa: ANN001
    survey = make_survey(db, network, anonymous=False)
    wijk, sport = options_of(db, survey["wijk"]), options_of(db, survey["sport"])

    def answer(s) -> None:  # noqa: ANN001
        token = service_answers.start_draft(s, network.id, survey["survey"], language="nl", person_id=person_id)
        draft = queries.get_draft(s, network.id, survey["survey"], token)
        answers = {str(survey["wijk"]): wijk["Kouter"], str(survey["sport"]): sport["Nee"]}
        service_answers.save_answers(s, network.id, draft.id, answers)
        s.flush()
        service_answers.submit(s, network.id, survey["survey"], token)
        s.get(Survey, survey["survey"]).closes_on = date.today() + timedelta(days=closes_in)

    db.write_sync(answer)
    return survey


def test_named_answers_become_anonymous_a_while_after_the_survey_closed(db, settings, network, people):
    survey = _named_answer(db, network, people["participant"].id, closes_in=10)
    tallies = db.read_sync(lambda s: s.execute(select(Tally.question_id, Tally.option_key, Tally.count)).all())
    pairs = db.read_sync(lambda s: s.execute(select(PairTally.question_a, PairTally.mark_a, PairTally.count)).all())
    assert pairs
    assert run_at(db, settings, 10 + settings.survey_named_days - 2)["survey_named_answers"] == 0
    assert count(db, Response, Response.person_id.is_not(None)) == 1
    assert run_at(db, settings, 10 + settings.survey_named_days + 2)["survey_named_answers"] == 1
    assert count(db, Response, Response.person_id.is_not(None)) == 0
    assert count(db, Response, Response.survey_id == survey["survey"]) == 1  # the answer itself stays
    assert db.read_sync(lambda s: s.execute(select(Tally.question_id, Tally.option_key, Tally.count)).all()) == tallies
    assert (
        db.read_sync(lambda s: s.execute(select(PairTally.question_a, PairTally.mark_a, PairTally.count)).all())
        == pairs
    )


def test_contacts_of_a_closed_signal_go_after_the_set_days_open_ones_stay(db, settings, network, people):
    closed = add_signal(db, network, "Zwemles te duur", contact_email="a@zele.example")
    still_open = add_signal(db, network, "Geen bus", contact_email="b@zele.example")
    actor = people["steering"].id
    decide(db, network, closed, "Niet weerhouden: de zwemles is een zaak van de provincie.")
    db.write_sync(
        signal_service.move, network.id, closed, Status.NOT_RETAINED, "Buiten onze bevoegdheid", actor_id=actor
    )
    assert run_at(db, settings, settings.signal_contact_days - 1)["signal_contacts"] == 0
    assert run_at(db, settings, settings.signal_contact_days + 1)["signal_contacts"] == 1
    left = db.read_sync(lambda s: s.execute(select(SignalContact.signal_id, SignalContact.email)).all())
    assert left == [(still_open, "b@zele.example")]


def test_who_left_a_network_no_longer_follows_its_practices(db, settings, network, people):
    member = people["member"]
    db.write_sync(practices.toggle_follow, network.id, None, viewer=Viewer(member.id))
    db.write_sync(practices.toggle_follow, network.id, None, viewer=Viewer(people["facilitator"].id))
    assert run_at(db, settings, 0)["practice_follows"] == 0
    membership = db.read_sync(lambda s: s.scalar(select(Membership.id).where(Membership.person_id == member.id)))
    db.write_sync(networks.remove, network.id, membership, actor_id=people["coordinator"].id)
    assert run_at(db, settings, 0)["practice_follows"] == 1
    assert db.read_sync(lambda s: s.scalars(select(Follow.person_id)).all()) == [people["facilitator"].id]


def test_privacy_page_states_every_capabilitys_rule_with_the_settings_in_force(make_settings, db):
    settings = make_settings(survey_draft_days=45, survey_named_days=200, signal_contact_days=21)
    with TestClient(create_app(settings, db=db)) as client:
        page = client.get("/privacy").text
    for promise in ("na 45 dagen", "tot 200 dagen", "uiterlijk 21 dagen"):
        assert promise in page, promise
    values = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
    for rule in Registry.build().retention:  # every rule the command applies is on the page
        assert escape(str(rule.promise).format(**values)) in page, rule.name
