"""Writes at and after a session, each scoped to a network: check-in, compensation, the summary, note points (handed
to the signals board once) and ticking off the call list. None of them touches the seats, so none takes the
capacity lock (that is `service.py`)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue.models import CallTask, NotePoint, SignUp, SignUpStatus, TableSession
from lerend_netwerk.dialogue.queries import tables_run_by
from lerend_netwerk.networks.models import Role
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.web.errors import NotFound

SIGNAL_SOURCE = "dialogue"  # the kind this capability declares in `capability.signal_sources`


def _confirmed(db: Session, network_id: int, session_id: int, signup_id: int) -> SignUp:
    signup = db.scalar(
        select(SignUp).where(SignUp.id == signup_id, SignUp.network_id == network_id, SignUp.session_id == session_id)
    )
    if signup is None or signup.status != SignUpStatus.CONFIRMED:
        raise NotFound()
    return signup


def _number_payee(db: Session, signup: SignUp) -> None:
    """Give a paid sign-up its number in the compensation ledger, once: the number of the same person's earlier
    paid sign-ups (same account, or the same first name with the same e-mail or phone) while those still carry a
    name, else its own id. The number keeps one person's lines together after the name is erased."""
    if signup.payee_number is not None:
        return
    same = []
    if signup.person_id is not None:
        same.append(SignUp.person_id == signup.person_id)
    if signup.email:
        same.append(SignUp.email == signup.email)
    if signup.phone:
        same.append(SignUp.phone == signup.phone)
    earlier = (
        db.execute(
            select(SignUp.payee_number, SignUp.person_id, SignUp.first_name)
            .where(
                SignUp.network_id == signup.network_id,
                SignUp.id != signup.id,
                SignUp.payee_number.is_not(None),
                SignUp.anonymised_at.is_(None),
                or_(*same),
            )
            .order_by(SignUp.payee_number)
        ).all()
        if same
        else []
    )
    name = signup.first_name.casefold()
    signup.payee_number = next(
        (
            number
            for number, person_id, first_name in earlier
            if (signup.person_id is not None and person_id == signup.person_id) or first_name.casefold() == name
        ),
        signup.id,
    )


def set_attendance(
    db: Session, network_id: int, session_id: int, signup_id: int, present: bool, *, actor_id: int
) -> SignUp:
    signup = _confirmed(db, network_id, session_id, signup_id)
    signup.attended = present
    signup.checked_in_at = utcnow() if present else None
    if present and not signup.compensation_cents:
        session = db.get(TableSession, session_id)
        signup.compensation_cents = session.compensation_cents if session else 0
    if present and signup.compensation_cents:
        _number_payee(db, signup)
    db.flush()
    return signup


def set_compensation(
    db: Session, network_id: int, session_id: int, signup_id: int, cents: int, *, actor_id: int
) -> None:
    signup = _confirmed(db, network_id, session_id, signup_id)
    signup.compensation_cents = cents
    if cents:
        _number_payee(db, signup)
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
        raise NotFound()
    session.summary = text


def add_point(
    db: Session, network_id: int, session_id: int, *, text: str, theme: str, people_count: int, actor_id: int | None
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
    """Hand a point to the signals board once; the signal id stays on the point so both sides link. `link` is the
    session's site path (made by the caller from the route name)."""
    point = db.scalar(
        select(NotePoint).where(
            NotePoint.id == point_id, NotePoint.session_id == session_id, NotePoint.network_id == network_id
        )
    )
    if point is None:
        raise NotFound()
    if point.signal_id is not None:
        return point.signal_id
    signal = receive(
        db,
        network_id,
        Incoming(
            title=point.text.split("\n")[0][:200],
            description=point.text,
            kind=SIGNAL_SOURCE,
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


def call_done(db: Session, network_id: int, task_id: int, *, person_id: int, role: Role | None) -> None:
    """Tick a call off (again is fine); only calls of tables this person runs are found."""
    task = db.scalar(
        select(CallTask)
        .join(SignUp, SignUp.id == CallTask.signup_id)
        .join(TableSession, TableSession.id == SignUp.session_id)
        .where(
            CallTask.id == task_id,
            CallTask.network_id == network_id,
            TableSession.table_id.in_(tables_run_by(network_id, person_id, role)),
        )
    )
    if task is None:
        raise NotFound()
    if task.done_at is None:
        task.done_at = utcnow()
        task.done_by_id = person_id
