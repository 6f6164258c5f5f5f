"""Logging in and out (OIDC, magic link, personal code), keeping a session alive, the language switch, and
"my page": what anyone uses, logged in or not."""

from __future__ import annotations

import logging
from functools import partial
from urllib.parse import quote

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import OAuthError
from httpx2 import HTTPError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.accounts import queries, service, sessions
from lerend_netwerk.i18n import LANGUAGES
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Message
from lerend_netwerk.networks import queries as networks
from lerend_netwerk.networks.models import Person
from lerend_netwerk.web import ratelimit, signing
from lerend_netwerk.web.auth import login_required, public, safe_next
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import absolute_url, path_for

log = logging.getLogger("lerend_netwerk.accounts")


def _my_page(request: Request) -> str:
    """Where a login lands when it came from nowhere in particular."""
    return path_for(request, "accounts:my_page")


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
    flash(request, _("Je bent ingelogd."))
    return RedirectResponse(safe_next(next_url, _my_page(request)), status_code=303)


@public
async def request_link(request: Request) -> Response:
    form = Form(await read_form(request))
    email = form.email("email", required=True)
    next_url = form.text("volgende", max_length=500)
    if not form.ok:
        return _login_page(request, email_form=form, status=422)
    if not await ratelimit.hit(request, "login", "email:" + (email or "")):
        raise HTTPException(429)
    # Written into the outbox with the token, in one transaction; it leaves after this answer, so the answer
    # takes as long whether or not the address is known.
    compose = partial(login_link_message, request, next_url=safe_next(next_url, _my_page(request)))
    settings = request.app.state.settings
    await request.app.state.db.write(
        service.mail_login_link, email, minutes=settings.magic_link_minutes, compose=compose
    )
    return render(request, "accounts/link_sent.html", {"email": email})


def login_link_message(request: Request, person: Person, token: str, next_url: str) -> Message:
    """The mail with a magic link, which leads to `next_url` after logging in."""
    settings = request.app.state.settings
    link = absolute_url(request, "accounts:link_confirm", token=token) + "?volgende=" + quote(next_url, safe="/")
    text = request.app.state.templates.get_template("mail/login_link.txt").render(
        name=person.name, link=link, minutes=settings.magic_link_minutes
    )
    return Message(to=person.email or "", to_name=person.name, subject=_("Je link om in te loggen"), text=text)


@public
async def link_confirm(request: Request) -> Response:
    """Show a button rather than log in on GET: mail scanners that open links must not spend the token."""
    token = request.path_params["token"]
    valid = await request.app.state.db.read(queries.check_login_token, token)
    status = 200 if valid else 400
    return render(
        request,
        "accounts/link_confirm.html",
        {"valid": valid, "token": token, "next": safe_next(request.query_params.get("volgende"), _my_page(request))},
        status_code=status,
    )


@public
async def link_use(request: Request) -> Response:
    form = Form(await read_form(request))
    person_id = await request.app.state.db.write(service.use_login_token, request.path_params["token"])
    if person_id is None:
        return render(
            request,
            "accounts/link_confirm.html",
            {"valid": False, "token": "", "next": path_for(request, "networks:home")},
            status_code=400,
        )
    return await _finish_login(request, person_id, "link", form.value("volgende", _my_page(request)))


@public
async def code_login(request: Request) -> Response:
    form = Form(await read_form(request))
    code = form.text("code", required=True, max_length=40)
    if form.ok:
        # Per client, and per code tried whoever tries it: guesses spread over many addresses still meet a limit.
        # The key is a keyed digest: a limits storage such as Redis never holds a code someone typed.
        tried = signing.mac(request.app.state.settings.secret_key, "code-tried", service.normalise_code(code or ""))
        if not await ratelimit.hit(request, "login", "code:" + tried):
            raise HTTPException(429)
        person_id = await request.app.state.db.write(service.use_code, code)
        if person_id is not None:
            return await _finish_login(request, person_id, "code", form.value("volgende", _my_page(request)))
        form.error(
            "code",
            _("Deze code klopt niet. Kijk of je alle letters en cijfers goed overnam, of vraag een nieuwe code."),
        )
    return _login_page(request, code_form=form, status=422)


@public
async def oidc_start(request: Request) -> Response:
    oauth = request.app.state.oauth
    if oauth is None:
        raise NotFound()
    if not await ratelimit.hit(request, "login"):
        raise HTTPException(429)
    request.session["oidc_next"] = safe_next(request.query_params.get("volgende"), _my_page(request))
    redirect_uri = absolute_url(request, "accounts:oidc_callback")
    try:
        return await oauth.oidc.authorize_redirect(request, redirect_uri)
    except (OAuthError, HTTPError, ValueError, KeyError) as exc:
        log.warning("OIDC provider unreachable: %s", exc)
        raise HTTPException(503) from exc


@public
async def oidc_callback(request: Request) -> Response:
    oauth = request.app.state.oauth
    if oauth is None:
        raise NotFound()
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
        raise HTTPException(403, exc.message) from exc
    return await _finish_login(request, person_id, "oidc", request.session.pop("oidc_next", _my_page(request)))


@public
async def logout(request: Request) -> Response:
    visitor = request.scope["state"]["visitor"]
    if visitor.session_hash:
        await request.app.state.db.write(sessions.end, visitor.session_hash)
    request.scope["state"]["session_ended"] = True
    request.session.clear()
    flash(request, _("Je bent uitgelogd."))
    return RedirectResponse(path_for(request, "networks:home"), status_code=303)


@login_required
async def keep_alive(request: Request) -> Response:
    """Touching the session resets the idle timer; the form works with and without JavaScript."""
    form = Form(await read_form(request))
    return RedirectResponse(safe_next(form.value("volgende"), _my_page(request)), status_code=303)


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
