"""Demo of the network's own work, after the seeds: Zele's five theme working groups (kind, jeugd, taal, vrije
tijd, werk) with meetings, a kansenplan with actions at several stages linked to decided signals, and figures for
Zele's wijken; Temse's plan of objectives with actions for the kansenwerker; a Wevelgem objective shared with the
region."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.meetings import service as service_meetings
from lerend_netwerk.networks.models import Role
from lerend_netwerk.practices.models import Practice
from lerend_netwerk.signals.models import Signal, Status
from lerend_netwerk.work import service, service_figures, service_plan
from lerend_netwerk.work.forms import ActionData
from lerend_netwerk.work.models import ActionPractice, ActionSignal, ActionStatus, Milestone

# name, theme, trekker role, days since the last meeting (None: never met), a meeting planned in days (None: none)
ZELE_GROUPS: list[tuple[str, str, Role, int | None, int | None]] = [
    ("Werkgroep kind", "kind", Role.FACILITATOR, 40, 30),
    ("Werkgroep jeugd", "jeugd", Role.MEMBER, 20, None),
    ("Werkgroep taal", "taal", Role.FACILITATOR, 150, None),  # late: four times a year means every 91 days
    ("Werkgroep vrije tijd", "vrije tijd", Role.STEERING, 60, 14),
    ("Werkgroep werk", "werk", Role.MEMBER, None, 45),
]

# network, objective, shared with the region, actions: (title, public text, trekker role, status, progress,
# deadline in days, milestones (days, title, done))
PLANS: list[tuple[str, str, bool, list[tuple[str, str, Role, ActionStatus, int, int, list[tuple[int, str, bool]]]]]] = [
    (
        "zele",
        "Vrije tijd is betaalbaar voor iedereen",
        False,
        [
            (
                "Instappen in de UiTPAS met kansentarief",
                "Met een UiTPAS aan kansentarief betalen gezinnen 20% van de prijs bij sport, cultuur en jeugdwerk.",
                Role.STEERING,
                ActionStatus.RUNNING,
                60,
                120,
                [(-60, "Beslissing van het college", True), (30, "Eerste partners doen mee", False)],
            ),
            (
                "Zwemles aan kansentarief",
                "Kinderen uit grote gezinnen leren zwemmen voor 1 euro per les.",
                Role.MEMBER,
                ActionStatus.DONE,
                100,
                -20,
                [(-90, "Afspraak met het zwembad", True)],
            ),
        ],
    ),
    (
        "zele",
        "Niemand staat er alleen voor",
        False,
        [
            (
                "Groepsactiviteiten tegen vereenzaming",
                "Elke maand een gratis activiteit in een buurthuis, met vervoer voor wie het nodig heeft.",
                Role.FACILITATOR,
                ActionStatus.PLANNED,
                0,
                200,
                [(60, "Eerste activiteit in Kouter", False)],
            ),
            (
                "Inschrijven op papier voor de speelpleinwerking",
                "Wie niet online kan, schrijft in op papier bij het Huis van het Kind.",
                Role.MEMBER,
                ActionStatus.RUNNING,
                30,
                -10,  # late
                [],
            ),
        ],
    ),
    (
        "temse",
        "Kinderarmoede terugdringen",
        False,
        [
            (
                "Gratis schoolmateriaal bij de start van het schooljaar",
                "Gezinnen met een laag inkomen krijgen een pakket schoolmateriaal.",
                Role.FACILITATOR,
                ActionStatus.RUNNING,
                50,
                90,
                [(-30, "Pakketten besteld", True), (45, "Uitdeeldag", False)],
            ),
            (
                "Dialoogtafel over wonen",
                "Mensen in armoede vertellen de stuurgroep wat wonen moeilijk maakt.",
                Role.FACILITATOR,
                ActionStatus.STOPPED,
                10,
                30,
                [],
            ),
        ],
    ),
    (
        "wevelgem",
        "Vrije tijd in de regio samen toegankelijk maken",
        True,
        [
            (
                "UiTPAS-kansentarief ook in de buurgemeenten",
                "Met je UiTPAS krijg je kansentarief in heel Zuid-West-Vlaanderen.",
                Role.STEERING,
                ActionStatus.RUNNING,
                40,
                180,
                [],
            )
        ],
    ),
]

ZELE_FIGURES: dict[str, tuple[float, float, float]] = {
    # wijk: kinderen geboren in kansarmoede (%) 2024, 2025; leefloners per 1000 inwoners 2025
    "Centrum": (14.2, 15.1, 9.8),
    "Kouter": (21.4, 22.8, 14.5),
    "Huivelde": (8.1, 7.6, 4.2),
    "Durmen": (11.0, 12.3, 6.1),
    "Heikant": (17.9, 18.4, 11.7),
}


def _groups(db: Session, demo: Any) -> dict[str, int]:
    zele = demo.networks["zele"]
    ids: dict[str, int] = {}
    orgs = demo.organisations["zele"]
    now = datetime.now(UTC).replace(hour=18, minute=0, second=0, microsecond=0)
    for index, (name, theme, trekker_role, last_days, next_days) in enumerate(ZELE_GROUPS):
        trekker = demo.people[("zele", trekker_role)]
        data = service.GroupData(
            name, theme, f"Partners en sleutelfiguren rond {theme}.", trekker.id, 4, theme == "taal"
        )
        group = service.save_group(db, zele.id, data, actor_id=None)
        group.created_at = now - timedelta(days=400)
        ids[theme] = group.id
        others = [
            demo.people[("zele", r)] for r in (Role.MEMBER, Role.STEERING) if demo.people[("zele", r)].id != trekker.id
        ]
        for person in others[:1]:
            service.add_member(
                db, zele.id, group.id, person_id=person.id, organisation_id=None, role="sleutelfiguur", actor_id=None
            )
        service.add_member(
            db, zele.id, group.id, person_id=None, organisation_id=orgs[index % len(orgs)].id, role="", actor_id=None
        )
        if last_days is not None:
            met = service_meetings.create(
                db,
                zele.id,
                title=f"{name}: overleg",
                starts_at=now - timedelta(days=last_days),
                place="Gemeentehuis Zele",
                actor_id=trekker.id,
                group_id=group.id,
            )
            service_meetings.add_agenda_item(db, zele.id, met.id, "Signalen van de voorbije maanden", None, group.id)
            service_meetings.add_agenda_item(db, zele.id, met.id, "Acties voor het kansenplan", None, group.id)
            service_meetings.record_minutes(
                db,
                zele.id,
                met.id,
                f"We bespraken de signalen over **{theme}** en spraken twee acties af.",
                [trekker.id, *[p.id for p in others[:1]]],
                actor_id=trekker.id,
                group_id=group.id,
            )
        if next_days is not None:
            service_meetings.create(
                db,
                zele.id,
                title=f"{name}: volgende vergadering",
                starts_at=now + timedelta(days=next_days),
                place="Huis van het Kind Zele",
                actor_id=trekker.id,
                group_id=group.id,
            )
    return ids


def _plans(db: Session, demo: Any, groups: dict[str, int]) -> None:
    today = date.today()
    for slug, title, shared, actions in PLANS:
        network = demo.networks[slug]
        goal = service_plan.save_objective(db, network.id, title=title, description="", shared=shared, actor_id=None)
        decided = list(
            db.scalars(
                select(Signal.id)
                .where(Signal.network_id == network.id, Signal.status.in_([Status.DECIDED, Status.IN_ACTION]))
                .order_by(Signal.id)
            )
        )
        practice = db.scalar(select(Practice.id).where(Practice.network_id == network.id).order_by(Practice.id))
        wijken = network.neighbourhoods or [""]
        for index, (name, text, role, status, progress, due_days, milestones) in enumerate(actions):
            data = ActionData(
                title=name,
                description=text,
                internal_note="Budget bespreken op de volgende stuurgroep.",
                trekker_id=demo.people[(slug, role)].id,
                partner_ids=[o.id for o in demo.organisations[slug][:2]],
                group_id=groups.get("vrije tijd") if slug == "zele" and index == 0 else None,
                wijk=wijken[index % len(wijken)],
                due_on=today + timedelta(days=due_days),
                status=status,
                progress=progress,
            )
            action = service_plan.save_action(db, network.id, goal.id, data, actor_id=None)
            for days, label, done in milestones:
                db.add(Milestone(action_id=action.id, due_on=today + timedelta(days=days), title=label, done=done))
            if decided:
                db.add(ActionSignal(action_id=action.id, signal_id=decided.pop(0)))
            if practice is not None and index == 0:
                db.add(ActionPractice(action_id=action.id, practice_id=practice))
    db.flush()


def _figures(db: Session, demo: Any) -> None:
    zele = demo.networks["zele"]
    figures = []
    for wijk, (y2024, y2025, leefloon) in ZELE_FIGURES.items():
        figures += [
            service_figures.Figure(wijk, 2024, "Kinderen geboren in kansarmoede (%)", y2024),
            service_figures.Figure(wijk, 2025, "Kinderen geboren in kansarmoede (%)", y2025),
            service_figures.Figure(wijk, 2025, "Leefloners per 1000 inwoners", leefloon),
        ]
    service_figures.save(db, zele.id, figures, actor_id=None)


def fill(db: Session, demo: Any) -> None:
    groups = _groups(db, demo)
    _plans(db, demo, groups)
    _figures(db, demo)
