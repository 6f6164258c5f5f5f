"""The people and access of a network, for its staff: the members page (invite, change a role, remove), login
cards with personal codes for participants without e-mail, and a request on paper or at the counter, where a
facilitator (for participants) or the coordinator (for anyone of the network) sees, downloads, corrects and
erases a person's data together with them — only what their own network holds."""

from __future__ import annotations

from functools import partial
from urllib.parse import quote, urlencode

import segno
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.accounts import mydata, queries, service
from lerend_netwerk.accounts.forms import (
    confirmed,
    parse_correction,
    parse_invitation,
    parse_new_card,
    parse_role,
    person_form,
)
from lerend_netwerk.accounts.routes.my_data import data_context, json_download
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Message
from lerend_netwerk.networks import queries as networks
from lerend_netwerk.networks import service as network_service
from lerend_netwerk.networks.models import Person, Role
from lerend_netwerk.networks.nav import ROLE_LABELS, role_label
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import absolute_url, path_for

# -- members and roles ---------------------------------------------------------------------------------------


async def _members_page(
    request: Request, form: Form | None = None, *, status: int = 200, role_error: tuple[int, str] | None = None
) -> Response:
    """The members page; `role_error` = (membership id, message) shows a refused role change in that row."""
    network = request.state.network
    db = request.app.state.db
    members = await db.read(networks.memberships, network.id)
    if role_error is not None and role_error[0] not in {m.id for m in members}:
        raise NotFound()  # not a member of this network: no row to show the message in
    organisations = await db.read(networks.organisations, network.id)
    return render(
        request,
        "accounts/members.html",
        {
            "members": members,
            "form": form or Form(),
            "role_labels": ROLE_LABELS,
            "role_options": [(role.value, label) for role, label in ROLE_LABELS.items()],
            "organisation_options": [(o.id, o.name) for o in organisations],
            "role_error": role_error,
            "link_days": request.app.state.settings.invitation_link_days,
        },
        status_code=status,
    )


def _back_to_members(request: Request) -> Response:
    return RedirectResponse(path_for(request, "accounts:members", network=request.state.network.slug), status_code=303)


@requires("members.manage")
async def members(request: Request) -> Response:
    return await _members_page(request)


@requires("members.manage")
async def invite(request: Request) -> Response:
    form = Form(await read_form(request))
    invitation = parse_invitation(form)
    if invitation is not None:
        try:
            await request.app.state.db.write(
                service.invite,
                request.state.network.id,
                name=invitation.name,
                email=invitation.email,
                role=invitation.role,
                organisation_id=invitation.organisation_id,
                actor_id=request.state.visitor.person.id,
                link_days=request.app.state.settings.invitation_link_days,
                compose=partial(invitation_message, request, role=invitation.role),
            )
        except network_service.MembershipError as exc:
            form.error(exc.field or "__all__", exc.message)
    if invitation is None or not form.ok:
        return await _members_page(request, form, status=422)
    flash(
        request,
        _("{name} is toegevoegd. We sturen een e-mail naar {email} met een link om in te loggen.").format(
            name=invitation.name, email=invitation.email
        ),
    )
    return _back_to_members(request)


def invitation_message(request: Request, person: Person, token: str, *, role: Role) -> Message:
    """The invitation: who invites, to which network and role, and a login link that leads to the network."""
    network = request.state.network
    network_page = path_for(request, "networks:network", network=network.slug)
    link = absolute_url(request, "accounts:link_confirm", token=token) + "?volgende=" + quote(network_page, safe="/")
    text = request.app.state.templates.get_template("mail/invitation.txt").render(
        name=person.name,
        inviter=request.state.visitor.person.name,
        network=network.name,
        role=role_label(role),
        link=link,
        days=request.app.state.settings.invitation_link_days,
        login=absolute_url(request, "accounts:login"),
    )
    subject = _("Uitnodiging voor {network}").format(network=network.name)
    return Message(to=person.email or "", to_name=person.name, subject=subject, text=text)


@requires("members.manage")
async def change_role(request: Request) -> Response:
    form = Form(await read_form(request))
    role = parse_role(form)
    membership_id = path_id(request)
    if role is not None:
        try:
            await request.app.state.db.write(
                service.change_role,
                request.state.network.id,
                membership_id,
                role,
                actor_id=request.state.visitor.person.id,
            )
        except network_service.MembershipError as exc:
            form.error("rol", exc.message)
    if not form.ok:
        return await _members_page(request, status=422, role_error=(membership_id, form.errors["rol"]))
    flash(request, _("De rol is aangepast."))
    return _back_to_members(request)


