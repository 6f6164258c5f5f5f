"""Generated dialogue tables: sessions over three years and some ahead, sign-ups with needs, waiting lists,
cancellations, attendance and compensation for past sessions, contact data erased after the retention period,
calls to make, and the points raised (some handed to the signals board)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from lerend_netwerk import audit
from lerend_netwerk.dialogue.demo import PLACE
from lerend_netwerk.dialogue.models import (
    CallTask,
    DialogueTable,
    NotePoint,
    SessionStatus,
    SignUp,
    SignUpStatus,
    TableFacilitator,
    TableSession,
)
from lerend_netwerk.dialogue.service import local_to_utc
from lerend_netwerk.dialogue.tokens import hash_token, link_token
from lerend_netwerk.networks.models import Role
from lerend_netwerk.registry import Registry
from lerend_netwerk.scale.bulk import Loader
from lerend_netwerk.scale.people import Net
from lerend_netwerk.scale.signals import Handed
from lerend_netwerk.scale.volumes import Clock, spread
from lerend_netwerk.scale.words import FIRST_NAMES
from lerend_netwerk.settings import Settings
from lerend_netwerk.signals.demo import POINTS as SIGNAL_POINTS

RETENTION_DAYS = Settings.signup_retention_days
TABLES = ["Dialoogtafel {m}", "Praattafel {theme}", "Ouderpraat {wijk}", "Koffietafel {wijk}", "Jongerentafel {m}"]
AUDIENCE = [
    "Voor iedereen die weet hoe het is om rond te komen met weinig geld. Jij bent de deskundige.",
    "Voor ouders die willen vertellen wat moeilijk loopt met school, opvang en vrije tijd.",
    "Voor jongeren tussen 16 en 25 die zeggen wat er beter kan in hun gemeente.",
]
PLACES = ["Sociaal Huis {m}, zaal De Schelde", "Buurthuis {wijk}", "Bibliotheek {m}, leeszaal", "OCMW {m}, zaal 1"]
SUMMARIES = [
    "Goed gesprek met {n} deelnemers over huren, de bus en de schoolfacturen.",
    "{n} mensen waren er. Veel vragen over de energiefactuur en de premies.",
    "Rustige sessie met {n} deelnemers; de kinderopvang werd goed gebruikt.",
]
POINT_TEXTS = [
    "Huurwaarborg is onbetaalbaar voor wie een leefloon heeft",
    "De bus naar het Sociaal Huis rijdt niet na 18 uur",
    *[text for text, *_ in SIGNAL_POINTS],
]
DIETS = ["geen varkensvlees", "vegetarisch", "halal", "zonder gluten"]
LANGUAGES = ["Arabisch", "Turks", "Pools", "Oekraïens", "Dari", "Tigrinya"]


def generate(
    load: Loader,
    rng: random.Random,
    clock: Clock,
    nets: list[Net],
    sessions: list[int],
    signups: list[int],
    secret: str,
) -> tuple[dict[int, list[tuple[int, str, str]]], list[dict[str, Any]]]:
    """Returns (id, link, label) of the sessions per network, and note points (rows without id and signal yet) for
    `handed` and `write_points`."""
    urls = Registry.build().urls
    by_network: dict[int, list[tuple[int, str, str]]] = {}
    points: list[dict[str, Any]] = []
    for net, count, people in zip(nets, sessions, signups, strict=True):
        tables = _tables(load, rng, clock, net, max(1, -(-count // 12)))
        ahead = min(count, max(len(tables), round(count * 0.1)))  # every table has a session coming up
        days = [
            (day, n % len(tables))
            for n, day in enumerate(sorted(clock.day_in_past(rng, newest=3) for _ in range(count - ahead)))
        ]
        days += [(clock.today + timedelta(days=rng.randint(3, 90)), n % len(tables)) for n in range(ahead)]
        by_network[net.id] = []
        payees: dict[int, int] = {}  # participant (account) -> number in the compensation ledger
        for (day, table), size in zip(days, spread(rng, people, count), strict=True):
            table_id, table_name, facilitators = tables[table]
            local = datetime(day.year, day.month, day.day, rng.choice((10, 14, 19)))
            session = _session(load, rng, clock, net, table_id, local)
            link = urls.path("dialogue:session", network=net.slug, id=session["id"])
            by_network[net.id].append((session["id"], link, f"{table_name} {day:%d-%m-%Y}"))
            _signups(load, rng, clock, net, session, size, facilitators, secret, payees)
            if session["ends_at"] < clock.now and session["status"] == SessionStatus.PLANNED:
                points += _points(rng, net, session, table_name, facilitators, link)
    return by_network, points


def _tables(load: Loader, rng: random.Random, clock: Clock, net: Net, count: int) -> list[tuple[int, str, list[int]]]:
    made = []
    facilitators = [p[0] for p in net.people[Role.FACILITATOR]]
    for n in range(count):
        table_id = load.next_id(DialogueTable)
        theme = rng.choice(net.themes)
        name = TABLES[n % len(TABLES)].format(m=net.municipality, theme=theme, wijk=rng.choice(net.wijken))
        created = clock.moment(clock.day_in_past(rng, newest=365 * 3, oldest=365 * 3 + 30), rng)
        load.add(
            DialogueTable,
            {
                "id": table_id,
                "network_id": net.id,
                "name": name if n < len(TABLES) else f"{name} {n // len(TABLES) + 1}",
                "theme": theme,
                "audience": rng.choice(AUDIENCE),
                "created_at": created,
            },
        )
        hosts = rng.sample(facilitators, rng.randint(1, 2))
        for person_id in hosts:
            load.add(
                TableFacilitator, {"id": load.next_id(TableFacilitator), "table_id": table_id, "person_id": person_id}
            )
        load.add(
            audit.AuditEvent,
            {
                "id": load.next_id(audit.AuditEvent),
                "at": created,
                "network_id": net.id,
                "actor_id": hosts[0],
                "action": "dialogue.table_created",
                "subject_type": "table",
                "subject_id": table_id,
                "details": {},
            },
        )
        made.append((table_id, name, hosts))
    return made


def _session(
    load: Loader, rng: random.Random, clock: Clock, net: Net, table_id: int, local: datetime
) -> dict[str, Any]:
    starts = local_to_utc(local)
    wijk = rng.choice(net.wijken)
    row = {
        "id": load.next_id(TableSession),
        "network_id": net.id,
        "table_id": table_id,
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=rng.choice((90, 120, 120, 150))),
        "place": rng.choice(PLACES).format(m=net.municipality, wijk=wijk),
        "address": f"{rng.choice(('Kerkstraat', 'Stationsstraat', 'Marktplein', 'Schoolstraat'))} {rng.randint(1, 80)}",
        "wijk": wijk,
        "directions": PLACE["directions"],
        "accessibility": PLACE["accessibility"],
        "expect": PLACE["expect"],
        "capacity": rng.choice((8, 10, 12, 12, 15, 20)),
        "signup_deadline": starts - timedelta(days=1),
        "status": SessionStatus.CANCELLED if rng.random() < 0.03 else SessionStatus.PLANNED,
        "sequence": 0,
        "compensation_cents": rng.choice((0, 1500, 2000, 2500, 2500)),
        "summary": "",
        "created_at": min(starts - timedelta(days=rng.randint(20, 60)), clock.now),
    }
    if row["ends_at"] < clock.now:
        row["summary"] = rng.choice(SUMMARIES).format(n=rng.randint(4, row["capacity"]))
    load.add(TableSession, row)
    return row


def _signups(
    load: Loader,
    rng: random.Random,
    clock: Clock,
    net: Net,
    session: dict[str, Any],
    count: int,
    facilitators: list[int],
    secret: str,
    payees: dict[int, int],
) -> None:
    """Sign-ups in the order they came in: confirmed while there is room, then the waiting list; a cancelled place
    goes to the first in line. After the session: attendance and compensation (a participant's payments under one
    ledger number, as `session_work` numbers them); after retention: erased, the payments kept."""
    rows: list[dict[str, Any]] = []
    waiting: list[dict[str, Any]] = []
    confirmed = 0
    participants = rng.sample(net.people[Role.PARTICIPANT], min(count // 4, len(net.people[Role.PARTICIPANT])))
    for n in range(count):
        created = min(session["starts_at"] - timedelta(days=rng.randint(2, 30), minutes=n), clock.now)
        row = _signup(load, rng, net, session, created, participants[n] if n < len(participants) else None)
        row["registered_by_id"] = rng.choice(facilitators) if not (row["email"] or row["phone"]) else None
        if confirmed < session["capacity"]:
            row["status"], confirmed = SignUpStatus.CONFIRMED, confirmed + 1
        else:
            row["status"], row["waiting_position"] = SignUpStatus.WAITING, len(waiting) + 1
            waiting.append(row)
        rows.append(row)
    for row in rows:
        if rng.random() >= 0.08:
            continue
        was = row["status"]
        cancelled = min(row["created_at"] + timedelta(days=1), clock.now)
        row.update(status=SignUpStatus.CANCELLED, waiting_position=None, cancelled_at=cancelled)
        if was == SignUpStatus.WAITING:
            waiting.remove(row)
        elif waiting:
            first = waiting.pop(0)
            first.update(status=SignUpStatus.CONFIRMED, waiting_position=None, promoted_at=row["cancelled_at"])
    past = session["ends_at"] < clock.now
    held = past and session["status"] == SessionStatus.PLANNED
    for row in rows:
        if held and row["status"] == SignUpStatus.CONFIRMED:
            row["reminder_sent_at"] = session["starts_at"] - timedelta(days=2)
            if rng.random() < 0.85:
                row["attended"] = True
                row["checked_in_at"] = session["starts_at"] + timedelta(minutes=rng.randint(-10, 20))
                row["compensation_cents"] = session["compensation_cents"]
                if row["compensation_cents"]:
                    person = row["person_id"]
                    row["payee_number"] = payees.setdefault(person, row["id"]) if person else row["id"]
        if past and session["ends_at"] + timedelta(days=RETENTION_DAYS) < clock.now:
            _erase(row, session["ends_at"] + timedelta(days=RETENTION_DAYS + 1))
        elif row["link_nonce"]:
            row["token_hash"] = hash_token(link_token(secret, row["link_nonce"]))
        load.add(SignUp, row)
        if not past and row["phone"] and not row["email"] and row["status"] != SignUpStatus.CANCELLED:
            kind = "confirmation" if row["status"] == SignUpStatus.CONFIRMED else "waiting"
            done = rng.random() < 0.5
            load.add(
                CallTask,
                {
                    "id": load.next_id(CallTask),
                    "network_id": net.id,
                    "signup_id": row["id"],
                    "kind": kind,
                    "created_at": row["created_at"],
                    "done_at": row["created_at"] + timedelta(hours=5) if done else None,
                    "done_by_id": facilitators[0] if done else None,
                },
            )


def _signup(
    load: Loader,
    rng: random.Random,
    net: Net,
    session: dict[str, Any],
    created: datetime,
    participant: tuple[int, str, str] | None,
) -> dict[str, Any]:
    first = participant[1].split()[0] if participant else rng.choice(FIRST_NAMES)
    email = participant[2] if participant else None
    phone = None
    contact = rng.random()
    if participant is None and contact < 0.55:
        email = f"{first.lower().replace('ş', 's')}.{rng.randint(1, 9999)}@example.be"
    elif participant is None and contact < 0.85:
        phone = f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    childcare = rng.random() < 0.2
    interpreter = rng.random() < 0.08
    return {
        "id": load.next_id(SignUp),
        "network_id": net.id,
        "session_id": session["id"],
        "person_id": participant[0] if participant else None,
        "registered_by_id": None,
        "status": SignUpStatus.CONFIRMED,
        "waiting_position": None,
        "first_name": first,
        "email": email or None,
        "phone": phone,
        "childcare": childcare,
        "children_count": rng.randint(1, 4) if childcare else None,
        "children_ages": rng.choice(("4 en 9 jaar", "2 jaar", "6, 8 en 11 jaar")) if childcare else "",
        "transport": rng.random() < 0.15,
        "interpreter": interpreter,
        "interpreter_language": rng.choice(LANGUAGES) if interpreter else "",
        "diet": rng.choice(DIETS) if rng.random() < 0.1 else "",
        "accessibility": "komt met rolstoel" if rng.random() < 0.03 else "",
        "other_needs": "",
        "consent_at": created if (email or phone) else None,
        "link_nonce": f"scale-{session['id']}-{rng.getrandbits(64):016x}",
        "token_hash": None,
        "created_at": created,
        "promoted_at": None,
        "cancelled_at": None,
        "reminder_sent_at": None,
        "attended": False,
        "checked_in_at": None,
        "compensation_cents": 0,
        "payee_number": None,
        "anonymised_at": None,
    }


def _erase(row: dict[str, Any], at: datetime) -> None:
    """What the retention rule does once the period has passed (`SignUp.anonymise`, on the row's values)."""
    erased = SimpleNamespace()
    SignUp.anonymise(erased, at)  # type: ignore[arg-type]
    row.update(vars(erased))


def _points(
    rng: random.Random, net: Net, session: dict[str, Any], table: str, facilitators: list[int], link: str
) -> list[dict[str, Any]]:
    return [
        {
            "network_id": net.id,
            "session_id": session["id"],
            "text": rng.choice(POINT_TEXTS),
            "theme": rng.choice(net.themes),
            "people_count": rng.randint(1, 6),
            "created_by_id": facilitators[0],
            "created_at": session["ends_at"] + timedelta(hours=1),
            "handed": rng.random() < 0.3,
            "label": table,
            "link": link,
        }
        for _ in range(rng.randint(2, 4))
    ]


def handed(points: list[dict[str, Any]]) -> list[Handed]:
    """The points that went to the signals board, in order."""
    return [
        Handed(
            p["network_id"],
            "dialogue",
            p["text"],
            p["theme"],
            p["people_count"],
            p["session_id"],
            p["link"],
            p["label"],
            p["created_at"].date(),
        )
        for p in points
        if p["handed"]
    ]


def write_points(load: Loader, points: list[dict[str, Any]], signal_ids: list[int]) -> None:
    """Write the note points, the handed ones with the id of the signal they became (same order as `handed`)."""
    ids = iter(signal_ids)
    for p in points:
        load.add(
            NotePoint,
            {
                "id": load.next_id(NotePoint),
                "network_id": p["network_id"],
                "session_id": p["session_id"],
                "text": p["text"],
                "theme": p["theme"],
                "people_count": p["people_count"],
                "signal_id": next(ids) if p["handed"] else None,
                "created_by_id": p["created_by_id"],
                "created_at": p["created_at"],
            },
        )
