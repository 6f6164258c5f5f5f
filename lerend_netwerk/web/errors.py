"""Error pages in plain Dutch. A user's input never reaches the 500 page; an outage gives 503 with a retry hint."""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from lerend_netwerk.i18n import gettext as _

log = logging.getLogger("lerend_netwerk")


class NotFound(HTTPException):
    """What was asked for does not exist in this network (or not at all): the 404 page. Services raise it for an
    id that is not theirs to show; routes let it pass."""

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(404, detail)


class DomainError(Exception):
    """A refusal a person can read and act on, in Dutch: `message`, and the form `field` it belongs to (None: the
    form as a whole). Services raise a subclass; a route shows it next to the field and renders the form again.
    One that no route catches becomes a 422 page with the message, never a 500."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Er ging iets mis met je verzoek"), _("Probeer het opnieuw vanaf de vorige pagina.")),
        403: (
            _("Dit mag je niet bekijken"),
            _(
                "Je hebt geen toegang tot deze pagina. Denk je dat dit fout is? Vraag het aan de coördinator van je netwerk."
            ),
        ),
        404: (_("Deze pagina bestaat niet"), _("Misschien is de link oud of verkeerd getypt.")),
        405: (_("Dit kan zo niet"), _("Gebruik de knoppen op de pagina.")),
        413: (
            _("Het bestand is te groot"),
            _("Wat je stuurde, is te groot. Kies een kleiner bestand of stuur minder tegelijk."),
        ),
        429: (
            _("Even wachten"),
            _("Je probeerde het te vaak na elkaar. Wacht een paar minuten en probeer dan opnieuw."),
        ),
        500: (_("Er ging iets mis bij ons"), _("Dat is onze fout, niet de jouwe. Probeer het later opnieuw.")),
        503: (
            _("Even niet beschikbaar"),
            _(
                "We kunnen je gegevens nu niet bewaren of tonen. Probeer het over een minuut opnieuw; wat je invulde, is niet verloren op deze pagina."
            ),
        ),
    }


def error_response(
    request: Request,
    status: int,
    detail: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    resend: list[tuple[str, str]] | None = None,
) -> Response:
    title, message = _messages().get(status, _messages()[400])
    if detail and status < 500:
        message = detail
    try:
        from lerend_netwerk.web.templating import render

        response: Response = render(
            request,
            "errors/error.html",
            {
                "status": status,
                "title": title,
                "message": message,
                "resend": resend or [],
                "resend_to": request.url.path,
            },
            status_code=status,
        )
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        response = HTMLResponse(
            f"<!doctype html><html lang='nl'><title>{status}</title><h1>{title}</h1><p>{message}</p>",
            status_code=status,
        )
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.detail and exc.detail != _http_phrase(exc.status_code) else None
    return error_response(request, exc.status_code, detail, headers=dict(exc.headers or {}))


def _http_phrase(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


async def domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return error_response(request, 422, exc.message)


async def resend_fields(request: Request) -> list[tuple[str, str]]:
    """The text fields of a posted form (not its files, not its CSRF token), to offer back on an error page. Reads
    the form when nothing has yet (the session lookup fails before any route runs)."""
    if request.method != "POST":
        return []
    form = getattr(request, "_form", None)
    content_type = request.headers.get("content-type", "")
    if form is None and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        settings = request.app.state.settings
        try:
            form = await request.form(max_files=20, max_fields=2000, max_part_size=settings.max_upload_bytes + 1)
        except Exception:  # noqa: BLE001 - a form we cannot read is a form we cannot offer back; the 503 stands
            return []
    if form is None:
        return []
    return [(k, v) for k, v in form.multi_items() if isinstance(v, str) and k != "csrf_token"]


async def database_unavailable(request: Request, exc: Exception) -> Response:
    """503 with a retry hint. A form that could not be saved comes back with everything typed, ready to send again."""
    log.warning("database unavailable: %s", exc)
    return error_response(request, 503, headers={"Retry-After": "30"}, resend=await resend_fields(request))


async def server_error(request: Request, exc: Exception) -> Response:
    """Starlette sends this page from outside every middleware, so it adds the security headers itself."""
    from lerend_netwerk.web.security import add_security_headers

    log.exception("unhandled error", exc_info=exc)
    response = error_response(request, 500)
    add_security_headers(response.headers, request.app.state.settings)
    return response


handlers = {
    HTTPException: http_exception,
    DomainError: domain_error,
    OperationalError: database_unavailable,
    DBAPIError: database_unavailable,
    500: server_error,
}
