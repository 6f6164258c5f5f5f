"""Public dialogue pages: the tables, a session with its sign-up form, and the personal link (see and cancel)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.dialogue import forms, run, service
from lerend_netwerk.dialogue.access import send
from lerend_netwerk.dialogue.models import SessionStatus
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web import ratelimit
from lerend_netwerk.web.auth import public
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render


@public
async def tables(request: Request) -> Response:
    rows = await request.app.state.db.read(service.list_tables, request.state.network.id)
    return render(request, "dialogue/list.html", {"tables": rows})


@public
async def table(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    found = await db.read(service.get_table, network.id, path_id(request, "table"))
    if found is None:
        raise HTTPException(404)
    upcoming = await db.read(service.session_rows, network.id, table_id=found.id, upcoming=True)
    past = await db.read(service.session_rows, network.id, table_id=found.id, upcoming=False, limit=service.PAST_SHOWN)
    person = request.state.visitor.person
    runs = person is not None and await db.read(service.runs_table, found.id, person.id, request.state.role)
    return render(request, "dialogue/table.html", {"table": found, "upcoming": upcoming, "past": past, "runs": runs})


async def _session_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    network = request.state.network
    db = request.app.state.db
    row = await db.read(service.session_row, network.id, path_id(request, "id"))
    if row is None:
        raise HTTPException(404)
    person = request.state.visitor.person
    runs = person is not None and await db.read(service.runs_table, row.table.id, person.id, request.state.role)
    return render(
        request,
        "dialogue/session.html",
        {
            "row": row,
            "form": form or Form(),
            "open": _open(row),
            "runs": runs,
            "end_time": run.local(row.session.ends_at).strftime("%H:%M"),
        },
        status_code=status,
    )


def _open(row: service.SessionRow) -> bool:
    from lerend_netwerk.db import utcnow

    s = row.session
    now = utcnow()
    return (
        s.status == SessionStatus.PLANNED and s.starts_at > now and not (s.signup_deadline and s.signup_deadline <= now)
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
    settings = request.app.state.settings
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
            result = await request.app.state.db.write(
                service.sign_up,
                network.id,
                path_id(request, "id"),
                secret=settings.secret_key,
                first_name=first_name,
                email=email,
                phone=phone,
                needs=needs,
                person_id=person.id if one_click else None,
                consent=True,
            )
        except LookupError:
            raise HTTPException(404) from None
        except service.DialogueError as exc:
            form.error(exc.field, str(exc))
    if not form.ok:
        return await _session_page(request, form, status=422)
    await send(request, result.notices)
    link = request.url_for("dialogue:link", network=network.slug, token=result.token)
    return render(request, "dialogue/signed_up.html", {"result": result, "link": link, "email": email})


@public
async def link(request: Request) -> Response:
    token = request.path_params["token"]
    view = await request.app.state.db.read(service.link_view, token)
    if view is None or view.network.id != request.state.network.id:
        raise HTTPException(404)
    return render(
        request, "dialogue/link.html", {"view": view, "token": token}, headers={"Referrer-Policy": "no-referrer"}
    )


@public
async def link_cancel(request: Request) -> Response:
    network = request.state.network
    token = request.path_params["token"]
    db = request.app.state.db
    view = await db.read(service.link_view, token)
    if view is None or view.network.id != network.id:
        raise HTTPException(404)
    try:
        notices = await db.write(service.cancel_by_token, token, path_id(request, "signup"))
    except LookupError:
        raise HTTPException(404) from None
    await send(request, notices)
    flash(request, _("Uw inschrijving is geannuleerd. Bedankt om het te laten weten."))
    return RedirectResponse(request.url_for("dialogue:link", network=network.slug, token=token), status_code=303)


routes = [
    Route("/n/{network}/dialoogtafels", tables, name="dialogue:list"),
    Route("/n/{network}/dialoogtafels/tafels/{table}", table, name="dialogue:table"),
    Route("/n/{network}/dialoogtafels/sessies/{id}", session, name="dialogue:session"),
    Route("/n/{network}/dialoogtafels/sessies/{id}/inschrijven", sign_up, methods=["POST"], name="dialogue:signup"),
    Route("/n/{network}/dialoogtafels/link/{token}", link, name="dialogue:link"),
    Route(
        "/n/{network}/dialoogtafels/link/{token}/annuleren/{signup}",
        link_cancel,
        methods=["POST"],
        name="dialogue:link_cancel",
    ),
]
