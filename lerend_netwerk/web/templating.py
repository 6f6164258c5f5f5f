"""Jinja2 set-up and `render()`: one call that returns a full page, or its partial for htmx."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from lerend_netwerk import i18n
from lerend_netwerk.networks.policy import can
from lerend_netwerk.web import signing
from lerend_netwerk.web.flash import pop_flashes

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


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(static_url=static_url, languages=i18n.LANGUAGES)
    env.filters["date_nl"] = format_date
    env.filters["datetime_nl"] = format_datetime
    return env


def format_date(value: Any) -> str:
    from babel.dates import format_date as babel_date

    return babel_date(value, format="EEEE d MMMM y", locale=i18n.current_locale.get()) if value else ""


def format_datetime(value: Any) -> str:
    from babel.dates import format_datetime as babel_datetime

    if not value:
        return ""
    return babel_datetime(
        value, format="EEEE d MMMM y, HH:mm", tzinfo="Europe/Brussels", locale=i18n.current_locale.get()
    )


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
        "can": lambda action: can(role, action),
        "csrf_token": csrf_token(request) if "csrf_seed" in state else "",
        "flashes": pop_flashes(request),
        "locale": state.get("locale", i18n.DEFAULT_LOCALE),
        "url_for": request.url_for,
        "settings": request.app.state.settings,
    }


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
