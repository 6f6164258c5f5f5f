"""Every dialogue route, who may use it, and what it needs. Contact data and needs only for the table's own
facilitator and the coordinator; the public pages (list, table, session, sign-up, personal link) for everyone."""

from __future__ import annotations

from typing import Any

from lerend_netwerk.dialogue import session_work
from tests.dialogue.helpers import make_session, sign
from tests.matrix import EVERYONE, Case

RUNNERS = frozenset({"facilitator", "coordinator"})


def _session(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    _, session_id = make_session(db, network, people["facilitator"])
    return {"id": session_id}


def _signup(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    _, session_id = make_session(db, network, people["facilitator"])
    result = sign(db, network, session_id, "Matrix", "matrix@example.be")
    return {"id": session_id, "signup": result.signup_id}


def _table(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    table_id, _ = make_session(db, network, people["facilitator"])
    return {"table": table_id}


def _link(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    _, session_id = make_session(db, network, people["facilitator"])
    result = sign(db, network, session_id, "Matrix", "matrix@example.be")
    return {"token": result.token, "signup": result.signup_id}


def _link_only(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    return {"token": _link(db, network, people)["token"]}


def _point(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    _, session_id = make_session(db, network, people["facilitator"])
    point = db.write_sync(
        session_work.add_point, network.id, session_id, text="Punt", theme="", people_count=2, actor_id=None
    )
    return {"id": session_id, "point": point}


def _call(db, network, people) -> dict[str, Any]:  # noqa: ANN001
    from sqlalchemy import select

    from lerend_netwerk.dialogue.models import CallTask

    _, session_id = make_session(db, network, people["facilitator"])
    sign(db, network, session_id, "Bel", phone="0470 99 99 99")
    return {"id": db.read_sync(lambda s: s.scalars(select(CallTask.id)).first())}


SESSION_FORM = {"start": "2031-05-05T19:00", "duur": "120", "plaats": "Zaal", "plaatsen": "10"}

CASES: list[Case] = [
    Case("dialogue:list", EVERYONE),
    Case("dialogue:table", EVERYONE, setup=_table),
    Case("dialogue:session", EVERYONE, setup=_session),
    Case(
        "dialogue:signup",
        EVERYONE,
        "POST",
        setup=_session,
        data={"voornaam": "Ann", "email": "ann@example.be", "toestemming": "1"},
    ),
    Case("dialogue:link", EVERYONE, setup=_link_only, note="whoever holds the personal link"),
    Case("dialogue:link_cancel_confirm", EVERYONE, setup=_link, note="the step back before cancelling"),
    Case("dialogue:link_cancel", EVERYONE, "POST", setup=_link),
    Case("dialogue:new_table", RUNNERS),
    Case("dialogue:create_table", RUNNERS, "POST", data={"naam": "Tafel"}),
    Case("dialogue:new_sessions", RUNNERS, setup=_table),
    Case("dialogue:create_sessions", RUNNERS, "POST", setup=_table, data=SESSION_FORM),
    Case("dialogue:calls", RUNNERS, note="phone numbers: only the tables' facilitators and the coordinator"),
    Case("dialogue:call_done", RUNNERS, "POST", setup=_call),
    Case("dialogue:compensations", RUNNERS),
    Case("dialogue:compensations_csv", RUNNERS),
    Case("dialogue:manage", RUNNERS, setup=_session, note="contact data and needs"),
    Case("dialogue:sheet", RUNNERS, setup=_session),
    Case("dialogue:checkin", RUNNERS, setup=_session),
    Case("dialogue:checkin_set", RUNNERS, "POST", setup=_signup, data={"aanwezig": "1"}),
    Case("dialogue:compensation", RUNNERS, "POST", setup=_signup, data={"bedrag": "25"}),
    Case("dialogue:on_behalf", RUNNERS, "POST", setup=_session, data={"voornaam": "Piet"}),
    Case("dialogue:staff_cancel", RUNNERS, "POST", setup=_signup),
    Case("dialogue:edit", RUNNERS, setup=_session),
    Case("dialogue:update", RUNNERS, "POST", setup=_session, data=SESSION_FORM),
    Case("dialogue:cancel_session", RUNNERS, "POST", setup=_session),
    Case("dialogue:summary", RUNNERS, "POST", setup=_session, data={"verslag": "Goed gesprek"}),
    Case("dialogue:add_point", RUNNERS, "POST", setup=_session, data={"punt": "De bus", "aantal": "3"}),
    Case("dialogue:point_signal", RUNNERS, "POST", setup=_point),
]
