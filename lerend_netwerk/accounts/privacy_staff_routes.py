"""A request made on paper or at the counter: a facilitator (for participants) or the coordinator (for anyone of
the network) sees, downloads, corrects and erases a person's data together with them — only what their own
network holds. Reached from the members page and the login-codes page."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.accounts import mydata
from lerend_netwerk.accounts.privacy_routes import (
    confirmed,
    data_context,
    email_taken,
    json_download,
    person_form,
    read_correction,
)
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.service import MembershipError
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render


async def _person_id(request: Request) -> int:
    """The person in the path, if this staff member may act for them; anyone else is a 404 (never 403, so the
    page does not tell whether someone is in another network)."""
    person_id = path_id(request)
    allowed = await request.app.state.db.read(
        mydata.may_act_for, request.state.network.id, request.state.role, person_id
    )
    if not allowed:
        raise HTTPException(404)
    return person_id


async def _export(request: Request, person_id: int) -> dict:
    return await request.app.state.db.read(
        mydata.export, person_id, request.app.state.registry.privacy, network_id=request.state.network.id
    )


async def _page(request: Request, person_id: int, form: Form | None = None, *, status: int = 200) -> Response:
    data = await _export(request, person_id)
    context = data_context(request, data, form or person_form(data["person"]))
    context["person_id"] = person_id
    return render(request, "accounts/person_data.html", context, status_code=status)


@requires("privacy.act_for")
async def person_data(request: Request) -> Response:
    return await _page(request, await _person_id(request))


@requires("privacy.act_for")
async def person_data_json(request: Request) -> Response:
    return json_download(await _export(request, await _person_id(request)), "gegevens.json")


@requires("privacy.act_for")
async def person_data_correct(request: Request) -> Response:
    person_id = await _person_id(request)
    form = Form(await read_form(request))
    name, email, phone = read_correction(form)
    if form.ok:
        try:
            await request.app.state.db.write(
                mydata.correct,
                person_id,
                name=name,
                email=email,
                phone=phone,
                actor_id=request.state.visitor.person.id,
                network_id=request.state.network.id,
            )
        except ValueError:
            email_taken(form)
    if not form.ok:
        return await _page(request, person_id, form, status=422)
    flash(request, _("De gegevens zijn aangepast."))
    return RedirectResponse(
        request.url_for("accounts:person_data", network=request.state.network.slug, id=person_id), status_code=303
    )


@requires("privacy.act_for")
async def person_data_erase(request: Request) -> Response:
    person_id = await _person_id(request)
    form = Form(await read_form(request))
    if not confirmed(form):
        return await _page(request, person_id, form, status=422)
    network = request.state.network
    try:
        await request.app.state.db.write(
            mydata.erase,
            person_id,
            request.app.state.registry.privacy,
            actor_id=request.state.visitor.person.id,
            network_id=network.id,
        )
    except MembershipError as exc:
        form.error("bevestig", str(exc))
        return await _page(request, person_id, form, status=422)
    # No name in the message: a flash is kept in the staff member's session until the next page.
    flash(request, _("De gegevens zijn gewist. Tellingen en anonieme antwoorden blijven."))
    back = "accounts:members" if request.state.role == Role.COORDINATOR else "accounts:codes"
    return RedirectResponse(request.url_for(back, network=network.slug), status_code=303)


routes = [
    Route("/n/{network}/gegevens/{id}", person_data, name="accounts:person_data"),
    Route("/n/{network}/gegevens/{id}", person_data_correct, methods=["POST"], name="accounts:person_data_correct"),
    Route("/n/{network}/gegevens/{id}/download", person_data_json, name="accounts:person_data_json"),
    Route("/n/{network}/gegevens/{id}/wissen", person_data_erase, methods=["POST"], name="accounts:person_data_erase"),
]
