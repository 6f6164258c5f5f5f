"""Every change to the board: a point handed over (`receive`, the one door for other capabilities), the public
report form, moves between columns, merges, follow-up (trekker, decision, action), feedback, and meetings.

Every change writes a `SignalEvent` (who, when, from, to, why) and an audit entry with ids only. A refusal is a
`SignalError` with the form field it belongs to; an id that is not the network's is not found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.meetings import service as meetings
from lerend_netwerk.meetings.models import AgendaItem, Body, Meeting
from lerend_netwerk.networks.queries import organisation_of
from lerend_netwerk.signals import tallies
from lerend_netwerk.signals.models import (
    DECIDED,
    STATUS_LABELS,
    Signal,
    SignalContact,
    SignalEvent,
    SignalFollowUp,
    SignalSource,
    Status,
)
from lerend_netwerk.web.errors import DomainError, NotFound


class SignalError(DomainError):
    """A refusal the person can read; `field` says which form field it belongs to."""


@dataclass(frozen=True)
class Incoming:
    """A point handed to the board by a practice, a dialogue table, a survey, a partner or the public form."""

    title: str
    kind: str  # the source kind its capability declares in `signal_sources`: "practice", "dialogue", ...
    description: str = ""
    theme: str = ""
    neighbourhood: str = ""
    threshold_code: str = ""
    people_count: int = 1
    ref_id: int | None = None
    link: str = ""  # site path back to the source, e.g. /n/temse/dialoogtafels/sessies/12
    label: str = ""  # what the source is called, e.g. "Dialoogtafel 12 maart"
    contact_email: str | None = None  # only with the person's consent to be told what happened
    contact_language: str = "nl"  # the language to tell them in (the page's language when they reported)
    reported_on: date | None = None  # when it was raised, if not today (a paper note typed in later)


def receive(db: Session, network_id: int, incoming: Incoming, *, actor_id: int | None) -> Signal:
    """Create a new signal from any source, with its history's first entry. Returns it (flushed, with id)."""
    signal = Signal(
        network_id=network_id,
        title=incoming.title[:200],
        description=incoming.description,
        theme=incoming.theme,
        neighbourhood=incoming.neighbourhood,
        threshold_code=incoming.threshold_code,
        people_count=max(1, incoming.people_count),
        status=Status.NEW,
        created_by_id=actor_id,
    )
    if incoming.reported_on is not None:
        signal.reported_on = incoming.reported_on
    db.add(signal)
    db.flush()
    tallies.add(db, signal, signals=1, people=signal.people_count)
    db.add(
        SignalSource(
            signal_id=signal.id,
            kind=incoming.kind,
            ref_id=incoming.ref_id,
            link=incoming.link,
            label=incoming.label[:200],
            people_count=signal.people_count,
        )
    )
    if incoming.contact_email:
        db.add(SignalContact(signal_id=signal.id, email=incoming.contact_email, language=incoming.contact_language))
    db.add(SignalEvent(signal_id=signal.id, actor_id=actor_id, kind="created", to_status=Status.NEW.value))
    audit.record(
        db,
        "signal.created",
        actor_id=actor_id,
        network_id=network_id,
        subject=("signal", signal.id),
        source=incoming.kind,
    )
    return signal


@dataclass(frozen=True)
class Report:
    """What someone reports on the public form."""

    title: str
    description: str
    theme: str
    neighbourhood: str
    threshold_code: str
    people_count: int
    contact_email: str | None  # only with the person's consent


def report(
    db: Session, network_id: int, data: Report, *, partner: bool, actor_id: int | None, language: str = "nl"
) -> Signal:
    """A threshold reported on the public form: a direct report, or a partner's for their organisation."""
    label = _("Rechtstreekse melding")
    if partner and actor_id is not None:
        organisation = organisation_of(db, network_id, actor_id)
        label = (organisation.name if organisation else "") or _("Partnerorganisatie")
    incoming = Incoming(
        title=data.title,
        kind="partner" if partner else "direct",
        description=data.description,
        theme=data.theme,
        neighbourhood=data.neighbourhood,
        threshold_code=data.threshold_code,
        people_count=data.people_count,
        label=label,
        contact_email=data.contact_email,
        contact_language=language,
    )
    return receive(db, network_id, incoming, actor_id=actor_id)


