"""Tables, sessions and sign-ups: every query scoped to a network; capacity guarded by a lock on the session row.

The lock: on PostgreSQL `SELECT ... FOR UPDATE` on the session serialises sign-ups and cancellations of one session;
on SQLite `Database.write` starts with BEGIN IMMEDIATE, which serialises all writers. Either way the count of
confirmed places and the next waiting position are read by one transaction at a time.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue.models import (
    DialogueTable,
    SessionStatus,
    SignUp,
    SignUpStatus,
    TableFacilitator,
    TableSession,
)
from lerend_netwerk.dialogue.notices import Notice, SessionInfo, hash_token, new_link, queue
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Membership, Network, Person, Role

TZ = ZoneInfo("Europe/Brussels")
ACTIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITING)


class DialogueError(Exception):
    """Bad input the person can fix; `field` says where the message belongs."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# -- tables --------------------------------------------------------------------------------------------------
def facilitator_options(db: Session, network_id: int) -> list[tuple[int, str]]:
    rows = db.execute(
        select(Person.id, Person.name)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.network_id == network_id, Membership.role.in_([Role.FACILITATOR, Role.COORDINATOR]))
        .order_by(Person.name)
    )
    return [(r.id, r.name) for r in rows]


def create_table(
    db: Session, network_id: int, *, name: str, theme: str, audience: str, facilitator_ids: list[int], actor_id: int
) -> int:
    allowed = {pid for pid, _ in facilitator_options(db, network_id)}
    if any(pid not in allowed for pid in facilitator_ids):
        raise DialogueError("begeleiders", _("Kies een van de mogelijkheden uit de lijst."))
    table = DialogueTable(network_id=network_id, name=name, theme=theme, audience=audience)
    db.add(table)
    db.flush()
    for pid in dict.fromkeys(facilitator_ids or [actor_id]):
        db.add(TableFacilitator(table_id=table.id, person_id=pid))
    audit.record(db, "dialogue.table_created", actor_id=actor_id, network_id=network_id, subject=("table", table.id))
    return table.id


def get_table(db: Session, network_id: int, table_id: int) -> DialogueTable | None:
    return db.scalar(select(DialogueTable).where(DialogueTable.id == table_id, DialogueTable.network_id == network_id))


@dataclass
class SessionRow:
    session: TableSession
    table: DialogueTable
    confirmed: int
    waiting: int

    @property
    def free(self) -> int:
        return max(0, self.session.capacity - self.confirmed)


def _counts(db: Session, session_ids: list[int]) -> dict[tuple[int, SignUpStatus], int]:
    if not session_ids:
        return {}
    rows = db.execute(
        select(SignUp.session_id, SignUp.status, func.count())
        .where(SignUp.session_id.in_(session_ids))
        .group_by(SignUp.session_id, SignUp.status)
    )
    return {(sid, status): n for sid, status, n in rows}


PAST_SHOWN = 24  # past sessions a table's page lists (newest first): years of a table stay one short page


def session_rows(
    db: Session,
    network_id: int,
    *,
    table_id: int | None = None,
    upcoming: bool | None = None,
    session_id: int | None = None,
    limit: int | None = None,
) -> list[SessionRow]:
    query = (
        select(TableSession, DialogueTable)
        .join(DialogueTable, DialogueTable.id == TableSession.table_id)
        .where(TableSession.network_id == network_id)
    )
    if table_id is not None:
        query = query.where(TableSession.table_id == table_id)
    if session_id is not None:
        query = query.where(TableSession.id == session_id)
    if upcoming is True:
        query = query.where(TableSession.ends_at >= utcnow()).order_by(TableSession.starts_at)
    elif upcoming is False:
        query = query.where(TableSession.ends_at < utcnow()).order_by(TableSession.starts_at.desc())
    else:
        query = query.order_by(TableSession.starts_at)
    pairs = db.execute(query.limit(limit)).all()
    counts = _counts(db, [s.id for s, _ in pairs])
    return [
        SessionRow(s, t, counts.get((s.id, SignUpStatus.CONFIRMED), 0), counts.get((s.id, SignUpStatus.WAITING), 0))
        for s, t in pairs
    ]


