"""Jinja2 set-up and `render()`: one call that returns a full page, or its partial for htmx."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from lerend_netwerk import i18n
from lerend_netwerk.web import formats, signing
from lerend_netwerk.web.flash import pop_flashes
from lerend_netwerk.web.urls import Urls

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"


@cache
def fingerprint(path: str) -> str:
    """A short content hash for `?v=`; static files with the current hash are cached for a year."""
    file = STATIC_DIR / path
    if not file.is_file():
        return "missing"
    return hashlib.sha256(file.read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    return f"/static/{path}?v={fingerprint(path)}"


def make_environment(*, auto_reload: bool = False) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=auto_reload,  # off in production: no stat() of every template on every render
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    # The same "newstyle" behaviour as Jinja's own wrappers, in one call instead of three: a board renders ~700
    # translated labels, and the wrappers (an alias that resolves "gettext" from the context, then formats even
    # a label without placeholders) took more time than the rest of each card.
    env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext)
    env.globals.update(static_url=static_url, languages=i18n.LANGUAGES)
    from lerend_netwerk.web.fields import field  # it writes with this module's `_`: imported once this one is

    env.globals["form_field"] = field
    formats.register(env)
    return env


def template_gettext(message: str, /, **variables: Any) -> Markup:
    """`_()` in templates: the translation as markup, with the escaped `variables` put in (`%(name)s`)."""
    translated = Markup(i18n.gettext(message))  # noqa: S704 - our own msgids and .po files, as Jinja does
    return translated % variables if variables else translated


def template_ngettext(singular: str, plural: str, num: int, /, **variables: Any) -> Markup:
    return Markup(i18n.ngettext(singular, plural, num)) % {"num": num, **variables}  # noqa: S704 - as above


def csrf_token(request: Request) -> str:
    return signing.mac(request.app.state.settings.secret_key, "csrf", request.scope["state"]["csrf_seed"])


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-boosted") != "true"


def base_context(request: Request) -> dict[str, Any]:
    state = request.scope.get("state", {})
    visitor = state.get("visitor")
    network = state.get("network")
    role = state.get("role")
    return {
        "request": request,
        "visitor": visitor,
        "person": visitor.person if visitor else None,
        "network": network,
        "role": role,
        "can": lambda action: request.app.state.registry.policy.can(role, action),
        "csrf_token": csrf_token(request) if "csrf_seed" in state else "",
        "flashes": pop_flashes(request),
        "locale": state.get("locale", i18n.DEFAULT_LOCALE),
        "text_direction": i18n.direction(state.get("locale", i18n.DEFAULT_LOCALE)),
        "language_links": _language_links(request, network),
        "url_for": _path_for(request),
        "settings": request.app.state.settings,
    }


def _language_links(request: Request, network: Any) -> list[tuple[str, str, str]]:
    """(code, own name, link) for the switch at the top: this page with `?taal=` for each language offered here.
    The page's other query parameters are left out: they may be one-time values (a login callback's code)."""
    codes = i18n.offered((network.options or {}).get("languages") if network is not None else None)
    path = request.url.path
    return [(code, i18n.LANGUAGES[code], f"{path}?taal={code}") for code in codes]


def _path_for(request: Request) -> Any:
    urls: Urls = request.app.state.registry.urls
    root = request.scope.get("root_path", "")
    return (lambda name, /, **params: root + urls.path(name, **params)) if root else urls.path


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    partial: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render `name`, or `partial` when htmx asks (HX-Request without HX-Boosted). Always `Vary: HX-Request`."""
    env: jinja2.Environment = request.app.state.templates
    template = env.get_template(partial if partial and is_htmx(request) else name)
    full = base_context(request) | (context or {})
    response = HTMLResponse(template.render(full), status_code=status_code, headers=headers)
    response.headers.append("Vary", "HX-Request")
    return response
