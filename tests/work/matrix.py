"""Who may use the network's work. Working groups: every staff role sees the groups it belongs to; steering and
the coordinator manage them. A group's page and its meetings: its trekker (here the member) and members, and who
manages; a facilitator who is not in the group gets 403. The plan's public page: anyone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.matrix import EVERYONE, Case
from tests.work.helpers import make_action, make_group, make_objective

STAFF = frozenset({"member", "facilitator", "steering", "coordinator"})
MANAGERS = frozenset({"steering", "coordinator"})
COORDINATOR = frozenset({"coordinator"})
GROUP_READERS = frozenset({"member", "steering", "coordinator"})  # the member is the trekker


def _group(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    return {"id": make_group(db, network, people)}


def _member(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from lerend_netwerk.work import service

    group_id = make_group(db, network, people)
    db.write_sync(
        service.add_member,
        network.id,
        group_id,
        person_id=people["facilitator"].id,
        organisation_id=None,
        role="sleutelfiguur",
        actor_id=None,
    )
    from sqlalchemy import select

    from lerend_netwerk.work.models import GroupMember

    member_id = db.read_sync(lambda s: s.scalar(select(GroupMember.id).where(GroupMember.group_id == group_id)))
    return {"id": group_id, "member_id": member_id}


def _meeting(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from lerend_netwerk.work import service

    group_id = make_group(db, network, people)
    meeting = db.write_sync(
        service.plan_meeting,
        network.id,
        group_id,
        title="Werkgroep kind",
        starts_at=datetime(2099, 1, 1, tzinfo=UTC),
        place="",
        actor_id=people["coordinator"].id,
        manages=True,
    )
    return {"id": group_id, "meeting_id": meeting.id}


def _objective(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    return {"id": make_objective(db, network, people)}


def _action(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    return {"id": make_action(db, network, people)}


def _plan(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    make_action(db, network, people)
    return {}


def _decided_signal(db: Any, network: Any, people: dict[str, Any]) -> dict[str, Any]:
    from tests.signals.matrix import a_decided_signal

    make_objective(db, network, people)
    return a_decided_signal(db, network, people)


GROUP_FORM = {"naam": "Werkgroep taal", "thema": "taal", "ritme": "4"}

CASES = [
    Case("work:groups", STAFF),
    Case("work:group_create", MANAGERS, method="POST", data=GROUP_FORM),
    Case("work:group", GROUP_READERS, setup=_group, note="trekker and managers; a facilitator outside it: 403"),
    Case("work:group_update", MANAGERS, method="POST", setup=_group, data=GROUP_FORM),
    Case(
        "work:member_add",
        MANAGERS,
        method="POST",
        setup=_group,
        data={"organisatie": "1"},
        note="the network's first organisation (OCMW)",
    ),
    Case("work:member_remove", MANAGERS, method="POST", setup=_member),
    Case(
        "work:meeting_create",
        GROUP_READERS,
        method="POST",
        setup=_group,
        data={"titel": "Eerste vergadering", "wanneer": "2099-03-01T19:30"},
        note="the group's trekker (member) and managers",
    ),
    Case("work:meeting", GROUP_READERS, setup=_meeting),
    Case("work:meeting_agenda", GROUP_READERS, method="POST", setup=_meeting, data={"punt": "Welkom"}),
    Case("work:meeting_minutes", GROUP_READERS, method="POST", setup=_meeting, data={"verslag": "Goed gesprek"}),
    Case("work:plan", STAFF),
    Case("work:objective_create", MANAGERS, method="POST", data={"titel": "Elk kind kan zwemmen"}),
    Case("work:plan_csv", MANAGERS, setup=_plan),
    Case("work:plan_print", MANAGERS, setup=_plan),
    Case(
        "work:action_create",
        MANAGERS,
        method="POST",
        setup=_objective,
        data={"titel": "Zwemlessen", "status": "gepland", "voortgang": "0"},
    ),
    Case("work:action", STAFF, setup=_action),
    Case(
        "work:action_update",
        MANAGERS,
        method="POST",
        setup=_action,
        data={"titel": "Zwemlessen", "status": "bezig", "voortgang": "10", "doelstelling": "1"},
    ),
    Case(
        "work:action_progress",
        GROUP_READERS,
        method="POST",
        setup=_action,
        data={"status": "bezig", "voortgang": "50"},
        note="the action's trekker (member) and managers",
    ),
    Case(
        "work:milestone_add",
        GROUP_READERS,
        method="POST",
        setup=_action,
        data={"mijlpaal": "Eerste kamp", "datum": "2099-07-01"},
    ),
    Case(
        "work:from_signal",
        MANAGERS,
        method="POST",
        setup=_decided_signal,
        data={"doelstelling": "1"},
        note="a decided signal starts an action under the first objective",
    ),
    Case("work:public_plan", EVERYONE, setup=_plan),
    Case("work:wijken", MANAGERS),
    Case("work:wijk", MANAGERS, setup=lambda db, network, people: {"nr": 1}),
    Case("work:figures", COORDINATOR),
    Case(
        "work:figure_save",
        COORDINATOR,
        method="POST",
        data={"wijk": "Centrum", "jaar": "2025", "indicator": "Kinderarmoede (%)", "waarde": "18,4"},
    ),
    Case(
        "work:figure_import",
        COORDINATOR,
        method="POST",
        data={"inhoud": "wijk,jaar,indicator,waarde\nKouter,2025,Kinderarmoede (%),21.5\n"},
    ),
]
