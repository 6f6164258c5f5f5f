"""Changing signals: moves between columns, merges, follow-up (trekker, decision, action), feedback, meetings.

Every change writes a `SignalEvent` (who, when, from, to, why) and an audit entry with ids only."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.signals.board import get_signal
from lerend_netwerk.signals.models import (
    Signal,
    SignalContact,
    SignalEvent,
    SignalFollowUp,
    SignalMeeting,
    SignalMeetingItem,
    SignalSource,
    Status,
)

EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_IN_TEXT = re.compile(r"(?:\+|\b)\d[\d ./-]{7,}\d\b")
# Statuses after a decision: the ones that get a public feedback text.
DECIDED = (Status.DECIDED, Status.IN_ACTION, Status.REPORTED_BACK, Status.NOT_RETAINED)
DUPLICATE_WINDOW = 300  # compare with at most this many recent signals: bounded work on a big board
DUPLICATE_THRESHOLD = 0.5
# difflib compares the start of two texts letter by letter (a title and a bit more); its cost grows with the square of this
SPELLING_CHARS = 80


class SignalError(Exception):
    """A refusal the person can read; `field` says which form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def looks_personal(*texts: str) -> bool:
    """True when a text seems to hold an e-mail address or a phone number (nine digits or more)."""
    for text in texts:
        if EMAIL_IN_TEXT.search(text):
            return True
        for match in PHONE_IN_TEXT.finditer(text):
            if sum(ch.isdigit() for ch in match.group()) >= 9:
                return True
    return False


def _event(db: Session, signal: Signal, kind: str, actor_id: int | None, reason: str = "", **status: str) -> None:
    db.add(SignalEvent(signal_id=signal.id, actor_id=actor_id, kind=kind, reason=reason, **status))


def move(db: Session, network_id: int, signal_id: int, to: Status, reason: str, *, actor_id: int) -> Signal:
    signal = get_signal(db, network_id, signal_id, lock=True)
    if signal.merged_into_id is not None:
        raise SignalError("status", _("Dit signaal is samengevoegd met een ander. Verplaats dat andere signaal."))
    if signal.status == to:
        raise SignalError("status", _("Het signaal staat al in deze kolom. Kies een andere kolom."))
    old = signal.status
    signal.status = to
    _event(db, signal, "moved", actor_id, reason, from_status=old.value, to_status=to.value)
    audit.record(
        db, "signal.moved", actor_id=actor_id, network_id=network_id, subject=("signal", signal.id), to=to.value
    )
    db.flush()
    return signal


def merge(db: Session, network_id: int, target_id: int, other_ids: list[int], reason: str, *, actor_id: int) -> Signal:
    """Fold `other_ids` into the target: their sources and contacts move over, their counts are added up."""
    target = get_signal(db, network_id, target_id, lock=True)
    if target.merged_into_id is not None:
        raise SignalError("andere", _("Dit signaal is zelf al samengevoegd. Open het signaal waarin het zit."))
    ids = sorted(set(other_ids) - {target.id})
    if not ids:
        raise SignalError("andere", _("Kies minstens één ander signaal om samen te voegen."))
    others = list(
        db.scalars(
            select(Signal)
            .where(Signal.network_id == network_id, Signal.id.in_(ids), Signal.merged_into_id.is_(None))
            .order_by(Signal.id)
            .with_for_update()
        )
    )
    if len(others) != len(ids):
        raise SignalError("andere", _("Kies een van de mogelijkheden uit de lijst."))
    for other in others:
        db.execute(update(SignalSource).where(SignalSource.signal_id == other.id).values(signal_id=target.id))
        db.execute(update(SignalContact).where(SignalContact.signal_id == other.id).values(signal_id=target.id))
        target.people_count += other.people_count
        other.merged_into_id = target.id
        _event(db, other, "merged", actor_id, reason, from_status=other.status.value)
        _event(
            db, target, "merged", actor_id, _("Signaal {id} samengevoegd: {reason}").format(id=other.id, reason=reason)
        )
    audit.record(
        db, "signal.merged", actor_id=actor_id, network_id=network_id, subject=("signal", target.id), merged=ids
    )
    db.flush()
    return target


def _follow_up(db: Session, signal: Signal) -> SignalFollowUp:
    row = db.get(SignalFollowUp, signal.id)
    if row is None:
        row = SignalFollowUp(signal_id=signal.id, network_id=signal.network_id)
        db.add(row)
    return row


@dataclass(frozen=True)
class FollowUpInput:
    trekker_person_id: int | None
    trekker_organisation_id: int | None
    decision: str
    action: str
    action_organisation_id: int | None
    due_on: date | None
    internal_note: str


def set_follow_up(db: Session, network_id: int, signal_id: int, data: FollowUpInput, *, actor_id: int) -> None:
    """Save trekker, decision, action, partner and due date. The route checked the ids belong to the network."""
    signal = get_signal(db, network_id, signal_id, lock=True)
    row = _follow_up(db, signal)
    for name, value in vars(data).items():
        setattr(row, name, value)
    _event(db, signal, "edited", actor_id, _("Opvolging aangepast"))
    audit.record(db, "signal.follow_up", actor_id=actor_id, network_id=network_id, subject=("signal", signal.id))
    db.flush()


