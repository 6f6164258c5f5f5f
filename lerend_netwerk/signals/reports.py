"""What leaves the board: exports with history, the signalenbundel, meeting reports, the public feedback page and
the feedback sheet for a dialogue table. Public functions here select only public columns, on purpose."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Organisation, Person
from lerend_netwerk.signals.board import Filters
from lerend_netwerk.signals.models import (
    Signal,
    SignalEvent,
    SignalFollowUp,
    SignalMeeting,
    SignalMeetingItem,
    SignalSource,
    SourceKind,
)
from lerend_netwerk.web.export import csv_text

EXPORT_LIMIT = 20_000  # a network's whole board; more would be a sign something else is wrong
CSV_COLUMNS = [
    "id",
    "titel",
    "beschrijving",
    "thema",
    "wijk",
    "drempel",
    "status",
    "aantal_mensen",
    "gemeld_op",
    "bronnen",
    "beslissing",
    "actie",
    "vervaldatum",
    "terugkoppeling",
    "gepubliceerd_op",
    "geschiedenis",
]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_rows(db: Session, network_id: int, filters: Filters) -> list[dict[str, Any]]:
    """Every (unmerged) signal matching the filters with its sources and history. No contacts, ever."""
    rows = db.execute(
        select(Signal, SignalFollowUp)
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .where(*filters.where())
        .order_by(Signal.id)
        .limit(EXPORT_LIMIT),
        filters.params(network_id),
    ).all()
    ids = [s.id for s, _ in rows]
    sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    # chunks keep the IN lists within every database's parameter limit
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for src in db.scalars(select(SignalSource).where(SignalSource.signal_id.in_(chunk)).order_by(SignalSource.id)):
            sources[src.signal_id].append(
                {"soort": src.kind.value, "label": src.label, "link": src.link, "aantal_mensen": src.people_count}
            )
        for event, actor in db.execute(
            select(SignalEvent, Person.name)
            .outerjoin(Person, Person.id == SignalEvent.actor_id)
            .where(SignalEvent.signal_id.in_(chunk))
            .order_by(SignalEvent.at, SignalEvent.id)
        ):
            history[event.signal_id].append(
                {
                    "wanneer": _iso(event.at),
                    "wie": actor or "",
                    "soort": event.kind,
                    "van": event.from_status,
                    "naar": event.to_status,
                    "waarom": event.reason,
                }
            )
    result = []
    for signal, follow in rows:
        result.append(
            {
                "id": signal.id,
                "titel": signal.title,
                "beschrijving": signal.description,
                "thema": signal.theme,
                "wijk": signal.neighbourhood,
                "drempel": signal.threshold_code,
                "status": signal.status.value,
                "aantal_mensen": signal.people_count,
                "gemeld_op": _iso(signal.reported_on),
                "bronnen": sources[signal.id],
                "beslissing": follow.decision if follow else "",
                "actie": follow.action if follow else "",
                "vervaldatum": _iso(follow.due_on) if follow else None,
                "terugkoppeling": follow.feedback if follow else "",
                "gepubliceerd_op": _iso(follow.feedback_published_at) if follow else None,
                "geschiedenis": history[signal.id],
            }
        )
    return result


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps({"signalen": rows}, ensure_ascii=False, indent=1)


def to_csv(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        flat = dict(row)
        flat["bronnen"] = " | ".join(f"{s['soort']}: {s['label']} {s['link']}".strip() for s in row["bronnen"])
        flat["geschiedenis"] = " | ".join(
            f"{h['wanneer']} {h['wie']} {h['soort']} {h['van'] or ''}→{h['naar'] or ''} {h['waarom']}".strip()
            for h in row["geschiedenis"]
        )
        lines.append([str(flat[c]) if flat[c] is not None else "" for c in CSV_COLUMNS])
    return "\ufeff" + csv_text(CSV_COLUMNS, lines, delimiter=";")  # BOM: Excel opens it as UTF-8


def bundle(
    db: Session, network_id: int, start: date, end: date
) -> dict[str, list[tuple[Signal, SignalFollowUp | None]]]:
    """The signalenbundel: every signal of the period, grouped by theme, for the council."""
    period = Filters(start=start, end=end)
    rows = db.execute(
        select(Signal, SignalFollowUp)
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .where(*period.where())
        .order_by(Signal.theme, Signal.reported_on, Signal.id)
        .limit(EXPORT_LIMIT),
        period.params(network_id),
    ).all()
    grouped: dict[str, list[tuple[Signal, SignalFollowUp | None]]] = defaultdict(list)
    for signal, follow in rows:
        grouped[signal.theme].append((signal, follow))
    return dict(grouped)


@dataclass
class MeetingItem:
    signal: Signal
    follow_up: SignalFollowUp | None
    partner: str

    @property
    def overdue(self) -> bool:
        from lerend_netwerk.signals.board import ACTING

        due = self.follow_up.due_on if self.follow_up else None
        return due is not None and due < date.today() and self.signal.status in ACTING


def meetings(db: Session, network_id: int) -> list[SignalMeeting]:
    return list(
        db.scalars(
            select(SignalMeeting).where(SignalMeeting.network_id == network_id).order_by(SignalMeeting.meets_on.desc())
        )
    )


def meeting(db: Session, network_id: int, meeting_id: int) -> tuple[SignalMeeting, list[MeetingItem]]:
    found = db.scalar(
        select(SignalMeeting).where(SignalMeeting.id == meeting_id, SignalMeeting.network_id == network_id)
    )
    if found is None:
        raise LookupError(meeting_id)
    rows = db.execute(
        select(Signal, SignalFollowUp, Organisation.name)
        .join(SignalMeetingItem, SignalMeetingItem.signal_id == Signal.id)
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .outerjoin(Organisation, Organisation.id == SignalFollowUp.action_organisation_id)
        .where(SignalMeetingItem.meeting_id == found.id, Signal.network_id == network_id)
        .order_by(SignalMeetingItem.position)
    ).all()
    return found, [MeetingItem(s, f, name or "") for s, f, name in rows]


@dataclass(frozen=True)
class PublicFeedback:
    """Only what the public page may show: no description, no notes, no names, no contacts."""

    title: str
    theme: str
    people_count: int
    feedback: str
    published_on: date


FEEDBACK_SHOWN = 100  # the public page shows the newest decisions: a light page, and a LIMITed index walk


def published_feedback(db: Session, network_id: int) -> dict[str, list[PublicFeedback]]:
    """The newest published feedback, grouped by theme (themes in alphabetical order, newest first in each).

    Two statements that a planner cannot turn round: the newest FEEDBACK_SHOWN follow-ups (a LIMITed walk of
    their index), then their signals by primary key. One joined query was started from "every unmerged signal" by
    PostgreSQL without statistics. A merged signal's feedback is not shown (its target's is)."""
    newest = db.execute(
        select(SignalFollowUp.signal_id, SignalFollowUp.feedback, SignalFollowUp.feedback_published_at)
        .where(SignalFollowUp.network_id == network_id, SignalFollowUp.feedback_published_at.is_not(None))
        .order_by(SignalFollowUp.feedback_published_at.desc())
        .limit(FEEDBACK_SHOWN)
    ).all()
    signals = {  # merged ones are dropped here, not in SQL: "IS NULL" would tempt a planner to its partial indexes
        i: (title, theme, people)
        for i, title, theme, people, merged_into in db.execute(
            select(Signal.id, Signal.title, Signal.theme, Signal.people_count, Signal.merged_into_id).where(
                Signal.id.in_([row.signal_id for row in newest] or [0])
            )
        )
        if merged_into is None
    }
    grouped: dict[str, list[PublicFeedback]] = defaultdict(list)
    for signal_id, feedback, published in newest:
        if signal_id in signals:
            title, theme, people = signals[signal_id]
            grouped[theme].append(PublicFeedback(title, theme, people, feedback, published.date()))
    return {theme: grouped[theme] for theme in sorted(grouped)}


def dialogue_sources(db: Session, network_id: int) -> list[tuple[str, str]]:
    """The dialogue tables (link, label) that handed signals to this network's board."""
    rows = db.execute(
        select(SignalSource.link, SignalSource.label)
        .join(Signal, Signal.id == SignalSource.signal_id)
        .where(Signal.network_id == network_id, SignalSource.kind == SourceKind.DIALOGUE, SignalSource.link != "")
        .distinct()
        .order_by(SignalSource.label)
    ).all()
    return [(link, label) for link, label in rows]


def feedback_sheet(db: Session, network_id: int, link: str) -> list[tuple[Signal, SignalFollowUp | None]]:
    """What happened to the points raised at one dialogue table (sources keep their link through merges)."""
    rows = db.execute(
        select(Signal, SignalFollowUp)
        .join(SignalSource, SignalSource.signal_id == Signal.id)
        .outerjoin(SignalFollowUp, SignalFollowUp.signal_id == Signal.id)
        .where(
            Signal.network_id == network_id,
            Signal.merged_into_id.is_(None),
            SignalSource.kind == SourceKind.DIALOGUE,
            SignalSource.link == link,
        )
        .order_by(Signal.reported_on, Signal.id)
    ).all()
    seen: set[int] = set()
    result = []
    for signal, follow in rows:
        if signal.id not in seen:
            seen.add(signal.id)
            result.append((signal, follow))
    return result
