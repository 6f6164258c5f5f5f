"""At and after a session: the roster with needs, check-in, compensation, notes, the call list and finance totals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
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
from lerend_netwerk.networks.models import Role
from lerend_netwerk.signals.models import SourceKind
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.web.export import csv_text

TZ = ZoneInfo("Europe/Brussels")


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


def _signup(db: Session, network_id: int, session_id: int, signup_id: int) -> SignUp:
    signup = db.scalar(
        select(SignUp).where(SignUp.id == signup_id, SignUp.network_id == network_id, SignUp.session_id == session_id)
    )
    if signup is None or signup.status != SignUpStatus.CONFIRMED:
        raise LookupError(signup_id)
    return signup


def set_attendance(
    db: Session, network_id: int, session_id: int, signup_id: int, present: bool, *, actor_id: int
) -> SignUp:
    signup = _signup(db, network_id, session_id, signup_id)
    signup.attended = present
    signup.checked_in_at = utcnow() if present else None
    if present and not signup.compensation_cents:
        session = db.get(TableSession, session_id)
        signup.compensation_cents = session.compensation_cents if session else 0
    db.flush()
    return signup


def set_compensation(
    db: Session, network_id: int, session_id: int, signup_id: int, cents: int, *, actor_id: int
) -> None:
    signup = _signup(db, network_id, session_id, signup_id)
    signup.compensation_cents = cents
    audit.record(
        db,
        "dialogue.compensation",
        actor_id=actor_id,
        network_id=network_id,
        subject=("signup", signup.id),
        cents=cents,
    )


def save_summary(db: Session, network_id: int, session_id: int, text: str) -> None:
    session = db.scalar(
        select(TableSession).where(TableSession.id == session_id, TableSession.network_id == network_id)
    )
    if session is None:
        raise LookupError(session_id)
    session.summary = text


def points(db: Session, network_id: int, session_id: int) -> list[NotePoint]:
    return list(
        db.scalars(
            select(NotePoint)
            .where(NotePoint.session_id == session_id, NotePoint.network_id == network_id)
            .order_by(NotePoint.id)
        )
    )


def add_point(
    db: Session, network_id: int, session_id: int, *, text: str, theme: str, people_count: int, actor_id: int
) -> int:
    point = NotePoint(
        network_id=network_id,
        session_id=session_id,
        text=text,
        theme=theme,
        people_count=people_count,
        created_by_id=actor_id,
    )
    db.add(point)
    db.flush()
    return point.id


def point_to_signal(
    db: Session, network_id: int, session_id: int, point_id: int, *, link: str, label: str, actor_id: int
) -> int:
    """Hand a point to the signals board once; the signal id stays on the point so both sides link."""
    point = db.scalar(
        select(NotePoint).where(
            NotePoint.id == point_id, NotePoint.session_id == session_id, NotePoint.network_id == network_id
        )
    )
    if point is None:
        raise LookupError(point_id)
    if point.signal_id is not None:
        return point.signal_id
    signal = receive(
        db,
        network_id,
        Incoming(
            title=point.text.split("\n")[0][:200],
            description=point.text,
            kind=SourceKind.DIALOGUE,
            theme=point.theme,
            people_count=point.people_count,
            ref_id=session_id,
            link=link,
            label=label,
        ),
        actor_id=actor_id,
    )
    point.signal_id = signal.id
    return signal.id


# -- call list -----------------------------------------------------------------------------------------------
@dataclass
class Call:
    task: CallTask
    signup: SignUp
    session: TableSession
    table: DialogueTable


def _visible_tables(db: Session, network_id: int, person_id: int, role: Role | None):  # noqa: ANN202
    query = select(DialogueTable.id).where(DialogueTable.network_id == network_id)
    if role != Role.COORDINATOR:
        query = query.join(TableFacilitator, TableFacilitator.table_id == DialogueTable.id).where(
            TableFacilitator.person_id == person_id
        )
    return query


def open_calls(db: Session, network_id: int, person_id: int, role: Role | None) -> list[Call]:
    rows = db.execute(
        select(CallTask, SignUp, TableSession, DialogueTable)
        .join(SignUp, SignUp.id == CallTask.signup_id)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .join(DialogueTable, DialogueTable.id == TableSession.table_id)
        .where(
            CallTask.network_id == network_id,
            CallTask.done_at.is_(None),
            DialogueTable.id.in_(_visible_tables(db, network_id, person_id, role)),
        )
        .order_by(CallTask.created_at)
    ).all()
    return [Call(*row) for row in rows]


def call_done(db: Session, network_id: int, task_id: int, *, person_id: int, role: Role | None) -> None:
    """Tick a call off (again is fine); only calls of tables this person runs are found."""
    task = db.scalar(
        select(CallTask)
        .join(SignUp, SignUp.id == CallTask.signup_id)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .where(
            CallTask.id == task_id,
            CallTask.network_id == network_id,
            TableSession.table_id.in_(_visible_tables(db, network_id, person_id, role)),
        )
    )
    if task is None:
        raise LookupError(task_id)
    if task.done_at is None:
        task.done_at = utcnow()
        task.done_by_id = person_id


# -- compensation for finance --------------------------------------------------------------------------------
@dataclass
class YearTotal:
    name: str
    contact: str
    sessions: int
    cents: int


def compensation_year(db: Session, network_id: int, year: int, person_id: int, role: Role | None) -> list[YearTotal]:
    """Per person, the compensation of every attended session in `year` (a person = account, or name + contact)."""
    rows = db.execute(
        select(SignUp, TableSession)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .where(
            SignUp.network_id == network_id,
            SignUp.attended.is_(True),
            SignUp.anonymised_at.is_(None),
            extract("year", TableSession.starts_at) == year,
            TableSession.table_id.in_(_visible_tables(db, network_id, person_id, role)),
        )
    ).all()
    totals: dict[tuple[str, str], YearTotal] = {}
    for signup, _session in rows:
        contact = signup.email or signup.phone or ""
        key = (f"p{signup.person_id}", "") if signup.person_id else (signup.first_name.lower(), contact)
        total = totals.setdefault(key, YearTotal(signup.first_name, contact, 0, 0))
        total.sessions += 1
        total.cents += signup.compensation_cents
    return sorted(totals.values(), key=lambda t: t.name.lower())


def compensation_csv(totals: list[YearTotal], year: int) -> str:
    rows = [[year, t.name, t.contact, t.sessions, f"{t.cents / 100:.2f}".replace(".", ",")] for t in totals]
    return csv_text(["jaar", "naam", "contact", "sessies", "bedrag_euro"], rows, delimiter=";")


def counts_by_theme(pts: list[NotePoint]) -> Counter[str]:
    return Counter(p.theme or "-" for p in pts)


def local(moment: datetime) -> datetime:
    return moment.astimezone(TZ)
