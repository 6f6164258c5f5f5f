"""The board's exports: every signal matching the filters, with its sources and history, as CSV and JSON. No
contacts, ever."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.networks.models import Person
from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.models import Signal, SignalEvent, SignalFollowUp, SignalSource
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
                {"soort": src.kind, "label": src.label, "link": src.link, "aantal_mensen": src.people_count}
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
