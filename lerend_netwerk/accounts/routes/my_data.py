"""A person's own data: their pages (/mijn/gegevens), the same without an account through a link mailed to the
address they left (/mijn/gegevens/opvragen), and the public privacy notice (/privacy). The staff's pages for a
request on paper (routes/staff.py) use the same context and download."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk import retention
from lerend_netwerk.accounts import mydata, service
from lerend_netwerk.accounts.data_labels import LABELS
from lerend_netwerk.accounts.forms import confirmed, parse_correction, person_form
from lerend_netwerk.accounts.routes.public import login_link_message
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Message
from lerend_netwerk.networks.service import MembershipError
from lerend_netwerk.web import ratelimit, signing
from lerend_netwerk.web.auth import login_required, public
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import absolute_url, path_for

LINK_PURPOSE = "my-data-email"
LINK_MINUTES = 60  # long enough to read the page, download and decide; each action checks the link again


def _providers(request: Request) -> mydata.Providers:
    return request.app.state.registry.privacy


def data_context(request: Request, data: dict[str, Any], form: Form) -> dict[str, Any]:
    """What `accounts/_data.html` needs: the export, its sections in provider order, and the words for its keys."""
    sections = [(p.name, p.title, data.get(p.name, [])) for p in _providers(request)]
    return {"data": data, "sections": sections, "labels": LABELS, "form": form}


def json_download(data: dict[str, Any], filename: str = "mijn-gegevens.json") -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# -- with an account -----------------------------------------------------------------------------------------


def _person_id(request: Request) -> int:
    return request.state.visitor.person.id


async def _page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    data = await request.app.state.db.read(mydata.export, _person_id(request), _providers(request))
    context = data_context(request, data, form or person_form(data["person"]))
    return render(request, "accounts/my_data.html", context, status_code=status)


@login_required
async def my_data(request: Request) -> Response:
    return await _page(request)


@login_required
async def my_data_json(request: Request) -> Response:
    return json_download(await request.app.state.db.read(mydata.export, _person_id(request), _providers(request)))


@login_required
async def correct(request: Request) -> Response:
    form = Form(await read_form(request))
    name, email, phone = parse_correction(form)
    if form.ok:
        try:
            await request.app.state.db.write(
                mydata.correct, _person_id(request), name=name, email=email, phone=phone, actor_id=_person_id(request)
            )
        except mydata.CorrectionError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return await _page(request, form, status=422)
    flash(request, _("Je gegevens zijn aangepast."))
    return RedirectResponse(path_for(request, "accounts:my_data"), status_code=303)


@login_required
async def erase(request: Request) -> Response:
    form = Form(await read_form(request))
    if not confirmed(form):
        return await _page(request, form, status=422)
    try:
        await request.app.state.db.write(
            mydata.erase, _person_id(request), _providers(request), actor_id=_person_id(request)
        )
    except MembershipError as exc:
        form.error("bevestig", exc.message)
        return await _page(request, form, status=422)
    request.scope["state"]["session_ended"] = True
    request.session.clear()
    flash(request, _("Al je gegevens zijn gewist. Tellingen en anonieme antwoorden blijven, zonder je naam."))
    return RedirectResponse(path_for(request, "networks:home"), status_code=303)


# -- without an account: a link to the address they left ---------------------------------------------------


@public
async def data_request(request: Request) -> Response:
    return render(request, "accounts/data_request.html", {"form": Form()})


@public
async def data_request_send(request: Request) -> Response:
    """Mail a link to whoever owns the address. The answer is the same whether we know it or not, and whether
    it has an account (a login link to "my data") or only sign-ups and signal contacts (a link to see those)."""
    form = Form(await read_form(request))
    email = form.email("email", required=True)
    if not form.ok or email is None:
        return render(request, "accounts/data_request.html", {"form": form}, status_code=422)
    if not await ratelimit.hit(request, "login", "email:" + email):
        raise HTTPException(429)
    settings = request.app.state.settings
    providers = _providers(request)

    def data_mail() -> Message:
        link = absolute_url(request, "accounts:data_link", token=signing.seal(settings.secret_key, LINK_PURPOSE, email))
        text = request.app.state.templates.get_template("mail/data_link.txt").render(link=link, minutes=LINK_MINUTES)
        return Message(to=email, subject=_("Wat we over jou bewaren"), text=text)

    # The mail is written into the outbox in the transaction that looks the address up, and leaves after this
    # answer: the answer is the same whatever we hold.
    await request.app.state.db.write(
        service.mail_data_request,
        email,
        providers,
        minutes=settings.magic_link_minutes,
        login_mail=partial(login_link_message, request, next_url=path_for(request, "accounts:my_data")),
        data_mail=data_mail,
    )
    return render(request, "accounts/data_request_sent.html", {"email": email, "minutes": LINK_MINUTES})


def _linked_email(request: Request) -> str | None:
    settings = request.app.state.settings
    return signing.unseal(settings.secret_key, LINK_PURPOSE, request.path_params["token"], max_age=LINK_MINUTES * 60)


async def _link_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    email = _linked_email(request)
    if email is None:
        return render(request, "accounts/data_link.html", {"valid": False}, status_code=400)
    data = await request.app.state.db.read(mydata.export_email, email, _providers(request))
    context = data_context(request, data, form or Form())
    context.update(valid=True, token=request.path_params["token"])
    return render(request, "accounts/data_link.html", context, status_code=status)


@public
async def data_link(request: Request) -> Response:
    return await _link_page(request)


@public
async def data_link_json(request: Request) -> Response:
    email = _linked_email(request)
    if email is None:
        return render(request, "accounts/data_link.html", {"valid": False}, status_code=400)
    return json_download(await request.app.state.db.read(mydata.export_email, email, _providers(request)))


@public
async def data_link_erase(request: Request) -> Response:
    form = Form(await read_form(request))
    email = _linked_email(request)
    if email is None or not confirmed(form):
        return await _link_page(request, form, status=422)
    await request.app.state.db.write(mydata.erase_email, email, _providers(request))
    flash(request, _("Alles wat we onder je e-mailadres bewaarden, is gewist. Tellingen blijven, zonder je adres."))
    return RedirectResponse(path_for(request, "networks:home"), status_code=303)


@public
async def privacy(request: Request) -> Response:
    registry = request.app.state.registry
    promises = retention.promises(registry.retention, request.app.state.settings)
    return render(request, "accounts/privacy.html", {"promises": promises})
