"""The acceptance test of the right to be forgotten: one person active in all four capabilities downloads
everything, then erases it. Afterwards no table and no column of the database holds their name, e-mail address
or phone number, and every count the network relies on is what it was."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, inspect, select, text

from lerend_netwerk import audit
from lerend_netwerk.accounts import service as accounts
from lerend_netwerk.accounts import sessions
from lerend_netwerk.accounts.models import OidcIdentity
from lerend_netwerk.dialogue import queries as dialogue_queries
from lerend_netwerk.dialogue import service as dialogue
from lerend_netwerk.dialogue.models import SignUp
from lerend_netwerk.meetings import service as meetings
from lerend_netwerk.networks.models import Membership, Organisation, Person, Role
from lerend_netwerk.practices import service as practices
from lerend_netwerk.practices.access import Viewer
from lerend_netwerk.practices.models import Adoption, Comment, Practice
from lerend_netwerk.registry import Registry
from lerend_netwerk.signals import stats
from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.models import Signal
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.surveys import queries, results, service_answers
from lerend_netwerk.surveys.models import DailyTally, PairTally, Response, Survey, Tally
from lerend_netwerk.surveys.queries import load
from tests.conftest import csrf_from
from tests.dialogue.helpers import SECRET, make_session, sign
from tests.offers.helpers import make_offer
from tests.practices.helpers import make_practice
from tests.surveys.helpers import make_survey, options_of

NAME = "Zohra Uniek"
EMAIL = "zohra.uniek@zele.example"
PHONE = "0499 98 76 54"
TRACES = (NAME, EMAIL, PHONE, "Zohra", "uniek@")


def search_everywhere(db) -> dict[str, set[str]]:  # noqa: ANN001
    """Every trace found, with the tables it was found in. Reads every table the database has (reflected, so
    tables outside the models count too: the full-text index of practices and its shadow tables on SQLite,
    the tsvector column on PostgreSQL), every column of every row, as text."""

    def scan(session) -> dict[str, set[str]]:  # noqa: ANN001
        found: dict[str, set[str]] = {}
        tables = inspect(session.connection()).get_table_names()
        for table in tables:
            for row in session.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608 - names from the database
                for value in row:
                    if value is None:
                        continue
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "ignore")
                    elif isinstance(value, dict | list):
                        value = json.dumps(value, ensure_ascii=False)
                    haystack = str(value).lower()
                    for trace in TRACES:
                        if trace.lower() in haystack:
                            found.setdefault(trace, set()).add(table)
        found["__tables__"] = set(tables)
        return found

    return db.read_sync(scan)


def counts(db, network, session_id: int, survey_ids: list[int]) -> dict[str, Any]:  # noqa: ANN001
    """Every number the network relies on, read the way its pages read them: practices, comments, "we apply this
    too", seats and waiting list of the session, survey responses, tallies and results, signals per theme and
    wijk. (Attendance of a network meeting is a list of people, not a count: her line goes with her.)"""

    def read(s) -> dict[str, Any]:  # noqa: ANN001
        figures = stats.counts(s, network.id, Filters())
        session = dialogue_queries.session_row(s, network.id, session_id)
        return {
            "practices": s.scalar(select(func.count()).select_from(Practice)),
            "comments": s.scalar(select(func.count()).select_from(Comment)),
            "adoptions": s.scalar(select(func.count()).select_from(Adoption)),
            "signups": s.execute(
                select(SignUp.session_id, SignUp.status, func.count(), func.sum(SignUp.compensation_cents))
                .group_by(SignUp.session_id, SignUp.status)
                .order_by(SignUp.session_id, SignUp.status)
            ).all(),
            "seats": (session.confirmed, session.waiting),
            "responses": s.execute(
                select(Response.survey_id, Response.mode, func.count())
                .group_by(Response.survey_id, Response.mode)
                .order_by(Response.survey_id, Response.mode)
            ).all(),
            "tallies": s.execute(
                select(Tally.question_id, Tally.option_key, Tally.count, Tally.number_sum).order_by(Tally.id)
            ).all(),
            "daily": s.execute(select(DailyTally.day, DailyTally.mode, DailyTally.count).order_by(DailyTally.id)).all(),
            "pairs": s.execute(
                select(
                    PairTally.question_a, PairTally.mark_a, PairTally.question_b, PairTally.mark_b, PairTally.count
                ).order_by(PairTally.id)
            ).all(),
            "results": [
                (r.respondents, [(o.label, o.count) for o in r.options], r.number_stats, r.text_count)
                for sid in survey_ids
                for view in [load(s, s.get(Survey, sid))]
                for r in results.question_results(results.publish(s, view), view)
            ],
            "summaries": [results.publish(s, load(s, s.get(Survey, sid))).total for sid in survey_ids],
            "signals": s.scalar(select(func.count()).select_from(Signal)),
            "per_theme": [(c.key, c.signals, c.people) for c in figures.per_theme],
            "per_wijk": [(c.key, c.signals, c.people) for c in figures.per_neighbourhood],
        }

    return db.read_sync(read)


def make_zohra(db, network, people) -> dict[str, Any]:  # noqa: ANN001, C901
    """Zohra: member of a partner organisation, practice author, commenter, dialogue participant, named survey
    respondent, reporter of a threshold who wants to hear back, with every kind of login."""
    ids: dict[str, Any] = {}

    def person(s) -> None:  # noqa: ANN001
        org = s.scalar(select(Organisation).where(Organisation.network_id == network.id))
        zohra = Person(name=NAME, email=EMAIL, phone=PHONE)
        s.add(zohra)
        s.flush()
        s.add(Membership(person_id=zohra.id, network_id=network.id, role=Role.MEMBER, organisation_id=org.id))
        s.add(OidcIdentity(person_id=zohra.id, issuer="https://login.zele.example", subject="zohra-7"))
        ids["person"] = zohra.id

    db.write_sync(person)
    pid = ids["person"]
    db.write_sync(accounts.create_login_token, EMAIL, minutes=10)
    db.write_sync(accounts.issue_code, person_id=pid, network_id=network.id, actor_id=people["coordinator"].id)

    # practices: her own (she is its contact, and her number is in the story), edited once; a comment and
    # "we apply this too" on a colleague's practice; following; present at a network meeting.
    zohra = db.read_sync(lambda s: s.get(Person, pid))
    own = make_practice(db, network, zohra, title="Huiswerkklas met soep", story=f"Bel {PHONE} of mail {EMAIL}.")
    data = {"contact_name": NAME, "contact_email": EMAIL, "summary": f"Vraag naar {NAME}."}
    db.write_sync(practices.save, network.id, data, actor_id=pid, practice_id=own.id)
    other = make_practice(db, network, people["member"], title="Gratis zwemmen op woensdag")
    viewer = Viewer(pid, {network.id: Role.MEMBER})

    def learn(s) -> None:  # noqa: ANN001
        practices.add_comment(s, network.id, other.id, f"Goed idee! Mail me op {EMAIL}, groet, {NAME}", viewer=viewer)
        practices.adopt(s, network.id, other.id, network.id, f"Wij doen dit ook. Vraag {NAME}.", viewer=viewer)
        practices.toggle_follow(s, network.id, None, viewer=viewer)
        meeting = meetings.create(
            s,
            network.id,
            title="Netwerkmoment juni",
            starts_at=datetime(2026, 6, 1, 17, tzinfo=UTC),
            place="Zaal",
            actor_id=pid,
        )
        meetings.record_minutes(s, network.id, meeting.id, "Goed gesprek.", [pid, people["member"].id], actor_id=pid)

    db.write_sync(learn)
    ids["practices"] = (own.id, other.id)

    # offers: one she published as its contact, with her number in the directions
    offer = make_offer(
        db,
        network,
        zohra,
        title="Soepmoment na school",
        directions=f"Bel {PHONE} als je de ingang niet vindt.",
        contact_name=NAME,
        contact_phone=PHONE,
        contact_email=EMAIL,
    )
    ids["offer"] = offer.id

    # dialogue: signed up with her account, next to two others
    _table, session_id = make_session(db, network, people["facilitator"], capacity=2)
    db.write_sync(
        dialogue.sign_up,
        network.id,
        session_id,
        secret=SECRET,
        first_name="Zohra",
        email=EMAIL,
        phone=PHONE,
        needs=dialogue.Needs(childcare=True, children_count=2, diet="halal", other=f"Bel {PHONE} bij vragen"),
        person_id=pid,
    )
    sign(db, network, session_id, name="Amina", email="amina@zele.example")
    sign(db, network, session_id, name="Koen", phone="0470 11 22 33")  # full: on the waiting list
    ids["session"] = session_id

    # surveys: a named answer (her name in the free text), a draft of another survey, and anonymous answers
    named = make_survey(db, network, anonymous=False, title="Wat vind je van de dialoogtafel?")
    second = make_survey(db, network, anonymous=False, title="Hoe kom je naar de tafel?")
    anonymous = make_survey(db, network, title="Wat houdt jou tegen?")
    ids["surveys"] = [named["survey"], second["survey"], anonymous["survey"]]

    def answer(survey: dict, person_id: int | None, idea: str, wijk: str) -> None:
        wijken, sport = options_of(db, survey["wijk"]), options_of(db, survey["sport"])

        def go(s) -> None:  # noqa: ANN001
            token = service_answers.start_draft(s, network.id, survey["survey"], language="nl", person_id=person_id)
            draft = queries.get_draft(s, network.id, survey["survey"], token)
            answers = {
                str(survey["wijk"]): wijken[wijk],
                str(survey["sport"]): sport["Ja"],
                str(survey["why"]): "Te duur voor drie kinderen.",
                str(survey["kids"]): 3,
                str(survey["idea"]): idea,
            }
            service_answers.save_answers(s, network.id, draft.id, answers)
            s.flush()
            service_answers.submit(s, network.id, survey["survey"], token)

        db.write_sync(go)

    answer(named, pid, f"Ik ben {NAME}, bel {PHONE}", "Centrum")
    answer(named, people["participant"].id, "Meer bussen", "Kouter")
    answer(anonymous, None, "Gratis sport", "Centrum")

    def draft(s) -> None:  # noqa: ANN001
        token = service_answers.start_draft(s, network.id, second["survey"], language="nl", person_id=pid)
        state = queries.get_draft(s, network.id, second["survey"], token)
        service_answers.save_answers(s, network.id, state.id, {str(second["idea"]): f"Mail {EMAIL}"})

    db.write_sync(draft)

    # signals: she reported a threshold and wants to hear back; two other signals on the board
    def report(s) -> None:  # noqa: ANN001
        incoming = Incoming(
            title="Zwemles is te duur",
            kind="direct",
            description=f"Voor mijn kinderen. Bel {PHONE}.",
            theme="vrije tijd",
            neighbourhood="Centrum",
            contact_email=EMAIL,
        )
        receive(s, network.id, incoming, actor_id=pid)
        receive(s, network.id, Incoming(title="Geen bus na 18 uur", kind="direct", theme="werk"), actor_id=None)
        receive(s, network.id, Incoming(title="Tolk ontbreekt", kind="partner", theme="taal"), actor_id=None)

    db.write_sync(report)
    return ids


def test_a_person_active_everywhere_downloads_everything_and_erases_it_all(client, db, network, people, settings):
    ids = make_zohra(db, network, people)
    token = db.write_sync(sessions.start, ids["person"], "test")
    client.cookies.set(sessions.cookie_name(settings, "ln_session"), token)

    # the search sees what it must: every table, the search index included, and her traces in each capability
    before = search_everywhere(db)
    tables = before.pop("__tables__")
    if db.engine.dialect.name == "sqlite":
        assert {"practice_fts", "practice_fts_content"} <= tables
    else:
        assert "search_vector" in {
            c["name"] for c in db.read_sync(lambda s: inspect(s.connection()).get_columns("practice"))
        }
    seen = set().union(*before.values())
    for table in ("person", "practice", "practice_version", "practice_comment", "practice_adoption"):
        assert table in seen, table
    for table in ("dialogue_signup", "survey_answer", "survey_draft", "signal", "signal_contact", "offer"):
        assert table in seen, table
    counted = counts(db, network, ids["session"], ids["surveys"])

    # export: the download holds each piece
    download = client.get("/mijn/gegevens.json")
    assert download.status_code == 200
    data = download.json()
    assert data["person"] == {**data["person"], "name": NAME, "email": EMAIL, "phone": PHONE}
    assert data["memberships"][0]["role"] == "member"
    assert len(data["logins"]["personal_codes"]) == 1
    assert data["logins"]["linked_organisation_accounts"] == ["https://login.zele.example"]
    kinds = [row.get("kind") for row in data["practices"]]
    for kind in ("practice", "comment", "we_apply_this_too", "follow", "meeting_attended", "edit"):
        assert kind in kinds, kind
    assert any(row.get("contact_email") == EMAIL for row in data["practices"])
    signup = data["dialogue"][0]
    assert (signup["email"], signup["phone"], signup["needs"]["diet"]) == (EMAIL, PHONE, "halal")
    named = next(row for row in data["surveys"] if row["kind"] == "named_answers")
    assert named["answers"]["Eén idee?"] == f"Ik ben {NAME}, bel {PHONE}"
    assert named["answers"]["In welke wijk woon je?"] == "Centrum"
    assert any(row["kind"] == "unfinished_answers" for row in data["surveys"])
    assert {row["kind"] for row in data["signals"]} >= {"wants_to_hear_back", "signal_reported"}
    assert [(row["title"], row["contact_phone"]) for row in data["offers"]] == [("Soepmoment na school", PHONE)]
    page = client.get("/mijn/gegevens")
    assert "Huiswerkklas met soep" in page.text and "halal" in page.text and "Antwoorden op naam" in page.text

    # erase
    erased = client.post("/mijn/gegevens/wissen", data={"bevestig": "1", "csrf_token": csrf_from(page.text)})
    assert erased.status_code == 303

    after = search_everywhere(db)
    after.pop("__tables__")
    assert after == {}, f"traces left after erasure: {after}"
    assert counts(db, network, ids["session"], ids["surveys"]) == counted

    # what stays reads as content: her comment, signed "gewezen lid"; the erasure is logged without her data
    _own, other = ids["practices"]
    client.cookies.clear()
    login = db.write_sync(sessions.start, people["member"].id, "test")
    client.cookies.set(sessions.cookie_name(settings, "ln_session"), login)
    practice_page = client.get(f"/n/{network.slug}/praktijken/{other}").text
    assert "Goed idee! Mail me op [gewist], groet, [gewist]" in practice_page
    assert "Gewezen lid" in practice_page
    logged = db.read_sync(
        lambda s: [
            (e.subject_id, e.details)
            for e in s.scalars(select(audit.AuditEvent).where(audit.AuditEvent.action == "person.erased"))
        ]
    )
    assert logged and logged[0][0] == ids["person"]
    assert logged[0][1]["scope"] == "all"


def test_erasure_changes_only_her_own_records(db, network, people):
    """Only her records change: the colleague's practice keeps its author, the anonymous answer is untouched."""
    from lerend_netwerk.accounts import mydata
    from lerend_netwerk.surveys.models import Answer

    ids = make_zohra(db, network, people)
    answers_before = db.read_sync(lambda s: s.execute(select(Answer.id, Answer.text).order_by(Answer.id)).all())
    db.write_sync(mydata.erase, ids["person"], Registry.build().privacy, actor_id=None)
    own, other = ids["practices"]
    authors = db.read_sync(lambda s: (s.get(Practice, own).author_id, s.get(Practice, other).author_id))
    assert authors == (None, people["member"].id)
    answers_after = db.read_sync(lambda s: s.execute(select(Answer.id, Answer.text).order_by(Answer.id)).all())
    changed = [(b, a) for b, a in zip(answers_before, answers_after, strict=True) if b != a]
    assert changed == [
        ((changed[0][0][0], f"Ik ben {NAME}, bel {PHONE}"), (changed[0][0][0], "Ik ben [gewist], bel [gewist]"))
    ]
    still_named = db.read_sync(
        lambda s: s.scalars(select(Response.person_id).where(Response.person_id.is_not(None))).all()
    )
    assert still_named == [people["participant"].id]  # the other named respondent keeps their link
