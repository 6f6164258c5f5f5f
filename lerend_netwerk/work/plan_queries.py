"""Reads of the kansenplan: the plan by objective (for staff, the print, the CSV and the public page), one action
with its milestones and links, and what a signal's page shows of the actions it is part of. A fixed number of
queries per page, whatever the plan's size; every read is scoped to a network."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Row, bindparam, func, select
from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Network, Person
from lerend_netwerk.networks.queries import organisations
from lerend_netwerk.practices.models import Practice
from lerend_netwerk.signals.models import DECIDED, Signal, Status
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.forms import Form
from lerend_netwerk.work.models import (
    ACTION_STATUS_LABELS,
    Action,
    ActionPractice,
    ActionSignal,
    ActionStatus,
    Milestone,
    Objective,
    WorkGroup,
)
from lerend_netwerk.work.plan_html import progress_line

ACTIONS_TO_JOIN = 200  # the newest open actions a signal can join from its page

# A milestone as the plan shows it (id, action_id, due_on, title, done): rows to read, not ORM objects (the public
# plan shows dozens, and making objects was among the top functions of its profile). Changed through `Milestone`.
MilestoneRow = Row[tuple[int, int, date, str, bool]]


@dataclass
class ActionRow:
    action: Action
    trekker: str = ""
    group: str = ""
    partners: list[str] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    signals: int = 0

    @property
    def overdue(self) -> bool:
        done = self.action.status in (ActionStatus.DONE, ActionStatus.STOPPED)
        return self.action.due_on is not None and self.action.due_on < date.today() and not done


@dataclass
class ObjectiveRow:
    objective: Objective
    actions: list[ActionRow]
    network: str = ""  # the member network's name, on a regional network's plan

    @property
    def progress(self) -> int:
        """The objective's progress: the mean of its actions' (0 without actions)."""
        running = [a.action.progress for a in self.actions if a.action.status != ActionStatus.STOPPED]
        return round(sum(running) / len(running)) if running else 0


# The plan's statements are built once: building them on every request cost more than the database took to run them.
_OBJECTIVES = (
    select(Objective, Network.name)
    .join(Network, Network.id == Objective.network_id)
    .where(Objective.network_id.in_(bindparam("network_ids", expanding=True)))
    .order_by(Network.name, Objective.position, Objective.id)
)
_SHARED_OBJECTIVES = _OBJECTIVES.where(Objective.shared_in_region.is_(True))
_MEMBERS = select(Network.id).where(Network.region_id == bindparam("region_id"))
_LINKED_SIGNALS = select(func.count()).where(ActionSignal.action_id == Action.id).correlate(Action).scalar_subquery()
_ACTIONS = (
    select(Action, Person.name, WorkGroup.name, _LINKED_SIGNALS)
    .outerjoin(Person, Person.id == Action.trekker_id)
    .outerjoin(WorkGroup, WorkGroup.id == Action.group_id)
    # By network as well as objective: the index on both (network, objective) then finds the actions; on the objective
    # alone PostgreSQL read every action of every network (0.65 -> 0.35 ms on the benchmark's scale-50 data).
    .where(
        Action.network_id.in_(bindparam("network_ids", expanding=True)),
        Action.objective_id.in_(bindparam("objective_ids", expanding=True)),
    )
    .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
)
_MILESTONES = (
    select(Milestone.id, Milestone.action_id, Milestone.due_on, Milestone.title, Milestone.done)
    .where(Milestone.action_id.in_(bindparam("action_ids", expanding=True)))
    .order_by(Milestone.due_on, Milestone.id)
)


def _objectives(db: Session, network_ids: list[int], *, shared_only: bool = False) -> list[tuple[Objective, str]]:
    query = _SHARED_OBJECTIVES if shared_only else _OBJECTIVES
    return [(o, n) for o, n in db.execute(query, {"network_ids": network_ids})]


def plan(db: Session, network: Network) -> list[ObjectiveRow]:
    """The network's objectives with their actions; a regional network's plan is its members' shared objectives.
    `network` is the request's (its id and kind are read, not loaded again)."""
    network_id, kind = network.id, network.kind
    if kind == "regional":
        members = list(db.scalars(_MEMBERS, {"region_id": network_id}))
        objectives = _objectives(db, members, shared_only=True)
    else:
        objectives = _objectives(db, [network_id])
    return _with_actions(db, objectives, regional=kind == "regional")


def _with_actions(db: Session, objectives: list[tuple[Objective, str]], *, regional: bool) -> list[ObjectiveRow]:
    ids = [o.id for o, _n in objectives]
    if not ids:
        return []
    rows: dict[int, ActionRow] = {}
    by_objective: dict[int, list[ActionRow]] = {i: [] for i in ids}
    network_ids = sorted({o.network_id for o, _n in objectives})
    for action, trekker, group, linked in db.execute(_ACTIONS, {"network_ids": network_ids, "objective_ids": ids}):
        row = ActionRow(action, trekker or "", group or "", signals=linked or 0)
        rows[action.id] = row
        by_objective[action.objective_id].append(row)
    if rows:
        for milestone in db.execute(_MILESTONES, {"action_ids": list(rows)}):
            rows[milestone.action_id].milestones.append(milestone)
        # Partners are organisations of the action's own network: their names come from what the worker keeps.
        names = {
            o.id: o.name
            for network_id in {row.action.network_id for row in rows.values() if row.action.partner_ids}
            for o in organisations(db, network_id)
        }
        for row in rows.values():
            row.partners = [names[i] for i in row.action.partner_ids if i in names]
    return [ObjectiveRow(o, by_objective[o.id], name if regional else "") for o, name in objectives]


