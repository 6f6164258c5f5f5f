"""Writes of the kansenplan: objectives, actions (with their partners, working group, practices and signals),
progress and milestones, and a decided signal that starts an action or joins one in one step. A trekker moves
its own action's progress; steering and the coordinator do everything (`manages`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Membership, Organisation
from lerend_netwerk.practices.models import Practice
from lerend_netwerk.signals.models import DECIDED, Signal, Status
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.work.forms import ActionData, ProgressData
from lerend_netwerk.work.models import (
    Action,
    ActionPractice,
    ActionSignal,
    ActionStatus,
    Milestone,
    Objective,
    WorkGroup,
)
from lerend_netwerk.work.plan_queries import action, objective
from lerend_netwerk.work.service import NotYours, WorkError


def not_decided() -> str:
    return _("Alleen een signaal waarover de stuurgroep besliste, kan een actie worden.")


def save_objective(
    db: Session, network_id: int, *, title: str, description: str, shared: bool, actor_id: int
) -> Objective:
    position = db.scalar(select(func.count()).select_from(Objective).where(Objective.network_id == network_id)) or 0
    found = Objective(
        network_id=network_id, title=title, description=description, shared_in_region=shared, position=position
    )
    db.add(found)
    db.flush()
    audit.record(
        db, "plan.objective_created", actor_id=actor_id, network_id=network_id, subject=("objective", found.id)
    )
    return found


def _check(db: Session, network_id: int, data: ActionData) -> None:
    if data.trekker_id is not None and (
        db.scalar(
            select(Membership.id).where(Membership.network_id == network_id, Membership.person_id == data.trekker_id)
        )
        is None
    ):
        raise WorkError(_("Kies een trekker uit de lijst."), field="trekker")
    if data.partner_ids:
        known = set(
            db.scalars(
                select(Organisation.id).where(
                    Organisation.network_id == network_id, Organisation.id.in_(data.partner_ids)
                )
            )
        )
        if known != set(data.partner_ids):
            raise WorkError(_("Kies de partners uit de lijst."), field="partners")
    if data.group_id is not None and (
        db.scalar(select(WorkGroup.id).where(WorkGroup.id == data.group_id, WorkGroup.network_id == network_id)) is None
    ):
        raise WorkError(_("Kies een werkgroep uit de lijst."), field="werkgroep")


def save_action(
    db: Session,
    network_id: int,
    objective_id: int,
    data: ActionData,
    *,
    actor_id: int,
    action_id: int | None = None,
    practice_ids: list[int] | None = None,
) -> Action:
    """Make an action under an objective, or change one (`action_id`, which may move it to `objective_id`)."""
    goal = objective(db, network_id, objective_id)
    _check(db, network_id, data)
    found = action(db, network_id, action_id) if action_id is not None else Action(network_id=network_id)
    found.objective_id = goal.id
    found.title = data.title
    found.description = data.description
    found.internal_note = data.internal_note
    found.trekker_id = data.trekker_id
    found.partners = "|" + "|".join(str(i) for i in data.partner_ids) + "|" if data.partner_ids else ""
    found.group_id = data.group_id
    found.wijk = data.wijk
    found.due_on = data.due_on
    found.status = data.status
    found.progress = 100 if data.status == ActionStatus.DONE else data.progress
    db.add(found)
    db.flush()
    if practice_ids is not None:
        _link_practices(db, network_id, found, practice_ids)
    audit.record(
        db,
        "plan.action_saved" if action_id else "plan.action_created",
        actor_id=actor_id,
        network_id=network_id,
        subject=("action", found.id),
    )
    return found


def _link_practices(db: Session, network_id: int, found: Action, practice_ids: list[int]) -> None:
    ids = (
        set(db.scalars(select(Practice.id).where(Practice.network_id == network_id, Practice.id.in_(practice_ids))))
        if practice_ids
        else set()
    )
    db.execute(delete(ActionPractice).where(ActionPractice.action_id == found.id))
    for practice_id in sorted(ids):
        db.add(ActionPractice(action_id=found.id, practice_id=practice_id))


def _movable(db: Session, network_id: int, action_id: int, person_id: int, manages: bool) -> Action:
    found = action(db, network_id, action_id)
    if not manages and found.trekker_id != person_id:
        raise NotYours()
    return found


def check_mover(db: Session, network_id: int, action_id: int, person_id: int, manages: bool) -> None:
    """Refuse (NotYours) who is neither the action's trekker nor steering or coordinator."""
    _movable(db, network_id, action_id, person_id, manages)


def move_progress(
    db: Session, network_id: int, action_id: int, data: ProgressData, *, actor_id: int, manages: bool
) -> None:
    """The trekker's update: status, percentage, and which milestones are reached."""
    found = _movable(db, network_id, action_id, actor_id, manages)
    found.status = data.status
    found.progress = 100 if data.status == ActionStatus.DONE else data.progress
    for milestone in db.scalars(select(Milestone).where(Milestone.action_id == found.id)):
        milestone.done = milestone.id in data.done_milestones
    audit.record(
        db,
        "plan.progress",
        actor_id=actor_id,
        network_id=network_id,
        subject=("action", found.id),
        status=found.status.value,
        progress=found.progress,
    )


def add_milestone(
    db: Session, network_id: int, action_id: int, *, due_on: date, title: str, actor_id: int, manages: bool
) -> None:
    found = _movable(db, network_id, action_id, actor_id, manages)
    db.add(Milestone(action_id=found.id, due_on=due_on, title=title))
    audit.record(db, "plan.milestone", actor_id=actor_id, network_id=network_id, subject=("action", found.id))


def from_signal(
    db: Session,
    network_id: int,
    signal_id: int,
    *,
    action_id: int | None,
    objective_id: int | None,
    title: str,
    actor_id: int,
) -> Action:
    """One step from a decided signal: join the action `action_id`, or start a new one under `objective_id` (its
    title, theme's working group and wijk from the signal)."""
    signal = db.scalar(select(Signal).where(Signal.id == signal_id, Signal.network_id == network_id))
    if signal is None:
        raise NotFound()
    if signal.status not in DECIDED or signal.status == Status.NOT_RETAINED:
        raise WorkError(not_decided(), field="actie")
    if action_id is not None:
        found = action(db, network_id, action_id)
    elif objective_id is not None:
        goal = objective(db, network_id, objective_id)
        group_id = db.scalar(
            select(WorkGroup.id)
            .where(WorkGroup.network_id == network_id, WorkGroup.theme == signal.theme, signal.theme != "")
            .order_by(WorkGroup.id)
            .limit(1)
        )
        found = Action(
            network_id=network_id,
            objective_id=goal.id,
            title=title or signal.title[:200],
            group_id=group_id,
            wijk=signal.neighbourhood,
        )
        db.add(found)
        db.flush()
    else:
        raise WorkError(
            _("Kies een actie om bij aan te sluiten, of een doelstelling voor een nieuwe actie."), field="actie"
        )
    if db.get(ActionSignal, (found.id, signal.id)) is None:
        db.add(ActionSignal(action_id=found.id, signal_id=signal.id))
    audit.record(
        db,
        "plan.signal_linked",
        actor_id=actor_id,
        network_id=network_id,
        subject=("action", found.id),
        signal_id=signal.id,
    )
    return found
