"""Public dialogue pages: the tables, a session with its sign-up form, and the personal link (see and cancel)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk import i18n
from lerend_netwerk.db import utcnow
from lerend_netwerk.dialogue import forms, queries, service
from lerend_netwerk.dialogue.routes.shared import runs, write_and_tell
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web import ratelimit
from lerend_netwerk.web.auth import public
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for


@public
async def tables(request: Request) -> Response:
    rows = await request.app.state.db.read(queries.list_tables, request.state.network.id)
    return render(request, "dialogue/list.html", {"tables": rows})


@public
async def table(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    found = await db.read(queries.table, network.id, path_id(request, "table"))
    upcoming = await db.read(queries.session_rows, network.id, table_id=found.id, upcoming=True)
    past = await db.read(queries.session_rows, network.id, table_id=found.id, upcoming=False, limit=queries.PAST_SHOWN)
    ctx = {"table": found, "upcoming": upcoming, "past": past, "runs": await runs(request, found.id)}
    return render(request, "dialogue/table.html", ctx)


async def _session_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    row = await request.app.state.db.read(queries.session_row, request.state.network.id, path_id(request, "id"))
    return render(
        request,
        "dialogue/session.html",
        {
            "row": row,
            "form": form or Form(),
            "open": row.session.open_for_signup(utcnow()),
            "runs": await runs(request, row.table.id),
            "end_time": row.session.ends_at.astimezone(TIMEZONE).strftime("%H:%M"),
        },
        status_code=status,
    )


@public
async def session(request: Request) -> Response:
    return await _session_page(request)


@public
async def sign_up(request: Request) -> Response:
    """No account needed: a first name and e-mail or phone. Logged in: one click with the account's details."""
    if not await ratelimit.hit(request, "form"):
        raise HTTPException(429)
    network = request.state.network
    form = Form(await read_form(request))
    person = request.state.visitor.person
    one_click = person is not None and form.boolean("als_ik")
    if one_click:
        first_name, email, phone = person.name, person.email, person.phone
        form.values["toestemming"] = "1"  # the button itself says what the details are used for
    else:
        first_name = form.text("voornaam", required=True, max_length=60)
        email, phone = forms.contact(form, required=True)
    needs = forms.needs(form)
    if form.ok:
        try:
            result = await write_and_tell(
                request,
                service.sign_up,
                network.id,
                path_id(request, "id"),
                secret=request.app.state.settings.secret_key,
                first_name=first_name,
                email=email,
                phone=phone,
                needs=needs,
                person_id=person.id if one_click else None,
                consent=True,
                language=i18n.current_locale.get(),
            )
        except service.DialogueError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return await _session_page(request, form, status=422)
    ctx = {
        "result": result,
        "needs": needs,
        "email": email,
        "phone": phone,
        "end_time": result.session.ends_at.astimezone(TIMEZONE).strftime("%H:%M"),
    }
    return render(request, "dialogue/signed_up.html", ctx)


@public
async def link(request: Request) -> Response:
    token = request.path_params["token"]
    view = await request.app.state.db.read(queries.link_view, request.state.network.id, token)
    # The token in this page's address never goes to another site (the default policy, same-origin). Not
    # no-referrer: a browser then sends `Origin: null` with the page's cancel form, refused as cross-site.
    return render(request, "dialogue/link.html", {"view": view, "token": token})


@public
async def link_cancel_confirm(request: Request) -> Response:
    """The step back before cancelling: which session, and a yes and a no (a form and a link, no JavaScript)."""
    token = request.path_params["token"]
    view = await request.app.state.db.read(queries.link_view, request.state.network.id, token)
    wanted = path_id(request, "signup")
    found = next((row for row in view.rows if row[0].id == wanted), None)
    if found is None:
        raise NotFound()
    signup, session, table, _rank = found
    return render(
        request, "dialogue/cancel_confirm.html", {"signup": signup, "s": session, "table": table, "token": token}
    )


@public
async def link_cancel(request: Request) -> Response:
    network = request.state.network
    token = request.path_params["token"]
    await write_and_tell(request, service.cancel_by_token, network.id, token, path_id(request, "signup"))
    flash(request, _("Je inschrijving is geannuleerd. Bedankt om het te laten weten."))
    return RedirectResponse(path_for(request, "dialogue:link", network=network.slug, token=token), status_code=303)