def _locked(db: Session, network_id: int, signal_id: int) -> Signal:
    """The network's signal, locked for this transaction; another network's id is not found."""
    signal = db.scalar(select(Signal).where(Signal.id == signal_id, Signal.network_id == network_id).with_for_update())
    if signal is None:
        raise NotFound()
    return signal


def _event(db: Session, signal: Signal, kind: str, actor_id: int | None, reason: str = "", **status: str) -> None:
    db.add(SignalEvent(signal_id=signal.id, actor_id=actor_id, kind=kind, reason=reason, **status))


def _filled(text: str | None) -> bool:
    return bool(text and text.strip())


def missing(to: Status, follow: SignalFollowUp | None) -> list[str]:
    """What a signal still lacks to stand in column `to` (empty: it may). Each phase requires what it means: a
    decision for "Beslist", also an action and a trekker for "In actie", a published public feedback text for
    "Teruggekoppeld", and for "Niet weerhouden" the reason (the decision: why not). The other columns need nothing."""
    lacking = []
    if to in DECIDED and not (follow and _filled(follow.decision)):
        lacking.append(_("de reden") if to == Status.NOT_RETAINED else _("de beslissing"))
    if to == Status.IN_ACTION:
        if not (follow and _filled(follow.action)):
            lacking.append(_("de actie"))
        if not (follow and (follow.trekker_person_id or follow.trekker_organisation_id)):
            lacking.append(_("de trekker"))
    if to == Status.REPORTED_BACK and not (follow and _filled(follow.feedback) and follow.feedback_published_at):
        lacking.append(_("de gepubliceerde terugkoppeling"))
    return lacking


def _refusal(to: Status, lacking: list[str]) -> str:
    """The message at the "Naar kolom" field: what the column needs, where to fill it in, and what is missing."""
    needs = {
        Status.DECIDED: _(
            "Een signaal gaat pas naar “Beslist” met de beslissing van de stuurgroep. Schrijf die eerst bij "
            "“Beslissing en actie” op de pagina van het signaal."
        ),
        Status.IN_ACTION: _(
            "Een signaal gaat pas naar “In actie” met een beslissing, een actie en een trekker. Vul ze eerst in bij "
            "“Beslissing en actie” op de pagina van het signaal."
        ),
        Status.REPORTED_BACK: _(
            "Een signaal gaat pas naar “Teruggekoppeld” met een beslissing en een gepubliceerde terugkoppeling. "
            "Schrijf de terugkoppeling op de pagina van het signaal en kies “Publiceer en verwittig”: dan komt het "
            "signaal vanzelf in deze kolom."
        ),
        Status.NOT_RETAINED: _(
            "Een signaal gaat pas naar “Niet weerhouden” met de reden waarom. Schrijf die eerst bij “Beslissing "
            "van de stuurgroep” op de pagina van het signaal."
        ),
    }[to]
    return needs + " " + _("Nog niet ingevuld: {what}.").format(what=", ".join(lacking))


