"""Facilitator and coordinator pages: tables, sessions (repeat, move, cancel), the session page with needs,
sign-up on someone's behalf, check-in, compensation, notes to signals, the call list and the finance export."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.dialogue import forms, run, service
from lerend_netwerk.dialogue.access import actor_id, run_session, send
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import is_htmx, render


def _back(request: Request, name: str = "dialogue:manage", anchor: str = "", **params: object) -> RedirectResponse:
    url = str(request.url_for(name, network=request.state.network.slug, **params))
    return RedirectResponse(url + anchor, status_code=303)


# -- tables and sessions ---------------------------------------------------------------------------------
async def _table_form(request: Request, form: Form | None = None, status: int = 200) -> Response:
    options = await request.app.state.db.read(service.facilitator_options, request.state.network.id)
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
    name = form.text("naam", required=True, max_length=200)
    theme = form.choice("thema", network.themes)
    audience = form.text("voor_wie", max_length=500, multiline=True)
    ids = [int(v) for v in form.values_of("begeleiders") if v.isdigit()]
    if len(ids) != len(form.values_of("begeleiders")):
        form.error("begeleiders", _("Kies een van de mogelijkheden uit de lijst."))
    if form.ok:
        try:
            table_id = await request.app.state.db.write(
                service.create_table,
                network.id,
                name=name,
                theme=theme or "",
                audience=audience,
                facilitator_ids=ids,
                actor_id=actor_id(request),
            )
        except service.DialogueError as exc:
            form.error(exc.field, str(exc))
    if not form.ok:
        return await _table_form(request, form, 422)
    flash(request, _("De tafel is gemaakt. Plan nu de eerste sessie."))
    return _back(request, "dialogue:new_sessions", table=table_id)


async def _own_table(request: Request):  # noqa: ANN202
    db = request.app.state.db
    found = await db.read(service.get_table, request.state.network.id, path_id(request, "table"))
    if found is None:
        raise HTTPException(404)
    if not await db.read(service.runs_table, found.id, actor_id(request), request.state.role):
        raise HTTPException(403)
    return found


@requires("dialogue.manage")
async def new_sessions(request: Request) -> Response:
    found = await _own_table(request)
    form = Form(
        {"duur": "120", "plaatsen": "12", "inschrijven_tot": "1", "aantal": "1", "om_de": "2", "eenheid": "maanden"}
    )
    return render(request, "dialogue/sessions_form.html", {"table": found, "form": form, "units": forms.UNITS})


@requires("dialogue.manage")
async def create_sessions(request: Request) -> Response:
    found = await _own_table(request)
    form = Form(await read_form(request))
    fields = forms.session_fields(form)
    count, every, unit = forms.repetition(form)
    if fields is None or not form.ok:
        ctx = {"table": found, "form": form, "units": forms.UNITS}
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
    return _back(request, "dialogue:table", table=found.id)


def _edit_values(row: service.SessionRow) -> dict[str, str]:
    s = row.session
    start = run.local(s.starts_at)
    return {
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "duur": str(int((s.ends_at - s.starts_at).total_seconds() // 60)),
        "plaats": s.place,
        "adres": s.address,
        "weg": s.directions,
        "toegankelijkheid": s.accessibility,
        "verwachten": s.expect,
        "plaatsen": str(s.capacity),
        "inschrijven_tot": str((s.starts_at - s.signup_deadline).days) if s.signup_deadline else "0",
        "vergoeding": f"{s.compensation_cents / 100:.2f}".replace(".", ","),
    }


@requires("dialogue.run")
async def edit_session(request: Request) -> Response:
    row = await run_session(request)
    return render(request, "dialogue/edit.html", {"row": row, "form": Form(_edit_values(row))})


@requires("dialogue.run")
async def update_session(request: Request) -> Response:
    row = await run_session(request)
    form = Form(await read_form(request))
    fields = forms.session_fields(form)
    if fields is not None:
        try:
            notices = await request.app.state.db.write(
                service.change_session, row.session.network_id, row.session.id, fields, actor_id=actor_id(request)
            )
        except service.DialogueError as exc:
            form.error(exc.field, str(exc))
    if fields is None or not form.ok:
        return render(request, "dialogue/edit.html", {"row": row, "form": form}, status_code=422)
    sent = await send(request, notices)
    flash(
        request,
        _(
            "De sessie is aangepast. {n} mensen kregen een mail; wie enkel een telefoonnummer gaf, staat op de bellijst."
        ).format(n=sent),
    )
    return _back(request, id=row.session.id)


@requires("dialogue.run")
async def cancel_session(request: Request) -> Response:
    row = await run_session(request)
    notices = await request.app.state.db.write(
        service.cancel_session, row.session.network_id, row.session.id, actor_id=actor_id(request)
    )
    sent = await send(request, notices)
    flash(request, _("De sessie is geannuleerd. {n} mensen kregen een mail.").format(n=sent))
    return _back(request, id=row.session.id)


# -- the session page ------------------------------------------------------------------------------------
async def _manage_page(
    request: Request, row: service.SessionRow, form: Form | None = None, status: int = 200
) -> Response:
    db = request.app.state.db
    network = request.state.network
    roster = await db.read(run.roster, network.id, row.session.id)
    pts = await db.read(run.points, network.id, row.session.id)
    ctx = {
        "row": row,
        "roster": roster,
        "points": pts,
        "form": form or Form({"aantal": "1"}),
        "network_themes": [(t, t) for t in network.themes],
    }
    return render(request, "dialogue/manage.html", ctx, status_code=status)


@requires("dialogue.run")
async def manage(request: Request) -> Response:
    return await _manage_page(request, await run_session(request))


@requires("dialogue.run")
async def sheet(request: Request) -> Response:
    row = await run_session(request)
    roster = await request.app.state.db.read(run.roster, request.state.network.id, row.session.id)
    return render(request, "dialogue/sheet.html", {"row": row, "roster": roster})


@requires("dialogue.run")
async def checkin(request: Request) -> Response:
    row = await run_session(request)
    roster = await request.app.state.db.read(run.roster, request.state.network.id, row.session.id)
    return render(request, "dialogue/checkin.html", {"row": row, "roster": roster})


@requires("dialogue.run")
async def checkin_set(request: Request) -> Response:
    row = await run_session(request)
    form = Form(await read_form(request))
    present = form.boolean("aanwezig")
    try:
        signup = await request.app.state.db.write(
            run.set_attendance,
            row.session.network_id,
            row.session.id,
            path_id(request, "signup"),
            present,
            actor_id=actor_id(request),
        )
    except LookupError:
        raise HTTPException(404) from None
    if is_htmx(request):
        return render(request, "dialogue/_checkin_row.html", {"row": row, "s": signup})
    return _back(request, "dialogue:checkin", anchor=f"#inschrijving-{signup.id}", id=row.session.id)


@requires("dialogue.run")
async def compensation(request: Request) -> Response:
    row = await run_session(request)
    form = Form(await read_form(request))
    cents = forms.euros_to_cents(form, "bedrag")
    if cents is None:
        flash(request, form.errors["bedrag"], "error")
        return await _manage_page(request, row, status=422)
    try:
        await request.app.state.db.write(
            run.set_compensation,
            row.session.network_id,
            row.session.id,
            path_id(request, "signup"),
            cents,
            actor_id=actor_id(request),
        )
    except LookupError:
        raise HTTPException(404) from None
    flash(request, _("De vergoeding is bewaard."))
    return _back(request, anchor="#lijst", id=row.session.id)


@requires("dialogue.run")
async def on_behalf(request: Request) -> Response:
    """The toeleider path: a facilitator signs someone up with only a name (contact optional, with consent)."""
    row = await run_session(request)
    form = Form(await read_form(request))
    name = form.text("voornaam", required=True, max_length=60)
    email, phone = forms.contact(form, required=False)
    needs = forms.needs(form)
    if form.ok:
        try:
            result = await request.app.state.db.write(
                service.sign_up,
                row.session.network_id,
                row.session.id,
                secret=request.app.state.settings.secret_key,
                first_name=name,
                email=email,
                phone=phone,
                needs=needs,
                registered_by_id=actor_id(request),
            )
        except service.DialogueError as exc:
            form.error(exc.field, str(exc))
    if not form.ok:
        return await _manage_page(request, row, form, 422)
    await send(request, result.notices)
    flash(
        request,
        _("{name} is ingeschreven.").format(name=name)
        if result.position is None
        else _("{name} staat op de wachtlijst.").format(name=name),
    )
    return _back(request, anchor="#lijst", id=row.session.id)


@requires("dialogue.run")
async def staff_cancel(request: Request) -> Response:
    row = await run_session(request)
    db = request.app.state.db
    signup_id = path_id(request, "signup")
    roster = await db.read(run.roster, row.session.network_id, row.session.id)
    if signup_id not in {s.id for s in roster.confirmed + roster.waiting + roster.cancelled}:
        raise HTTPException(404)
    notices = await db.write(service.cancel_signup, row.session.network_id, signup_id, actor_id=actor_id(request))
    await send(request, notices)
    flash(request, _("De inschrijving is geannuleerd."))
    return _back(request, anchor="#lijst", id=row.session.id)
