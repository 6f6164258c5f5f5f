"""Logging in and out (OIDC, magic link, personal code), the language switch, and "my page"."""

from __future__ import annotations

import logging

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import OAuthError
from httpx2 import HTTPError
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.accounts import service, sessions
from lerend_netwerk.i18n import LANGUAGES
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Message
from lerend_netwerk.networks import service as networks
from lerend_netwerk.networks.models import Person
from lerend_netwerk.web import ratelimit
from lerend_netwerk.web.auth import login_required, public, safe_next
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render

log = logging.getLogger("lerend_netwerk.accounts")


def _login_page(
    request: Request, *, email_form: Form | None = None, code_form: Form | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "accounts/login.html",
        {
            "email_form": email_form or Form(),
            "code_form": code_form or Form({"code": request.query_params.get("code", "")}),
            # Empty unless the visitor came from a page that needed a login; after login they land on "my page".
            "next": safe_next(
                request.query_params.get("volgende") or (email_form or code_form or Form()).value("volgende"), ""
            ),
            "oidc_enabled": request.app.state.oauth is not None,
            "oidc_name": request.app.state.settings.oidc_name,
        },
        status_code=status,
    )


@public
async def login(request: Request) -> Response:
    return _login_page(request)


async def _finish_login(request: Request, person_id: int, method: str, next_url: str) -> Response:
    visitor = request.scope["state"]["visitor"]
    token = await request.app.state.db.write(sessions.start, person_id, method, replaces=visitor.session_hash)
    request.scope["state"]["new_session_token"] = token
    request.scope["state"]["rotate_csrf"] = True
    request.scope["state"]["csrf_seed"] = sessions.new_token()
    flash(request, _("U bent ingelogd."))
    return RedirectResponse(safe_next(next_url, "/mijn"), status_code=303)


@public
async def request_link(request: Request) -> Response:
    form = Form(await read_form(request))
    email = form.email("email", required=True)
    next_url = form.text("volgende", max_length=500)
    if not form.ok:
        return _login_page(request, email_form=form, status=422)
    if not await ratelimit.hit(request, "login", "email:" + (email or "")):
        raise HTTPException(429)
    settings = request.app.state.settings
    found = await request.app.state.db.write(service.create_login_token, email, minutes=settings.magic_link_minutes)
    response = render(request, "accounts/link_sent.html", {"email": email})
    if found:
        person, token = found
        send_after(request, response, login_link_message(request, person, token, safe_next(next_url, "/mijn")))
    return response


def login_link_message(request: Request, person: Person, token: str, next_url: str) -> Message:
    settings = request.app.state.settings
    link = f"{settings.base_url.rstrip('/')}/inloggen/link/{token}?volgende={next_url}"
    text = request.app.state.templates.get_template("mail/login_link.txt").render(
        name=person.name, link=link, minutes=settings.magic_link_minutes
    )
    return Message(to=person.email or "", to_name=person.name, subject=_("Uw link om in te loggen"), text=text)


def send_after(request: Request, response: Response, message: Message) -> None:
    """Send after the answer, so the answer takes as long whether or not we know the address."""
    response.background = BackgroundTask(request.app.state.messenger.send, message)


@public
async def link_confirm(request: Request) -> Response:
    """Show a button rather than log in on GET: mail scanners that open links must not spend the token."""
    token = request.path_params["token"]
    valid = await request.app.state.db.read(service.check_login_token, token)
    status = 200 if valid else 400
    return render(
        request,
        "accounts/link_confirm.html",
        {"valid": valid, "token": token, "next": safe_next(request.query_params.get("volgende"), "/mijn")},
        status_code=status,
    )


@public
async def link_use(request: Request) -> Response:
    form = Form(await read_form(request))
    person_id = await request.app.state.db.write(service.use_login_token, request.path_params["token"])
    if person_id is None:
        return render(
            request, "accounts/link_confirm.html", {"valid": False, "token": "", "next": "/"}, status_code=400
        )
    return await _finish_login(request, person_id, "link", form.value("volgende", "/mijn"))


@public
async def code_login(request: Request) -> Response:
    form = Form(await read_form(request))
    code = form.text("code", required=True, max_length=40)
    if form.ok:
        if not await ratelimit.hit(request, "login"):
            raise HTTPException(429)
        person_id = await request.app.state.db.write(service.use_code, code)
        if person_id is not None:
            return await _finish_login(request, person_id, "code", form.value("volgende", "/mijn"))
        form.error(
            "code", _("Deze code klopt niet. Kijk of u alle letters en cijfers goed overnam, of vraag een nieuwe code.")
        )
    return _login_page(request, code_form=form, status=422)


