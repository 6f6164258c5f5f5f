"""Writes on networks and memberships: create a network, invite, add a participant, change a role, remove.
Each runs in the caller's transaction and adds its audit entry. Ending a person's sessions when their role
changes is the accounts' part (`accounts.service.change_role` / `remove_member` wrap these)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks import queries
from lerend_netwerk.networks.models import Membership, Network, NetworkKind, Organisation, Person, Role
from lerend_netwerk.networks.thresholds import ensure_defaults
from lerend_netwerk.web.errors import DomainError

# Paths of the site itself that a network's address (/n/<slug>) must not look like.
RESERVED_SLUGS = {"static", "beheer", "inloggen", "mijn"}


class MembershipError(DomainError):
    """A change to a network or its memberships that cannot be made; the message is Dutch and safe to show next
    to `field` (None: the form as a whole)."""


def create_network(
    db: Session,
    *,
    name: str,
    slug: str,
    municipality: str,
    kind: NetworkKind,
    region_id: int | None,
    coordinator_name: str,
    coordinator_email: str,
    actor_id: int,
) -> Network:
    """A new network with the default threshold types and its first coordinator (invited by e-mail)."""
    if db.scalar(select(Network.id).where(Network.slug == slug)) or slug in RESERVED_SLUGS:
        raise MembershipError(_("Dit webadres is al in gebruik. Kies een ander."), field="slug")
    if (
        region_id is not None
        and db.scalar(select(Network.id).where(Network.id == region_id, Network.kind == NetworkKind.REGIONAL)) is None
    ):
        raise MembershipError(_("Kies een van de mogelijkheden uit de lijst."), field="regio")
    network = Network(
        name=name, slug=slug, municipality=municipality, kind=kind, region_id=region_id, themes=[], neighbourhoods=[]
    )
    db.add(network)
    db.flush()
    ensure_defaults(db, network.id)
    person = db.scalar(select(Person).where(Person.email == coordinator_email))
    if person is None:
        person = Person(name=coordinator_name, email=coordinator_email)
        db.add(person)
        db.flush()
    db.add(Membership(person_id=person.id, network_id=network.id, role=Role.COORDINATOR))
    audit.record(db, "network.created", actor_id=actor_id, network_id=network.id, subject=("network", network.id))
    return network


def invite(
    db: Session,
    network_id: int,
    *,
    name: str,
    email: str,
    role: Role,
    organisation_id: int | None,
    actor_id: int,
) -> tuple[Membership, bool]:
    """Add a person (by e-mail) to the network with a role. Returns the membership and whether the person is new."""
    if organisation_id is not None:
        org = db.scalar(
            select(Organisation).where(Organisation.id == organisation_id, Organisation.network_id == network_id)
        )
        if org is None:
            raise MembershipError(_("Kies een van de mogelijkheden uit de lijst."), field="organisatie")
    person = db.scalar(select(Person).where(Person.email == email))
    created = person is None
    if person is None:
        person = Person(name=name, email=email)
        db.add(person)
        db.flush()
    elif db.scalar(select(Membership).where(Membership.person_id == person.id, Membership.network_id == network_id)):
        raise MembershipError(_("Deze persoon is al lid van dit netwerk."), field="email")
    membership = Membership(person_id=person.id, network_id=network_id, role=role, organisation_id=organisation_id)
    db.add(membership)
    db.flush()
    audit.record(
        db,
        "membership.invited",
        actor_id=actor_id,
        network_id=network_id,
        subject=("membership", membership.id),
        role=role.value,
    )
    return membership, created


def add_participant(db: Session, network_id: int, *, name: str, actor_id: int) -> Person:
    """A participant without e-mail, signed up by a facilitator (they log in with a printed code)."""
    person = Person(name=name)
    db.add(person)
    db.flush()
    db.add(Membership(person_id=person.id, network_id=network_id, role=Role.PARTICIPANT))
    audit.record(
        db, "membership.participant_added", actor_id=actor_id, network_id=network_id, subject=("person", person.id)
    )
    return person


def change_role(db: Session, network_id: int, membership_id: int, role: Role, *, actor_id: int) -> Membership:
    """Give a member another role; the network keeps at least one coordinator. NotFound for another network's."""
    membership = queries.membership(db, network_id, membership_id)
    if membership.role == Role.COORDINATOR and role != Role.COORDINATOR:
        keep_one_coordinator(db, network_id, membership)
    old = membership.role
    membership.role = role
    audit.record(
        db,
        "membership.role_changed",
        actor_id=actor_id,
        network_id=network_id,
        subject=("membership", membership.id),
        old=old.value,
        new=role.value,
    )
    return membership


def remove(db: Session, network_id: int, membership_id: int, *, actor_id: int) -> Membership:
    """Take a member out of the network (not the last coordinator). Returns the removed membership."""
    membership = queries.membership(db, network_id, membership_id)
    if membership.role == Role.COORDINATOR:
        keep_one_coordinator(db, network_id, membership)
    audit.record(
        db, "membership.removed", actor_id=actor_id, network_id=network_id, subject=("membership", membership.id)
    )
    db.delete(membership)
    return membership


def keep_one_coordinator(db: Session, network_id: int, membership: Membership) -> None:
    """Refuse (MembershipError) what would leave the network without a coordinator."""
    others = db.scalar(
        select(func.count()).where(
            Membership.network_id == network_id, Membership.role == Role.COORDINATOR, Membership.id != membership.id
        )
    )
    if not others:
        raise MembershipError(
            _("Een netwerk heeft altijd minstens één coördinator. Maak eerst iemand anders coördinator.")
        )


def set_languages(db: Session, network_id: int, languages: list[str], *, actor_id: int) -> list[str]:
    """The languages a network offers its participants and visitors (Dutch always); its surveys pick from them."""
    from lerend_netwerk import i18n

    network = db.get(Network, network_id, with_for_update=True)
    if network is None:
        raise DomainError(_("Dit netwerk bestaat niet."))
    chosen = i18n.offered(languages)
    network.options = {**(network.options or {}), "languages": chosen}
    audit.record(
        db,
        "network.languages",
        actor_id=actor_id,
        network_id=network_id,
        subject=("network", network_id),
        languages=chosen,
    )
    return chosen
