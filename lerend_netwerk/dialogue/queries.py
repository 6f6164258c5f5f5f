"""Reads for the dialogue pages, each scoped to a network: tables and sessions with their seats, who runs a table,
the personal link, the roster with needs, note points, the call list and the compensation totals for finance.

An id that is not the network's raises `NotFound`; contact data and needs are only read for pages that check
`runs_table` first (the table's own facilitators and the coordinator)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased

from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue.models import (
    CallTask,
    DialogueTable,
    NotePoint,
    SignUp,
    SignUpStatus,
    TableFacilitator,
    TableSession,
)
from lerend_netwerk.dialogue.tokens import hash_token
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.networks.models import Network, Role
from lerend_netwerk.networks.queries import memberships, people
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.export import csv_text

PAST_SHOWN = 24  # past sessions a table's page lists (newest first): years of a table stay one short page
RUNNERS = (Role.FACILITATOR, Role.COORDINATOR)  # who can be chosen to run a table


# -- tables and sessions -------------------------------------------------------------------------------------
@dataclass
class SessionRow:
    session: TableSession
    table: DialogueTable
    confirmed: int
    waiting: int

    @property
    def free(self) -> int:
        return max(0, self.session.capacity - self.confirmed)


def list_tables(db: Session, network_id: int) -> list[tuple[DialogueTable, list[SessionRow]]]:
    tables = db.scalars(
        select(DialogueTable).where(DialogueTable.network_id == network_id).order_by(DialogueTable.name)
    )
    upcoming = session_rows(db, network_id, upcoming=True)
    return [(t, [r for r in upcoming if r.table.id == t.id]) for t in tables]


def table(db: Session, network_id: int, table_id: int) -> DialogueTable:
    found = db.scalar(select(DialogueTable).where(DialogueTable.id == table_id, DialogueTable.network_id == network_id))
    if found is None:
        raise NotFound()
    return found


def _signed_up(status: SignUpStatus) -> Any:
    """How many sign-ups of the outer query's session have this status (the index on session and status counts)."""
    return (
        select(func.count())
        .where(SignUp.session_id == TableSession.id, SignUp.status == status)
        .correlate(TableSession)
        .scalar_subquery()
    )


@functools.cache
def _session_query(by_table: bool, by_session: bool, upcoming: bool | None, limited: bool) -> Select[Any]:
    """`session_rows`'s statement, built once per kind of question (with parameters): a dialogue session's page
    built it, with its two counting subqueries, on every request, and SQLAlchemy walked it again for its cache key."""
    query = (
        select(TableSession, DialogueTable, _signed_up(SignUpStatus.CONFIRMED), _signed_up(SignUpStatus.WAITING))
        .join(DialogueTable, DialogueTable.id == TableSession.table_id)
        .where(TableSession.network_id == bindparam("s_network"))
    )
    if by_table:
        query = query.where(TableSession.table_id == bindparam("s_table"))
    if by_session:
        query = query.where(TableSession.id == bindparam("s_session"))
    if upcoming is True:
        query = query.where(TableSession.ends_at >= bindparam("s_now")).order_by(TableSession.starts_at)
    elif upcoming is False:
        query = query.where(TableSession.ends_at < bindparam("s_now")).order_by(TableSession.starts_at.desc())
    else:
        query = query.order_by(TableSession.starts_at)
    return query.limit(bindparam("s_limit", type_=Integer)) if limited else query


def session_rows(
    db: Session,
    network_id: int,
    *,
    table_id: int | None = None,
    upcoming: bool | None = None,
    session_id: int | None = None,
    limit: int | None = None,
) -> list[SessionRow]:
    query = _session_query(table_id is not None, session_id is not None, upcoming, limit is not None)
    values = {
        "s_network": network_id,
        "s_table": table_id,
        "s_session": session_id,
        "s_now": utcnow(),
        "s_limit": limit,
    }
    return [SessionRow(s, t, confirmed, waiting) for s, t, confirmed, waiting in db.execute(query, values)]


def session_row(db: Session, network_id: int, session_id: int) -> SessionRow:
    rows = session_rows(db, network_id, session_id=session_id)
    if not rows:
        raise NotFound()
    return rows[0]


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


def facilitator_options(db: Session, network_id: int) -> list[tuple[int, str]]:
    """(id, name) of the network's facilitators and coordinators, by name: who can be chosen to run a table."""
    runners = {m.person_id for m in memberships(db, network_id) if m.role in RUNNERS}
    return [(p.id, p.name) for p in people(db, network_id) if p.id in runners]


