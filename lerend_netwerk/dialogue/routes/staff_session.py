"""The work on one session, for its table's facilitators and the coordinator: the session page with contact data
and needs, the printable sheet, check-in on a phone, compensation, signing someone up on their behalf, cancelling
a sign-up, and the notes whose points go to the signals board."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.dialogue import forms, queries, service, session_work
from lerend_netwerk.dialogue.routes.shared import actor_id, run_session, write_and_tell
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.formats import format_date
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import is_htmx, render
from lerend_netwerk.web.urls import path_for


def _back(request: Request, session_id: int, anchor: str, name: str = "dialogue:manage") -> RedirectResponse:
    url = path_for(request, name, network=request.state.network.slug, id=session_id)
    return RedirectResponse(url + anchor, status_code=303)


async def _manage_page(
    request: Request,
    row: queries.SessionRow,
    form: Form | None = None,
    status: int = 200,
    amount: tuple[int, Form] | None = None,
) -> Response:
    """The session's page; `amount` is a sign-up's compensation form that came back with an error."""
    db = request.app.state.db
    network = request.state.network
    roster = await db.read(queries.roster, network.id, row.session.id)
    pts = await db.read(queries.points, network.id, row.session.id)
    ctx = {
        "row": row,
        "roster": roster,
        "points": pts,
        "form": form or Form({"aantal": "1"}),
        "network_themes": [(t, t) for t in network.themes],
        "amount_signup": amount[0] if amount else None,
        "amount_form": amount[1] if amount else Form(),
        "cents_input": forms.cents_to_input,
    }
    return render(request, "dialogue/manage.html", ctx, status_code=status)


@requires("dialogue.run")
async def manage(request: Request) -> Response:
    return await _manage_page(request, await run_session(request))


@requires("dialogue.run")
async def sheet(request: Request) -> Response:
    row = await run_session(request)
    roster = await request.app.state.db.read(queries.roster, request.state.network.id, row.session.id)
    return render(request, "dialogue/sheet.html", {"row": row, "roster": roster})


@requires("dialogue.run")
async def checkin(request: Request) -> Response:
    row = await run_session(request)
    roster = await request.app.state.db.read(queries.roster, request.state.network.id, row.session.id)
    return render(request, "dialogue/checkin.html", {"row": row, "roster": roster})


@requires("dialogue.run")
async def checkin_set(request: Request) -> Response:
    row = await run_session(request)
    form = Form(await read_form(request))
    signup = await request.app.state.db.write(
        session_work.set_attendance,
        row.session.network_id,
        row.session.id,
        path_id(request, "signup"),
        form.boolean("aanwezig"),
        actor_id=actor_id(request),
    )
    if is_htmx(request):
        return render(request, "dialogue/_checkin_row.html", {"row": row, "s": signup})
    return _back(request, row.session.id, f"#inschrijving-{signup.id}", "dialogue:checkin")


@requires("dialogue.run")
async def compensation(request: Request) -> Response:
    row = await run_session(request)
    form = Form(await read_form(request))
    cents = forms.euros_to_cents(form, "bedrag")
    if cents is None:
        return await _manage_page(request, row, status=422, amount=(path_id(request, "signup"), form))
    await request.app.state.db.write(
        session_work.set_compensation,
        row.session.network_id,
        row.session.id,
        path_id(request, "signup"),
        cents,
        actor_id=actor_id(request),
    )
    flash(request, _("De vergoeding is bewaard."))
    return _back(request, row.session.id, "#lijst")


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
            result = await write_and_tell(
                request,
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
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return await _manage_page(request, row, form, 422)
    flash(
        request,
        _("{name} is ingeschreven.").format(name=name)
        if result.position is None
        else _("{name} staat op de wachtlijst.").format(name=name),
    )
    return _back(request, row.session.id, "#lijst")


@requires("dialogue.run")
async def staff_cancel(request: Request) -> Response:
    row = await run_session(request)
    await write_and_tell(
        request,
        service.cancel_signup,
        row.session.network_id,
        path_id(request, "signup"),
        session_id=row.session.id,
        actor_id=actor_id(request),
    )
    flash(request, _("De inschrijving is geannuleerd."))
    return _back(request, row.session.id, "#lijst")


# -- notes ---------------------------------------------------------------------------------------------------
@requires("dialogue.run")
async def save_summary(request: Request) -> Response:
    row = await run_session(request)
    form = Form(await read_form(request))
    text = form.text("verslag", max_length=20_000, multiline=True)
    if not form.ok:
        flash(request, form.errors["verslag"], "error")
        return _back(request, row.session.id, "#notities")
    await request.app.state.db.write(session_work.save_summary, row.session.network_id, row.session.id, text)
    flash(request, _("Het verslag is bewaard."))
    return _back(request, row.session.id, "#notities")


@requires("dialogue.run")
async def add_point(request: Request) -> Response:
    row = await run_session(request)
    network = request.state.network
    form = Form(await read_form(request))
    point = forms.point(form, network.themes)
    if not form.ok:
        return await _manage_page(request, row, form, 422)
    await request.app.state.db.write(
        session_work.add_point,
        network.id,
        row.session.id,
        text=point.text,
        theme=point.theme,
        people_count=point.people_count,
        actor_id=actor_id(request),
    )
    flash(request, _("Het punt is bewaard."))
    return _back(request, row.session.id, "#notities")


@requires("dialogue.run")
async def point_to_signal(request: Request) -> Response:
    row = await run_session(request)
    network = request.state.network
    link = path_for(request, "dialogue:session", network=network.slug, id=row.session.id)
    label = _("{table}, {date}").format(table=row.table.name, date=format_date(row.session.starts_at))
    await request.app.state.db.write(
        session_work.point_to_signal,
        network.id,
        row.session.id,
        path_id(request, "point"),
        link=link,
        label=label,
        actor_id=actor_id(request),
    )
    flash(request, _("Het punt staat nu op het signalenbord."))
    return _back(request, row.session.id, "#notities")
