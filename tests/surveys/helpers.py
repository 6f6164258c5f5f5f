"""Survey test helpers: build a survey through the service, answer it through the real pages."""

from __future__ import annotations

from datetime import date, timedelta

from lerend_netwerk.surveys import service
from lerend_netwerk.surveys.models import Kind
from tests.conftest import csrf_from


def make_survey(db, network, *, anonymous=True, open_=True, languages=(), title="Wat houdt jou tegen?"):  # noqa: ANN001, ANN201
    """A survey with one question of every type, and skip logic: q_why only after 'Ja' on q_sport."""

    def build(session):  # noqa: ANN001, ANN202
        today = date.today()
        survey = service.create_survey(
            session,
            network.id,
            actor_id=None,
            title=title,
            intro="De gemeente vraagt het je. Het duurt 3 minuten.",
            opens_on=today - timedelta(days=1) if open_ else None,
            closes_on=today + timedelta(days=30) if open_ else None,
            anonymous=anonymous,
            languages=list(languages),
        )
        ids = {"survey": survey.id, "code": survey.code}

        def add(key, kind, text, **kw):  # noqa: ANN001, ANN003, ANN202
            ids[key] = service.add_question(
                session, network.id, survey.id, kind=kind, text=text, actor_id=None, **kw
            ).id

        add("wijk", Kind.SINGLE, "In welke wijk woon je?", options=["Centrum", "Kouter", "Heikant"], required=True)
        add("what", Kind.MULTIPLE, "Wat doe je graag?", options=["Sport", "Muziek", "Lezen"])
        add("mood", Kind.SMILEY, "Hoe voel je je in je buurt?")
        add("sport", Kind.YESNO, "Is sport te duur?", required=True)
        session.flush()
        yes = _option(session, ids["sport"], "ja")
        add("why", Kind.LONG_TEXT, "Waarom is het te duur?", show_if=(ids["sport"], yes))
        add("kids", Kind.NUMBER, "Hoeveel kinderen heb je?")
        add("idea", Kind.SHORT_TEXT, "Eén idee?")
        ids["yes"] = yes
        return ids

    return db.write_sync(build)


def _option(session, question_id, code):  # noqa: ANN001, ANN202
    from sqlalchemy import select

    from lerend_netwerk.surveys.models import Option

    return session.scalar(select(Option.id).where(Option.question_id == question_id, Option.code == code))


def options_of(db, question_id):  # noqa: ANN001, ANN201
    from sqlalchemy import select

    from lerend_netwerk.surveys.models import Option

    return db.read_sync(
        lambda s: {o.label: o.id for o in s.scalars(select(Option).where(Option.question_id == question_id))}
    )


def begin(client, code, *, layout="stap", lang="nl"):  # noqa: ANN001, ANN201
    page = client.get(f"/b/{code}")
    assert page.status_code == 200, page.text
    return client.post(f"/b/{code}/begin", data={"csrf_token": csrf_from(page.text), "taal": lang, "weergave": layout})


def answer_all_on_one_page(client, code, answers):  # noqa: ANN001, ANN201
    """Start fresh and send `answers` ({field: value or list}) on the one-page form."""
    client.cookies.delete(f"ln_bevraging_{code}", path=f"/b/{code}") if False else None
    begin(client, code, layout="alles")
    page = client.get(f"/b/{code}/alles")
    data = {"csrf_token": csrf_from(page.text), **answers}
    return client.post(f"/b/{code}/alles", data=data)
