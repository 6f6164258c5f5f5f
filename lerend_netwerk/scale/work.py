"""The network's own work at scale: per network five theme working groups with members and three years of
meetings (agenda, minutes, attendance), a kansenplan of six objectives with 30 actions (milestones, linked to the
network's decided signals), and three years of figures for every wijk. The same for every network, large or small:
a plan is a municipality's, it does not grow with its signals. Linear in N through the number of networks; runs
after the signals."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from lerend_netwerk.meetings.models import AgendaItem, Attendance, Body, Meeting
from lerend_netwerk.networks.models import Role
from lerend_netwerk.scale.bulk import Loader
from lerend_netwerk.scale.people import Net
from lerend_netwerk.scale.volumes import YEARS, Clock
from lerend_netwerk.signals.models import Signal, Status
from lerend_netwerk.work.models import (
    Action,
    ActionSignal,
    ActionStatus,
    GroupMember,
    Milestone,
    Objective,
    WijkFigure,
    WorkGroup,
)

GROUPS = 5
MEETINGS_PER_YEAR = 4
OBJECTIVES = 6
INDICATORS = ("Kinderen geboren in kansarmoede (%)", "Leefloners per 1000 inwoners", "Gezinnen met een UiTPAS")
ACTION_WORDS = (
    "Kansentarief bij {t}",
    "Vervoer naar activiteiten rond {t}",
    "Inschrijven op papier voor {t}",
    "Brieven in eenvoudige taal over {t}",
    "Een buddy voor de eerste keer ({t})",
)
STAGES = [ActionStatus.PLANNED, ActionStatus.RUNNING, ActionStatus.RUNNING, ActionStatus.DONE, ActionStatus.STOPPED]


ACTIONS = 30


def generate(load: Loader, rng: random.Random, clock: Clock, nets: list[Net]) -> None:
    for net in nets:
        groups = _groups(load, rng, clock, net)
        _plan(load, rng, clock, net, groups, ACTIONS)
        _figures(load, rng, clock, net)


def _staff(net: Net) -> list[int]:
    return [p[0] for role in (Role.MEMBER, Role.FACILITATOR, Role.STEERING) for p in net.people.get(role, [])]


def _groups(load: Loader, rng: random.Random, clock: Clock, net: Net) -> list[tuple[int, str]]:
    staff = _staff(net)
    made = []
    started = clock.now - timedelta(days=365 * YEARS)
    for theme in net.themes[:GROUPS]:
        group_id = load.next_id(WorkGroup)
        trekker = rng.choice(staff)
        load.add(
            WorkGroup,
            {
                "id": group_id,
                "network_id": net.id,
                "name": f"Werkgroep {theme}",
                "theme": theme,
                "description": f"Partners en sleutelfiguren rond {theme}.",
                "trekker_id": trekker,
                "meetings_per_year": MEETINGS_PER_YEAR,
                "shared_in_region": False,
                "created_at": started,
            },
        )
        members = rng.sample(staff, min(len(staff), 6))
        for person in members:
            load.add(
                GroupMember,
                {
                    "id": load.next_id(GroupMember),
                    "group_id": group_id,
                    "person_id": person,
                    "organisation_id": None,
                    "role": "",
                },
            )
        for org_id, _name, _sector in rng.sample(net.organisations, min(len(net.organisations), 2)):
            load.add(
                GroupMember,
                {
                    "id": load.next_id(GroupMember),
                    "group_id": group_id,
                    "person_id": None,
                    "organisation_id": org_id,
                    "role": "",
                },
            )
        for n in range(MEETINGS_PER_YEAR * YEARS + 1):
            when = started + timedelta(days=n * 365 // MEETINGS_PER_YEAR + rng.randint(0, 20))
            meeting_id = load.next_id(Meeting)
            past = when < clock.now
            load.add(
                Meeting,
                {
                    "id": meeting_id,
                    "network_id": net.id,
                    "body": Body.GROUP,
                    "group_id": group_id,
                    "title": f"Werkgroep {theme}, vergadering {n + 1}",
                    "starts_at": when,
                    "place": "Gemeentehuis",
                    "minutes": "We bespraken de signalen en de acties." if past else "",
                    "created_at": min(when, clock.now),
                },
            )
            for position, title in enumerate(("Signalen", "Acties van het kansenplan")):
                load.add(
                    AgendaItem,
                    {
                        "id": load.next_id(AgendaItem),
                        "meeting_id": meeting_id,
                        "position": position,
                        "title": title,
                        "practice_id": None,
                        "signal_id": None,
                    },
                )
            if past:
                for person in {trekker, *members[:3]}:
                    load.add(
                        Attendance, {"id": load.next_id(Attendance), "meeting_id": meeting_id, "person_id": person}
                    )
        made.append((group_id, theme))
    return made


def _plan(load: Loader, rng: random.Random, clock: Clock, net: Net, groups: list[tuple[int, str]], count: int) -> None:
    load.flush()  # the signals are written: read the decided ones to link
    decided = list(
        load.conn.scalars(
            select(Signal.id).where(
                Signal.network_id == net.id,
                Signal.status.in_([Status.DECIDED, Status.IN_ACTION]),
                Signal.merged_into_id.is_(None),
            )
        )
    )
    rng.shuffle(decided)
    objectives = []
    for position in range(OBJECTIVES):
        objective_id = load.next_id(Objective)
        theme = net.themes[position % len(net.themes)]
        load.add(
            Objective,
            {
                "id": objective_id,
                "network_id": net.id,
                "title": f"Meer kansen rond {theme}",
                "description": "",
                "position": position,
                "shared_in_region": False,
                "created_at": clock.now - timedelta(days=365),
            },
        )
        objectives.append((objective_id, theme))
    staff = _staff(net)
    for n in range(count):
        objective_id, theme = objectives[n % len(objectives)]
        action_id = load.next_id(Action)
        status = STAGES[n % len(STAGES)]
        progress = {ActionStatus.PLANNED: 0, ActionStatus.DONE: 100}.get(status, rng.randint(5, 95))
        due = clock.today + timedelta(days=rng.randint(-120, 400))
        group = next((g for g, t in groups if t == theme), None)
        load.add(
            Action,
            {
                "id": action_id,
                "network_id": net.id,
                "objective_id": objective_id,
                "title": rng.choice(ACTION_WORDS).format(t=theme),
                "description": "Wat we doen, in eenvoudige woorden.",
                "internal_note": "",
                "trekker_id": rng.choice(staff),
                "partners": "|" + "|".join(str(o[0]) for o in net.organisations[:2]) + "|",
                "group_id": group,
                "wijk": rng.choice(net.wijken),
                "due_on": due,
                "status": status,
                "progress": progress,
                "created_at": clock.now - timedelta(days=300),
                "updated_at": clock.now,
            },
        )
        for k in range(2):
            load.add(
                Milestone,
                {
                    "id": load.next_id(Milestone),
                    "action_id": action_id,
                    "due_on": due - timedelta(days=60 * (2 - k)),
                    "title": "Eerste stap" if k == 0 else "Tussenstand in de stuurgroep",
                    "done": k == 0 and status != ActionStatus.PLANNED,
                },
            )
        for _ in range(min(2, len(decided))):
            load.add(ActionSignal, {"action_id": action_id, "signal_id": decided.pop()})


def _figures(load: Loader, rng: random.Random, clock: Clock, net: Net) -> None:
    for wijk in net.wijken:
        base = [rng.uniform(5, 25), rng.uniform(3, 15), rng.uniform(50, 400)]
        for year in range(clock.today.year - YEARS, clock.today.year):
            for indicator, value in zip(INDICATORS, base, strict=True):
                load.add(
                    WijkFigure,
                    {
                        "id": load.next_id(WijkFigure),
                        "network_id": net.id,
                        "wijk": wijk,
                        "year": year,
                        "indicator": indicator,
                        "value": round(value * rng.uniform(0.9, 1.1), 1),
                        "updated_at": clock.now,
                    },
                )