def move(db: Session, network_id: int, signal_id: int, to: Status, reason: str, *, actor_id: int) -> Signal:
    """Put a signal in another column, with the reason in its history. A column whose phase needs something the
    signal lacks (`missing`) refuses it, with what is missing, at the "status" field."""
    signal = _locked(db, network_id, signal_id)
    if signal.merged_into_id is not None:
        raise SignalError(_("Dit signaal is samengevoegd met een ander. Verplaats dat andere signaal."), field="status")
    if signal.status == to:
        raise SignalError(_("Het signaal staat al in deze kolom. Kies een andere kolom."), field="status")
    lacking = missing(to, db.get(SignalFollowUp, signal.id))
    if lacking:
        raise SignalError(_refusal(to, lacking), field="status")
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
    target = _locked(db, network_id, target_id)
    if target.merged_into_id is not None:
        raise SignalError(_("Dit signaal is zelf al samengevoegd. Open het signaal waarin het zit."), field="nummer")
    ids = sorted(set(other_ids) - {target.id})
    if not ids:
        raise SignalError(_("Kies minstens één ander signaal om samen te voegen."), field="nummer")
    others = list(
        db.scalars(
            select(Signal)
            .where(Signal.network_id == network_id, Signal.id.in_(ids), Signal.merged_into_id.is_(None))
            .order_by(Signal.id)
            .with_for_update()
        )
    )
    if len(others) != len(ids):
        raise SignalError(_("Kies een van de mogelijkheden uit de lijst."), field="nummer")
    for other in others:
        db.execute(update(SignalSource).where(SignalSource.signal_id == other.id).values(signal_id=target.id))
        db.execute(update(SignalContact).where(SignalContact.signal_id == other.id).values(signal_id=target.id))
        target.people_count += other.people_count
        other.merged_into_id = target.id
        tallies.add(db, other, signals=-1, people=-other.people_count)
        tallies.add(db, target, signals=0, people=other.people_count)
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


def _keeps_its_column(status: Status, data: FollowUpInput) -> None:
    """A follow-up may not take away what the signal's column needs (see `missing`): move the signal first."""
    column = STATUS_LABELS[status]
    if status in DECIDED and not _filled(data.decision):
        message = (
            _("Dit signaal staat in “{column}”: schrijf hier waarom het niet weerhouden is.")
            if status == Status.NOT_RETAINED
            else _("Dit signaal staat in “{column}”: de beslissing mag niet leeg zijn.")
        )
        raise SignalError(message.format(column=column), field="beslissing")
    if status == Status.IN_ACTION and not _filled(data.action):
        raise SignalError(
            _("Dit signaal staat in “{column}”: de actie mag niet leeg zijn.").format(column=column), field="actie"
        )
    if status == Status.IN_ACTION and not (data.trekker_person_id or data.trekker_organisation_id):
        raise SignalError(
            _("Dit signaal staat in “{column}”: kies wie het opvolgt.").format(column=column), field="trekker"
        )


def set_follow_up(db: Session, network_id: int, signal_id: int, data: FollowUpInput, *, actor_id: int) -> None:
    """Save trekker, decision, action, partner and due date. The form checked the ids belong to the network."""
    signal = _locked(db, network_id, signal_id)
    _keeps_its_column(signal.status, data)
    row = _follow_up(db, signal)
    for name, value in vars(data).items():
        setattr(row, name, value)
    _event(db, signal, "edited", actor_id, _("Opvolging aangepast"))
    audit.record(db, "signal.follow_up", actor_id=actor_id, network_id=network_id, subject=("signal", signal.id))
    db.flush()


def save_feedback(
    db: Session, network_id: int, signal_id: int, text: str, *, publish: bool, actor_id: int | None
) -> list[tuple[int, str]]:
    """Store the public feedback; when published, claim the contacts not yet told and return (id, e-mail) pairs.

    The claim (notified_at) happens in this transaction under a row lock, so publishing twice, or two
    stuurgroep members at once, sends each person one mail. Tell `contacts_told` which mails went out."""
    signal = _locked(db, network_id, signal_id)
    if signal.status not in DECIDED:
        raise SignalError(_("Schrijf een terugkoppeling pas als de stuurgroep heeft beslist."), field="terugkoppeling")
    if publish and not text:
        raise SignalError(_("Schrijf eerst wat er met het signaal gebeurt."), field="terugkoppeling")
    row = _follow_up(db, signal)
    if publish and not _filled(row.decision):
        raise SignalError(
            _("Publiceer pas als de beslissing van de stuurgroep ingevuld is, bij “Beslissing en actie”."),
            field="terugkoppeling",
        )
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


