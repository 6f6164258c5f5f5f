"""Generated offers (aanbod) with their search index: every network's partners offer activities, services, groups
and support in its wijken, for every age band, free, cheap or with a reduction, most of them confirmed within the
year (some waiting for a confirmation, a few hidden for want of one)."""

from __future__ import annotations

import random
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from lerend_netwerk.networks.models import Role
from lerend_netwerk.offers import search
from lerend_netwerk.offers.models import AGE_BANDS, Kind, Offer, Participation, Status, Visibility, pack
from lerend_netwerk.offers.service import HIDE_AFTER, REMIND_AFTER
from lerend_netwerk.scale.bulk import Loader
from lerend_netwerk.scale.people import Net
from lerend_netwerk.scale.volumes import Clock

VISIBILITIES = [Visibility.PUBLIC] * 7 + [Visibility.REGION] * 2 + [Visibility.NETWORK]
INDEX_BATCH = 2_000
# kind, title, summary, age bands, thresholds
IDEAS: list[tuple[Kind, str, str, list[str], list[str]]] = [
    (
        Kind.GROUP,
        "Huiswerkklas",
        "Kinderen maken hun huiswerk samen met vrijwilligers, met een vieruurtje.",
        ["kinderen"],
        ["taal", "tijd"],
    ),
    (
        Kind.ACTIVITY,
        "Zwemles",
        "Leren zwemmen in kleine groepjes, met een begeleider die rustig uitlegt.",
        ["kinderen", "jongeren"],
        ["geld"],
    ),
    (
        Kind.ACTIVITY,
        "Speelpleinwerking",
        "Spelen met leeftijdsgenoten in de vakantie, ter plaatse inschrijven kan.",
        ["kinderen"],
        ["digitaal", "geld"],
    ),
    (
        Kind.GROUP,
        "Jongerencafé",
        "Een plek om af te spreken, te praten en samen iets te doen, met een jeugdwerker.",
        ["jongeren"],
        ["schaamte"],
    ),
    (
        Kind.SERVICE,
        "Tweedehands kinderkleding",
        "Kleding en schoenen voor kinderen, gratis of voor een klein bedrag.",
        ["kinderen", "ouders"],
        ["geld"],
    ),
    (
        Kind.SUPPORT,
        "Hulp bij je papieren",
        "Een maatschappelijk werker helpt met brieven, premies en aanvragen.",
        ["ouders", "volwassenen"],
        ["informatie", "digitaal"],
    ),
    (
        Kind.GROUP,
        "Praatgroep voor ouders",
        "Ouders delen hun zorgen en tips. Er is kinderopvang tijdens de groep.",
        ["ouders"],
        ["kinderopvang", "schaamte"],
    ),
    (
        Kind.ACTIVITY,
        "Voorleesuur",
        "We lezen voor aan kinderen, ook in andere talen. Ouders mogen mee luisteren.",
        ["kinderen", "ouders"],
        ["taal"],
    ),
    (
        Kind.ACTIVITY,
        "Sportkamp",
        "Een week sport en spel met opvang vanaf acht uur.",
        ["kinderen"],
        ["geld", "kinderopvang"],
    ),
    (
        Kind.SUPPORT,
        "Digitaal spreekuur",
        "Hulp met je smartphone, je e-mail en online formulieren.",
        ["volwassenen"],
        ["digitaal"],
    ),
    (
        Kind.GROUP,
        "Taalcafé",
        "Nederlands oefenen in een gewoon gesprek, bij een koffie.",
        ["volwassenen", "ouders"],
        ["taal", "schaamte"],
    ),
    (
        Kind.ACTIVITY,
        "Familievoorstelling",
        "Theater voor kinderen en hun ouders, met kansentarief.",
        ["kinderen", "ouders"],
        ["geld", "vervoer"],
    ),
]
SCHEDULES = [
    "Elke woensdag van 14 tot 16 uur",
    "Maandag en donderdag na school",
    "Elke zaterdagvoormiddag",
    "Om de twee weken op dinsdagavond",
    "In de paas- en zomervakantie",
    "Eerste zondag van de maand",
]
LANGUAGE_SETS = [["nl"], ["nl"], ["nl", "fr"], ["nl", "en"], ["nl", "ar"], ["nl", "tr", "ar"], ["nl", "uk", "ru"]]
STREETS = ["Kerkstraat", "Stationsstraat", "Schoolstraat", "Markt", "Dorpsstraat", "Molenstraat", "Nieuwstraat"]


