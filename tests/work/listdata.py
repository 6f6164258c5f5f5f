"""Grow functions for the query-count test (tests/test_query_counts.py): each adds `n` rows to what one page of the
network's work shows (the first call also makes what they hang on) and returns the page's path params."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from lerend_netwerk.meetings import service as service_meetings
from lerend_netwerk.networks.models import Role
from lerend_netwerk.offers.models import Visibility
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.work import service, service_figures, service_plan
from lerend_netwerk.work.models import ActionPractice, ActionSignal, Milestone
from tests.factories import make_person
from tests.offers.helpers import make_offer
from tests.practices.helpers import make_practice
from tests.work.helpers import make_action, make_group, make_objective


def _serial(ctx: dict[str, Any]) -> int:
    ctx["serial"] = ctx.get("serial", 0) + 1
    return ctx["serial"]


def _group(db: Any, network: Any, people: dict[str, Any], ctx: dict[str, Any]) -> int:
    if "group" not in ctx:
        ctx["group"] = make_group(db, network, people)
    return ctx["group"]


def grow_groups(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        i = _serial(ctx)
        group_id = make_group(db, network, people, name=f"Werkgroep {i}", theme="kind")
        db.write_sync(
            service.add_member,
            network.id,
            group_id,
            person_id=people["steering"].id,
            organisation_id=None,
            role="",
            actor_id=None,
        )
        db.write_sync(
            service_meetings.create,
            network.id,
            title=f"Vergadering {i}",
            starts_at=datetime(2020, 1, 1, tzinfo=UTC),
            place="",
            actor_id=None,
            group_id=group_id,
        )
    return {}


def grow_group_page(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    group_id = _group(db, network, people, ctx)
    for _ in range(n):
        i = _serial(ctx)
        person = db.write_sync(make_person, network, Role.MEMBER, name=f"Lid {i}")
        db.write_sync(
            service.add_member,
            network.id,
            group_id,
            person_id=person.id,
            organisation_id=None,
            role="lid",
            actor_id=None,
        )
        make_practice(db, network, person, title=f"Praktijk {i}")
        db.write_sync(
            service_meetings.create,
            network.id,
            title=f"Vergadering {i}",
            starts_at=datetime(2020 + i % 2 * 80, 1, 1, tzinfo=UTC),
            place="",
            actor_id=None,
            group_id=group_id,
        )
        db.write_sync(
            lambda s, i=i: receive(
                s, network.id, Incoming(title=f"Signaal {i}", kind="direct", theme="kind"), actor_id=None
            )
        )
        make_action(
            db,
            network,
            people,
            ctx.setdefault("objective", make_objective(db, network, people)),
            group_id=group_id,
            title=f"Actie {i}",
        )
    return {"id": group_id}


def grow_group_meeting(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    group_id = _group(db, network, people, ctx)
    if "meeting" not in ctx:
        ctx["meeting"] = db.write_sync(
            service_meetings.create,
            network.id,
            title="Vergadering",
            starts_at=datetime(2020, 1, 1, tzinfo=UTC),
            place="",
            actor_id=None,
            group_id=group_id,
        ).id
    present = ctx.setdefault("present", [people["member"].id])
    for _ in range(n):
        i = _serial(ctx)
        practice = make_practice(db, network, people["member"], title=f"Praktijk {i}")
        person = db.write_sync(make_person, network, Role.MEMBER, name=f"Aanwezig {i}")
        db.write_sync(
            service.add_member, network.id, group_id, person_id=person.id, organisation_id=None, role="", actor_id=None
        )
        present.append(person.id)

        def add(s: Session, i: int = i, practice_id: int = practice.id) -> None:
            service_meetings.add_agenda_item(s, network.id, ctx["meeting"], f"Punt {i}", practice_id, group_id)
            service_meetings.record_minutes(
                s, network.id, ctx["meeting"], "Verslag", list(present), actor_id=None, group_id=group_id
            )

        db.write_sync(add)
    return {"id": group_id, "meeting_id": ctx["meeting"]}


def _link(db: Any, action_id: int, signal_title: str, network: Any) -> None:
    def add(s: Session) -> None:
        signal = receive(
            s,
            network.id,
            Incoming(title=signal_title, kind="direct", neighbourhood="Kouter", theme="kind"),
            actor_id=None,
        )
        s.flush()
        s.add(ActionSignal(action_id=action_id, signal_id=signal.id))
        s.add(Milestone(action_id=action_id, due_on=datetime(2099, 1, 1).date(), title=f"Mijlpaal {signal_title}"))

    db.write_sync(add)


def grow_plan(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        i = _serial(ctx)
        objective_id = make_objective(db, network, people, title=f"Doel {i}")
        action_id = make_action(db, network, people, objective_id, title=f"Actie {i}", partner_ids=[1], wijk="Kouter")
        _link(db, action_id, f"Signaal {i}", network)
    return {}


def grow_action_page(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    if "action" not in ctx:
        ctx["action"] = make_action(db, network, people)
    for _ in range(n):
        i = _serial(ctx)
        _link(db, ctx["action"], f"Signaal {i}", network)
        practice = make_practice(db, network, people["member"], title=f"Praktijk {i}")
        db.write_sync(lambda s, p=practice.id: s.add(ActionPractice(action_id=ctx["action"], practice_id=p)))
    return {"id": ctx["action"]}


def grow_wijken(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        i = _serial(ctx)
        figures = [service_figures.Figure(w, 2000 + i, f"Indicator {i}", float(i)) for w in network.neighbourhoods]
        db.write_sync(service_figures.save, network.id, figures, actor_id=None)
        grow_plan(db, network, people, {"serial": 100 + i}, 1)
        for j, w in enumerate(network.neighbourhoods):  # the offers there, public and the network's own
            visibility = Visibility.PUBLIC if (i + j) % 2 else Visibility.NETWORK
            make_offer(
                db, network, people["member"], title=f"Aanbod {i} in {w}", neighbourhood=w, visibility=visibility
            )
    return {}


def grow_wijk(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    grow_wijken(db, network, people, ctx, n)
    return {"nr": 2}


def grow_figures(db, network, people, ctx, n):  # noqa: ANN001, ANN201
    for _ in range(n):
        i = _serial(ctx)
        figures = [service_figures.Figure(w, 2000 + i, "Kinderarmoede (%)", float(i)) for w in network.neighbourhoods]
        db.write_sync(service_figures.save, network.id, figures, actor_id=None)
    return {}


_ = service_plan  # the plan's writes are reached through tests.work.helpers
