"""Route declarations: every endpoint says who may call it, and the wrapper enforces it (plus CSRF).

    @public                              anyone, logged in or not
    @login_required                      any logged-in person
    @requires("practice.edit")           a member of the route's {network} whose role allows the action
    @admin_only                          platform administrators

A route with a `{network}` path parameter gets `request.state.network` and `request.state.role`; the network
comes from `app.state.network_by_slug(session, slug)`, which the app factory wires (it raises NotFound for an
unknown slug), so this module knows no capability. The permission matrix test reads `endpoint.access` from every
route; an undeclared route fails it.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk import i18n
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.forms import read_form
from lerend_netwerk.web.security import UNSAFE_METHODS, csrf_valid, same_origin
from lerend_netwerk.web.urls import path_for

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Access:
    kind: Literal["public", "login", "action", "admin"]
    action: str | None = None


def _declare(access: Access) -> Callable[[Endpoint], Endpoint]:
    def decorator(fn: Endpoint) -> Endpoint:
        @functools.wraps(fn)
        async def wrapper(request: Request) -> Response:
            if request.method in UNSAFE_METHODS:
                await check_csrf(request)
            state = request.state
            visitor = request.scope["state"]["visitor"]
            slug = request.path_params.get("network")
            state.network = None
            state.role = None
            if slug is not None:
                network = await _network(request, slug)
                state.network = network
                state.role = visitor.roles.get(network.id)
                _offered_language_only(request, network)
            if access.kind != "public" and not visitor.logged_in:
                return login_redirect(request)
            if access.kind == "admin" and not visitor.person.is_admin:
                raise HTTPException(403)
            if access.kind == "action" and not request.app.state.registry.policy.can(state.role, access.action):
                raise HTTPException(403)
            return await fn(request)

        wrapper.access = access  # type: ignore[attr-defined]
        return wrapper

    return decorator


async def _network(request: Request, slug: str) -> Any:
    """The network of the path: the copy this process keeps (`networks.cache`), else read from the database."""
    kept = request.app.state.networks
    network = kept.get(slug)
    if network is None:
        generation = kept.generation()
        network = await request.app.state.db.read(request.app.state.network_by_slug, slug)
        kept.keep(slug, network, generation)
    return network


def _offered_language_only(request: Request, network: object) -> None:
    """A network offers the languages it chose (all by default); any other choice shows its pages in Dutch."""
    locale = request.scope["state"].get("locale", i18n.DEFAULT_LOCALE)
    if locale not in i18n.offered((getattr(network, "options", None) or {}).get("languages")):
        request.scope["state"]["locale"] = i18n.DEFAULT_LOCALE
        i18n.current_locale.set(i18n.DEFAULT_LOCALE)


def public(fn: Endpoint) -> Endpoint:
    return _declare(Access("public"))(fn)


def login_required(fn: Endpoint) -> Endpoint:
    return _declare(Access("login"))(fn)


def admin_only(fn: Endpoint) -> Endpoint:
    return _declare(Access("admin"))(fn)


def requires(action: str) -> Callable[[Endpoint], Endpoint]:
    return _declare(Access("action", action))


def login_redirect(request: Request) -> RedirectResponse:
    """To the login page, which sends the person back here (or, after a form, to the page the form was on)."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = request.headers.get("referer", "/")
    return RedirectResponse(
        path_for(request, "accounts:login") + "?volgende=" + quote(target, safe="/"), status_code=303
    )


async def check_csrf(request: Request) -> None:
    """Refuse an unsafe request from another site, or without the token of this browser's form."""
    if not same_origin(request):
        raise HTTPException(
            403, _("Dit formulier kwam niet van deze website. Open de pagina opnieuw en probeer nog eens.")
        )
    token = request.headers.get("x-csrf-token")
    if token is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await read_form(request)
            value = form.get("csrf_token")
            token = value if isinstance(value, str) else None
    if not csrf_valid(request, token):
        raise HTTPException(403, _("Dit formulier is verlopen. Ga terug, herlaad de pagina en verstuur het opnieuw."))


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after login; anything else goes to `default`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
