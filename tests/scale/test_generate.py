"""`lerend-netwerk demo --scale 1`: the generated data has the promised volume, keeps survey tallies true, and
every capability's pages show it to a coordinator (search included) on SQLite and PostgreSQL.

The database is generated once for this module (about two seconds) and only read by the tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, distinct, func, select, text
from sqlalchemy.orm import aliased
from starlette.testclient import TestClient

from lerend_netwerk import scale
from lerend_netwerk.accounts import sessions
from lerend_netwerk.app import create_app
from lerend_netwerk.db import Database
from lerend_netwerk.dialogue.models import SignUp, SignUpStatus, TableSession
from lerend_netwerk.meetings.models import AgendaItem, Body, Meeting
from lerend_netwerk.migrate import upgrade
from lerend_netwerk.networks.models import Membership, Network, Person, Role
from lerend_netwerk.offers.models import Offer
from lerend_netwerk.practices.models import Practice, Status
from lerend_netwerk.settings import Settings
from lerend_netwerk.signals.models import Signal, SignalEvent, SignalFollowUp, SignalSource
from lerend_netwerk.signals.models import Status as SignalStatus
from lerend_netwerk.signals.service import missing
from lerend_netwerk.surveys import queries, results
from lerend_netwerk.surveys.models import Answer, Question, Survey, Tally
from tests.conftest import PG_RESET, PG_URL, SECRET, csrf_from, spare_postgres
from tests.surveys.test_pair_tally import count_from_answers


@dataclass
class Generated:
    db: Database
    settings: Settings
    counts: dict[str, int]


@pytest.fixture(scope="module")
def generated(database_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    folder = tmp_path_factory.mktemp("scale")
    if PG_URL:
        engine = create_engine(PG_URL)
        with engine.begin() as conn:
            conn.exec_driver_sql(PG_RESET)
        engine.dispose()
        url = PG_URL
    else:
        shutil.copyfile(database_template, folder / "scale.db")
        url = f"sqlite:///{folder / 'scale.db'}"
    db = Database(url)
    counts = scale.generate(db, 1, secret_key=SECRET)
    settings = Settings(
        database_url=url,
        secret_key=SECRET,
        base_url="http://testserver",
        data_dir=folder / "data",
        rate_limit_forms="1000/minute",
    )
    yield Generated(db, settings, counts)
    db.dispose()


@pytest.fixture(scope="module")
def coordinator(generated: Generated) -> Iterator[TestClient]:
    """A client logged in as coordinator1 (network 1's coordinator and platform administrator)."""
    app = create_app(generated.settings, db=generated.db)
    person_id = generated.db.read_sync(
        lambda s: s.scalar(select(Person.id).where(Person.email == scale.coordinator_email(1)))
    )
    token = generated.db.write_sync(sessions.start, person_id, "test")
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        client.cookies.set(sessions.cookie_name(generated.settings, "ln_session"), token)
        yield client


def _scalar(generated: Generated, stmt):  # noqa: ANN001, ANN202
    return generated.db.read_sync(lambda s: s.scalar(stmt))


def test_scale_one_makes_the_promised_volume(generated):
    counts = generated.counts
    assert {k: counts[k] for k in ("networks", "practices", "signals", "sessions", "signups", "surveys")} == {
        "networks": 3,
        "practices": 400,
        "signals": 4_000,
        "sessions": 40,
        "signups": 800,
        "surveys": 10,
    }
    answered = select(func.count()).select_from(select(Answer.response_id, Answer.question_id).distinct().subquery())
    assert counts["answers"] == _scalar(generated, answered) == 20_000
    assert _scalar(generated, select(func.count()).select_from(Signal)) == 4_000
    # history: every signal has its "created" event, most moved on
    assert _scalar(generated, select(func.count(distinct(SignalEvent.signal_id)))) == 4_000
    assert _scalar(generated, select(func.count()).where(SignalEvent.kind == "moved")) > 4_000
    # sign-ups: waiting lists, cancellations and attendance at past sessions
    statuses = generated.db.read_sync(
        lambda s: dict(s.execute(select(SignUp.status, func.count()).group_by(SignUp.status)).all())
    )
    assert set(statuses) == set(SignUpStatus)
    assert _scalar(generated, select(func.count()).where(SignUp.attended.is_(True))) > 100
    # contact data is gone where the retention rule would have erased it, and only there
    days = generated.settings.signup_retention_days
    old = TableSession.ends_at < datetime.now(UTC) - timedelta(days=days + 1)
    recent = TableSession.ends_at > datetime.now(UTC) - timedelta(days=days - 1)
    signups = select(func.count()).select_from(SignUp).join(TableSession, TableSession.id == SignUp.session_id)
    assert _scalar(generated, signups.where(old, SignUp.anonymised_at.is_(None))) == 0
    assert _scalar(generated, signups.where(recent, SignUp.anonymised_at.is_not(None))) == 0
    assert _scalar(generated, signups.where(recent, SignUp.email.is_not(None))) > 0
    # every role in every network
    roles = generated.db.read_sync(lambda s: s.execute(select(Membership.network_id, Membership.role).distinct()).all())
    assert len(roles) == 3 * len(Role)
    # the network's work: five groups and 30 actions a network, linked to decided signals, figures per wijk
    assert counts["work_group"] == 15 and counts["plan_action"] == 90
    assert counts["plan_action_signal"] > 0 and counts["wijk_figure"] > 0


def test_tallies_equal_a_recount_of_the_answers(generated):
    def compare(session):  # noqa: ANN001, ANN202
        kept = {
            (t.question_id, t.option_key): t.count for t in session.scalars(select(Tally).where(Tally.option_key != 0))
        }
        recount = {
            (question, option): n
            for question, option, n in session.execute(
                select(Answer.question_id, Answer.option_id, func.count())
                .where(Answer.option_id.is_not(None))
                .group_by(Answer.question_id, Answer.option_id)
            )
        }
        people = {t.question_id: t.count for t in session.scalars(select(Tally).where(Tally.option_key == 0))}
        answered = dict(
            session.execute(
                select(Answer.question_id, func.count(distinct(Answer.response_id))).group_by(Answer.question_id)
            ).all()
        )
        return kept, recount, people, answered

    kept, recount, people, answered = generated.db.read_sync(compare)
    assert kept == recount and len(kept) > 100
    assert people == answered


def test_results_from_the_recounted_tallies_equal_a_count_of_the_answers(generated):
    """The pair tallies too: every figure of the results of the first three surveys, as the page reads them from the
    tallies, equals a person-by-person count of the answers."""

    def compare(session):  # noqa: ANN001, ANN202
        compared = 0
        for survey in session.scalars(select(Survey).order_by(Survey.id).limit(3)).all():
            view = queries.load(session, survey)
            assert results.publish(session, view).values == count_from_answers(session, view)
            compared += 1
        return compared

    assert generated.db.read_sync(compare) == 3


@pytest.fixture
def second_database(database_template: str, tmp_path: Path) -> Iterator[Database]:
    """Another empty, migrated database (a second PostgreSQL database, or a copy of the SQLite template)."""
    if not PG_URL:
        shutil.copyfile(database_template, tmp_path / "again.db")
        again = Database(f"sqlite:///{tmp_path / 'again.db'}")
        yield again
        again.dispose()
        return
    with spare_postgres("ln_scale_again") as url:
        upgrade(url)
        again = Database(url)
        yield again
        again.dispose()


def test_data_keeps_the_rules_the_services_keep(generated):
    """Places never exceed capacity, a merged signal's people are counted once in the one it was merged into, and
    "what would help" is only answered after a yes (the skip logic)."""
    confirmed = (
        select(SignUp.session_id, func.count().label("n"))
        .where(SignUp.status == SignUpStatus.CONFIRMED)
        .group_by(SignUp.session_id)
        .subquery()
    )
    over = select(func.count()).select_from(TableSession).join(confirmed, confirmed.c.session_id == TableSession.id)
    assert _scalar(generated, over.where(confirmed.c.n > TableSession.capacity)) == 0
    assert _scalar(generated, select(func.count()).where(SignUp.status == SignUpStatus.WAITING)) > 0

    sources = select(SignalSource.signal_id, func.sum(SignalSource.people_count).label("n")).group_by(
        SignalSource.signal_id
    )
    counted = sources.subquery()
    mismatched = (
        select(func.count())
        .select_from(Signal)
        .join(counted, counted.c.signal_id == Signal.id, isouter=True)
        .where(Signal.merged_into_id.is_(None), func.coalesce(counted.c.n, 0) != Signal.people_count)
    )
    assert _scalar(generated, mismatched) == 0
    merged_with_sources = (
        select(func.count()).select_from(Signal).join(SignalSource).where(Signal.merged_into_id.is_not(None))
    )
    assert _scalar(generated, merged_with_sources) == 0
    assert _scalar(generated, select(func.count()).where(Signal.merged_into_id.is_not(None))) > 0

    condition = aliased(Answer)
    helped = select(func.count()).select_from(Answer).join(Question, Question.id == Answer.question_id)
    without_yes = helped.where(
        Question.show_if_question_id.is_not(None),
        ~select(condition.id)
        .where(
            condition.response_id == Answer.response_id,
            condition.question_id == Question.show_if_question_id,
            condition.option_id == Question.show_if_option_id,
        )
        .exists(),
    )
    assert _scalar(generated, helped.where(Question.show_if_question_id.is_not(None))) > 0
    assert _scalar(generated, without_yes) == 0


def test_every_signal_has_what_its_column_needs_and_every_payment_a_number(generated):
    """The board's workflow rules (`signals.service.missing`) hold for every generated signal, in every column, as
    they do for the demo; and every paid sign-up sits in the compensation ledger under a payee number."""

    def check(s):  # noqa: ANN001, ANN202
        rows = s.execute(
            select(Signal.status, SignalFollowUp)
            .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
            .where(Signal.merged_into_id.is_(None))
        ).all()
        lacking = [(status, missing(status, follow)) for status, follow in rows if missing(status, follow)]
        return {status for status, _f in rows}, lacking[:5]

    statuses, lacking = generated.db.read_sync(check)
    assert statuses == set(SignalStatus) and lacking == []
    paid = select(func.count()).where(SignUp.attended.is_(True), SignUp.compensation_cents > 0)
    assert _scalar(generated, paid) > 0
    assert _scalar(generated, paid.where(SignUp.payee_number.is_(None))) == 0
    repeat = select(SignUp.payee_number).where(SignUp.payee_number.is_not(None)).group_by(SignUp.payee_number)
    assert _scalar(generated, select(func.count()).select_from(repeat.having(func.count() > 1).subquery())) > 0


def test_the_same_seed_gives_the_same_data(generated, second_database):
    """A second run into another database writes exactly the same rows (compared on a digest of each table)."""
    assert scale.generate(second_database, 1, secret_key=SECRET) == generated.counts
    assert _digest(second_database) == _digest(generated.db)


def _digest(db: Database) -> dict[str, int]:
    tables = [
        "practice",
        "signal",
        "signal_event",
        "dialogue_signup",
        "survey_answer",
        "survey",
        "survey_tally",
        "person",
    ]
    with db.engine.connect() as conn:
        return {t: hash(repr(conn.execute(text(f"SELECT * FROM {t} ORDER BY id")).all())) for t in tables}  # noqa: S608


def test_a_filled_database_is_refused(generated):
    with pytest.raises(scale.NotEmptyError):
        scale.generate(generated.db, 1)


def _first(generated: Generated, stmt):  # noqa: ANN001, ANN202
    return generated.db.read_sync(lambda s: s.execute(stmt).first())


def test_coordinator_sees_generated_content_on_every_capability(generated, coordinator):
    slug, network_id = _first(generated, select(Network.slug, Network.id).order_by(Network.id))
    practice = _first(
        generated,
        select(Practice.id, Practice.title)
        .where(Practice.network_id == network_id, Practice.status == Status.PUBLISHED)
        .order_by(Practice.published_at.desc()),
    )
    page = coordinator.get(f"/n/{slug}/praktijken")
    assert page.status_code == 200 and _escaped(practice.title) in page.text
    detail = coordinator.get(f"/n/{slug}/praktijken/{practice.id}")
    assert detail.status_code == 200
    assert "Hoe we het aanpakken" in detail.text or "Zo zijn we begonnen" in detail.text
    session_id = _scalar(
        generated, select(TableSession.id).where(TableSession.network_id == network_id).order_by(TableSession.id)
    )
    session_page = coordinator.get(f"/n/{slug}/dialoogtafels/sessies/{session_id}")
    assert session_page.status_code == 200
    manage = coordinator.get(f"/n/{slug}/dialoogtafels/sessies/{session_id}/beheer")
    assert manage.status_code == 200
    survey = _first(generated, select(Survey.id, Survey.title).where(Survey.network_id == network_id))
    results = coordinator.get(f"/n/{slug}/bevragingen/{survey.id}/resultaten")
    assert results.status_code == 200 and "In welke wijk woon je?" in results.text
    board = coordinator.get(f"/n/{slug}/signalen")
    title = _scalar(  # the newest: each column shows its latest cards first
        generated,
        select(Signal.title)
        .where(Signal.network_id == network_id, Signal.merged_into_id.is_(None))
        .order_by(Signal.id.desc()),
    )
    assert board.status_code == 200 and _escaped(title) in board.text
    group_meeting = _scalar(generated, select(Meeting.id).where(Meeting.group_id == 1).order_by(Meeting.id))
    # a held stuurgroep meeting: its signals on the agenda, its minutes and who of the stuurgroep was there
    held = _first(
        generated,
        select(Meeting.id, AgendaItem.title)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(Meeting.network_id == network_id, Meeting.body == Body.STEERING, Meeting.minutes != "")
        .order_by(Meeting.starts_at.desc(), AgendaItem.position),
    )
    steering = coordinator.get(f"/n/{slug}/signalen/vergaderingen/{held.id}")
    assert steering.status_code == 200 and _escaped(held.title) in steering.text
    assert "We bespraken de signalen" in steering.text and "Nog geen verslag." not in steering.text
    for path in (
        "",
        "/dialoogtafels",
        "/bevragingen",
        "/signalen/cijfers",
        "/signalen/agenda",
        "/jullie-zeiden-wij-deden",
        "/netwerkmomenten",
        "/leden",
        "/logboek",
        "/dialoogtafels/bellijst",
        "/dialoogtafels/vergoedingen",
        "/werkgroepen",
        "/werkgroepen/1",
        f"/werkgroepen/1/vergaderingen/{group_meeting}",
        "/kansenplan",
        "/kansenplan/acties/1",
        "/wat-we-beloofden",
        "/wijken",
        "/wijken/1",
        "/wijkcijfers",
    ):
        assert coordinator.get(f"/n/{slug}{path}").status_code == 200, path
    feedback = coordinator.get(f"/n/{slug}/jullie-zeiden-wij-deden")
    assert "Teruggekoppeld" in feedback.text or "wij deden" in feedback.text.lower()


def test_search_finds_generated_practices(generated, coordinator):
    slug, network_id = _first(generated, select(Network.slug, Network.id).order_by(Network.id))
    found = coordinator.get(f"/n/{slug}/praktijken", params={"q": "zwemles"})
    assert found.status_code == 200
    assert "Zwemles voor de prijs van een brood" in found.text
    # by stem: "buddies" finds the demo's buddy practices
    assert "Een buddy die de eerste keer meegaat" in coordinator.get(f"/n/{slug}/praktijken?q=buddies").text
    nothing = coordinator.get(f"/n/{slug}/praktijken", params={"q": "xylofoonreparatie"})
    assert "Zwemles" not in nothing.text


def test_open_survey_can_be_answered(generated):
    """The first survey of network 1 is open now and anonymous: a visitor gets its first question."""
    code = _scalar(generated, select(Survey.code).order_by(Survey.id))
    app = create_app(generated.settings, db=generated.db)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as visitor:
        start = visitor.get(f"/b/{code}")
        assert start.status_code == 200
        begun = visitor.post(f"/b/{code}/begin", data={"csrf_token": csrf_from(start.text), "taal": "nl"})
        assert begun.status_code == 303
        question = visitor.get(begun.headers["location"])
        assert question.status_code == 200 and "In welke wijk woon je?" in question.text


def _escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")


def test_command_migrates_generates_and_prints_counts_and_login(tmp_path: Path):
    if PG_URL:
        pytest.skip("the command is the same on both databases; SQLite keeps the test quick")
    env = {"LN_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "lerend_netwerk", "demo", "--scale", "1"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"practices\s+400", done.stdout) and "coordinator1@demo.lerend-netwerk.be" in done.stdout
    again = subprocess.run(
        [sys.executable, "-m", "lerend_netwerk", "demo", "--scale", "1"], env=env, capture_output=True, text=True
    )
    assert again.returncode == 1 and "already has networks" in again.stderr


def test_generated_offers_are_found_with_the_overviews_filters(generated, coordinator):
    assert generated.counts["offers"] == _scalar(generated, select(func.count()).select_from(Offer)) == 200
    hidden = _scalar(generated, select(func.count()).where(Offer.expired_at.is_not(None)))
    assert 0 < hidden < 100  # some were not confirmed in a year: hidden, listed for the coordinator
    slug, wijk = _first(generated, select(Network.slug, Network.neighbourhoods).order_by(Network.id))
    page = coordinator.get(f"/n/{slug}/aanbod", params={"leeftijd": "kinderen", "wijk": wijk[0], "prijs": "gratis"})
    assert page.status_code == 200 and wijk[0] in page.text
    found = coordinator.get(f"/n/{slug}/aanbod", params={"q": "zwemles"})
    assert "Zwemles" in found.text
    assert "Verborgen: een jaar niet bevestigd" in coordinator.get(f"/n/{slug}/aanbod/beheer").text