def generate(load: Loader, rng: random.Random, clock: Clock, nets: list[Net], counts: list[int]) -> int:
    """Offers per network (`counts`); returns how many are current (published, confirmed within the year)."""
    current = 0
    documents: list[tuple[int, str, str, str]] = []
    for net, count in zip(nets, counts, strict=True):
        for _ in range(count):
            row = _offer(load, rng, clock, net)
            current += row["status"] == Status.PUBLISHED and row["expired_at"] is None
            org = next(name for oid, name, _ in net.organisations if oid == row["organisation_id"])
            documents.append((row["id"], *search.document(SimpleNamespace(**row), org)))
            if len(documents) >= INDEX_BATCH:
                load.flush()  # the PostgreSQL index is a column of the offer row: write the rows first
                search.index_many(load.conn, documents)
                documents = []
    load.flush()
    search.index_many(load.conn, documents)
    return current


def _price(rng: random.Random) -> tuple[int | None, int | None, int | None, bool]:
    roll = rng.random()
    if roll < 0.4:
        return 0, None, None, False
    regular = rng.choice((300, 500, 1200, 4500, 9000))
    reduced = regular // 2 if rng.random() < 0.6 else None
    kansentarief = regular // 5 if rng.random() < 0.5 else None
    return regular, reduced, kansentarief, rng.random() < 0.4


def _offer(load: Loader, rng: random.Random, clock: Clock, net: Net) -> dict[str, Any]:
    kind, title, summary, ages, thresholds = rng.choice(IDEAS)
    wijk = rng.choice(net.wijken)
    created = clock.moment(clock.day_in_past(rng, newest=30), rng)
    checked_on = clock.day_in_past(rng, newest=0, oldest=430)  # about one in seven is more than a year old
    status = Status.PUBLISHED if rng.random() < 0.95 else Status.DRAFT
    published = created if status == Status.PUBLISHED else None
    price, reduced, kansentarief, uitpas = _price(rng)
    known = [p for p in (price, reduced, kansentarief) if p is not None]
    org_id = rng.choice(net.organisations)[0]
    author_id, author_name, author_email = net.person(Role.MEMBER, rng)
    stale = clock.today - checked_on >= HIDE_AFTER
    dated = rng.random() < 0.2
    starts = clock.now + timedelta(days=rng.randint(3, 120), hours=rng.randint(0, 8)) if dated else None
    row = {
        "id": load.next_id(Offer),
        "network_id": net.id,
        "organisation_id": org_id,
        "author_id": author_id,
        "title": f"{title} {wijk}"[:150],
        "summary": summary,
        "description": "",
        "kind": kind,
        "age_bands": pack([a for a in AGE_BANDS if a in ages]),
        "target_groups": "",
        "theme": rng.choice(net.themes) if net.themes else "",
        "address": f"{rng.choice(STREETS)} {rng.randint(1, 120)}, {net.municipality}",
        "neighbourhood": wijk,
        "directions": "",
        "schedule": "" if dated else rng.choice(SCHEDULES),
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2) if starts else None,
        "price_cents": price,
        "reduced_cents": reduced,
        "kansentarief_cents": kansentarief,
        "lowest_cents": min(known) if known else None,
        "uitpas": uitpas,
        "participation": rng.choice(list(Participation)),
        "thresholds": pack([t for t in thresholds if t in net.thresholds]),
        "practices": "",
        "languages": pack(rng.choice(LANGUAGE_SETS)),
        "accessibility": "",
        "contact_name": author_name,
        "contact_phone": "",
        "contact_email": author_email,
        "status": status,
        "visibility": rng.choice(VISIBILITIES),
        "checked_on": checked_on,
        "reminded_for": checked_on if clock.today - checked_on >= REMIND_AFTER else None,
        "expired_at": clock.now if stale and status == Status.PUBLISHED else None,
        "created_at": created,
        "updated_at": created,
        "published_at": published,
    }
    load.add(Offer, row)
    return row
