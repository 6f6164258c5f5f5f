"""Demo data drawn from the seed documents: Zele's Kansenplatform, Temse's stuurgroep, Wevelgem's lokaal netwerk.

Each capability adds its own content through the `demo` function it declares (`Capability.demo`); each gets the
networks and the demo people by role so it can attach content to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Membership, Network, NetworkKind, Organisation, Person, Role
from lerend_netwerk.networks.thresholds import ensure_defaults
from lerend_netwerk.settings import Settings

if TYPE_CHECKING:
    from lerend_netwerk.registry import Registry

NETWORKS = [
    {
        "slug": "zele",
        "name": "Kansenplatform Zele",
        "municipality": "Zele",
        "description": "Gemeente, welzijn, onderwijs en vrije tijd werken samen voor meer kansen voor kinderen, jongeren en gezinnen.",
        "themes": ["kind", "jeugd", "taal", "vrije tijd", "werk"],
        "neighbourhoods": ["Centrum", "Kouter", "Huivelde", "Durmen", "Heikant"],
        "organisations": [
            ("Huis van het Kind Zele", "welzijn"),
            ("OCMW Zele", "welzijn"),
            ("Basisschool De Regenboog", "onderwijs"),
            ("Sportdienst Zele", "sport"),
            ("Chiro Zele", "jeugdwerk"),
        ],
    },
    {
        "slug": "temse",
        "name": "Stuurgroep kansarmoede Temse",
        "municipality": "Temse",
        "description": "De stuurgroep kansarmoede en de kansenwerker geven mensen in armoede een stem, onder meer aan de dialoogtafel.",
        "themes": ["wonen", "werk", "gezondheid", "vrije tijd", "onderwijs"],
        "neighbourhoods": ["Centrum", "Velle", "Steendorp", "Tielrode", "Elversele"],
        "organisations": [
            ("Sociaal Huis Temse", "welzijn"),
            ("CAW Oost-Vlaanderen", "welzijn"),
            ("Bibliotheek Temse", "cultuur"),
            ("Vereniging waar armen het woord nemen", "welzijn"),
        ],
    },
    {
        "slug": "wevelgem",
        "name": "Lokaal netwerk Wevelgem",
        "municipality": "Wevelgem",
        "description": "Partners uit de vrije tijd, het OCMW en het CAW leren van elkaar hoe ze drempels verlagen, met de regionale UiTPAS.",
        "themes": ["vrije tijd", "sport", "cultuur", "informatie", "mobiliteit"],
        "neighbourhoods": ["Wevelgem-centrum", "Gullegem", "Moorsele"],
        "organisations": [
            ("OCMW Wevelgem", "welzijn"),
            ("CAW Zuid-West-Vlaanderen", "welzijn"),
            ("Sportdienst Wevelgem", "sport"),
            ("Cultuurcentrum Wevelgem", "cultuur"),
            ("Jeugddienst Wevelgem", "jeugdwerk"),
        ],
    },
]
REGION = {
    "slug": "zuid-west-vlaanderen",
    "name": "Regio Zuid-West-Vlaanderen",
    "municipality": "",
    "description": "Het regionale netwerk rond de UiTPAS Zuid-West-Vlaanderen: praktijken delen over de gemeentegrenzen heen.",
}
DEMO_PEOPLE = {
    Role.COORDINATOR: "Coördinator",
    Role.STEERING: "Stuurgroeplid",
    Role.FACILITATOR: "Kansenwerker",
    Role.MEMBER: "Partner",
    Role.PARTICIPANT: "Ervaringsdeskundige",
}
DEMO_EMAILS = [f"{role.value}@{n['slug']}.example" for n in NETWORKS for role in DEMO_PEOPLE]


@dataclass
class Demo:
    settings: Settings
    networks: dict[str, Network] = field(default_factory=dict)
    people: dict[tuple[str, Role], Person] = field(default_factory=dict)
    organisations: dict[str, list[Organisation]] = field(default_factory=dict)


def fill(db: Session, settings: Settings, registry: Registry, *, force: bool = False) -> bool:
    """Add the demo. Returns False (and adds nothing) when the database already has networks, unless forced."""
    if not force and db.scalar(select(func.count()).select_from(Network)):
        return False
    demo = Demo(settings)
    region = Network(kind=NetworkKind.REGIONAL, themes=[], neighbourhoods=[], **REGION)
    db.add(region)
    db.flush()
    for spec in NETWORKS:
        spec = dict(spec)
        orgs = spec.pop("organisations")
        network = Network(region_id=region.id if spec["slug"] == "wevelgem" else None, **spec)
        db.add(network)
        db.flush()
        demo.networks[network.slug] = network
        ensure_defaults(db, network.id)
        demo.organisations[network.slug] = []
        for name, sector in orgs:
            org = Organisation(network_id=network.id, name=name, sector=sector)
            db.add(org)
            demo.organisations[network.slug].append(org)
        db.flush()
        for role, label in DEMO_PEOPLE.items():
            email = f"{role.value}@{network.slug}.example"
            person = db.scalar(select(Person).where(Person.email == email)) or Person(
                name=f"{label} {network.municipality}", email=email
            )
            db.add(person)
            db.flush()
            org = demo.organisations[network.slug][0] if role in (Role.MEMBER, Role.FACILITATOR) else None
            db.add(
                Membership(
                    person_id=person.id, network_id=network.id, role=role, organisation_id=org.id if org else None
                )
            )
            demo.people[(network.slug, role)] = person
    db.flush()
    for add_content in registry.demos:  # each capability's own demo content
        add_content(db, demo)
    return True
