"""The board's figures, meetings and printable reports, and the exports."""

from __future__ import annotations

from datetime import date, timedelta

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.thresholds import active_types
from lerend_netwerk.signals import board, reports, stats, workflow
from lerend_netwerk.signals.forms import parse_filters
from lerend_netwerk.signals.models import Status
from lerend_netwerk.signals.routes import actor, common, filter_options
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render


@requires("signals.view")
async def figures(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    thresholds = await db.read(active_types, network.id)
    form, filters = parse_filters(request.query_params, network, thresholds)
    counts = await db.read_long(stats.counts, network.id, filters)
    none = _("(geen)")
    charts = {
        "theme": stats.bar_chart(
            "thema", _("Signalen per thema"), [(c.key, c.signals) for c in counts.per_theme], empty_label=none
        ),
        "wijk": stats.bar_chart(
            "wijk", _("Signalen per wijk"), [(c.key, c.signals) for c in counts.per_neighbourhood], empty_label=none
        ),
        "month": stats.bar_chart("maand", _("Signalen per maand"), [(c.key, c.signals) for c in counts.per_month]),
    }
    context = common(request) | {
        "form": form,
        "filters": filters,
        "counts": counts,
        "charts": charts,
        "filter_options": filter_options(network, thresholds),
    }
    return render(request, "signals/figures.html", context, status_code=200 if form.ok else 422)


async def _agenda_page(request: Request, form: Form | None = None, status: int = 200) -> Response:
    network = request.state.network
    db = request.app.state.db
    # Candidates: what is still waiting for the stuurgroep, newest first, bounded like a board column.
    columns = await db.read(board.board, network.id, board.Filters(), only=None)
    candidates = [
        c for col in columns if col.status in (Status.NEW, Status.BUNDLED, Status.ANALYSED) for c in col.cards
    ]
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
    title = form.text("titel", required=True, max_length=200)
    meets_on = form.date("datum", required=True)
    ids = []
    for raw in form.values_of("signalen"):
        if raw.isdigit() and 0 < int(raw) < 2**31:
            ids.append(int(raw))
        else:
            form.error("signalen", _("Kies een van de mogelijkheden uit de lijst."))
    if not ids:
        form.error("signalen", _("Kies minstens één signaal van dit netwerk."))
    if form.ok and meets_on is not None:
        try:
            meeting = await request.app.state.db.write(
                workflow.create_meeting, network.id, title, meets_on, ids, actor_id=actor(request)
            )
        except workflow.SignalError as exc:
            form.error(exc.field, str(exc))
    if not form.ok:
        return await _agenda_page(request, form, status=422)
    flash(request, _("De agenda is klaar."))
    return RedirectResponse(request.url_for("signals:meeting", network=network.slug, id=meeting.id), status_code=303)


@requires("signals.view")
async def meeting_report(request: Request) -> Response:
    try:
        meeting, items = await request.app.state.db.read(reports.meeting, request.state.network.id, path_id(request))
    except LookupError:
        raise HTTPException(404) from None
    return render(request, "signals/meeting.html", common(request) | {"meeting": meeting, "items": items})


@requires("signals.view")
async def bundle(request: Request) -> Response:
    form = Form(request.query_params)
    today = date.today()
    start = form.date("van") or today.replace(day=1) - timedelta(days=180)
    end = form.date("tot") or today
    if start > end:
        form.error("tot", _("De einddatum ligt voor de begindatum."))
    groups = (
        await request.app.state.db.read_long(reports.bundle, request.state.network.id, start, end) if form.ok else {}
    )
    context = common(request) | {"form": form, "groups": groups, "start": start, "end": end}
    return render(request, "signals/bundle.html", context, status_code=200 if form.ok else 422)


async def _export_rows(request: Request) -> list[dict]:
    network = request.state.network
    db = request.app.state.db
    thresholds = await db.read(active_types, network.id)
    form, filters = parse_filters(request.query_params, network, thresholds)
    if not form.ok:
        raise HTTPException(422, next(iter(form.errors.values())))
    return await db.read_long(reports.export_rows, network.id, filters)


def _download(body: str, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@requires("signals.view")
async def export_csv(request: Request) -> Response:
    rows = await _export_rows(request)
    name = f"signalen-{request.state.network.slug}-{date.today().isoformat()}.csv"
    return _download(reports.to_csv(rows), "text/csv; charset=utf-8", name)


@requires("signals.view")
async def export_json(request: Request) -> Response:
    rows = await _export_rows(request)
    name = f"signalen-{request.state.network.slug}-{date.today().isoformat()}.json"
    return _download(reports.to_json(rows), "application/json", name)


@requires("signals.sheet")
async def feedback_sheet(request: Request) -> Response:
    """A sheet in plain words for the next session of a dialogue table: what happened to what was said there."""
    network = request.state.network
    db = request.app.state.db
    sources = await db.read(reports.dialogue_sources, network.id)
    link = request.query_params.get("bron", "")
    rows = []
    label = ""
    if link:
        known = dict(sources)
        if link not in known:
            raise HTTPException(404)
        label = known[link]
        rows = await db.read(reports.feedback_sheet, network.id, link)
    context = common(request) | {"sources": sources, "link": link, "label": label, "rows": rows}
    return render(request, "signals/sheet.html", context)


routes = [
    Route("/n/{network}/signalen/cijfers", figures, name="signals:figures"),
    Route("/n/{network}/signalen/agenda", agenda, name="signals:agenda"),
    Route("/n/{network}/signalen/agenda", create_meeting, methods=["POST"], name="signals:create_meeting"),
    Route("/n/{network}/signalen/vergaderingen/{id:int}", meeting_report, name="signals:meeting"),
    Route("/n/{network}/signalen/bundel", bundle, name="signals:bundle"),
    Route("/n/{network}/signalen/export.csv", export_csv, name="signals:export_csv"),
    Route("/n/{network}/signalen/export.json", export_json, name="signals:export_json"),
    Route("/n/{network}/signalen/terugkoppelblad", feedback_sheet, name="signals:sheet"),
]
