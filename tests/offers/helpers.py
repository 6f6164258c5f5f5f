"""Helpers for offer tests: make offers directly, and the form a member fills in."""

from __future__ import annotations

from typing import Any

from lerend_netwerk.offers import service
from lerend_netwerk.offers.models import Kind, Participation, Status, Visibility


def make_offer(db: Any, network: Any, author: Any, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "title": "Huiswerkklas op woensdag",
        "summary": "Hulp bij je huiswerk, met een vieruurtje.",
        "description": "",
        "kind": Kind.GROUP,
        "age_bands": ["kinderen"],
        "target_groups": "",
        "theme": "kind",
        "address": "Kerkstraat 1, 9240 Zele",
        "neighbourhood": "Centrum",
        "directions": "",
        "schedule": "Elke woensdag van 14 tot 16 uur",
        "starts_at": None,
        "ends_at": None,
        "price_cents": 0,
        "reduced_cents": None,
        "kansentarief_cents": None,
        "uitpas": False,
        "participation": Participation.JUST_COME,
        "thresholds": [],
        "practices": [],
        "languages": ["nl"],
        "accessibility": "",
        "contact_name": "Sara",
        "contact_phone": "",
        "contact_email": "sara@zele.example",
        "visibility": Visibility.PUBLIC,
        "status": Status.PUBLISHED,
        "organisation_id": None,
    }
    data.update(overrides)
    return db.write_sync(service.save, network.id, data, actor_id=author.id)


def offer_form(csrf: str, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": csrf,
        "titel": "Zwemmen voor het hele gezin",
        "samenvatting": "Op zondagvoormiddag zwemmen met de kinderen, met een begeleider erbij.",
        "soort": "activiteit",
        "thema": "vrije tijd",
        "leeftijd": ["kinderen", "ouders"],
        "adres": "Gentsesteenweg 20, 9240 Zele",
        "wijk": "Kouter",
        "weg": "Bus 34, halte Zwembad.",
        "wanneer": "Elke zondag van 10 tot 12 uur",
        "prijs": "6",
        "prijs_verminderd": "1,50",
        "kansentarief": "",
        "uitpas": "1",
        "deelnemen": "vrij",
        "talen": ["nl", "fr"],
        "contact_naam": "Jan Peeters",
        "contact_telefoon": "052 44 55 66",
        "contact_email": "zwembad@zele.example",
        "zichtbaarheid": "publiek",
        "status": "gepubliceerd",
    }
    data.update(overrides)
    return data