def list_tables(db: Session, network_id: int) -> list[tuple[DialogueTable, list[SessionRow]]]:
    tables = db.scalars(
        select(DialogueTable).where(DialogueTable.network_id == network_id).order_by(DialogueTable.name)
    )
    upcoming = session_rows(db, network_id, upcoming=True)
    return [(t, [r for r in upcoming if r.table.id == t.id]) for t in tables]


def session_row(db: Session, network_id: int, session_id: int) -> SessionRow | None:
    rows = session_rows(db, network_id, session_id=session_id)
    return rows[0] if rows else None


def runs_table(db: Session, table_id: int, person_id: int | None, role: Role | None) -> bool:
    """Only the table's own facilitators and the network's coordinator see contact data and needs."""
    if role == Role.COORDINATOR:
        return True
    if role != Role.FACILITATOR or person_id is None:
        return False
    found = db.scalar(
        select(TableFacilitator.id).where(
            TableFacilitator.table_id == table_id, TableFacilitator.person_id == person_id
        )
    )
    return found is not None


# -- sessions ------------------------------------------------------------------------------------------------
@dataclass
class SessionFields:
    starts_local: datetime  # naive, Brussels time as typed
    minutes: int
    place: str
    address: str = ""
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
    return moment.replace(tzinfo=TZ).astimezone(ZoneInfo("UTC"))


def _apply(session: TableSession, fields: SessionFields, starts_local: datetime) -> None:
    session.starts_at = local_to_utc(starts_local)
    session.ends_at = local_to_utc(starts_local + timedelta(minutes=fields.minutes))
    session.signup_deadline = session.starts_at - timedelta(days=fields.deadline_days) if fields.deadline_days else None
    session.place = fields.place
    session.address = fields.address
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
    if get_table(db, network_id, table_id) is None:
        raise LookupError(table_id)
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


def _locked_session(db: Session, network_id: int, session_id: int) -> TableSession | None:
    return db.scalar(
        select(TableSession)
        .where(TableSession.id == session_id, TableSession.network_id == network_id)
        .with_for_update()
    )


def info_for(db: Session, session: TableSession) -> SessionInfo:
    table = db.get(DialogueTable, session.table_id)
    network = db.get(Network, session.network_id)
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
    if session is None:
        raise LookupError(session_id)
    if session.status == SessionStatus.CANCELLED:
        raise DialogueError("__all__", _("Deze sessie is geannuleerd en kan niet meer veranderen."))
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
    if session is None:
        raise LookupError(session_id)
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
) -> SignUpResult:
    """Confirm a place if one is free, otherwise add to the end of the waiting list. Lock first, then count."""
    session = _locked_session(db, network_id, session_id)
    if session is None:
        raise LookupError(session_id)
    now = utcnow()
    if session.status == SessionStatus.CANCELLED:
        raise DialogueError("__all__", _("Deze sessie gaat niet door. Inschrijven kan niet meer."))
    if session.starts_at <= now or (
        session.signup_deadline and session.signup_deadline <= now and registered_by_id is None
    ):
        raise DialogueError("__all__", _("Inschrijven voor deze sessie kan niet meer."))
    if _already(db, session.id, email, phone, person_id):
        raise DialogueError("__all__", _("U bent al ingeschreven voor deze sessie."))
    confirmed = db.scalar(
        select(func.count()).where(SignUp.session_id == session.id, SignUp.status == SignUpStatus.CONFIRMED)
    )
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
        link_nonce=nonce,
        token_hash=token_hash,
    )
    if (confirmed or 0) < session.capacity:
        signup.status = SignUpStatus.CONFIRMED
    else:
        last = db.scalar(select(func.max(SignUp.waiting_position)).where(SignUp.session_id == session.id))
        signup.status = SignUpStatus.WAITING
        signup.waiting_position = (last or 0) + 1
    db.add(signup)
    db.flush()
    position = waiting_rank(db, signup) if signup.status == SignUpStatus.WAITING else None
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
    return SignUpResult(signup.id, signup.status, position, token, notices)


