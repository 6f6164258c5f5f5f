"""Facilitator and coordinator pages across sessions: make a table, plan sessions (repeated), move or cancel one,
the call list, and the yearly compensation for finance. The work on one session is in `staff_session.py`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue import forms, queries, service, session_work
from lerend_netwerk.dialogue.routes.shared import actor_id, own_table, run_session, write_and_tell
from lerend_netwerk.i18n import TIMEZONE, ngettext
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for


def _to(request: Request, name: str, **params: object) -> RedirectResponse:
    return RedirectResponse(path_for(request, name, network=request.state.network.slug, **params), status_code=303)


# -- tables and sessions ---------------------------------------------------------------------------------
async def _table_form(request: Request, form: Form | None = None, status: int = 200) -> Response:
    options = await request.app.state.db.read(queries.facilitator_options, request.state.network.id)
    themes = [(t, t) for t in request.state.network.themes]
    ctx = {"form": form or Form(), "options": options, "theme_options": themes}
    return render(request, "dialogue/table_form.html", ctx, status_code=status)


@requires("dialogue.manage")
async def new_table(request: Request) -> Response:
    return await _table_form(request)


@requires("dialogue.manage")
async def create_table(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    fields = forms.table(form, network.themes)
    if form.ok:
        try:
            table_id = await request.app.state.db.write(
                service.create_table,
                network.id,
                name=fields.name,
                theme=fields.theme,
                audience=fields.audience,
                facilitator_ids=fields.facilitator_ids,
                actor_id=actor_id(request),
            )
        except service.DialogueError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return await _table_form(request, form, 422)
    flash(request, _("De tafel is gemaakt. Plan nu de eerste sessie."))
    return _to(request, "dialogue:new_sessions", table=table_id)


@requires("dialogue.manage")
async def new_sessions(request: Request) -> Response:
    found = await own_table(request)
    wijken = forms.wijk_choices(request.state.network.neighbourhoods)
    ctx = {
        "table": found,
        "form": Form(forms.NEW_SESSIONS),
        "units": forms.UNITS,
        "wijk_options": forms.wijk_options(wijken),
    }
    return render(request, "dialogue/sessions_form.html", ctx)


@requires("dialogue.manage")
async def create_sessions(request: Request) -> Response:
    found = await own_table(request)
    form = Form(await read_form(request))
    wijken = forms.wijk_choices(request.state.network.neighbourhoods)
    fields = forms.session_fields(form, wijken)
    count, every, unit = forms.repetition(form)
    if fields is None or not form.ok:
        ctx = {"table": found, "form": form, "units": forms.UNITS, "wijk_options": forms.wijk_options(wijken)}
        return render(request, "dialogue/sessions_form.html", ctx, status_code=422)
    await request.app.state.db.write(
        service.create_sessions,
        found.network_id,
        found.id,
        fields,
        count=count,
        every=every,
        unit=unit,
        actor_id=actor_id(request),
    )
    flash(request, _("{n} sessie(s) gepland.").format(n=count))
    return _to(request, "dialogue:table", table=found.id)


@requires("dialogue.run")
async def edit_session(request: Request) -> Response:
    row = await run_session(request)
    wijken = forms.wijk_choices(request.state.network.neighbourhoods, row.session.wijk)
    ctx = {"row": row, "form": Form(forms.session_values(row.session)), "wijk_options": forms.wijk_options(wijken)}
    return render(request, "dialogue/edit.html", ctx)


@requires("dialogue.run")
async def update_session(request: Request) -> Response:
    row = await run_session(request)
    form = Form(await read_form(request))
    wijken = forms.wijk_choices(request.state.network.neighbourhoods, row.session.wijk)
    keep = row.session.starts_at.astimezone(TIMEZONE).replace(tzinfo=None)
    fields = forms.session_fields(form, wijken, keep=keep)
    if fields is not None:
        try:
            notices = await write_and_tell(
                request,
                service.change_session,
                row.session.network_id,
                row.session.id,
                fields,
                actor_id=actor_id(request),
            )
        except service.DialogueError as exc:
            form.error(exc.field or "__all__", exc.message)
    if fields is None or not form.ok:
        return render(
            request,
            "dialogue/edit.html",
            {"row": row, "form": form, "wijk_options": forms.wijk_options(wijken)},
            status_code=422,
        )
    flash(
        request,
        ngettext(
            "De sessie is aangepast. {n} persoon krijgt een mail; wie enkel een telefoonnummer gaf, staat op de bellijst.",
            "De sessie is aangepast. {n} mensen krijgen een mail; wie enkel een telefoonnummer gaf, staat op de bellijst.",
            len(notices),
        ).format(n=len(notices)),
    )
    return _to(request, "dialogue:manage", id=row.session.id)


@requires("dialogue.run")
async def cancel_session(request: Request) -> Response:
    row = await run_session(request)
    notices = await write_and_tell(
        request, service.cancel_session, row.session.network_id, row.session.id, actor_id=actor_id(request)
    )
    told = ngettext(
        "De sessie is geannuleerd. {n} persoon krijgt een mail.",
        "De sessie is geannuleerd. {n} mensen krijgen een mail.",
        len(notices),
    )
    flash(request, told.format(n=len(notices)))
    return _to(request, "dialogue:manage", id=row.session.id)


# -- the call list and compensation for finance ----------------------------------------------------------
@requires("dialogue.manage")
async def calls(request: Request) -> Response:
    rows = await request.app.state.db.read(
        queries.open_calls, request.state.network.id, actor_id(request), request.state.role
    )
    return render(request, "dialogue/calls.html", {"calls": rows})


@requires("dialogue.manage")
async def call_done(request: Request) -> Response:
    await request.app.state.db.write(
        session_work.call_done,
        request.state.network.id,
        path_id(request, "id"),
        person_id=actor_id(request),
        role=request.state.role,
    )
    flash(request, _("Afgevinkt."))
    return _to(request, "dialogue:calls")


def _year(request: Request) -> int:
    raw = request.query_params.get("jaar", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return utcnow().astimezone(TIMEZONE).year


async def _ledger(request: Request) -> queries.Ledger:
    return await request.app.state.db.read(
        queries.compensation_ledger, request.state.network.id, _year(request), actor_id(request), request.state.role
    )


@requires("dialogue.manage")
async def compensations(request: Request) -> Response:
    ledger = await _ledger(request)
    settings = request.app.state.settings
    context = {
        "ledger": ledger,
        "year": ledger.year,
        "retention_days": settings.signup_retention_days,
        "books_years": settings.compensation_retention_years,
    }
    return render(request, "dialogue/compensations.html", context)


@requires("dialogue.manage")
async def compensations_csv(request: Request) -> Response:
    ledger = await _ledger(request)
    return Response(
        queries.compensation_csv(ledger),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="vrijwilligersvergoeding-{ledger.year}.csv"',
            "Cache-Control": "no-store",
        },
    )
