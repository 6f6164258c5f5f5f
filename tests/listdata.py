"""Rows for list pages: `grow_*(db, network, people, ctx, n)` adds n rows to what one page shows (the first call also
makes what they hang on, kept in `ctx`) and returns the page's path parameters. Used by the query-count and the
page-weight tests; each row is made through the capability's own services where one exists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.accounts.service import issue_code
from lerend_netwerk.db import Database
from lerend_netwerk.dialogue import service as dialogue
from lerend_netwerk.dialogue import session_work
from lerend_netwerk.dialogue.models import SignUp
from lerend_netwerk.meetings import service as meetings
from lerend_netwerk.networks.models import Membership, Organisation, Person, Role
from lerend_netwerk.practices import service as practices
from lerend_netwerk.practices.access import Viewer
from lerend_netwerk.practices.models import Adoption, Attachment, Practice, Visibility
from lerend_netwerk.signals import service as signal_service
from lerend_netwerk.signals.models import DECIDED, Signal, SignalSource
from lerend_netwerk.signals.models import Status as SignalStatus
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.surveys import queries as survey_queries
from lerend_netwerk.surveys import service as surveys
from lerend_netwerk.surveys import service_answers
from lerend_netwerk.surveys.models import Kind, Mode, Option, Survey
from tests.dialogue.helpers import SECRET, make_session, sign
from tests.factories import make_network, make_person
from tests.practices.helpers import make_practice
from tests.surveys.helpers import make_survey


def _once(ctx: dict[str, Any], key: str, make: Callable[[], Any]) -> Any:
    if key not in ctx:
        ctx[key] = make()
    return ctx[key]


def _serial(ctx: dict[str, Any]) -> int:
    ctx["serial"] = ctx.get("serial", 0) + 1
    return ctx["serial"]


# -- networks and people ---------------------------------------------------------------------------------


def grow_networks(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """n more networks, each with the coordinator as a member (home page, my page, admin, my data)."""
    for _ in range(n):
        i = _serial(ctx)

        def make(s: Session, i: int = i) -> None:
            other = make_network(s, slug=f"netwerk-{i}", name=f"Netwerk Gemeente{i}")
            org = s.scalar(select(Organisation.id).where(Organisation.network_id == other.id))
            s.add(
                Membership(
                    person_id=people["coordinator"].id, network_id=other.id, role=Role.MEMBER, organisation_id=org
                )
            )

        db.write_sync(make)
    return {}


def grow_members(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    org = db.read_sync(lambda s: s.scalar(select(Organisation.id).where(Organisation.network_id == network.id)))
    for _ in range(n):
        i = _serial(ctx)

        def make(s: Session, i: int = i) -> None:
            person = make_person(s, network, Role.MEMBER, name=f"Lid {i}", email=f"lid{i}@zele.example")
            s.execute(
                Membership.__table__.update().where(Membership.person_id == person.id).values(organisation_id=org)
            )

        db.write_sync(make)
    return {}


def grow_codes(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        i = _serial(ctx)

        def make(s: Session, i: int = i) -> None:
            person = make_person(s, network, Role.PARTICIPANT, name=f"Deelnemer {i}")
            issue_code(s, person_id=person.id, network_id=network.id, actor_id=None)

        db.write_sync(make)
    return {}


def grow_audit(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    def make(s: Session) -> None:
        for _ in range(n):
            audit.record(
                s,
                "membership.invited",
                actor_id=people["coordinator"].id,
                network_id=network.id,
                subject=("person", people["member"].id),
            )

    db.write_sync(make)
    return {}


def grow_outbox(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """n e-mails of the network in the outbox, sent and failed ones among them."""
    from lerend_netwerk import outbox
    from lerend_netwerk.mail import Message

    def make(s: Session) -> None:
        for i in range(n):
            row = outbox.enqueue(
                s,
                Message(to=f"p{i}@zele.example", subject=f"Bericht {i}", text="Dag"),
                kind="test",
                network_id=network.id,
            )
            row.status = (outbox.SENT, outbox.FAILED, outbox.QUEUED)[i % 3]

    db.write_sync(make)
    return {}


# -- practices -------------------------------------------------------------------------------------------


def _practice_with_thumb(db, network, author, title, visibility=Visibility.NETWORK):  # noqa: ANN001, ANN202
    practice = make_practice(db, network, author, title=title, visibility=visibility)

    def add(s: Session) -> None:
        s.add(
            Attachment(
                practice_id=practice.id,
                kind="photo",
                filename="f.jpg",
                stored_name=f"s{practice.id}",
                thumb_name=f"t{practice.id}",
                content_type="image/jpeg",
                size=1,
            )
        )

    db.write_sync(add)
    return practice


def grow_practices(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        i = _serial(ctx)
        visibility = Visibility.PUBLIC if i % 2 else Visibility.NETWORK  # a visitor sees half
        _practice_with_thumb(db, network, people["member"], f"Een buddy voor zwemles {i}", visibility)
    return {}


def grow_practice_page(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """Comments, adoptions, files and related practices on one practice."""
    practice = _once(ctx, "practice", lambda: make_practice(db, network, people["member"]))
    for _ in range(n):
        i = _serial(ctx)
        _practice_with_thumb(db, network, people["member"], f"Verwante praktijk {i}")

        def add(s: Session, i: int = i) -> None:
            p = s.get(Practice, practice.id)
            practices.add_comment(
                s, network.id, p.id, f"Reactie {i}", viewer=Viewer(people["member"].id, {network.id: Role.MEMBER})
            )
            other = make_network(s, slug=f"elders-{i}", name=f"Elders {i}")
            org = Organisation(network_id=other.id, name=f"Vzw {i}", sector="welzijn")
            s.add(org)
            s.flush()
            s.add(
                Adoption(
                    practice_id=p.id, network_id=other.id, organisation_id=org.id, municipality="Elders", note="ook"
                )
            )
            s.add(
                Attachment(
                    practice_id=p.id,
                    kind="photo",
                    filename=f"f{i}.jpg",
                    stored_name=f"x{i}",
                    thumb_name=f"y{i}",
                    content_type="image/jpeg",
                    size=1,
                )
            )

        db.write_sync(add)
    return {"id": practice.id}


def grow_versions(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    practice = _once(ctx, "practice", lambda: make_practice(db, network, people["member"]))
    for _ in range(n):
        i = _serial(ctx)
        data = {"title": f"Titel {i}", "summary": f"Samenvatting {i}", "story": f"Verhaal {i}"}
        db.write_sync(practices.save, network.id, data, actor_id=people["member"].id, practice_id=practice.id)
    return {"id": practice.id}


def grow_meetings(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        i = _serial(ctx)
        for title, year in (("Netwerkmoment", 2099), ("Vorig moment", 2020)):  # one coming, one past
            db.write_sync(
                meetings.create,
                network.id,
                title=f"{title} {i}",
                starts_at=datetime(year, 1, i % 28 + 1, tzinfo=UTC),
                place="Zaal",
                actor_id=people["coordinator"].id,
            )
    return {}


def grow_meeting_page(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    meeting = _once(
        ctx,
        "meeting",
        lambda: db.write_sync(
            meetings.create,
            network.id,
            title="Netwerkmoment",
            starts_at=datetime(2020, 1, 1, tzinfo=UTC),
            place="",
            actor_id=people["coordinator"].id,
        ),
    )
    present = ctx.setdefault("present", [people["coordinator"].id])
    for _ in range(n):
        i = _serial(ctx)
        practice = make_practice(db, network, people["member"], title=f"Praktijk {i}")
        present.append(db.write_sync(make_person, network, Role.MEMBER, name=f"Aanwezig {i}").id)

        def add(s: Session, i: int = i, practice_id: int = practice.id) -> None:
            meetings.add_agenda_item(s, network.id, meeting.id, f"Punt {i}", practice_id)
            meetings.record_minutes(
                s, network.id, meeting.id, "Verslag", list(present), actor_id=people["coordinator"].id
            )

        db.write_sync(add)
    return {"meeting_id": meeting.id}


def grow_thresholds(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        db.write_sync(
            practices.add_threshold_type,
            network.id,
            f"Drempel nummer {_serial(ctx)}",
            "",
            actor_id=people["coordinator"].id,
        )
    return {}


# -- dialogue tables -------------------------------------------------------------------------------------


def grow_tables(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        make_session(db, network, people["facilitator"], name=f"Tafel {_serial(ctx)}")
    return {}


def grow_table_sessions(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    table_id, _ = _once(ctx, "table", lambda: make_session(db, network, people["facilitator"]))
    fields = db.read_sync(
        lambda s: dialogue.SessionFields(
            starts_local=datetime(2099, 3, 1, 19, 0),
            minutes=90,
            place="Zaal",
            address="",
            directions="",
            accessibility="",
            expect="",
            capacity=10,
            deadline_days=0,
            compensation_cents=0,
        )
    )
    db.write_sync(
        dialogue.create_sessions,
        network.id,
        table_id,
        fields,
        count=n,
        every=1,
        unit="weken",
        actor_id=people["facilitator"].id,
    )
    return {"table": table_id}


def grow_signups(db, network, people, ctx, n, *, capacity: int = 3):  # noqa: ANN001, ANN201
    """n sign-ups (a phone number, needs; some on the waiting list) on one session."""
    _, session_id = _once(ctx, "session", lambda: make_session(db, network, people["facilitator"], capacity=capacity))
    for _ in range(n):
        i = _serial(ctx)
        sign(
            db,
            network,
            session_id,
            f"Persoon {i}",
            email=f"p{i}@example.be",
            phone=f"0470 00 00 {i:02d}",
            needs=dialogue.Needs(childcare=True, children_count=2, transport=True, diet="halal"),
        )
    return {"id": session_id}


def grow_network_signups(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """Sign-ups (with phone numbers to call) on a page of the whole network, not of one session."""
    grow_signups(db, network, people, ctx, n)
    return {}


def grow_signups_attended(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    params = grow_signups(db, network, people, ctx, n, capacity=100)

    def mark(s: Session) -> None:
        for signup in s.scalars(select(SignUp).where(SignUp.session_id == params["id"], SignUp.attended.is_(None))):
            session_work.set_attendance(s, network.id, params["id"], signup.id, True, actor_id=people["facilitator"].id)

    db.write_sync(mark)
    return {}


def grow_link(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """One person's sign-ups on n sessions (some waiting), all shown through their personal link."""
    for _ in range(n):
        _, session_id = make_session(db, network, people["facilitator"], capacity=1, name=f"Tafel {_serial(ctx)}")
        sign(db, network, session_id, "Eerst", email="eerst@example.be")
        result = sign(db, network, session_id, "Amina", email="amina@example.be")
        ctx.setdefault("token", result.token)
    return {"token": ctx["token"]}


