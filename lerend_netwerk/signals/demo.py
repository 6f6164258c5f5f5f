"""Demo signals: about 20 per network, in every column, with history, merged duplicates, an agenda and feedback."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lerend_netwerk.meetings import queries as meeting_queries
from lerend_netwerk.networks.models import Role
from lerend_netwerk.signals import service
from lerend_netwerk.signals.models import DECIDED, Status
from lerend_netwerk.signals.service import Incoming, receive

# title, theme index, wijk index, threshold, source kind, people, target status
POINTS: list[tuple[str, int, int, str, str, int, Status]] = [
    ("Zwemles kost te veel voor grote gezinnen", 3, 0, "geld", "survey", 6, Status.REPORTED_BACK),
    ("Zwemlessen zijn te duur met drie kinderen", 3, 1, "geld", "dialogue", 3, Status.NEW),
    (
        "Inschrijven voor de speelpleinwerking kan alleen online",
        0,
        0,
        "digitaal",
        "dialogue",
        4,
        Status.IN_ACTION,
    ),
    ("Brieven van school zijn te moeilijk", 1, 2, "taal", "practice", 5, Status.DECIDED),
    ("Geen bus naar de sporthal op zaterdag", 3, 3, "vervoer", "direct", 2, Status.ANALYSED),
    ("Ouders weten niet dat de UiTPAS bestaat", 3, 0, "informatie", "partner", 8, Status.BUNDLED),
    ("Kinderopvang sluit voor de avondcursus begint", 4, 1, "kinderopvang", "survey", 3, Status.NEW),
    ("Wachtrij aan het loket is te lang", 4, 4, "tijd", "direct", 1, Status.NOT_RETAINED),
    ("Je schaamt je om korting te vragen aan de kassa", 3, 2, "schaamte", "dialogue", 5, Status.REPORTED_BACK),
    ("Formulier voor de schooltoelage is te lang", 1, 0, "taal", "practice", 2, Status.ANALYSED),
    (
        "Jeugdhuis is niet toegankelijk met een rolstoel",
        1,
        3,
        "toegankelijkheid",
        "partner",
        1,
        Status.IN_ACTION,
    ),
    ("Sportkledij is te duur voor de sportklas", 0, 1, "geld", "survey", 4, Status.NEW),
    ("De website van de gemeente werkt niet op een gsm", 2, 4, "digitaal", "direct", 2, Status.BUNDLED),
    ("Geen tolk bij het oudercontact", 2, 2, "taal", "dialogue", 3, Status.DECIDED),
    ("Kamp vraagt voorschot bij inschrijving", 0, 0, "geld", "practice", 2, Status.NEW),
    ("Bibliotheek sluit te vroeg voor werkende ouders", 2, 3, "tijd", "survey", 3, Status.NEW),
    ("Niemand legt uit hoe de vrijetijdspas werkt", 3, 1, "informatie", "dialogue", 4, Status.ANALYSED),
    ("Niemand legt uit hoe de vrijetijdspas werkt", 3, 1, "informatie", "survey", 2, Status.NEW),
    ("Muziekschool vraagt een instrument te huren", 2, 0, "geld", "partner", 1, Status.NEW),
    ("Fietsenstalling aan de school is te klein", 1, 4, "vervoer", "direct", 1, Status.NEW),
]
ORDER = list(Status)[:6]  # the road a signal travels; NOT_RETAINED branches off after analysis
REASONS = {
    Status.BUNDLED: "Samen genomen met gelijkaardige meldingen",
    Status.ANALYSED: "Kansenwerker heeft het nagevraagd bij de partners",
    Status.DECIDED: "Besproken op de stuurgroep",
    Status.IN_ACTION: "Partner is gestart",
    Status.REPORTED_BACK: "Terugkoppeling klaar",
    Status.NOT_RETAINED: "Valt buiten wat het netwerk kan doen",
}
# Labels only: the links back belong to the practices, dialogue and survey demos, which hand their own points to
# the board through receive(); a made-up link here would lead to a page that may not exist.
LABELS = {
    "survey": "Bevraging vrije tijd",
    "dialogue": "Dialoogtafel",
    "practice": "Praktijk uit het netwerk",
    "direct": "Rechtstreekse melding",
    "partner": "Partnerorganisatie",
}


def _path(target: Status) -> list[Status]:
    if target == Status.NOT_RETAINED:
        return [Status.BUNDLED, Status.ANALYSED, Status.NOT_RETAINED]
    return ORDER[1 : ORDER.index(target) + 1]


def _follow_up(
    db: Any,
    demo: Any,
    slug: str,
    network_id: int,
    signal_id: int,
    target: Status,
    i: int,
    organisations: list[Any],
    actor_id: int,
) -> None:
    """The stuurgroep's decision, action and trekker: what "Beslist" and "In actie" need; for a signal not retained,
    the decision says why and no action follows."""
    today = date.today()
    if target == Status.NOT_RETAINED:
        data = service.FollowUpInput(
            trekker_person_id=None,
            trekker_organisation_id=None,
            decision="Niet weerhouden: de wachttijd aan het loket hangt af van de federale overheid, niet van het netwerk.",
            action="",
            action_organisation_id=None,
            due_on=None,
            internal_note="Doorgegeven aan de schepen van sociale zaken.",
        )
    else:
        data = service.FollowUpInput(
            trekker_person_id=demo.people[(slug, Role.FACILITATOR)].id,
            trekker_organisation_id=None,
            decision="De stuurgroep vraagt de partner om een oplossing uit te werken.",
            action="Voorstel uitwerken en voorleggen op de volgende stuurgroep.",
            action_organisation_id=organisations[i % len(organisations)].id if organisations else None,
            # one action per network is late, so the board shows what "te laat" looks like
            due_on=today - timedelta(days=5) if target == Status.IN_ACTION and i < 5 else today + timedelta(days=30),
            internal_note="Interne nota: budget nog niet bevestigd.",
        )
    service.set_follow_up(db, network_id, signal_id, data, actor_id=actor_id)


def fill(db: Any, demo: Any) -> None:
    today = date.today()
    for n, (slug, network) in enumerate(sorted(demo.networks.items())):
        if not network.themes:
            continue
        steering = demo.people[(slug, Role.STEERING)]
        organisations = demo.organisations.get(slug, [])
        ids: list[int] = []
        for i, (title, theme, wijk, threshold, kind, people, target) in enumerate(POINTS):
            label = LABELS[kind]
            signal = receive(
                db,
                network.id,
                Incoming(
                    title=title,
                    kind=kind,
                    description="Gehoord bij " + label.lower() + ".",
                    theme=network.themes[theme % len(network.themes)],
                    neighbourhood=network.neighbourhoods[wijk % len(network.neighbourhoods)],
                    threshold_code=threshold,
                    people_count=people,
                    label=label,
                    reported_on=today - timedelta(days=7 * i + 11 * n + 3),
                    contact_email=f"melder{i}@{slug}.example" if i % 4 == 0 else None,
                ),
                actor_id=None,
            )
            ids.append(signal.id)
            # "teruggekoppeld" is reached by publishing the feedback, below
            path = _path(Status.IN_ACTION if target == Status.REPORTED_BACK else target)
            for status in path:
                if status == next((s for s in path if s in DECIDED), None):
                    # what the phase needs comes first: the decision (or why not), the action and the trekker
                    _follow_up(db, demo, slug, network.id, signal.id, target, i, organisations, steering.id)
                service.move(db, network.id, signal.id, status, REASONS[status], actor_id=steering.id)
            if target == Status.REPORTED_BACK:
                contacts = service.save_feedback(
                    db,
                    network.id,
                    signal.id,
                    "Kinderen met een vrijetijdspas betalen nu een kwart van de prijs.",
                    publish=True,
                    actor_id=steering.id,
                )
                # the demo mails nobody: the people who asked count as told
                service.contacts_told(db, network.id, sent=[c for c, _email in contacts], failed=[])
        # two duplicates merged into the first signal; the "vrijetijdspas" pair is left for the board to suggest
        service.merge(db, network.id, ids[0], [ids[1]], "Zelfde vraag over zwemles", actor_id=steering.id)
        service.create_meeting(
            db,
            network.id,
            "Stuurgroep " + (today + timedelta(days=14)).strftime("%d-%m-%Y"),
            today + timedelta(days=14),
            [ids[4], ids[5], ids[9], ids[16]],
            actor_id=steering.id,
        )
        # the previous meeting, held: its minutes and who of the stuurgroep was there
        held = service.create_meeting(
            db,
            network.id,
            "Stuurgroep " + (today - timedelta(days=28)).strftime("%d-%m-%Y"),
            today - timedelta(days=28),
            [ids[2], ids[3]],
            actor_id=steering.id,
        )
        service.record_meeting_minutes(
            db,
            network.id,
            held.id,
            "We bespraken de signalen en spraken af wie de acties trekt.",
            [person_id for person_id, _name in meeting_queries.steering_members(db, network.id)],
            actor_id=steering.id,
        )