def save_feedback(
    db: Session, network_id: int, signal_id: int, text: str, *, publish: bool, actor_id: int
) -> list[tuple[int, str]]:
    """Store the public feedback; when published, claim the contacts not yet told and return (id, e-mail) pairs.

    The claim (notified_at) happens in this transaction under a row lock, so publishing twice, or two
    stuurgroep members at once, sends each person one mail."""
    signal = get_signal(db, network_id, signal_id, lock=True)
    if signal.status not in DECIDED:
        raise SignalError("terugkoppeling", _("Schrijf een terugkoppeling pas als de stuurgroep heeft beslist."))
    if publish and not text:
        raise SignalError("terugkoppeling", _("Schrijf eerst wat er met het signaal gebeurt."))
    row = _follow_up(db, signal)
    row.feedback = text
    if not publish:
        db.flush()
        return []
    first = row.feedback_published_at is None
    row.feedback_published_at = row.feedback_published_at or utcnow()
    if signal.status != Status.NOT_RETAINED and signal.status != Status.REPORTED_BACK:
        old = signal.status
        signal.status = Status.REPORTED_BACK
        _event(
            db,
            signal,
            "moved",
            actor_id,
            _("Terugkoppeling gepubliceerd"),
            from_status=old.value,
            to_status=Status.REPORTED_BACK.value,
        )
    elif first:
        _event(db, signal, "feedback", actor_id, _("Terugkoppeling gepubliceerd"))
    contacts = list(
        db.scalars(
            select(SignalContact)
            .where(SignalContact.signal_id == signal.id, SignalContact.notified_at.is_(None))
            .with_for_update()
        )
    )
    now = utcnow()
    for contact in contacts:
        contact.notified_at = now
    audit.record(
        db, "signal.feedback_published", actor_id=actor_id, network_id=network_id, subject=("signal", signal.id)
    )
    db.flush()
    return [(c.id, c.email) for c in contacts]


def forget_contacts(db: Session, contact_ids: list[int]) -> None:
    """After the mail went out the address is no longer needed: blank it, keep the notified_at mark."""
    if contact_ids:
        db.execute(update(SignalContact).where(SignalContact.id.in_(contact_ids)).values(email=""))


def release_contacts(db: Session, contact_ids: list[int]) -> None:
    """A mail that failed: un-claim it so the next publish tries again."""
    if contact_ids:
        db.execute(update(SignalContact).where(SignalContact.id.in_(contact_ids)).values(notified_at=None))


def create_meeting(
    db: Session, network_id: int, title: str, meets_on: date, signal_ids: list[int], *, actor_id: int
) -> SignalMeeting:
    ids = list(dict.fromkeys(signal_ids))
    found = set(db.scalars(select(Signal.id).where(Signal.network_id == network_id, Signal.id.in_(ids or [0]))))
    if not ids or len(found) != len(ids):
        raise SignalError("signalen", _("Kies minstens één signaal van dit netwerk."))
    meeting = SignalMeeting(network_id=network_id, title=title, meets_on=meets_on, created_by_id=actor_id)
    db.add(meeting)
    db.flush()
    for position, signal_id in enumerate(ids):
        db.add(SignalMeetingItem(meeting_id=meeting.id, signal_id=signal_id, position=position))
    audit.record(
        db, "signal.meeting_created", actor_id=actor_id, network_id=network_id, subject=("meeting", meeting.id)
    )
    db.flush()
    return meeting


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 3}


def similarity(a: str, b: str, *, floor: float = 0.0) -> float:
    """Shared-word Jaccard, or difflib's ratio for short titles where few words are shared. With `floor`, a pair
    that cannot reach it may score 0 without difflib's full comparison (its cheap upper bound says so first)."""
    ta, tb = _tokens(a), _tokens(b)
    jaccard = len(ta & tb) / len(ta | tb) if ta and tb else 0.0
    matcher = difflib.SequenceMatcher(None, a.lower()[:SPELLING_CHARS], b.lower()[:SPELLING_CHARS])
    if max(jaccard, matcher.quick_ratio() - 0.2) < floor:
        return 0.0
    return max(jaccard, matcher.ratio() - 0.2)


def _recent(db: Session, network_id: int) -> list[tuple[int, str, str]]:
    rows = db.execute(
        select(Signal.id, Signal.title, func.substr(Signal.description, 1, 300))
        .where(Signal.network_id == network_id, Signal.merged_into_id.is_(None))
        # newest reported first, from ix_signal_counts (network_id, reported_on, ...): ordering by id let
        # PostgreSQL walk the primary key backwards through every other network's newer signals
        .order_by(Signal.reported_on.desc(), Signal.id.desc())
        .limit(DUPLICATE_WINDOW)
    )
    return [(i, t, d or "") for i, t, d in rows]


def duplicates_of(db: Session, network_id: int, signal_id: int, limit: int = 5) -> list[tuple[int, str, float]]:
    """Signals of the same network worded like this one, best first (id, title, score)."""
    signal = get_signal(db, network_id, signal_id)
    text = f"{signal.title} {signal.description[:300]}"
    scored = [
        (i, title, similarity(text, f"{title} {desc or ''}", floor=DUPLICATE_THRESHOLD))
        for i, title, desc in _recent(db, network_id)
        if i != signal.id
    ]
    return sorted((s for s in scored if s[2] >= DUPLICATE_THRESHOLD), key=lambda s: -s[2])[:limit]


def suggested_pairs(db: Session, network_id: int, limit: int = 8) -> list[tuple[int, str, int, str]]:
    """Likely duplicate pairs among recent signals (titles only: cheap enough for every board view)."""
    recent = _recent(db, network_id)[:150]
    tokens = [(i, t, _tokens(t)) for i, t, _ in recent]
    pairs = []
    for n, (a, ta, wa) in enumerate(tokens):
        for b, tb, wb in tokens[n + 1 :]:
            if wa and wb and len(wa & wb) / len(wa | wb) >= DUPLICATE_THRESHOLD:
                pairs.append((b, tb, a, ta))  # older first: the older one is the natural target
                if len(pairs) >= limit:
                    return pairs
    return pairs
