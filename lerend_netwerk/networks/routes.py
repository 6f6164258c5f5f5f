"""The platform and network home pages, member and role management, participant codes, and /healthz."""

from __future__ import annotations

import segno
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.accounts import service as accounts
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks import service
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import ROLE_LABELS
from lerend_netwerk.web.auth import public, requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id as _path_id
from lerend_netwerk.web.templating import render


@public
async def home(request: Request) -> Response:
    networks = await request.app.state.db.read(service.list_networks)
    return render(request, "networks/home.html", {"networks": networks})


@public
async def network_home(request: Request) -> Response:
    return render(request, "networks/network.html")


async def _members_page(
    request: Request, form: Form | None = None, *, status: int = 200, role_error: tuple[int, str] | None = None
) -> Response:
    """The members page; `role_error` = (membership id, message) shows a refused role change in that row."""
    network = request.state.network
    db = request.app.state.db
    members = await db.read(service.members, network.id)
    if role_error is not None and role_error[0] not in {m.id for m in members}:
        raise HTTPException(404)  # not a member of this network: no row to show the message in
    organisations = await db.read(service.organisations, network.id)
    return render(
        request,
        "networks/members.html",
        {
            "members": members,
            "form": form or Form(),
            "role_labels": ROLE_LABELS,
            "role_options": [(role.value, label) for role, label in ROLE_LABELS.items()],
            "organisation_options": [(o.id, o.name) for o in organisations],
            "role_error": role_error,
        },
        status_code=status,
    )


@requires("members.manage")
async def members(request: Request) -> Response:
    return await _members_page(request)


@requires("members.manage")
async def invite(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form = Form(await read_form(request))
    name = form.text("naam", required=True, max_length=120)
    email = form.email("email", required=True)
    role = form.choice("rol", [r.value for r in Role], required=True)
    organisation_id = form.integer("organisatie", minimum=1) if form.value("organisatie") else None
    if form.ok:
        try:
            await db.write(
                service.invite,
                network.id,
                name=name,
                email=email,
                role=Role(role),
                organisation_id=organisation_id,
                actor_id=request.state.visitor.person.id,
            )
        except service.MembershipError as exc:
            form.error(exc.field, str(exc))
    if not form.ok:
        return await _members_page(request, form, status=422)
    flash(request, _("{name} is toegevoegd. Die persoon kan nu inloggen met {email}.").format(name=name, email=email))
    return RedirectResponse(request.url_for("accounts:members", network=network.slug), status_code=303)


@requires("members.manage")
async def change_role(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    role = form.choice("rol", [r.value for r in Role], required=True)
    membership_id = _path_id(request)
    if form.ok:
        try:
            await request.app.state.db.write(
                service.change_role, network.id, membership_id, Role(role), actor_id=request.state.visitor.person.id
            )
        except LookupError:
            raise HTTPException(404) from None
        except service.MembershipError as exc:
            form.error("rol", str(exc))
    if not form.ok:
        return await _members_page(request, status=422, role_error=(membership_id, form.errors["rol"]))
    flash(request, _("De rol is aangepast."))
    return RedirectResponse(request.url_for("accounts:members", network=network.slug), status_code=303)


@requires("members.manage")
async def remove_member(request: Request) -> Response:
    network = request.state.network
    try:
        await request.app.state.db.write(
            service.remove, network.id, _path_id(request), actor_id=request.state.visitor.person.id
        )
    except LookupError:
        raise HTTPException(404) from None
    except service.MembershipError as exc:
        flash(request, str(exc), "error")
        return await _members_page(request, status=422)
    flash(request, _("Het lid is verwijderd uit dit netwerk."))
    return RedirectResponse(request.url_for("accounts:members", network=network.slug), status_code=303)


def _unknown_participant() -> str:
    # The person id is a hidden field in a row, so the message goes in the summary at the top of the form.
    return _("Kies een van de mogelijkheden uit de lijst.")


async def _codes_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    people = await request.app.state.db.read(service.participants_with_codes, request.state.network.id)
    return render(request, "networks/codes.html", {"people": people, "form": form or Form()}, status_code=status)


@requires("codes.manage")
async def codes(request: Request) -> Response:
    return await _codes_page(request)


@requires("codes.manage")
async def new_code(request: Request) -> Response:
    """Add a participant by name (or pick one) and print a card with a new personal code."""
    network = request.state.network
    db = request.app.state.db
    actor_id = request.state.visitor.person.id
    form = Form(await read_form(request))
    person_id = form.integer("persoon", minimum=1) if form.value("persoon") else None
    # A new card for someone in the list comes without a name; a bad id there must not ask for one.
    name = form.text("naam", required=not form.value("persoon"), max_length=120)
    if "persoon" in form.errors:
        form.errors.pop("persoon")
        form.error("__all__", _unknown_participant())
    if not form.ok:
        return await _codes_page(request, form, status=422)

    def issue(session: Session) -> tuple[str, str] | None:
        if person_id is not None:
            person = service.participant(session, network.id, person_id)
            if person is None:
                return None
        else:
            person = service.add_participant(session, network.id, name=name, actor_id=actor_id)
        code = accounts.issue_code(session, person_id=person.id, network_id=network.id, actor_id=actor_id)
        return person.name, code

    issued = await db.write(issue)
    if issued is None:
        form.error("__all__", _unknown_participant())
        return await _codes_page(request, form, status=422)
    person_name, code = issued
    login_url = request.app.state.settings.base_url.rstrip("/") + "/inloggen?code=" + code
    qr_svg = segno.make(login_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title=_("QR-code naar de inlogpagina")
    )
    return render(
        request,
        "networks/code_card.html",
        {"person_name": person_name, "code": code, "login_url": login_url, "qr_svg": qr_svg},
    )


@requires("codes.manage")
async def revoke_code(request: Request) -> Response:
    network = request.state.network
    count = await request.app.state.db.write(
        accounts.revoke_codes,
        person_id=_path_id(request),
        network_id=network.id,
        actor_id=request.state.visitor.person.id,
    )
    if not count:
        raise HTTPException(404)
    flash(request, _("De code werkt niet meer."))
    return RedirectResponse(request.url_for("accounts:codes", network=network.slug), status_code=303)


@public
async def healthz(request: Request) -> Response:
    """For operators and load balancers: 200 when the database answers, 503 when it does not."""

    def ping(session: Session) -> None:
        session.execute(text("SELECT 1"))

    try:
        await request.app.state.db.read(ping)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


routes = [
    Route("/", home, name="networks:home"),
    Route("/healthz", healthz, name="networks:healthz"),
    Route("/n/{network}", network_home, name="networks:network"),
    Route("/n/{network}/leden", members, name="accounts:members"),
    Route("/n/{network}/leden", invite, methods=["POST"], name="accounts:invite"),
    Route("/n/{network}/leden/{id}/rol", change_role, methods=["POST"], name="accounts:change_role"),
    Route("/n/{network}/leden/{id}/verwijderen", remove_member, methods=["POST"], name="accounts:remove_member"),
    Route("/n/{network}/codes", codes, name="accounts:codes"),
    Route("/n/{network}/codes", new_code, methods=["POST"], name="accounts:new_code"),
    Route("/n/{network}/codes/{id}/intrekken", revoke_code, methods=["POST"], name="accounts:revoke_code"),
]