def _already(db: Session, session_id: int, email: str | None, phone: str | None, person_id: int | None) -> bool:
    conditions = []
    if email:
        conditions.append(SignUp.email == email)
    if phone:
        conditions.append(SignUp.phone == phone)
    if person_id:
        conditions.append(SignUp.person_id == person_id)
    if not conditions:
        return False

    found = db.scalar(
        select(SignUp.id).where(SignUp.session_id == session_id, SignUp.status.in_(ACTIVE), or_(*conditions)).limit(1)
    )
    return found is not None


def waiting_rank(db: Session, signup: SignUp) -> int:
    """1 for the first in line: the stored position only orders, so cancellations leave no gaps in what people see."""
    ahead = db.scalar(_ahead_of(SignUp).where(SignUp.id == signup.id))
    return (ahead or 0) + 1


def _ahead_of(signup: type[SignUp]) -> Select[tuple[int]]:
    """How many wait before `signup` (a row of the outer query): a correlated count, so a list of sign-ups gets
    every rank in one statement."""
    other = aliased(SignUp)
    return select(func.count(other.id)).where(
        other.session_id == signup.session_id,
        other.status == SignUpStatus.WAITING,
        other.waiting_position < func.coalesce(signup.waiting_position, 0),
    )


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


def cancel_signup(db: Session, network_id: int, signup_id: int, *, actor_id: int | None = None) -> list[Notice]:
    """Cancel one sign-up; a freed place goes to the first on the waiting list, who is told."""
    signup = db.scalar(select(SignUp).where(SignUp.id == signup_id, SignUp.network_id == network_id))
    if signup is None:
        raise LookupError(signup_id)
    session = _locked_session(db, network_id, signup.session_id)
    assert session is not None
    db.refresh(signup)  # read again under the lock
    if signup.status == SignUpStatus.CANCELLED:
        return []
    signup.status = SignUpStatus.CANCELLED
    signup.waiting_position = None
    signup.cancelled_at = utcnow()
    db.flush()
    audit.record(db, "dialogue.cancelled", actor_id=actor_id, network_id=network_id, subject=("signup", signup.id))
    return _fill_from_waiting_list(db, session)


@dataclass
class LinkView:
    """What a personal link shows: the sign-ups of the person it was sent to (same e-mail or phone)."""

    network: Network
    rows: list[tuple[SignUp, TableSession, DialogueTable, int | None]]


def signup_by_token(db: Session, token: str) -> SignUp | None:
    if not token or len(token) > 100:
        return None
    return db.scalar(select(SignUp).where(SignUp.token_hash == hash_token(token), SignUp.anonymised_at.is_(None)))


def link_view(db: Session, token: str) -> LinkView | None:
    own = signup_by_token(db, token)
    if own is None:
        return None

    same = [SignUp.id == own.id]
    if own.email:
        same.append(SignUp.email == own.email)
    if own.phone:
        same.append(SignUp.phone == own.phone)
    ahead = _ahead_of(SignUp).correlate(SignUp).scalar_subquery()
    rows = db.execute(
        select(SignUp, TableSession, DialogueTable, ahead)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .join(DialogueTable, DialogueTable.id == TableSession.table_id)
        .where(SignUp.network_id == own.network_id, or_(*same), SignUp.anonymised_at.is_(None))
        .order_by(TableSession.starts_at)
    ).all()
    network = db.get(Network, own.network_id)
    assert network is not None
    return LinkView(
        network,
        [(s, ses, t, n + 1 if s.status == SignUpStatus.WAITING else None) for s, ses, t, n in rows],
    )


def cancel_by_token(db: Session, token: str, signup_id: int) -> list[Notice]:
    """Cancel one of the sign-ups the link shows; anything else is not found."""
    view = link_view(db, token)
    if view is None or signup_id not in {s.id for s, *_ in view.rows}:
        raise LookupError(signup_id)
    return cancel_signup(db, view.network.id, signup_id)
