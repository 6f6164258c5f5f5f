"""Writes for tables, sessions and sign-ups, each scoped to a network; capacity guarded by a lock on the session row.

The lock: on PostgreSQL `SELECT ... FOR UPDATE` on the session serialises sign-ups and cancellations of one session;
on SQLite `Database.write` starts with BEGIN IMMEDIATE, which serialises all writers. Either way the count of
confirmed places and the next waiting position are read by one transaction at a time.

What people must be told comes back as `Notice`s, sent after the transaction commits (`notices.deliver`). The work
at and after a session (attendance, compensation, notes, the call list) is in `session_work.py`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue import queries
from lerend_netwerk.dialogue.models import (
    DialogueTable,
    SessionStatus,
    SignUp,
    SignUpStatus,
    TableFacilitator,
    TableSession,
)
from lerend_netwerk.dialogue.notices import Notice, SessionInfo, queue
from lerend_netwerk.dialogue.tokens import new_link
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Network
from lerend_netwerk.web.errors import DomainError, NotFound

ACTIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITING)


class DialogueError(DomainError):
    """A refusal the person can read and act on; `field` says where the message belongs (None: the whole form)."""


# -- tables --------------------------------------------------------------------------------------------------
def create_table(
    db: Session, network_id: int, *, name: str, theme: str, audience: str, facilitator_ids: list[int], actor_id: int
) -> int:
    allowed = {pid for pid, _ in queries.facilitator_options(db, network_id)}
    if any(pid not in allowed for pid in facilitator_ids):
        raise DialogueError(_("Kies een van de mogelijkheden uit de lijst."), field="begeleiders")
    table = DialogueTable(network_id=network_id, name=name, theme=theme, audience=audience)
    db.add(table)
    db.flush()
    for pid in dict.fromkeys(facilitator_ids or [actor_id]):
        db.add(TableFacilitator(table_id=table.id, person_id=pid))
    audit.record(db, "dialogue.table_created", actor_id=actor_id, network_id=network_id, subject=("table", table.id))
    return table.id


# -- sessions ------------------------------------------------------------------------------------------------
@dataclass
class SessionFields:
    starts_local: datetime  # naive, Brussels time as typed
    minutes: int
    place: str
    address: str = ""
    wijk: str = ""  # one of the network's wijken, or "" for none
    directions: str = ""
    accessibility: str = ""
    expect: str = ""
    capacity: int = 12
    deadline_days: int = 1  # sign-up closes this many days before (0 = until it starts)
    compensation_cents: int = 0


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year = moment.year + month // 12
    month = month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def local_to_utc(moment: datetime) -> datetime:
    """A naive Brussels time, as typed in a form, in UTC as stored."""
    return moment.replace(tzinfo=TIMEZONE).astimezone(UTC)


def _apply(session: TableSession, fields: SessionFields, starts_local: datetime) -> None:
    session.starts_at = local_to_utc(starts_local)
    session.ends_at = local_to_utc(starts_local + timedelta(minutes=fields.minutes))
    session.signup_deadline = session.starts_at - timedelta(days=fields.deadline_days) if fields.deadline_days else None
    session.place = fields.place
    session.address = fields.address
    session.wijk = fields.wijk
    session.directions = fields.directions
    session.accessibility = fields.accessibility
    session.expect = fields.expect
    session.capacity = fields.capacity
    session.compensation_cents = fields.compensation_cents


def create_sessions(
    db: Session,
    network_id: int,
    table_id: int,
    fields: SessionFields,
    *,
    count: int,
    every: int,
    unit: str,
    actor_id: int,
) -> list[int]:
    """One session, or `count` sessions every `every` weeks or months (in local time, so DST keeps the hour)."""
    queries.table(db, network_id, table_id)  # NotFound for another network's table
    ids = []
    for n in range(count):
        offset = n * every
        starts = (
            add_months(fields.starts_local, offset)
            if unit == "maanden"
            else fields.starts_local + timedelta(weeks=offset)
        )
        session = TableSession(network_id=network_id, table_id=table_id)
        _apply(session, fields, starts)
        db.add(session)
        db.flush()
        ids.append(session.id)
    audit.record(
        db,
        "dialogue.sessions_created",
        actor_id=actor_id,
        network_id=network_id,
        subject=("table", table_id),
        count=count,
    )
    return ids


_LOADED = "dialogue.locked_parts"  # Session.info: {session id: (table, network)} read with the lock
_LOCK = (  # built once: every sign-up and cancellation starts with it
    select(TableSession, DialogueTable, Network)
    .join(DialogueTable, DialogueTable.id == TableSession.table_id)
    .join(Network, Network.id == TableSession.network_id)
    .where(TableSession.id == bindparam("session_id"), TableSession.network_id == bindparam("network_id"))
    .with_for_update(of=TableSession)
)


def _locked_session(db: Session, network_id: int, session_id: int) -> TableSession:
    """The session, locked until the transaction ends (the capacity lock); NotFound if not the network's. Its table
    and network come in the same statement, unlocked (`FOR UPDATE OF` the session only), and are kept for
    `info_for`: no statement more while the lock makes the session's other sign-ups wait."""
    found = db.execute(_LOCK, {"session_id": session_id, "network_id": network_id}).first()
    if found is None:
        raise NotFound()
    session, table, network = found
    db.info.setdefault(_LOADED, {})[session.id] = (table, network)
    return session


