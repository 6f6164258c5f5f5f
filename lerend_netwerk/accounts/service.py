"""Logging in: magic links, personal codes and OIDC identities. Sessions themselves live in `sessions.py`."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.accounts.models import AccessCode, LoginToken, OidcIdentity
from lerend_netwerk.accounts.sessions import hash_token, new_token
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.models import Membership, Person

# Crockford-style alphabet: no 0/O, 1/I/L, U, so a code read aloud or copied from paper survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 30^12 ≈ 5.3·10^17 (58.9 bits): unguessable at a handful of attempts per minute


class LoginError(Exception):
    """A login attempt that cannot succeed; the message is safe to show."""


def person_by_email(db: Session, email: str) -> Person | None:
    return db.scalar(select(Person).where(Person.email == email.strip().lower()))


def create_login_token(db: Session, email: str, *, minutes: int) -> tuple[Person, str] | None:
    """A magic-link token for a known address, or None: the caller answers the same either way."""
    person = person_by_email(db, email)
    if person is None:
        return None
    token = new_token()
    db.add(
        LoginToken(token_hash=hash_token(token), person_id=person.id, expires_at=utcnow() + timedelta(minutes=minutes))
    )
    return person, token


def check_login_token(db: Session, token: str) -> bool:
    row = db.get(LoginToken, hash_token(token))
    return row is not None and row.used_at is None and row.expires_at > utcnow()


def use_login_token(db: Session, token: str) -> int | None:
    """Spend the token once (a conditional UPDATE, so two clicks at once cannot both win); the person id or None."""
    now = utcnow()
    result = db.execute(
        update(LoginToken)
        .where(LoginToken.token_hash == hash_token(token), LoginToken.used_at.is_(None), LoginToken.expires_at > now)
        .values(used_at=now)
        .returning(LoginToken.person_id)
    )
    return result.scalar_one_or_none()


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def issue_code(db: Session, *, person_id: int, network_id: int, actor_id: int | None) -> str:
    """A new personal code; any earlier code of this person in this network is revoked."""
    now = utcnow()
    db.execute(
        update(AccessCode)
        .where(AccessCode.person_id == person_id, AccessCode.network_id == network_id, AccessCode.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    db.add(AccessCode(code_hash=hash_token(code), person_id=person_id, network_id=network_id, created_by_id=actor_id))
    audit.record(db, "access_code.issued", actor_id=actor_id, network_id=network_id, subject=("person", person_id))
    return format_code(code)


def use_code(db: Session, code: str) -> int | None:
    row = db.scalar(
        select(AccessCode).where(
            AccessCode.code_hash == hash_token(normalise_code(code)), AccessCode.revoked_at.is_(None)
        )
    )
    if row is None:
        return None
    row.last_used_at = utcnow()
    return row.person_id


def revoke_codes(db: Session, *, person_id: int, network_id: int, actor_id: int) -> int:
    """Revoke every active code of this person in this network; returns how many were revoked."""
    result = db.execute(
        update(AccessCode)
        .where(AccessCode.person_id == person_id, AccessCode.network_id == network_id, AccessCode.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    count = result.rowcount  # type: ignore[attr-defined]
    if count:
        audit.record(db, "access_code.revoked", actor_id=actor_id, network_id=network_id, subject=("person", person_id))
    return count


def link_oidc(db: Session, *, issuer: str, subject: str, email: str | None, email_verified: bool) -> int:
    """The person for this OIDC identity. First login links by verified e-mail to someone already invited."""
    identity = db.scalar(select(OidcIdentity).where(OidcIdentity.issuer == issuer, OidcIdentity.subject == subject))
    if identity is not None:
        return identity.person_id
    if not email or not email_verified:
        raise LoginError("unverified")
    person = person_by_email(db, email)
    if person is None:
        raise LoginError("not_invited")
    has_membership = db.scalar(select(Membership.id).where(Membership.person_id == person.id).limit(1))
    if has_membership is None and not person.is_admin:
        raise LoginError("not_invited")
    db.add(OidcIdentity(person_id=person.id, issuer=issuer, subject=subject))
    audit.record(db, "oidc.linked", actor_id=person.id, subject=("person", person.id))
    return person.id
