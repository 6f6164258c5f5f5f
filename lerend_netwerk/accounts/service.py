"""Writes of the accounts: logging in (magic links, personal codes, OIDC identities), login codes for
participants, and the changes to a network's people that end their sessions. Sessions themselves live in
`sessions.py`."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lerend_netwerk import audit, outbox
from lerend_netwerk.accounts import mydata, queries, sessions
from lerend_netwerk.accounts.models import AccessCode, LoginToken, OidcIdentity
from lerend_netwerk.accounts.sessions import hash_token, new_token
from lerend_netwerk.db import utcnow
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Message
from lerend_netwerk.networks import service as networks
from lerend_netwerk.networks.models import Membership, Person, Role
from lerend_netwerk.personal_data import Providers
from lerend_netwerk.web.errors import DomainError, NotFound

# Writes the mail for a person and their new login token (`(person, token) -> Message`); runs in the transaction.
Compose = Callable[[Person, str], Message]

# Crockford-style alphabet: no 0/O, 1/I/L, U, so a code read aloud or copied from paper survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 30^12 ≈ 5.3·10^17 (58.9 bits): unguessable at a handful of attempts per minute


class LoginError(DomainError):
    """A login attempt that cannot succeed; the message is Dutch and safe to show."""


def create_login_token(db: Session, email: str, *, minutes: int) -> tuple[Person, str] | None:
    """A magic-link token for a known address, or None: the caller answers the same either way."""
    person = queries.person_by_email(db, email)
    if person is None:
        return None
    token = new_token()
    db.add(
        LoginToken(token_hash=hash_token(token), person_id=person.id, expires_at=utcnow() + timedelta(minutes=minutes))
    )
    return person, token


def mail_login_link(db: Session, email: str, *, minutes: int, compose: Compose) -> None:
    """A magic link for a known address, written into the outbox in this transaction; nothing for an unknown
    address (the caller answers the same either way, and the mail leaves after the answer)."""
    found = create_login_token(db, email, minutes=minutes)
    if found is not None:
        outbox.enqueue(db, compose(*found), kind="accounts.login_link", network_id=None)


def invite(
    db: Session,
    network_id: int,
    *,
    name: str,
    email: str,
    role: Role,
    organisation_id: int | None,
    actor_id: int,
    link_days: int,
    compose: Compose,
) -> Person:
    """Add someone to the network (`networks.invite`) and, in the same transaction, write their invitation into
    the outbox: a mail with a login link that works once and stays valid `link_days` days (an invitation is read
    later than a link one asked for oneself)."""
    membership, _created = networks.invite(
        db, network_id, name=name, email=email, role=role, organisation_id=organisation_id, actor_id=actor_id
    )
    person = db.get(Person, membership.person_id)
    assert person is not None
    token = new_token()
    expires = utcnow() + timedelta(days=link_days)
    db.add(LoginToken(token_hash=hash_token(token), person_id=person.id, expires_at=expires))
    outbox.enqueue(db, compose(person, token), kind="accounts.invitation", network_id=network_id)
    return person


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
    """Revoke every active code of this person in this network; returns how many were revoked. NotFound when
    there was none (someone without a code, or another network's)."""
    result = db.execute(
        update(AccessCode)
        .where(AccessCode.person_id == person_id, AccessCode.network_id == network_id, AccessCode.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    count = result.rowcount  # type: ignore[attr-defined]
    if not count:
        raise NotFound()
    audit.record(db, "access_code.revoked", actor_id=actor_id, network_id=network_id, subject=("person", person_id))
    return count


def link_oidc(db: Session, *, issuer: str, subject: str, email: str | None, email_verified: bool) -> int:
    """The person for this OIDC identity. First login links by verified e-mail to someone already invited."""
    identity = db.scalar(select(OidcIdentity).where(OidcIdentity.issuer == issuer, OidcIdentity.subject == subject))
    if identity is not None:
        return identity.person_id
    if not email or not email_verified:
        raise LoginError(_("Je e-mailadres is niet bevestigd bij je organisatie. Vraag je coördinator om hulp."))
    person = queries.person_by_email(db, email)
    has_membership = person is not None and db.scalar(
        select(Membership.id).where(Membership.person_id == person.id).limit(1)
    )
    if person is None or (not has_membership and not person.is_admin):
        raise LoginError(
            _("Je bent nog niet uitgenodigd op dit platform. Vraag de coördinator van je netwerk om een uitnodiging.")
        )
    db.add(OidcIdentity(person_id=person.id, issuer=issuer, subject=subject))
    audit.record(db, "oidc.linked", actor_id=person.id, subject=("person", person.id))
    return person.id


def new_code(db: Session, network_id: int, *, person_id: int | None, name: str, actor_id: int) -> tuple[str, str]:
    """A card for a participant: for `person_id` (one of the network's participants) or, without it, for a new
    participant called `name`. Returns their name and the new code (shown once, never stored readable)."""
    if person_id is not None:
        person = queries.participant(db, network_id, person_id)
        if person is None:
            # The person id is a hidden field in a row: the message goes in the summary at the top of the form.
            raise networks.MembershipError(_("Kies een van de mogelijkheden uit de lijst."))
    else:
        person = networks.add_participant(db, network_id, name=name, actor_id=actor_id)
    code = issue_code(db, person_id=person.id, network_id=network_id, actor_id=actor_id)
    return person.name, code


def change_role(db: Session, network_id: int, membership_id: int, role: Role, *, actor_id: int) -> Membership:
    """A new role takes effect at once: the person's sessions end, so no page keeps the old rights."""
    membership = networks.change_role(db, network_id, membership_id, role, actor_id=actor_id)
    sessions.end_all_for(db, membership.person_id)
    return membership


def remove_member(db: Session, network_id: int, membership_id: int, *, actor_id: int) -> None:
    """Take someone out of the network; their sessions end with it."""
    membership = networks.remove(db, network_id, membership_id, actor_id=actor_id)
    sessions.end_all_for(db, membership.person_id)


def data_request(
    db: Session, email: str, providers: Providers, *, minutes: int
) -> tuple[Person, str] | Literal["data"] | None:
    """Someone asks what we hold under an address. An account: a magic-link token to their "my data" page (the
    person and the token). No account but sign-ups or contacts under the address: "data" (the caller mails a
    sealed link to see them). Nothing: None. The caller answers the same in all three cases."""
    found = create_login_token(db, email, minutes=minutes)
    if found is not None:
        return found
    return "data" if mydata.holds_anything(mydata.export_email(db, email, providers), providers) else None


def mail_data_request(
    db: Session,
    email: str,
    providers: Providers,
    *,
    minutes: int,
    login_mail: Compose,
    data_mail: Callable[[], Message],
) -> None:
    """`data_request`, with its mail (a login link to "my data", or a link to see what the address holds) written
    into the outbox in the same transaction; nothing when nothing is held."""
    found = data_request(db, email, providers, minutes=minutes)
    if isinstance(found, tuple):
        outbox.enqueue(db, login_mail(*found), kind="accounts.login_link", network_id=None)
    elif found == "data":
        outbox.enqueue(db, data_mail(), kind="accounts.data_link", network_id=None)