@requires("members.manage")
async def remove_member(request: Request) -> Response:
    try:
        await request.app.state.db.write(
            service.remove_member, request.state.network.id, path_id(request), actor_id=request.state.visitor.person.id
        )
    except network_service.MembershipError as exc:
        flash(request, exc.message, "error")
        return await _members_page(request, status=422)
    flash(request, _("Het lid is verwijderd uit dit netwerk."))
    return _back_to_members(request)


# -- login cards with a personal code ------------------------------------------------------------------------


async def _codes_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    people = await request.app.state.db.read(queries.participants_with_codes, request.state.network.id)
    return render(request, "accounts/codes.html", {"people": people, "form": form or Form()}, status_code=status)


@requires("codes.manage")
async def codes(request: Request) -> Response:
    return await _codes_page(request)


@requires("codes.manage")
async def new_code(request: Request) -> Response:
    """Add a participant by name (or pick one) and print a card with a new personal code."""
    form = Form(await read_form(request))
    card = parse_new_card(form)
    if card is None:
        return await _codes_page(request, form, status=422)
    try:
        person_name, code = await request.app.state.db.write(
            service.new_code,
            request.state.network.id,
            person_id=card.person_id,
            name=card.name,
            actor_id=request.state.visitor.person.id,
        )
    except network_service.MembershipError as exc:
        form.error(exc.field or "__all__", exc.message)
        return await _codes_page(request, form, status=422)
    login_url = absolute_url(request, "accounts:login") + "?" + urlencode({"code": code})
    qr_svg = segno.make(login_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title=_("QR-code naar de inlogpagina")
    )
    return render(
        request,
        "accounts/code_card.html",
        {"person_name": person_name, "code": code, "login_url": login_url, "qr_svg": qr_svg},
    )


@requires("codes.manage")
async def revoke_code(request: Request) -> Response:
    network = request.state.network
    await request.app.state.db.write(
        service.revoke_codes,
        person_id=path_id(request),
        network_id=network.id,
        actor_id=request.state.visitor.person.id,
    )
    flash(request, _("De code werkt niet meer."))
    return RedirectResponse(path_for(request, "accounts:codes", network=network.slug), status_code=303)


# -- a request on paper: someone's data, with them -----------------------------------------------------------


async def _person_id(request: Request) -> int:
    """The person in the path, if this staff member may act for them (anyone else is a 404)."""
    return await request.app.state.db.read(
        queries.person_to_act_for, request.state.network.id, request.state.role, path_id(request)
    )


async def _export(request: Request, person_id: int) -> dict:
    return await request.app.state.db.read(
        mydata.export, person_id, request.app.state.registry.privacy, network_id=request.state.network.id
    )


async def _person_page(request: Request, person_id: int, form: Form | None = None, *, status: int = 200) -> Response:
    data = await _export(request, person_id)
    context = data_context(request, data, form or person_form(data["person"]))
    context["person_id"] = person_id
    return render(request, "accounts/person_data.html", context, status_code=status)


@requires("privacy.act_for")
async def person_data(request: Request) -> Response:
    return await _person_page(request, await _person_id(request))


@requires("privacy.act_for")
async def person_data_json(request: Request) -> Response:
    return json_download(await _export(request, await _person_id(request)), "gegevens.json")


@requires("privacy.act_for")
async def person_data_correct(request: Request) -> Response:
    person_id = await _person_id(request)
    form = Form(await read_form(request))
    name, email, phone = parse_correction(form)
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
        except mydata.CorrectionError as exc:
            form.error(exc.field or "__all__", exc.message)
    if not form.ok:
        return await _person_page(request, person_id, form, status=422)
    flash(request, _("De gegevens zijn aangepast."))
    return RedirectResponse(
        path_for(request, "accounts:person_data", network=request.state.network.slug, id=person_id), status_code=303
    )


@requires("privacy.act_for")
async def person_data_erase(request: Request) -> Response:
    person_id = await _person_id(request)
    form = Form(await read_form(request))
    if not confirmed(form):
        return await _person_page(request, person_id, form, status=422)
    network = request.state.network
    try:
        await request.app.state.db.write(
            mydata.erase,
            person_id,
            request.app.state.registry.privacy,
            actor_id=request.state.visitor.person.id,
            network_id=network.id,
        )
    except network_service.MembershipError as exc:
        form.error("bevestig", exc.message)
        return await _person_page(request, person_id, form, status=422)
    # No name in the message: a flash is kept in the staff member's session until the next page.
    flash(request, _("De gegevens zijn gewist. Tellingen en anonieme antwoorden blijven."))
    back = "accounts:members" if request.state.role == Role.COORDINATOR else "accounts:codes"
    return RedirectResponse(path_for(request, back, network=network.slug), status_code=303)
