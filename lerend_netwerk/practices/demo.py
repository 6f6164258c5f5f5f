"""Demo practices: realistic Dutch threshold-lowering practices across the three demo networks, some with a photo
drawn at demo time (Pillow), a network meeting in Wevelgem, one adoption and a comment."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session

from lerend_netwerk.db import utcnow
from lerend_netwerk.meetings import service as service_meetings
from lerend_netwerk.networks.models import Role
from lerend_netwerk.practices import service, uploads
from lerend_netwerk.practices.access import Viewer
from lerend_netwerk.practices.models import Status, Visibility

N, R, P = Visibility.NETWORK, Visibility.REGION, Visibility.PUBLIC
# network, organisation index, title, summary, thresholds, target groups, sector, visibility, photo colour
PRACTICES: list[tuple[str, int, str, str, list[str], list[str], str, Visibility, tuple[int, int, int] | None]] = [
    (
        "wevelgem",
        0,
        "UiTPAS-kansentarief uitgelegd aan de balie",
        "De baliemedewerker legt het kansentarief uit in gewone woorden en helpt meteen met de aanvraag.",
        ["geld", "informatie", "schaamte"],
        ["ouders", "volwassenen"],
        "welzijn",
        R,
        (37, 99, 160),
    ),
    (
        "wevelgem",
        2,
        "Gratis tweedehands sportmateriaal",
        "Voetbalschoenen, zwemgerief en fietsen uit een uitleendienst, zodat kinderen kunnen meedoen zonder aankoop.",
        ["geld"],
        ["kinderen", "jongeren"],
        "sport",
        P,
        (46, 139, 87),
    ),
    (
        "wevelgem",
        3,
        "Voorstelling met een vaste buddy",
        "Een vrijwilliger gaat de eerste keer mee naar het cultuurcentrum en wacht aan de ingang.",
        ["schaamte", "vervoer"],
        ["volwassenen", "senioren"],
        "cultuur",
        R,
        None,
    ),
    (
        "wevelgem",
        4,
        "Speelpleinwerking zonder online inschrijving",
        "Ouders kunnen ter plaatse inschrijven op papier of met hulp van een monitor.",
        ["digitaal", "informatie"],
        ["kinderen", "ouders"],
        "jeugdwerk",
        P,
        (230, 160, 40),
    ),
    (
        "wevelgem",
        1,
        "Busticket bij de uitnodiging",
        "Wie uitgenodigd wordt voor een infoavond krijgt meteen een gratis busticket mee.",
        ["vervoer", "geld"],
        ["volwassenen"],
        "welzijn",
        N,
        None,
    ),
    (
        "zele",
        0,
        "Een buddy die de eerste keer meegaat",
        "Een vrijwilliger van het Huis van het Kind gaat mee naar de eerste training of les.",
        ["schaamte", "informatie"],
        ["kinderen", "ouders"],
        "welzijn",
        P,
        (180, 80, 120),
    ),
    (
        "zele",
        2,
        "Kinderopvang tijdens het oudercontact",
        "Tijdens het oudercontact vangen leerkrachten en vrijwilligers de broers en zussen op.",
        ["kinderopvang", "tijd"],
        ["ouders"],
        "onderwijs",
        P,
        None,
    ),
    (
        "zele",
        3,
        "Sportkamp betalen in schijven",
        "Ouders betalen het sportkamp in drie kleine bedragen, zonder dat iemand het merkt.",
        ["geld", "schaamte"],
        ["kinderen", "ouders"],
        "sport",
        N,
        None,
    ),
    (
        "zele",
        4,
        "Chiro-uniform uit de ruilkast",
        "Een kast met tweedehands uniformen en T-shirts; niemand hoeft te vragen.",
        ["geld", "schaamte"],
        ["kinderen", "jongeren"],
        "jeugdwerk",
        P,
        (200, 60, 50),
    ),
    (
        "zele",
        1,
        "WhatsApp-herinnering in plaats van een brief",
        "De dag voor een afspraak krijgen ouders een kort bericht in eenvoudige taal, met een pictogram.",
        ["informatie", "taal", "digitaal"],
        ["ouders", "volwassenen"],
        "welzijn",
        P,
        None,
    ),
    (
        "zele",
        0,
        "Inloopmoment met tolk",
        "Eén keer per maand is er een tolk Arabisch en Turks tijdens het inloopmoment.",
        ["taal"],
        ["ouders"],
        "welzijn",
        N,
        None,
    ),
    (
        "temse",
        0,
        "Kinderopvang tijdens de activiteit",
        "Tijdens de dialoogtafel is er gratis opvang voor kinderen in de zaal ernaast.",
        ["kinderopvang"],
        ["ouders", "volwassenen"],
        "welzijn",
        P,
        (90, 90, 200),
    ),
    (
        "temse",
        2,
        "Bibliotheekkaart zonder boetes",
        "Geen boetes meer voor te laat binnengebrachte boeken: gezinnen komen terug.",
        ["geld", "schaamte"],
        ["kinderen", "ouders", "senioren"],
        "cultuur",
        P,
        None,
    ),
    (
        "temse",
        1,
        "Afspraak aan huis voor wie niet tot bij ons geraakt",
        "Het CAW komt langs in Steendorp en Tielrode voor wie geen vervoer heeft.",
        ["vervoer", "toegankelijkheid"],
        ["volwassenen", "senioren"],
        "welzijn",
        N,
        None,
    ),
    (
        "temse",
        3,
        "Folder in eenvoudige taal met pictogrammen",
        "Ervaringsdeskundigen lazen de folder na; nu met korte zinnen en pictogrammen.",
        ["taal", "informatie"],
        ["volwassenen"],
        "welzijn",
        P,
        None,
    ),
    (
        "temse",
        0,
        "Activiteiten na de schooluren",
        "Activiteiten beginnen na vijf uur, zodat werkende ouders ook kunnen komen.",
        ["tijd"],
        ["ouders", "kinderen"],
        "welzijn",
        N,
        None,
    ),
]
STORY = """Zo zijn we begonnen:

