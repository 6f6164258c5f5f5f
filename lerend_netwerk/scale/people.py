"""Generated networks with their partner organisations, threshold types and people in every role."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lerend_netwerk.networks.models import Membership, Network, NetworkKind, Organisation, Person, Role
from lerend_netwerk.networks.thresholds import DEFAULT_TYPES, ThresholdType
from lerend_netwerk.scale.bulk import Loader
from lerend_netwerk.scale.words import (
    DESCRIPTIONS,
    FIRST_NAMES,
    LAST_NAMES,
    MUNICIPALITIES,
    NETWORK_KINDS,
    ORGANISATIONS,
    THEMES,
)

DOMAIN = "demo.lerend-netwerk.be"
# People per network besides the coordinator: a small stuurgroep, a few kansenwerkers, partner staff and
# ervaringsdeskundigen with an account.
PER_ROLE = {Role.STEERING: 4, Role.FACILITATOR: 4, Role.MEMBER: 14, Role.PARTICIPANT: 18}
EXTRA_TYPE = ("wachtlijst", "Wachtlijsten", "Je moet lang wachten voor je een plaats krijgt.")


def coordinator_email(number: int) -> str:
    """The login of network `number` (1-based): its coordinator; coordinator1 is also platform administrator."""
    return f"coordinator{number}@{DOMAIN}"


@dataclass
class Net:
    """What the other generators need to know about one generated network."""

    number: int
    id: int
    slug: str
    municipality: str
    themes: list[str]
    wijken: list[str]
    organisations: list[tuple[int, str, str]]  # id, name, sector
    thresholds: list[str]
    people: dict[Role, list[tuple[int, str, str]]] = field(default_factory=dict)  # id, name, e-mail

    def person(self, role: Role, rng: random.Random) -> tuple[int, str, str]:
        return rng.choice(self.people[role])


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def networks(load: Loader, rng: random.Random, count: int, start: datetime) -> list[Net]:
    made: list[Net] = []
    for n in range(count):
        municipality, wijken = MUNICIPALITIES[n % len(MUNICIPALITIES)]
        round_ = n // len(MUNICIPALITIES)
        name_suffix = f" {round_ + 1}" if round_ else ""
        kind = NETWORK_KINDS[n % len(NETWORK_KINDS)]
        themes = sorted(rng.sample(THEMES, rng.randint(5, 7)))
        network_id = load.next_id(Network)
        net = Net(
            n + 1,
            network_id,
            _slug(municipality + name_suffix),
            municipality + name_suffix,
            themes,
            list(wijken),
            [],
            [c for c, _, _ in DEFAULT_TYPES],
        )
        created = start + timedelta(days=rng.randint(0, 30))
        load.add(
            Network,
            {
                "id": network_id,
                "slug": net.slug,
                "name": f"{kind} {net.municipality}",
                "kind": NetworkKind.LOCAL,
                "municipality": net.municipality,
                "region_id": None,
                "description": rng.choice(DESCRIPTIONS).format(m=municipality),
                "themes": themes,
                "neighbourhoods": net.wijken,
                "options": {},
                "created_at": created,
            },
        )
        _thresholds(load, net, created)
        _organisations(load, rng, net, created)
        _people(load, rng, net, created)
        made.append(net)
    return made


def _thresholds(load: Loader, net: Net, created: datetime) -> None:
    types = list(DEFAULT_TYPES)
    if net.number % 4 == 0:  # some networks added a type of their own
        types.append(EXTRA_TYPE)
        net.thresholds.append(EXTRA_TYPE[0])
    for position, (code, label, explanation) in enumerate(types):
        load.add(
            ThresholdType,
            {
                "id": load.next_id(ThresholdType),
                "network_id": net.id,
                "code": code,
                "label": label,
                "explanation": explanation,
                "position": position,
                "retired_at": None,
                "created_at": created,
            },
        )


def _organisations(load: Loader, rng: random.Random, net: Net, created: datetime) -> None:
    seen: set[str] = set()
    for pattern, sector in rng.sample(ORGANISATIONS, rng.randint(9, 14)):
        name = pattern.format(m=net.municipality, w=rng.choice(net.wijken))
        if name in seen:
            continue
        seen.add(name)
        org_id = load.next_id(Organisation)
        net.organisations.append((org_id, name, sector))
        load.add(
            Organisation,
            {"id": org_id, "network_id": net.id, "name": name, "sector": sector, "created_at": created},
        )


def _people(load: Loader, rng: random.Random, net: Net, created: datetime) -> None:
    roles = [(Role.COORDINATOR, 1), *PER_ROLE.items()]
    names = iter(
        rng.sample([f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES], sum(n for _, n in roles))
    )
    for role, count in roles:
        net.people[role] = []
        for k in range(1, count + 1):
            person_id = load.next_id(Person)
            name = next(names)  # no two people of one network share a name
            if role == Role.COORDINATOR:
                email: str | None = coordinator_email(net.number)
            elif role == Role.PARTICIPANT and k % 3 == 0:
                email = None  # logs in with a code on paper
            else:
                email = f"{role.value}{net.number}-{k}@{DOMAIN}"
            load.add(
                Person,
                {
                    "id": person_id,
                    "name": name,
                    "email": email,
                    "phone": None,
                    "is_admin": role == Role.COORDINATOR and net.number == 1,
                    "locale": "nl",
                    "created_at": created,
                    "last_login_at": None,
                },
            )
            org = rng.choice(net.organisations)[0] if role in (Role.MEMBER, Role.FACILITATOR) else None
            load.add(
                Membership,
                {
                    "id": load.next_id(Membership),
                    "person_id": person_id,
                    "network_id": net.id,
                    "organisation_id": org,
                    "role": role,
                    "created_at": created,
                },
            )
            net.people[role].append((person_id, name, email or ""))
