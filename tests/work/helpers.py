"""Helpers for the network's work: make a working group (the member is its trekker) directly."""

from __future__ import annotations

from typing import Any

from lerend_netwerk.work import service


def make_group(
    db: Any, network: Any, people: dict[str, Any], *, name: str = "Werkgroep kind", theme: str = "kind"
) -> int:
    data = service.GroupData(name, theme, "", people["member"].id, 4, False)
    return db.write_sync(service.save_group, network.id, data, actor_id=people["coordinator"].id).id


def make_objective(db: Any, network: Any, people: dict[str, Any], title: str = "Elk kind kan meedoen") -> int:
    from lerend_netwerk.work import service_plan

    return db.write_sync(
        service_plan.save_objective, network.id, title=title, description="", shared=False, actor_id=None
    ).id


def make_action(db: Any, network: Any, people: dict[str, Any], objective_id: int | None = None, **kw: Any) -> int:
    """An action whose trekker is the member."""
    from lerend_netwerk.work import service_plan
    from lerend_netwerk.work.forms import ActionData
    from lerend_netwerk.work.models import ActionStatus

    objective_id = objective_id or make_objective(db, network, people)
    values: dict[str, Any] = {
        "title": "Sportkampen aan kansentarief",
        "description": "Elk kind kan mee op sportkamp.",
        "internal_note": "Budget nog niet rond",
        "trekker_id": people["member"].id,
        "partner_ids": [],
        "group_id": None,
        "wijk": "",
        "due_on": None,
        "status": ActionStatus.RUNNING,
        "progress": 20,
    }
    values.update(kw)
    return db.write_sync(service_plan.save_action, network.id, objective_id, ActionData(**values), actor_id=None).id


def fill_some_work(db: Any, network: Any, people: dict[str, Any]) -> None:
    """A working group (the member is its trekker) with a meeting, an action with a milestone, and wijk figures:
    so the crawls reach the network's work pages and forms."""
    from datetime import UTC, date, datetime

    from lerend_netwerk.work import service_figures
    from lerend_netwerk.work.models import Milestone

    group_id = make_group(db, network, people)
    db.write_sync(
        service.plan_meeting,
        network.id,
        group_id,
        title="Werkgroep kind, maart",
        starts_at=datetime(2099, 3, 1, 18, tzinfo=UTC),
        place="",
        actor_id=people["coordinator"].id,
        manages=True,
    )
    action_id = make_action(db, network, people, wijk=network.neighbourhoods[0], group_id=group_id)
    db.write_sync(lambda s: s.add(Milestone(action_id=action_id, due_on=date(2099, 1, 1), title="Eerste stap")))
    figures = [service_figures.Figure(w, 2025, "Kinderarmoede", 10.0 + i) for i, w in enumerate(network.neighbourhoods)]
    db.write_sync(service_figures.save, network.id, figures, actor_id=None)
