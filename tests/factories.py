"""Plain factory functions with Dutch defaults; each takes a SQLAlchemy session (use with `db.write_sync`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Membership, Network, Organisation, Person, Role
from lerend_netwerk.networks.thresholds import ensure_defaults


def make_network(db: Session, *, slug: str = "zele", name: str = "Kansenplatform Zele", **kw: object) -> Network:
    values: dict[str, object] = {
        "municipality": name.split()[-1],
        "themes": ["kind", "jeugd", "taal", "vrije tijd", "werk"],
        "neighbourhoods": ["Centrum", "Kouter", "Heikant"],
    }
    values.update(kw)
    network = Network(slug=slug, name=name, **values)
    db.add(network)
    db.flush()
    db.add(Organisation(network_id=network.id, name=f"OCMW {network.municipality}", sector="welzijn"))
    ensure_defaults(db, network.id)
    db.flush()
    db.expunge(network)
    return network


def make_person(
    db: Session,
    network: Network | None = None,
    role: Role | None = None,
    *,
    name: str | None = None,
    email: str | None = None,
) -> Person:
    person = Person(name=name or f"{(role or Role.PARTICIPANT).value.title()} Test", email=email)
    db.add(person)
    db.flush()
    if network is not None and role is not None:
        db.add(Membership(person_id=person.id, network_id=network.id, role=role))
        db.flush()
    db.expunge(person)
    return person