def info_for(db: Session, session: TableSession) -> SessionInfo:
    """What a message says about the session: its table's name and its network's, read with the lock if it was."""
    loaded = db.info.get(_LOADED, {}).get(session.id)
    table, network = loaded or (db.get(DialogueTable, session.table_id), db.get(Network, session.network_id))
    assert table is not None and network is not None
    return SessionInfo.of(session, table, network.slug, network.name)


def _active(db: Session, session_id: int) -> list[SignUp]:
    return list(
        db.scalars(select(SignUp).where(SignUp.session_id == session_id, SignUp.status.in_(ACTIVE)).order_by(SignUp.id))
    )


def change_session(
    db: Session, network_id: int, session_id: int, fields: SessionFields, *, actor_id: int
) -> list[Notice]:
    """Move or edit a session; everyone signed up is told (new .ics with a higher SEQUENCE)."""
    session = _locked_session(db, network_id, session_id)
    if session.status == SessionStatus.CANCELLED:
        raise DialogueError(_("Deze sessie is geannuleerd en kan niet meer veranderen."))
    _apply(session, fields, fields.starts_local)
    session.sequence += 1
    db.flush()
    notices = _fill_from_waiting_list(db, session)
    info = info_for(db, session)
    promoted = {n.signup_id for n in notices}
    for signup in _active(db, session.id):
        if signup.id not in promoted:
            notices += queue(db, signup, "change", info)
    audit.record(
        db, "dialogue.session_changed", actor_id=actor_id, network_id=network_id, subject=("session", session.id)
    )
    return notices


def cancel_session(db: Session, network_id: int, session_id: int, *, actor_id: int) -> list[Notice]:
    session = _locked_session(db, network_id, session_id)
    if session.status == SessionStatus.CANCELLED:
        return []
    session.status = SessionStatus.CANCELLED
    session.sequence += 1
    db.flush()
    info = info_for(db, session)
    notices: list[Notice] = []
    for signup in _active(db, session.id):
        notices += queue(db, signup, "cancelled", info)
    audit.record(
        db, "dialogue.session_cancelled", actor_id=actor_id, network_id=network_id, subject=("session", session.id)
    )
    return notices


# -- sign-ups ------------------------------------------------------------------------------------------------
@dataclass
class Needs:
    childcare: bool = False
    children_count: int | None = None
    children_ages: str = ""
    transport: bool = False
    interpreter: bool = False
    interpreter_language: str = ""
    diet: str = ""
    accessibility: str = ""
    other: str = ""


@dataclass
class SignUpResult:
    signup_id: int
    status: SignUpStatus
    position: int | None
    token: str
    session: TableSession  # as the sign-up left it: what the confirmation page shows
    table: DialogueTable
    notices: list[Notice] = field(default_factory=list)


def sign_up(
    db: Session,
    network_id: int,
    session_id: int,
    *,
    secret: str,
    first_name: str,
    email: str | None = None,
    phone: str | None = None,
    needs: Needs | None = None,
    person_id: int | None = None,
    registered_by_id: int | None = None,
    consent: bool = True,
    language: str = "nl",
) -> SignUpResult:
    """Confirm a place if one is free, otherwise add to the end of the waiting list. Lock first, then count."""
    session = _locked_session(db, network_id, session_id)
    now = utcnow()
    if session.status == SessionStatus.CANCELLED:
        raise DialogueError(_("Deze sessie gaat niet door. Inschrijven kan niet meer."))
    if session.starts_at <= now or (
        session.signup_deadline and session.signup_deadline <= now and registered_by_id is None
    ):
        raise DialogueError(_("Inschrijven voor deze sessie kan niet meer."))
    standing = _standing(db, session.id, email, phone, person_id)
    if standing.already:
        raise DialogueError(_("Je bent al ingeschreven voor deze sessie."))
    needs = needs or Needs()
    nonce, token, token_hash = new_link(secret)
    signup = SignUp(
        network_id=network_id,
        session_id=session.id,
        person_id=person_id,
        registered_by_id=registered_by_id,
        first_name=first_name,
        email=email,
        phone=phone,
        childcare=needs.childcare,
        children_count=needs.children_count if needs.childcare else None,
        children_ages=needs.children_ages if needs.childcare else "",
        transport=needs.transport,
        interpreter=needs.interpreter,
        interpreter_language=needs.interpreter_language if needs.interpreter else "",
        diet=needs.diet,
        accessibility=needs.accessibility,
        other_needs=needs.other,
        consent_at=now if consent and (email or phone) else None,
        language=language,
        link_nonce=nonce,
        token_hash=token_hash,
    )
    position = None
    if standing.confirmed < session.capacity:
        signup.status = SignUpStatus.CONFIRMED
    else:
        signup.status = SignUpStatus.WAITING
        signup.waiting_position = standing.last_position + 1
        position = standing.waiting + 1  # the new one goes last, behind everyone waiting (as `queries.waiting_rank`)
    db.add(signup)
    db.flush()
    kind = "confirmation" if signup.status == SignUpStatus.CONFIRMED else "waiting"
    notices = queue(db, signup, kind, info_for(db, session), position=position)
    audit.record(
        db,
        "dialogue.signed_up",
        actor_id=registered_by_id or person_id,
        network_id=network_id,
        subject=("signup", signup.id),
        status=signup.status.value,
    )
    table = db.info[_LOADED][session.id][0]
    return SignUpResult(signup.id, signup.status, position, token, session, table, notices)


