"""A person's rights: see, download, correct and erase their personal data.

Each capability that keeps personal data declares a `Provider` (`Capability.privacy`): `export` returns what it holds about a `Subject`
(plain JSON-able dicts), `erase` removes or anonymises it while keeping counts and anonymous content. The
foundation's own part (person, memberships, logins) runs last and deletes the person record.

Three ways in, one machinery: the person on their own page, someone without an account through a link mailed to
their address (`Subject(email=...)`), and a facilitator or coordinator acting on a paper request, who sees and
erases only what their own network holds (`Subject(..., network_id=...)`)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, select, true, update
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.accounts.models import AccessCode, LoginToken, OidcIdentity, WebSession
from lerend_netwerk.db import note_erasure
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Membership, Person, Role
from lerend_netwerk.networks.service import keep_one_coordinator
from lerend_netwerk.personal_data import Provider as Provider  # capabilities import it from here, with the helpers
from lerend_netwerk.personal_data import Providers, Subject
from lerend_netwerk.web.errors import DomainError, NotFound

ERASED = "[gewist]"  # what replaces a name, address or number in text that stays


class CorrectionError(DomainError):
    """A correction of someone's name, address or number that cannot be made."""


def subject_of(db: Session, person_id: int, *, network_id: int | None = None) -> Subject:
    person = db.get(Person, person_id)
    if person is None:
        raise NotFound()
    return Subject(person.id, person.email, person.phone, person.name, network_id)


def same_email(column: Any, email: str) -> Any:
    """SQL condition: `column` holds this address (addresses are compared without regard to case)."""
    return func.lower(column) == email.strip().lower()


def in_network(subject: Subject, network_column: Any) -> Any:
    """SQL condition: the row belongs to the subject's network (always true when the subject is not scoped)."""
    return true() if subject.network_id is None else network_column == subject.network_id


def unlink(db: Session, column: Any, subject: Subject, *where: Any) -> int:
    """Set a link to the person (`Model.author_id`, ...) to NULL on every row matching `where`; the row stays,
    so counts and content do too. Returns how many rows were unlinked."""
    if subject.person_id is None:
        return 0
    stmt = update(column.class_).where(column == subject.person_id, *where).values({column.key: None})
    return db.execute(stmt).rowcount  # type: ignore[attr-defined]


def _traces(subject: Subject) -> re.Pattern[str] | None:
    """One pattern for the subject's name, address and phone number as they may appear in free text."""
    parts = []
    if subject.email:
        parts.append(re.escape(subject.email.strip()))
    if subject.name and len(subject.name.strip()) >= 3:
        words = [re.escape(w) for w in subject.name.split()]
        parts.append(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
    digits = re.sub(r"\D", "", subject.phone or "")
    if len(digits) >= 6:
        sep = r"[\s./-]*"
        national = sep.join(digits)
        if digits.startswith("0"):  # 0470 12 34 56 is also written +32 470 12 34 56 or 0032 470 ...
            national = rf"(?:0|(?:\+|00)32{sep}){sep.join(digits[1:])}"
        parts.append(rf"(?<!\d){national}(?!\d)")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def scrub(text: str | None, subject: Subject) -> str | None:
    """`text` with the subject's name, e-mail address and phone number replaced by "[gewist]". Used on text the
    person wrote that stays after erasure (a comment, a named answer): the words stay, what points at them goes."""
    pattern = _traces(subject)
    if not text or pattern is None:
        return text
    return pattern.sub(ERASED, text)


def scrub_fields(row: Any, subject: Subject, *names: str) -> None:
    """`scrub` the named text attributes of a mapped row in place, cut to their column's length ("[gewist]" may be
    longer than what it replaces)."""
    for name in names:
        value = scrub(getattr(row, name), subject)
        length = getattr(row.__table__.c[name].type, "length", None)
        setattr(row, name, value[:length] if value and length else value)


def release(db: Session, column: Any, subject: Subject, *where: Any, texts: tuple[str, ...] = ()) -> int:
    """Rows the person is linked to by `column` (a comment by them, a signal they reported): their `texts` lose the
    person's name, address and number, then the link goes (`unlink`). Returns how many rows were released."""
    if subject.person_id is None:
        return 0
    if texts:
        for row in db.scalars(select(column.class_).where(column == subject.person_id, *where)):
            scrub_fields(row, subject, *texts)
    return unlink(db, column, subject, *where)


def _logins(db: Session, subject: Subject) -> dict[str, Any]:
    codes = select(AccessCode).where(AccessCode.person_id == subject.person_id)
    if subject.network_id is not None:
        codes = codes.where(AccessCode.network_id == subject.network_id)
    return {
        "active_sessions": len(
            db.scalars(select(WebSession.id_hash).where(WebSession.person_id == subject.person_id)).all()
        ),
        "linked_organisation_accounts": [
            i.issuer for i in db.scalars(select(OidcIdentity).where(OidcIdentity.person_id == subject.person_id))
        ],
        "personal_codes": [
            {
                "created_at": c.created_at.isoformat(),
                "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
            }
            for c in db.scalars(codes)
        ],
    }


def export(db: Session, person_id: int, providers: Providers, *, network_id: int | None = None) -> dict[str, Any]:
    """Everything the platform holds about one person (in one network, when given), by section."""
    person = db.get(Person, person_id)
    if person is None:
        raise NotFound()
    subject = subject_of(db, person_id, network_id=network_id)
    memberships = select(Membership).where(Membership.person_id == person_id)
    if network_id is not None:
        memberships = memberships.where(Membership.network_id == network_id)
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
            for m in db.scalars(memberships)
        ],
        "logins": _logins(db, subject),
    }
    for provider in providers:
        data[provider.name] = provider.export(db, subject)
    return data


