"""After a session: notes and points (to the signals board), the call list, and compensation for finance."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue import run
from lerend_netwerk.dialogue.access import actor_id, run_session
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render


def _to_session(request: Request, session_id: int, anchor: str = "#notities") -> RedirectResponse:
    url = str(request.url_for("dialogue:manage", network=request.state.network.slug, id=session_id))
    return RedirectResponse(url + anchor, status_code=303)


@requires("dialogue.run")
async def save_summary(request: Request) -> Response:
    row = await run_session(request)
    form = Form(await read_form(request))
    text = form.text("verslag", max_length=20_000, multiline=True)
    if not form.ok:
        flash(request, form.errors["verslag"], "error")
        return _to_session(request, row.session.id)
    await request.app.state.db.write(run.save_summary, row.session.network_id, row.session.id, text)
    flash(request, _("Het verslag is bewaard."))
    return _to_session(request, row.session.id)


@requires("dialogue.run")
async def add_point(request: Request) -> Response:
    from lerend_netwerk.dialogue.routes_staff import _manage_page

    row = await run_session(request)
    network = request.state.network
    form = Form(await read_form(request))
    text = form.text("punt", required=True, max_length=2000, multiline=True)
    theme = form.choice("thema", network.themes)
    count = form.integer("aantal", required=True, minimum=1, maximum=500)
    if not form.ok:
        return await _manage_page(request, row, form, 422)
    await request.app.state.db.write(
        run.add_point,
        network.id,
        row.session.id,
        text=text,
        theme=theme or "",
        people_count=count or 1,
        actor_id=actor_id(request),
    )
    flash(request, _("Het punt is bewaard."))
    return _to_session(request, row.session.id)


@requires("dialogue.run")
async def point_to_signal(request: Request) -> Response:
    row = await run_session(request)
    network = request.state.network
    link = str(request.url_for("dialogue:session", network=network.slug, id=row.session.id).path)
    label = _("{table}, {date}").format(
        table=row.table.name, date=run.local(row.session.starts_at).strftime("%d-%m-%Y")
    )
    try:
        await request.app.state.db.write(
            run.point_to_signal,
            network.id,
            row.session.id,
            path_id(request, "point"),
            link=link,
            label=label,
            actor_id=actor_id(request),
        )
    except LookupError:
        raise HTTPException(404) from None
    flash(request, _("Het punt staat nu op het signalenbord."))
    return _to_session(request, row.session.id)


@requires("dialogue.manage")
async def calls(request: Request) -> Response:
    rows = await request.app.state.db.read(
        run.open_calls, request.state.network.id, actor_id(request), request.state.role
    )
    return render(request, "dialogue/calls.html", {"calls": rows, "local": run.local})


@requires("dialogue.manage")
async def call_done(request: Request) -> Response:
    try:
        await request.app.state.db.write(
            run.call_done,
            request.state.network.id,
            path_id(request, "id"),
            person_id=actor_id(request),
            role=request.state.role,
        )
    except LookupError:
        raise HTTPException(404) from None
    flash(request, _("Afgevinkt."))
    return RedirectResponse(request.url_for("dialogue:calls", network=request.state.network.slug), status_code=303)


def _year(request: Request) -> int:
    raw = request.query_params.get("jaar", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return run.local(utcnow()).year


@requires("dialogue.manage")
async def compensations(request: Request) -> Response:
    year = _year(request)
    totals = await request.app.state.db.read(
        run.compensation_year, request.state.network.id, year, actor_id(request), request.state.role
    )
    return render(request, "dialogue/compensations.html", {"totals": totals, "year": year})


@requires("dialogue.manage")
async def compensations_csv(request: Request) -> Response:
    year = _year(request)
    totals = await request.app.state.db.read(
        run.compensation_year, request.state.network.id, year, actor_id(request), request.state.role
    )
    return Response(
        run.compensation_csv(totals, year),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="vrijwilligersvergoeding-{year}.csv"',
            "Cache-Control": "no-store",
        },
    )