# -- sign-ups and the personal link --------------------------------------------------------------------------
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


@dataclass
class LinkView:
    """What a personal link shows: the sign-ups of the person it was sent to (same e-mail or phone)."""

    network: Network
    rows: list[tuple[SignUp, TableSession, DialogueTable, int | None]]


def link_view(db: Session, network_id: int, token: str) -> LinkView:
    """The sign-ups a personal link shows; a forged, erased or other network's token is not found."""
    own = None
    if token and len(token) <= 100:
        own = db.scalar(
            select(SignUp).where(
                SignUp.token_hash == hash_token(token),
                SignUp.network_id == network_id,
                SignUp.anonymised_at.is_(None),
            )
        )
    if own is None:
        raise NotFound()
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
        .where(SignUp.network_id == network_id, or_(*same), SignUp.anonymised_at.is_(None))
        .order_by(TableSession.starts_at)
    ).all()
    network = db.get(Network, network_id)
    assert network is not None
    return LinkView(
        network,
        [(s, ses, t, n + 1 if s.status == SignUpStatus.WAITING else None) for s, ses, t, n in rows],
    )


# -- at and after a session ----------------------------------------------------------------------------------
@dataclass
class Roster:
    confirmed: list[SignUp]
    waiting: list[SignUp]
    cancelled: list[SignUp]
    needs: dict[str, list[str]]  # what is needed -> who (first names), for the facilitator's preparation
    attended: int


def roster(db: Session, network_id: int, session_id: int) -> Roster:
    signups = db.scalars(
        select(SignUp)
        .where(SignUp.session_id == session_id, SignUp.network_id == network_id)
        .order_by(SignUp.waiting_position, SignUp.first_name, SignUp.id)
    ).all()
    confirmed = [s for s in signups if s.status == SignUpStatus.CONFIRMED]
    needs: dict[str, list[str]] = {
        "childcare": [],
        "transport": [],
        "interpreter": [],
        "diet": [],
        "accessibility": [],
        "other": [],
    }
    for s in confirmed:
        if s.childcare:
            needs["childcare"].append(f"{s.first_name} ({s.children_count or '?'}: {s.children_ages})")
        if s.transport:
            needs["transport"].append(s.first_name)
        if s.interpreter:
            needs["interpreter"].append(f"{s.first_name} ({s.interpreter_language})")
        if s.diet:
            needs["diet"].append(f"{s.first_name}: {s.diet}")
        if s.accessibility:
            needs["accessibility"].append(f"{s.first_name}: {s.accessibility}")
        if s.other_needs:
            needs["other"].append(f"{s.first_name}: {s.other_needs}")
    return Roster(
        confirmed=confirmed,
        waiting=sorted((s for s in signups if s.status == SignUpStatus.WAITING), key=lambda s: s.waiting_position or 0),
        cancelled=[s for s in signups if s.status == SignUpStatus.CANCELLED],
        needs=needs,
        attended=sum(1 for s in confirmed if s.attended),
    )


def points(db: Session, network_id: int, session_id: int) -> list[NotePoint]:
    return list(
        db.scalars(
            select(NotePoint)
            .where(NotePoint.session_id == session_id, NotePoint.network_id == network_id)
            .order_by(NotePoint.id)
        )
    )


# -- the call list -------------------------------------------------------------------------------------------
@dataclass
class Call:
    task: CallTask
    signup: SignUp
    session: TableSession
    table: DialogueTable


def tables_run_by(network_id: int, person_id: int, role: Role | None) -> Select[tuple[int]]:
    """The ids of the tables whose phone numbers and compensation this person sees: every table of the network
    for the coordinator, the tables they run for a facilitator."""
    query = select(DialogueTable.id).where(DialogueTable.network_id == network_id)
    if role != Role.COORDINATOR:
        query = query.join(TableFacilitator, TableFacilitator.table_id == DialogueTable.id).where(
            TableFacilitator.person_id == person_id
        )
    return query