def contacts_told(db: Session, network_id: int, *, sent: list[int], failed: list[int]) -> None:
    """After the feedback mails: a sent one's address is no longer needed (blanked, the notified_at mark stays);
    a failed one is un-claimed so the next publish tries again."""
    mine = exists().where(Signal.id == SignalContact.signal_id, Signal.network_id == network_id)
    if sent:
        db.execute(update(SignalContact).where(SignalContact.id.in_(sent), mine).values(email=""))
    if failed:
        db.execute(update(SignalContact).where(SignalContact.id.in_(failed), mine).values(notified_at=None))


def meeting_start(meets_on: date) -> datetime:
    """A stuurgroep meeting is planned by its day: the start of that day in Brussels, stored in UTC."""
    return datetime.combine(meets_on, time(), tzinfo=TIMEZONE).astimezone(UTC)


def _network_signals(db: Session, network_id: int, signal_ids: list[int]) -> dict[int, str]:
    """id -> title of those of `signal_ids` that are the network's."""
    rows = db.execute(select(Signal.id, Signal.title).where(Signal.network_id == network_id, Signal.id.in_(signal_ids)))
    return {signal_id: title for signal_id, title in rows}


def create_meeting(
    db: Session, network_id: int, title: str, meets_on: date, signal_ids: list[int], *, actor_id: int | None
) -> Meeting:
    """A stuurgroep meeting (a meeting of the body "steering") with these signals of the network on its agenda, in
    this order."""
    ids = list(dict.fromkeys(signal_ids))
    titles = _network_signals(db, network_id, ids or [0])
    if not ids or len(titles) != len(ids):
        raise SignalError(_("Kies minstens één signaal van dit netwerk."), field="signalen")
    meeting = meetings.create(
        db, network_id, title=title, starts_at=meeting_start(meets_on), place="", actor_id=actor_id, body=Body.STEERING
    )
    for signal_id in ids:
        meetings.add_agenda_item(
            db, network_id, meeting.id, titles[signal_id], None, body=Body.STEERING, signal_id=signal_id
        )
    audit.record(
        db, "signal.meeting_created", actor_id=actor_id, network_id=network_id, subject=("meeting", meeting.id)
    )
    db.flush()
    return meeting


def add_to_meeting(
    db: Session, network_id: int, meeting_id: int, title: str, signal_id: int | None, *, actor_id: int | None
) -> None:
    """One more point on a stuurgroep meeting's agenda: a signal of the network (once), or a point of its own."""
    if signal_id is not None:
        titles = _network_signals(db, network_id, [signal_id])
        if not titles:
            raise SignalError(_("Kies een van de mogelijkheden uit de lijst."), field="signaal")
        on_it = db.scalar(
            select(exists().where(AgendaItem.meeting_id == meeting_id, AgendaItem.signal_id == signal_id))
        )
        if on_it:
            raise SignalError(_("Dit signaal staat al op de agenda."), field="signaal")
        title = title or titles[signal_id]
    meetings.add_agenda_item(db, network_id, meeting_id, title, None, body=Body.STEERING, signal_id=signal_id)
    audit.record(db, "signal.meeting_agenda", actor_id=actor_id, network_id=network_id, subject=("meeting", meeting_id))


def record_meeting_minutes(
    db: Session, network_id: int, meeting_id: int, minutes: str, person_ids: list[int], *, actor_id: int
) -> None:
    """The minutes of a stuurgroep meeting and who of the stuurgroep was there."""
    meetings.record_minutes(db, network_id, meeting_id, minutes, person_ids, actor_id=actor_id, body=Body.STEERING)


def contact_languages(db: Session, contact_ids: list[int]) -> dict[int, str]:
    """The language each contact reported in, for their feedback mail."""
    if not contact_ids:
        return {}
    rows = db.execute(select(SignalContact.id, SignalContact.language).where(SignalContact.id.in_(contact_ids)))
    return {contact_id: language for contact_id, language in rows}