class Standing(NamedTuple):
    """A session's sign-ups as a new one finds them (under the session lock)."""

    confirmed: int
    waiting: int
    last_position: int  # the highest waiting position ever given (0: none), so a new one goes after it
    already: bool  # the same e-mail address, phone number or person is signed up or waiting


# One statement, built once: the same e-mail, phone or person among the active sign-ups (a value not given is
# NULL, and `= NULL` matches nothing), and the counts that decide between a place and the waiting list.
_STANDING = select(
    func.count().filter(SignUp.status == SignUpStatus.CONFIRMED),
    func.count().filter(SignUp.status == SignUpStatus.WAITING),
    func.coalesce(func.max(SignUp.waiting_position), 0),
    func.count().filter(
        SignUp.status.in_(ACTIVE),
        or_(
            SignUp.email == bindparam("email"),
            SignUp.phone == bindparam("phone"),
            SignUp.person_id == bindparam("person_id"),
        ),
    ),
).where(SignUp.session_id == bindparam("session_id"))


def _standing(db: Session, session_id: int, email: str | None, phone: str | None, person_id: int | None) -> Standing:
    """Everything a sign-up needs to know about the session's other sign-ups, in one statement."""
    row = db.execute(
        _STANDING, {"session_id": session_id, "email": email or None, "phone": phone or None, "person_id": person_id}
    ).one()
    return Standing(row[0] or 0, row[1] or 0, row[2] or 0, bool(row[3]))


def _fill_from_waiting_list(db: Session, session: TableSession) -> list[Notice]:
    """Promote the first in line while there is room (the caller holds the session lock)."""
    if session.status == SessionStatus.CANCELLED:
        return []
    confirmed = (
        db.scalar(select(func.count()).where(SignUp.session_id == session.id, SignUp.status == SignUpStatus.CONFIRMED))
        or 0
    )
    notices: list[Notice] = []
    if confirmed >= session.capacity:
        return notices
    waiting = db.scalars(
        select(SignUp)
        .where(SignUp.session_id == session.id, SignUp.status == SignUpStatus.WAITING)
        .order_by(SignUp.waiting_position)
        .limit(session.capacity - confirmed)
    ).all()
    if not waiting:
        return notices
    info = info_for(db, session)
    for signup in waiting:
        signup.status = SignUpStatus.CONFIRMED
        signup.waiting_position = None
        signup.promoted_at = utcnow()
        notices += queue(db, signup, "promotion", info)
        audit.record(
            db, "dialogue.promoted", actor_id=None, network_id=session.network_id, subject=("signup", signup.id)
        )
    db.flush()
    return notices


def cancel_signup(
    db: Session, network_id: int, signup_id: int, *, session_id: int | None = None, actor_id: int | None = None
) -> list[Notice]:
    """Cancel one sign-up (of `session_id`, when given); a freed place goes to the first on the waiting list, who
    is told."""
    query = select(SignUp).where(SignUp.id == signup_id, SignUp.network_id == network_id)
    if session_id is not None:
        query = query.where(SignUp.session_id == session_id)
    signup = db.scalar(query)
    if signup is None:
        raise NotFound()
    session = _locked_session(db, network_id, signup.session_id)
    db.refresh(signup)  # read again under the lock
    if signup.status == SignUpStatus.CANCELLED:
        return []
    signup.status = SignUpStatus.CANCELLED
    signup.waiting_position = None
    signup.cancelled_at = utcnow()
    db.flush()
    audit.record(db, "dialogue.cancelled", actor_id=actor_id, network_id=network_id, subject=("signup", signup.id))
    return _fill_from_waiting_list(db, session)


def cancel_by_token(db: Session, network_id: int, token: str, signup_id: int) -> list[Notice]:
    """Cancel one of the sign-ups the personal link shows; anything else is not found."""
    view = queries.link_view(db, network_id, token)
    if signup_id not in {s.id for s, *_ in view.rows}:
        raise NotFound()
    return cancel_signup(db, network_id, signup_id)
