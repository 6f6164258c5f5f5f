"""The coordinator's view of the audit log: who did what and when in their network, filterable and exportable."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC as UTC_TZ
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.networks.models import Person
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.export import csv_response
from lerend_netwerk.web.forms import Form
from lerend_netwerk.web.templating import render

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    action: str = ""
    start: date | None = None
    end: date | None = None
    page: int = 1


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    actor_name: str | None


def _conditions(network_id: int, filters: Filters) -> list[Any]:
    where: list[Any] = [AuditEvent.network_id == network_id]
    if filters.action:
        where.append(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.start:
        where.append(AuditEvent.at >= datetime.combine(filters.start, time.min, tzinfo=UTC_TZ))
    if filters.end:
        where.append(AuditEvent.at < datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=UTC_TZ))
    return where


def entries(
    db: Session, network_id: int, filters: Filters, *, limit: int | None = PAGE_SIZE
) -> tuple[list[Entry], int]:
    where = _conditions(network_id, filters)
    # counted on the event index alone (no join to the people: they do not change how many there are)
    total = db.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0
    query = (
        select(AuditEvent, Person.name)
        .outerjoin(Person, Person.id == AuditEvent.actor_id)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if limit is not None:
        query = query.limit(limit).offset((filters.page - 1) * limit)
    return [Entry(event, name) for event, name in db.execute(query).all()], total


def action_codes(db: Session, network_id: int) -> list[str]:
    return list(
        db.scalars(
            select(AuditEvent.action).where(AuditEvent.network_id == network_id).distinct().order_by(AuditEvent.action)
        )
    )


def _filters(request: Request) -> tuple[Form, Filters]:
    form = Form(dict(request.query_params))
    action = form.text("actie", max_length=80)
    start = form.date("van")
    end = form.date("tot")
    page = form.integer("pagina", minimum=1, maximum=100000) or 1
    if not form.ok:
        return form, Filters()
    return form, Filters(action=action, start=start, end=end, page=page)


@requires("audit.view")
async def audit_log(request: Request) -> Response:
    network = request.state.network
    form, filters = _filters(request)
    items, total = await request.app.state.db.read(entries, network.id, filters)
    codes = await request.app.state.db.read(action_codes, network.id)
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        request,
        "networks/audit.html",
        {
            "form": form,
            "entries": items,
            "total": total,
            "filters": filters,
            "pages": pages,
            "action_options": [(code, code) for code in codes],
        },
        status_code=200 if form.ok else 422,
        partial="networks/_audit_rows.html",
    )


@requires("audit.view")
async def audit_csv(request: Request) -> Response:
    network = request.state.network
    _, filters = _filters(request)
    items, _ = await request.app.state.db.read_long(entries, network.id, filters, limit=None)
    rows = [
        [
            e.at.isoformat(),
            e.action,
            item.actor_name or "",
            e.subject_type,
            e.subject_id or "",
            json.dumps(e.details, ensure_ascii=False),
        ]
        for item in items
        for e in [item.event]
    ]
    return csv_response(
        ["tijdstip", "actie", "door", "onderwerp", "onderwerp_id", "details"], rows, f"logboek-{network.slug}.csv"
    )


routes = [
    Route("/n/{network}/logboek", audit_log, name="networks:audit_log"),
    Route("/n/{network}/logboek.csv", audit_csv, name="networks:audit_csv"),
]