@public
async def oidc_start(request: Request) -> Response:
    oauth = request.app.state.oauth
    if oauth is None:
        raise HTTPException(404)
    if not await ratelimit.hit(request, "login"):
        raise HTTPException(429)
    request.session["oidc_next"] = safe_next(request.query_params.get("volgende"), "/mijn")
    redirect_uri = request.app.state.settings.base_url.rstrip("/") + "/inloggen/oidc/terug"
    try:
        return await oauth.oidc.authorize_redirect(request, redirect_uri)
    except (OAuthError, HTTPError, ValueError, KeyError) as exc:
        log.warning("OIDC provider unreachable: %s", exc)
        raise HTTPException(503) from exc


@public
async def oidc_callback(request: Request) -> Response:
    oauth = request.app.state.oauth
    if oauth is None:
        raise HTTPException(404)
    failed = _("Inloggen is niet gelukt. De link was al gebruikt of te oud. Probeer opnieuw vanaf de inlogpagina.")
    try:
        token = await oauth.oidc.authorize_access_token(request)
    # AuthlibBaseError too: a callback without `code` raises MissingCodeException, which is no OAuthError.
    except (AuthlibBaseError, HTTPError, ValueError, KeyError, TypeError) as exc:
        log.info("OIDC callback refused: %s", exc)
        raise HTTPException(400, failed) from exc
    claims = token.get("userinfo") or {}
    issuer = str(claims.get("iss") or request.app.state.settings.oidc_issuer)
    try:
        person_id = await request.app.state.db.write(
            service.link_oidc,
            issuer=issuer,
            subject=str(claims.get("sub", "")),
            email=claims.get("email"),
            email_verified=bool(claims.get("email_verified")),
        )
    except service.LoginError as exc:
        message = (
            _("Uw e-mailadres is niet bevestigd bij uw organisatie. Vraag uw coördinator om hulp.")
            if str(exc) == "unverified"
            else _(
                "U bent nog niet uitgenodigd op dit platform. Vraag de coördinator van uw netwerk om een uitnodiging."
            )
        )
        raise HTTPException(403, message) from exc
    return await _finish_login(request, person_id, "oidc", request.session.pop("oidc_next", "/mijn"))


@public
async def logout(request: Request) -> Response:
    visitor = request.scope["state"]["visitor"]
    if visitor.session_hash:
        await request.app.state.db.write(sessions.end, visitor.session_hash)
    request.scope["state"]["session_ended"] = True
    request.session.clear()
    flash(request, _("U bent uitgelogd."))
    return RedirectResponse("/", status_code=303)


@login_required
async def keep_alive(request: Request) -> Response:
    """Touching the session resets the idle timer; the form works with and without JavaScript."""
    form = Form(await read_form(request))
    return RedirectResponse(safe_next(form.value("volgende"), "/mijn"), status_code=303)


@public
async def set_language(request: Request) -> Response:
    form = Form(await read_form(request))
    lang = form.choice("taal", LANGUAGES, required=True) or "nl"
    response = RedirectResponse(safe_next(form.value("volgende")), status_code=303)
    response.set_cookie(
        "ln_lang", lang, max_age=365 * 24 * 3600, httponly=True, samesite="lax", secure=request.app.state.settings.https
    )
    return response


@login_required
async def my_page(request: Request) -> Response:
    person = request.scope["state"]["visitor"].person
    memberships = await request.app.state.db.read(networks.memberships_of, person.id)
    return render(request, "accounts/my_page.html", {"memberships": memberships})


routes = [
    Route("/inloggen", login, name="accounts:login"),
    Route("/inloggen/email", request_link, methods=["POST"], name="accounts:request_link"),
    Route("/inloggen/link/{token}", link_confirm, name="accounts:link_confirm"),
    Route("/inloggen/link/{token}", link_use, methods=["POST"], name="accounts:link_use"),
    Route("/inloggen/code", code_login, methods=["POST"], name="accounts:code_login"),
    Route("/inloggen/oidc", oidc_start, name="accounts:oidc_start"),
    Route("/inloggen/oidc/terug", oidc_callback, name="accounts:oidc_callback"),
    Route("/uitloggen", logout, methods=["POST"], name="accounts:logout"),
    Route("/sessie/verlengen", keep_alive, methods=["POST"], name="accounts:keep_alive"),
    Route("/taal", set_language, methods=["POST"], name="accounts:set_language"),
    Route("/mijn", my_page, name="accounts:my_page"),
]