def objective(db: Session, network_id: int, objective_id: int) -> Objective:
    found = db.scalar(select(Objective).where(Objective.id == objective_id, Objective.network_id == network_id))
    if found is None:
        raise NotFound()
    return found


def action(db: Session, network_id: int, action_id: int) -> Action:
    found = db.scalar(select(Action).where(Action.id == action_id, Action.network_id == network_id))
    if found is None:
        raise NotFound()
    return found


@dataclass
class ActionPage:
    row: ActionRow
    objective: Objective
    signals: list[Signal]
    practices: list[Practice]


def action_page(db: Session, network_id: int, action_id: int) -> ActionPage:
    found = action(db, network_id, action_id)
    row = _with_actions(db, [(objective(db, network_id, found.objective_id), "")], regional=False)[0]
    this = next(a for a in row.actions if a.action.id == found.id)
    signals = list(
        db.scalars(
            select(Signal)
            .join(ActionSignal, ActionSignal.signal_id == Signal.id)
            .where(ActionSignal.action_id == found.id, Signal.network_id == network_id)
            .order_by(Signal.id)
        )
    )
    practices = list(
        db.scalars(
            select(Practice)
            .join(ActionPractice, ActionPractice.practice_id == Practice.id)
            .where(ActionPractice.action_id == found.id)
            .order_by(Practice.title)
        )
    )
    return ActionPage(this, row.objective, signals, practices)


def linked_practice_ids(db: Session, action_id: int) -> list[int]:
    return list(db.scalars(select(ActionPractice.practice_id).where(ActionPractice.action_id == action_id)))


def choices(db: Session, network_id: int) -> dict[str, list[tuple[int, str]]]:
    """What an action's form offers: the network's objectives and working groups."""
    return {
        "objectives": [
            (i, t)
            for i, t in db.execute(
                select(Objective.id, Objective.title)
                .where(Objective.network_id == network_id)
                .order_by(Objective.position, Objective.id)
            )
        ],
        "groups": [
            (i, n)
            for i, n in db.execute(
                select(WorkGroup.id, WorkGroup.name).where(WorkGroup.network_id == network_id).order_by(WorkGroup.name)
            )
        ],
    }


def signal_panel(db: Session, network_id: int, signal_id: int) -> dict[str, object] | None:
    """What a signal's page shows of the plan: the actions it is part of with their progress, and (once the
    stuurgroep decided it) the choices to start an action from it or join one."""
    status = db.scalar(select(Signal.status).where(Signal.id == signal_id, Signal.network_id == network_id))
    if status is None:
        return None
    linked = list(
        db.execute(
            select(Action, Objective.title)
            .join(ActionSignal, ActionSignal.action_id == Action.id)
            .join(Objective, Objective.id == Action.objective_id)
            .where(ActionSignal.signal_id == signal_id, Action.network_id == network_id)
            .order_by(Action.id)
        )
    )
    decided = status in DECIDED and status != Status.NOT_RETAINED
    context: dict[str, object] = {
        "plan_actions": linked,
        "plan_decided": decided,
        "plan_signal_id": signal_id,
        "form": Form(),
        "action_labels": ACTION_STATUS_LABELS,
        "progress": progress_line,
    }
    if decided:
        linked_ids = {a.id for a, _t in linked}
        context["plan_join_options"] = [
            (i, f"{t} ({o})")
            for i, t, o in db.execute(
                select(Action.id, Action.title, Objective.title)
                .join(Objective, Objective.id == Action.objective_id)
                .where(Action.network_id == network_id, Action.status.in_([ActionStatus.PLANNED, ActionStatus.RUNNING]))
                .order_by(Action.id.desc())
                .limit(ACTIONS_TO_JOIN)
            )
            if i not in linked_ids
        ]
        context["plan_objective_options"] = choices(db, network_id)["objectives"]
    return context


def csv_rows(db: Session, network: Network) -> list[list[object]]:
    """One line per action, for the college or the OCMW council: no internal notes."""
    lines: list[list[object]] = []
    for row in plan(db, network):
        for a in row.actions:
            lines.append(
                [
                    row.objective.title,
                    a.action.title,
                    a.trekker,
                    "; ".join(a.partners),
                    a.group,
                    a.action.wijk,
                    a.action.due_on.isoformat() if a.action.due_on else "",
                    a.action.status.value,
                    a.action.progress,
                    "; ".join(f"{m.due_on.isoformat()} {m.title}{' (klaar)' if m.done else ''}" for m in a.milestones),
                    a.signals,
                ]
            )
    return lines