def open_calls(
    db: Session, network_id: int, person_id: int, role: Role | None, *, now: datetime | None = None
) -> list[Call]:
    """The calls that still need making: one per sign-up, its newest message (which says what is true now: a
    promotion replaces "on the waiting list", a cancelled session the confirmation) unless that one was made; none
    for a sign-up that was cancelled, none for a session that has begun or is over (at `now`, default: now)."""
    newest = select(func.max(CallTask.id)).where(CallTask.network_id == network_id).group_by(CallTask.signup_id)
    rows = db.execute(
        select(CallTask, SignUp, TableSession, DialogueTable)
        .join(SignUp, SignUp.id == CallTask.signup_id)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .join(DialogueTable, DialogueTable.id == TableSession.table_id)
        .where(
            CallTask.network_id == network_id,
            CallTask.id.in_(newest),
            CallTask.done_at.is_(None),
            SignUp.status != SignUpStatus.CANCELLED,
            TableSession.starts_at > (now or utcnow()),
            DialogueTable.id.in_(tables_run_by(network_id, person_id, role)),
        )
        .order_by(CallTask.created_at, CallTask.id)
    ).all()
    return [Call(*row) for row in rows]


# -- compensation for finance: the ledger -------------------------------------------------------------------
ERASED = "[gewist]"  # the name of a paid person whose contact data was erased: the amounts stay in the books


@dataclass
class Payment:
    """One line of the compensation ledger: what was paid to whom, for which session. `name` and `contact` are
    empty once the sign-up's contact data is erased; `payee` (a number) still ties one person's lines together."""

    payee: int
    name: str
    contact: str
    starts_at: datetime
    table: str
    place: str
    cents: int


@dataclass
class YearTotal:
    payee: int
    name: str
    contact: str
    sessions: int
    cents: int


@dataclass
class Ledger:
    year: int
    payments: list[Payment]
    totals: list[YearTotal]  # per person (payee number), by name; erased people last

    @property
    def cents(self) -> int:
        return sum(t.cents for t in self.totals)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """The calendar year in Brussels, in UTC as stored: a session at 00:30 on 1 January belongs to the new year."""
    return (
        datetime(year, 1, 1, tzinfo=TIMEZONE).astimezone(UTC),
        datetime(year + 1, 1, 1, tzinfo=TIMEZONE).astimezone(UTC),
    )


def compensation_ledger(db: Session, network_id: int, year: int, person_id: int, role: Role | None) -> Ledger:
    """Every compensation paid for an attended session in `year` (Brussels time), erased contact data or not, of
    the tables this person sees; and the totals per person."""
    start, end = _year_bounds(year)
    rows = db.execute(
        select(SignUp, TableSession.starts_at, TableSession.place, DialogueTable.name)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .join(DialogueTable, DialogueTable.id == TableSession.table_id)
        .where(
            SignUp.network_id == network_id,
            SignUp.attended.is_(True),
            SignUp.compensation_cents > 0,
            TableSession.starts_at >= start,
            TableSession.starts_at < end,
            TableSession.table_id.in_(tables_run_by(network_id, person_id, role)),
        )
        .order_by(TableSession.starts_at, SignUp.id)
    ).all()
    payments = [
        Payment(
            payee=signup.payee_number or signup.id,
            name=signup.first_name if signup.anonymised_at is None else "",
            contact=(signup.email or signup.phone or "") if signup.anonymised_at is None else "",
            starts_at=starts_at,
            table=table_name,
            place=place,
            cents=signup.compensation_cents,
        )
        for signup, starts_at, place, table_name in rows
    ]
    totals: dict[int, YearTotal] = {}
    for p in payments:
        total = totals.setdefault(p.payee, YearTotal(p.payee, "", "", 0, 0))
        total.sessions += 1
        total.cents += p.cents
        if p.name:  # the newest name and contact still known
            total.name, total.contact = p.name, p.contact
    ordered = sorted(totals.values(), key=lambda t: (not t.name, t.name.lower(), t.payee))
    return Ledger(year, payments, ordered)


def compensation_csv(ledger: Ledger) -> str:
    """The year's ledger as the CSV finance imports (semicolons, decimal comma): one line per payment, with the
    person's number so lines can be added up per person after a name was erased."""
    rows = [
        [
            ledger.year,
            p.starts_at.astimezone(TIMEZONE).date().isoformat(),
            p.table,
            p.place,
            p.payee,
            p.name or ERASED,
            p.contact,
            f"{p.cents / 100:.2f}".replace(".", ","),
        ]
        for p in ledger.payments
    ]
    return csv_text(
        ["jaar", "datum", "tafel", "sessie", "nummer", "naam", "contact", "bedrag_euro"], rows, delimiter=";"
    )
