"""A person's rights: see, download, correct and erase their personal data.

Each capability that keeps personal data registers a `Provider`: `export` returns what it holds about the
person (plain JSON-able dicts), `erase` removes or anonymises it while keeping counts and anonymous content.
The foundation's own provider (person, memberships, logins) runs last and deletes the person record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.accounts.models import AccessCode, LoginToken, OidcIdentity, WebSession
from lerend_netwerk.networks.models import Membership, Person


@dataclass(frozen=True)
class Provider:
    name: str  # section title key, e.g. "dialogue"
    title: object  # lazy Dutch title shown on the page
    export: Callable[[Session, int], list[dict[str, Any]]]
    erase: Callable[[Session, int], int]


PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if any(p.name == provider.name for p in PROVIDERS):
        return
    PROVIDERS.append(provider)


def export(db: Session, person_id: int) -> dict[str, Any]:
    """Everything the platform holds about one person, by section."""
    person = db.get(Person, person_id)
    if person is None:
        raise LookupError(person_id)
    data: dict[str, Any] = {
        "person": {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "language": person.locale,
            "created_at": person.created_at.isoformat(),
            "last_login_at": person.last_login_at.isoformat() if person.last_login_at else None,
        },
        "memberships": [
            {
                "network": m.network.name,
                "role": m.role.value,
                "organisation": m.organisation.name if m.organisation else None,
                "since": m.created_at.isoformat(),
            }
            for m in db.scalars(select(Membership).where(Membership.person_id == person_id))
        ],
        "logins": {
            "active_sessions": len(
                db.scalars(select(WebSession.id_hash).where(WebSession.person_id == person_id)).all()
            ),
            "linked_organisation_accounts": [
                i.issuer for i in db.scalars(select(OidcIdentity).where(OidcIdentity.person_id == person_id))
            ],
            "personal_codes": [
                {
                    "created_at": c.created_at.isoformat(),
                    "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
                }
                for c in db.scalars(select(AccessCode).where(AccessCode.person_id == person_id))
            ],
        },
    }
    for provider in PROVIDERS:
        data[provider.name] = provider.export(db, person_id)
    return data


def correct(db: Session, person_id: int, *, name: str, email: str | None, phone: str | None) -> None:
    person = db.get(Person, person_id)
    if person is None:
        raise LookupError(person_id)
    if (
        email
        and email != person.email
        and db.scalar(select(Person.id).where(Person.email == email, Person.id != person_id))
    ):
        raise ValueError("email_taken")
    person.name, person.email, person.phone = name, email, phone
    audit.record(db, "person.corrected", actor_id=person_id, subject=("person", person_id))


def erase(db: Session, person_id: int, *, actor_id: int | None) -> None:
    """Remove the person everywhere. Capabilities anonymise first; then the person and their logins go.
    The audit entry names only the fact and the id, never the erased data."""
    for provider in PROVIDERS:
        provider.erase(db, person_id)
    for model in (WebSession, LoginToken, AccessCode, OidcIdentity, Membership):
        db.execute(delete(model).where(model.person_id == person_id))  # type: ignore[attr-defined]
    db.execute(delete(Person).where(Person.id == person_id))
    audit.record(
        db, "person.erased", actor_id=actor_id if actor_id != person_id else None, subject=("person", person_id)
    )