def export_email(db: Session, email: str, providers: Providers) -> dict[str, Any]:
    """What the platform holds under an e-mail address that belongs to no account (sign-ups, signal contacts)."""
    subject = Subject(email=email.strip().lower())
    data: dict[str, Any] = {"email": subject.email}
    for provider in providers:
        data[provider.name] = provider.export(db, subject)
    return data


def holds_anything(data: dict[str, Any], providers: Providers) -> bool:
    return any(data.get(p.name) for p in providers)


def correct(
    db: Session,
    person_id: int,
    *,
    name: str,
    email: str | None,
    phone: str | None,
    actor_id: int,
    network_id: int | None = None,
) -> None:
    """Change name, address and phone (the person themselves, or staff of their network on a paper request)."""
    person = db.get(Person, person_id)
    if person is None:
        raise NotFound()
    if (
        email
        and email != person.email
        and db.scalar(select(Person.id).where(Person.email == email, Person.id != person_id))
    ):
        raise CorrectionError(_("Dit e-mailadres hoort al bij iemand anders."), field="email")
    person.name, person.email, person.phone = name, email, phone
    note_erasure(db)  # the old values must not linger in the database's files either
    audit.record(db, "person.corrected", actor_id=actor_id, network_id=network_id, subject=("person", person_id))


def _erase_everywhere(db: Session, subject: Subject, providers: Providers) -> dict[str, int]:
    return {provider.name: provider.erase(db, subject) for provider in providers}


def erase(
    db: Session, person_id: int, providers: Providers, *, actor_id: int | None, network_id: int | None = None
) -> None:
    """Remove the person everywhere, or only from one network (staff acting on a paper request). Capabilities
    anonymise first; then the memberships and logins go, and the person record once no network is left.
    The audit entry names only the fact, the id and how many records were touched, never the erased data."""
    _keep_coordinators(db, person_id, network_id)
    subject = subject_of(db, person_id, network_id=network_id)
    touched = _erase_everywhere(db, subject, providers)
    note_erasure(db)
    if network_id is not None:
        for model in (AccessCode, Membership):
            db.execute(delete(model).where(model.person_id == person_id, model.network_id == network_id))  # type: ignore[attr-defined]
    person = db.get(Person, person_id)
    assert person is not None
    remaining = db.scalar(select(Membership.id).where(Membership.person_id == person_id).limit(1))
    whole = network_id is None or (remaining is None and not person.is_admin)
    if whole:
        if network_id is not None:  # the rest of what they held is theirs alone now: erase it too
            touched = {
                k: v + touched[k]
                for k, v in _erase_everywhere(db, replace(subject, network_id=None), providers).items()
            }
        for model in (WebSession, LoginToken, AccessCode, OidcIdentity, Membership):
            db.execute(delete(model).where(model.person_id == person_id))  # type: ignore[attr-defined]
        db.execute(delete(Person).where(Person.id == person_id))
    audit.record(
        db,
        "person.erased",
        actor_id=actor_id if actor_id != person_id else None,
        network_id=network_id,
        subject=("person", person_id),
        scope="all" if whole else "network",
        **{k: v for k, v in touched.items() if v},
    )


def _keep_coordinators(db: Session, person_id: int, network_id: int | None) -> None:
    """Erasing the last coordinator would leave a network nobody can run: refuse (MembershipError, Dutch)."""
    held = select(Membership).where(Membership.person_id == person_id, Membership.role == Role.COORDINATOR)
    if network_id is not None:
        held = held.where(Membership.network_id == network_id)
    for membership in db.scalars(held):
        keep_one_coordinator(db, membership.network_id, membership)


def erase_email(db: Session, email: str, providers: Providers) -> int:
    """Erase what is held under an address without an account; logged as a count, without the address."""
    touched = _erase_everywhere(db, Subject(email=email.strip().lower()), providers)
    note_erasure(db)
    audit.record(db, "email_data.erased", actor_id=None, **{k: v for k, v in touched.items() if v})
    return sum(touched.values())