# -- my data ---------------------------------------------------------------------------------------------


def grow_my_data(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """The coordinator's memberships elsewhere and their own sign-ups."""
    grow_networks(db, network, people, ctx, n)
    person = people["coordinator"]
    for _ in range(n):
        _, session_id = make_session(db, network, people["facilitator"], name=f"Tafel {_serial(ctx)}")
        db.write_sync(
            dialogue.sign_up,
            network.id,
            session_id,
            secret=SECRET,
            first_name=person.name,
            email=person.email,
            phone=None,
            person_id=person.id,
            consent=True,
        )
    return {}


# -- signals ---------------------------------------------------------------------------------------------


def _signal(s: Session, network: Any, i: int, **kw: Any) -> Any:
    themes, wijken = network.themes, network.neighbourhoods
    incoming = Incoming(
        title=f"Signaal {i} over de bus",
        kind=["survey", "dialogue", "practice", "direct", "partner"][i % 5],
        theme=themes[i % len(themes)],
        neighbourhood=wijken[i % len(wijken)],
        threshold_code="geld",
        reported_on=date(2026, 1, 1) - timedelta(days=i),
        **kw,
    )
    return receive(s, network.id, incoming, actor_id=None)


def grow_signals(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """n signals spread over the columns, each with a trekker, a due date and an extra source."""
    statuses = list(SignalStatus)

    def make(s: Session) -> None:
        org = s.scalar(select(Organisation.id).where(Organisation.network_id == network.id))
        for _ in range(n):
            i = _serial(ctx)
            signal = _signal(s, network, i, link="/n/zele/dialoogtafels/sessies/1", label="Tafel 1")
            signal.status = statuses[i % len(statuses)]
            signal_service.set_follow_up(
                s,
                network.id,
                signal.id,
                signal_service.FollowUpInput(
                    trekker_person_id=people["steering"].id if i % 2 else None,
                    trekker_organisation_id=None if i % 2 else org,
                    decision="Doen",
                    action="Bellen",
                    action_organisation_id=org,
                    due_on=date(2026, 6, 1),
                    internal_note="",
                ),
                actor_id=people["steering"].id,
            )
            if signal.status in DECIDED:
                signal_service.save_feedback(s, network.id, signal.id, f"Gedaan {i}", publish=True, actor_id=None)
            s.add(SignalSource(signal_id=signal.id, kind="partner", label="Partner"))

    db.write_sync(make)
    return {}


def grow_signal_page(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """History, sources, merged signals and meetings of one signal."""
    signal_id = _once(ctx, "signal", lambda: db.write_sync(lambda s: _signal(s, network, 0).id))

    def make(s: Session) -> None:
        for _ in range(n):
            i = _serial(ctx)
            other = _signal(s, network, i)
            signal_service.move(
                s, network.id, signal_id, list(SignalStatus)[i % 3], f"Reden {i}", actor_id=people["steering"].id
            )
            signal_service.merge(s, network.id, signal_id, [other.id], "dubbel", actor_id=people["steering"].id)
            signal_service.create_meeting(
                s, network.id, f"Stuurgroep {i}", date(2026, 3, i % 28 + 1), [signal_id], actor_id=people["steering"].id
            )

    db.write_sync(make)
    return {"id": signal_id}


def grow_signal_meetings(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    def make(s: Session) -> None:
        for _ in range(n):
            i = _serial(ctx)
            signal = _signal(s, network, i)
            signal_service.create_meeting(
                s, network.id, f"Stuurgroep {i}", date(2026, 3, i % 28 + 1), [signal.id], actor_id=people["steering"].id
            )

    db.write_sync(make)
    return {}


def grow_meeting_items(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    ids = ctx.setdefault("signals", [])
    grow_signals(db, network, people, ctx, n)
    ids[:] = db.read_sync(lambda s: list(s.scalars(select(Signal.id).where(Signal.network_id == network.id))))

    def make(s: Session) -> int:
        meeting = signal_service.create_meeting(
            s, network.id, "Stuurgroep", date(2026, 3, 1), ids, actor_id=people["steering"].id
        )
        return meeting.id

    ctx["meeting"] = db.write_sync(make)
    return {"id": ctx["meeting"]}


# -- surveys ---------------------------------------------------------------------------------------------


def _answer(db: Database, ids: dict[str, Any], i: int, *, mode: Mode = Mode.SELF) -> None:
    def go(s: Session) -> None:
        network_id = s.get(Survey, ids["survey"]).network_id
        token = service_answers.start_draft(s, network_id, ids["survey"], language="nl", mode=mode)
        draft = survey_queries.get_draft(s, network_id, ids["survey"], token)
        wijk = s.scalars(select(Option.id).where(Option.question_id == ids["wijk"])).all()
        answers = {
            str(ids["wijk"]): str(wijk[i % len(wijk)]),
            str(ids["sport"]): str(ids["yes"]),
            str(ids["why"]): f"Het kost te veel, antwoord {i}",
            str(ids["idea"]): f"Idee {i}",
        }
        service_answers.save_answers(s, network_id, draft.id, answers)
        service_answers.submit(s, network_id, ids["survey"], token)

    db.write_sync(go)


def grow_surveys(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        ids = make_survey(db, network, title=f"Bevraging {_serial(ctx)}")
        _answer(db, ids, 1)
    return {}


def grow_questions(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    """n more questions (with options) on one survey."""
    ids = _once(ctx, "survey", lambda: make_survey(db, network, languages=("fr",)))

    def add(s: Session) -> None:
        for _ in range(n):
            i = _serial(ctx)
            surveys.add_question(
                s,
                network.id,
                ids["survey"],
                kind=Kind.SINGLE,
                text=f"Vraag {i}?",
                options=[f"A{i}", f"B{i}", f"C{i}"],
                actor_id=None,
            )

    db.write_sync(add)
    return {"id": ids["survey"]}


def grow_public_questions(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    grow_questions(db, network, people, ctx, n)
    return {"code": ctx["survey"]["code"]}


def grow_responses(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    ids = _once(ctx, "survey", lambda: make_survey(db, network))
    for _ in range(n):
        _answer(db, ids, _serial(ctx), mode=Mode.PAPER)
    return {"id": ids["survey"]}


def admin_person(db: Database) -> Any:
    def make(s: Session) -> Person:
        person = Person(name="Beheerder", email="admin@platform.example", is_admin=True)
        s.add(person)
        s.flush()
        s.expunge(person)
        return person

    return db.write_sync(make)


# -- photos ----------------------------------------------------------------------------------------------


def phone_photo(seed: int = 0) -> bytes:
    """A 1200x800 JPEG with detail at the scale of a thumbnail: its small version weighs what a real phone photo's
    does (~7 kB at 240 px), where a smooth test image would shrink to almost nothing."""
    import io
    import random

    from PIL import Image

    random.seed(seed)
    width, height = 1200, 800
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    grain = [Image.effect_noise((width // 4, height // 4), 60) for _ in range(3)]
    detail = Image.merge("RGB", grain).resize((width, height), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    Image.blend(base, detail, 0.5).save(out, "JPEG", quality=88)
    return out.getvalue()


def add_photo(db: Database, upload_dir: Any, practice_id: int, author_id: int, seed: int = 0) -> int:
    """A photo on a practice through the real upload path (re-encoded, with its small version on disk)."""
    from lerend_netwerk.practices import uploads

    stored = uploads.store(upload_dir, f"foto{seed}.jpg", phone_photo(seed), max_bytes=20_000_000)

    def add(s: Session) -> int:
        item = Attachment(practice_id=practice_id, uploaded_by_id=author_id, **stored.__dict__)
        s.add(item)
        s.flush()
        return item.id

    return db.write_sync(add)
