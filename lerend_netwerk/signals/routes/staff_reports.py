"""The board's figures, meetings and printable reports, and the exports."""

from __future__ import annotations

from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.signals import export, queries, reports, service, stats
from lerend_netwerk.signals.forms import parse_agenda_point, parse_meeting, parse_minutes, parse_period
from lerend_netwerk.signals.routes.staff import actor, common, filter_options, filters_of, source_labels
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.charts import Bar, bar_chart
from lerend_netwerk.web.export import chunked
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.markdown import render_markdown
from lerend_netwerk.web.offload import offload
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for


@requires("signals.view")
async def figures(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form, filters, thresholds, counts = await db.read(
        stats.figures_page, network, request.query_params, source_labels(request)
    )
    if counts is None:
        counts = await db.read_long(stats.counts, network.id, filters)
    none = _("(geen)")
    charts = {
        "theme": bar_chart(
            _("Signalen per thema"), [Bar(c.key, c.signals) for c in counts.per_theme], empty_label=none
        ),
        "wijk": bar_chart(
            _("Signalen per wijk"), [Bar(c.key, c.signals) for c in counts.per_neighbourhood], empty_label=none
        ),
        "month": bar_chart(_("Signalen per maand"), [Bar(c.key, c.signals) for c in counts.per_month]),
    }
    context = common(request) | {
        "form": form,
        "filters": filters,
        "counts": counts,
        "charts": charts,
        "filter_options": filter_options(network, thresholds, source_labels(request)),
    }
    return render(request, "signals/figures.html", context, status_code=200 if form.ok else 422)


async def _agenda_page(request: Request, form: Form | None = None, status: int = 200) -> Response:
    network = request.state.network
    db = request.app.state.db
    candidates = await db.read(queries.waiting, network.id)
    meetings = await db.read(reports.meetings, network.id)
    context = common(request) | {"form": form or Form(), "candidates": candidates, "meetings": meetings}
    return render(request, "signals/agenda.html", context, status_code=status)


@requires("signals.view")
async def agenda(request: Request) -> Response:
    return await _agenda_page(request)


@requires("signals.manage")
async def create_meeting(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    title, meets_on, ids = parse_meeting(form)
    if form.ok and meets_on is not None:
        try:
            meeting = await request.app.state.db.write(
                service.create_meeting, network.id, title, meets_on, ids, actor_id=actor(request)
            )
        except service.SignalError as exc:
            form.error(exc.field, exc.message)
    if not form.ok:
        return await _agenda_page(request, form, status=422)
    flash(request, _("De agenda is klaar."))
    return RedirectResponse(path_for(request, "signals:meeting", network=network.slug, id=meeting.id), status_code=303)


async def _meeting_page(request: Request, form: Form | None = None, status: int = 200) -> Response:
    """A stuurgroep meeting: its agenda of signals with what was decided, the minutes and who was there, printable;
    for who manages the board also the forms to add a point and keep the minutes."""
    network = request.state.network
    db = request.app.state.db
    page = await db.read(reports.meeting, network.id, path_id(request))
    on_agenda = {item.signal.id for item in page.signal_items}
    candidates = [c for c in await db.read(queries.waiting, network.id) if c.id not in on_agenda]
    if form is None:
        form = Form({"verslag": page.meeting.minutes, "aanwezig": [str(i) for i in page.present]})
    context = common(request) | {
        "meeting": page.meeting,
        "page": page,
        "items": page.items,
        "signal_options": [(c.id, f"#{c.id} {c.title}") for c in candidates],
        "form": form,
        "minutes_html": render_markdown(page.meeting.minutes),
    }
    return render(request, "signals/meeting.html", context, status_code=status)


@requires("signals.view")
async def meeting_report(request: Request) -> Response:
    return await _meeting_page(request)


def _back_to_meeting(request: Request) -> RedirectResponse:
    url = path_for(request, "signals:meeting", network=request.state.network.slug, id=path_id(request))
    return RedirectResponse(url, status_code=303)


@requires("signals.manage")
async def meeting_agenda(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form = Form(await read_form(request))
    candidates = [c.id for c in await db.read(queries.waiting, network.id)]
    title, signal_id = parse_agenda_point(form, candidates)
    if form.ok:
        try:
            await db.write(
                service.add_to_meeting, network.id, path_id(request), title, signal_id, actor_id=actor(request)
            )
        except service.SignalError as exc:
            form.error(exc.field, exc.message)
    if not form.ok:
        return await _meeting_page(request, form, status=422)
    flash(request, _("Het agendapunt is toegevoegd."))
    return _back_to_meeting(request)


@requires("signals.manage")
async def meeting_minutes(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form = Form(await read_form(request))
    page = await db.read(reports.meeting, network.id, path_id(request))
    text, present = parse_minutes(form, page.members)
    if not form.ok:
        return await _meeting_page(request, form, status=422)
    await db.write(service.record_meeting_minutes, network.id, path_id(request), text, present, actor_id=actor(request))
    flash(request, _("Het verslag en de aanwezigheden zijn bewaard."))
    return _back_to_meeting(request)


@requires("signals.view")
async def bundle(request: Request) -> Response:
    form, start, end = parse_period(request.query_params)
    groups = (
        await request.app.state.db.read_long(reports.bundle, request.state.network.id, start, end) if form.ok else {}
    )
    context = common(request) | {"form": form, "groups": groups, "start": start, "end": end}
    return render(request, "signals/bundle.html", context, status_code=200 if form.ok else 422)


async def _export_rows(request: Request) -> list[dict]:
    form, filters, _thresholds = await filters_of(request)
    if not form.ok:
        raise HTTPException(422, next(iter(form.errors.values())))
    return await request.app.state.db.read_long(export.export_rows, request.state.network.id, filters)


def _download(body: str, media_type: str, filename: str) -> Response:
    """Sent in pieces, so compressing a large export never holds the event loop for long."""
    return StreamingResponse(
        chunked(body), media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@requires("signals.view")
async def export_csv(request: Request) -> Response:
    rows = await _export_rows(request)
    name = f"signalen-{request.state.network.slug}-{date.today().isoformat()}.csv"
    return _download(await offload(request, export.to_csv, rows), "text/csv; charset=utf-8", name)


@requires("signals.view")
async def export_json(request: Request) -> Response:
    rows = await _export_rows(request)
    name = f"signalen-{request.state.network.slug}-{date.today().isoformat()}.json"
    return _download(await offload(request, export.to_json, rows), "application/json", name)


@requires("signals.sheet")
async def feedback_sheet(request: Request) -> Response:
    """A sheet in plain words for the next session of a dialogue table: what happened to what was said there."""
    link = request.query_params.get("bron", "")
    sheet = await request.app.state.db.read(reports.sheet, request.state.network.id, link)
    context = common(request) | {"sources": sheet.sources, "link": sheet.link, "label": sheet.label, "rows": sheet.rows}
    return render(request, "signals/sheet.html", context)


routes = [
    Route("/n/{network}/signalen/cijfers", figures, name="signals:figures"),
    Route("/n/{network}/signalen/agenda", agenda, name="signals:agenda"),
    Route("/n/{network}/signalen/agenda", create_meeting, methods=["POST"], name="signals:create_meeting"),
    Route("/n/{network}/signalen/vergaderingen/{id:int}", meeting_report, name="signals:meeting"),
    Route(
        "/n/{network}/signalen/vergaderingen/{id:int}/agenda",
        meeting_agenda,
        methods=["POST"],
        name="signals:meeting_agenda",
    ),
    Route(
        "/n/{network}/signalen/vergaderingen/{id:int}/verslag",
        meeting_minutes,
        methods=["POST"],
        name="signals:meeting_minutes",
    ),
    Route("/n/{network}/signalen/bundel", bundle, name="signals:bundle"),
    Route("/n/{network}/signalen/export.csv", export_csv, name="signals:export_csv"),
    Route("/n/{network}/signalen/export.json", export_json, name="signals:export_json"),
    Route("/n/{network}/signalen/terugkoppelblad", feedback_sheet, name="signals:sheet"),
]
