"""Permission matrix for practices, meetings and threshold types. Practices made here are network-only, so a
visitor and the outsider (coordinator of the other network) must get nothing (404/303/403)."""

from __future__ import annotations

import secrets
from typing import Any

from lerend_netwerk.networks.models import Role
from tests.matrix import EVERYONE, MEMBERS_OF_NETWORK, Case

STAFF = frozenset({"member", "facilitator", "steering", "coordinator"})
NETWORK_READERS = MEMBERS_OF_NETWORK


def _practice(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from tests.practices.helpers import make_practice

    return {"id": make_practice(db, network, people["member"]).id}


def _practice_with_file(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from lerend_netwerk.practices.models import Attachment

    practice_id = _practice(db, network, people)["id"]

    def add(session: Any) -> int:
        item = Attachment(
            practice_id=practice_id,
            kind="photo",
            filename="f.jpg",
            stored_name=secrets.token_urlsafe(8),
            thumb_name=None,
            content_type="image/jpeg",
            size=1,
        )
        session.add(item)
        session.flush()
        return item.id

    return {"id": practice_id, "file_id": db.write_sync(add)}


def _comment(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from lerend_netwerk.practices.models import Comment

    practice_id = _practice(db, network, people)["id"]

    def add(session: Any) -> int:
        item = Comment(practice_id=practice_id, author_id=people["member"].id, body="Goed idee")
        session.add(item)
        session.flush()
        return item.id

    return {"id": practice_id, "comment_id": db.write_sync(add)}


def _meeting(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from datetime import UTC, datetime

    from lerend_netwerk.meetings import service as service_meetings

    m = db.write_sync(
        service_meetings.create,
        network.id,
        title="Netwerkmoment",
        starts_at=datetime(2099, 1, 1, tzinfo=UTC),
        place="",
        actor_id=people["coordinator"].id,
    )
    return {"meeting_id": m.id}


def _threshold(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from sqlalchemy import select

    from lerend_netwerk.networks.thresholds import ThresholdType

    return {
        "type_id": db.read_sync(
            lambda s: s.scalar(
                select(ThresholdType.id).where(ThresholdType.network_id == network.id, ThresholdType.code == "tijd")
            )
        )
    }


PRACTICE_FORM = {
    "titel": "Gratis tweedehands sportmateriaal",
    "samenvatting": "Een uitleendienst voor voetbalschoenen en fietsen.",
    "verhaal": "We verzamelen sportmateriaal.",
    "drempels": ["geld"],
    "doelgroepen": ["kinderen"],
    "sector": "sport",
    "zichtbaarheid": "netwerk",
    "status": "concept",
}

_ = Role  # roles are named by value in CASES
CASES = [
    Case("practices:list", EVERYONE),
    Case("practices:new", STAFF),
    Case(
        "practices:create",
        STAFF,
        method="POST",
        data=PRACTICE_FORM,
        note="a participant gets 403 before the form is read",
    ),
    Case("practices:detail", NETWORK_READERS, setup=_practice),
    Case(
        "practices:edit",
        frozenset({"member", "coordinator"}),
        setup=_practice,
        note="author's organisation or coordinator",
    ),
    Case(
        "practices:update",
        frozenset({"member", "coordinator"}),
        method="POST",
        setup=_practice,
        data=PRACTICE_FORM,
        note="author's organisation or coordinator; other staff get 403 like participants",
    ),
    Case("practices:versions", STAFF, setup=_practice),
    Case("practices:file", frozenset(), setup=_practice_with_file, note="readers get 404 too: file not on disk"),
    Case("practices:thumb", frozenset(), setup=_practice_with_file, note="as above"),
    Case("practices:file_delete", frozenset({"member", "coordinator"}), method="POST", setup=_practice_with_file),
    Case(
        "practices:comment",
        frozenset({"member", "facilitator", "steering", "coordinator"}),
        method="POST",
        setup=_practice,
        data={"reactie": "Mooi"},
    ),
    Case("practices:hide_comment", frozenset({"coordinator"}), method="POST", setup=_comment, data={"reden": "privé"}),
    Case(
        "practices:adopt",
        STAFF,
        method="POST",
        setup=_practice,
        data={"netwerk": "1"},
        note="network 1 is `network`: another organisation there applies it too; participants get 403",
    ),
    Case("practices:follow", NETWORK_READERS, method="POST", setup=_practice),
    Case("practices:follow_network", STAFF, method="POST"),
    Case("practices:to_signal", frozenset({"facilitator", "steering", "coordinator"}), method="POST", setup=_practice),
    Case("practices:thresholds", frozenset({"coordinator"})),
    Case("practices:threshold_add", frozenset({"coordinator"}), method="POST", data={"nieuw_naam": "Wachtlijst"}),
    Case(
        "practices:threshold_update",
        frozenset({"coordinator"}),
        method="POST",
        setup=_threshold,
        data={"actie": "intrekken"},
    ),
    Case("practices:meetings", STAFF),
    Case(
        "practices:meeting_create",
        frozenset({"facilitator", "coordinator"}),
        method="POST",
        data={"titel": "Moment", "wanneer": "2099-05-01T19:00"},
    ),
    Case("practices:meeting", STAFF, setup=_meeting),
    Case(
        "practices:meeting_agenda",
        frozenset({"facilitator", "coordinator"}),
        method="POST",
        setup=_meeting,
        data={"punt": "Welkom"},
    ),
    Case(
        "practices:meeting_minutes",
        frozenset({"facilitator", "coordinator"}),
        method="POST",
        setup=_meeting,
        data={"verslag": "Kort"},
    ),
]