- we vroegen aan ouders wat hen tegenhield;
- we probeerden het een half jaar uit;
- we bespraken het op het **netwerkmoment**.

Vragen? Neem gerust contact op."""


def _photo(colour: tuple[int, int, int], label: str) -> bytes:
    image = Image.new("RGB", (960, 640), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 420, 900, 580), fill=(255, 255, 255))
    draw.ellipse((380, 120, 580, 320), fill=(255, 230, 180))
    draw.text((90, 480), label[:60], fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def fill(db: Session, demo: Any) -> None:
    made = []
    for slug, org_index, title, summary, thresholds, groups, sector, visibility, colour in PRACTICES:
        network = demo.networks[slug]
        author = demo.people[(slug, Role.MEMBER)]
        orgs = demo.organisations[slug]
        org = orgs[org_index % len(orgs)]
        files = []
        if colour is not None:
            files.append(
                uploads.store(
                    demo.settings.upload_dir,
                    f"{title[:40]}.jpg",
                    _photo(colour, title),
                    max_bytes=demo.settings.max_upload_bytes,
                )
            )
        data = {
            "title": title,
            "summary": summary,
            "story": STORY,
            "thresholds": thresholds,
            "target_groups": groups,
            "sector": sector,
            "visibility": visibility,
            "status": Status.PUBLISHED,
            "organisation_id": org.id,
            "worked": "Mensen voelden zich welkom.",
            "not_worked": "De eerste maanden wisten te weinig mensen het.",
            "cost": "Vooral tijd van vrijwilligers.",
            "contact_name": author.name,
            "contact_email": author.email,
        }
        made.append(service.save(db, network.id, data, actor_id=author.id, files=files))
    wevelgem = demo.networks["wevelgem"]
    temse = demo.networks["temse"]
    temse_coordinator = demo.people[("temse", Role.COORDINATOR)]
    service.adopt(
        db,
        made[1].network_id,
        made[1].id,
        temse.id,
        "Wij doen dit nu ook met de sportdienst.",
        viewer=Viewer(temse_coordinator.id, {temse.id: Role.COORDINATOR}),
    )
    facilitator = demo.people[("wevelgem", Role.FACILITATOR)]
    service.add_comment(
        db,
        made[0].network_id,
        made[0].id,
        "Goed idee! Hoe lang duurt zo'n gesprek aan de balie?",
        viewer=Viewer(facilitator.id, {wevelgem.id: Role.FACILITATOR}),
    )
    coordinator = demo.people[("wevelgem", Role.COORDINATOR)]
    past = service_meetings.create(
        db,
        wevelgem.id,
        title="Netwerkmoment winter",
        starts_at=utcnow() - timedelta(days=40),
        place="OCMW Wevelgem, zaal 1",
        actor_id=coordinator.id,
    )
    service_meetings.add_agenda_item(db, wevelgem.id, past.id, "UiTPAS aan de balie: ervaringen", made[0].id)
    service_meetings.record_minutes(
        db,
        wevelgem.id,
        past.id,
        "We spraken af het kansentarief overal op dezelfde manier uit te leggen.",
        [coordinator.id, demo.people[("wevelgem", Role.MEMBER)].id],
        actor_id=coordinator.id,
    )
    upcoming = service_meetings.create(
        db,
        wevelgem.id,
        title="Netwerkmoment lente",
        starts_at=utcnow() + timedelta(days=30),
        place="Cultuurcentrum Wevelgem",
        actor_id=coordinator.id,
    )
    service_meetings.add_agenda_item(
        db, wevelgem.id, upcoming.id, "Tweedehands sportmateriaal: hoe start je?", made[1].id
    )
