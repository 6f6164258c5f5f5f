"""Security plumbing: response headers (strict CSP), the request-body limit, and the CSRF check."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lerend_netwerk.settings import Settings
from lerend_netwerk.web import signing

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def security_headers(settings: Settings) -> dict[str, str]:
    """The headers every response carries; HSTS only when the public address is HTTPS."""
    headers = {
        "content-security-policy": CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "cross-origin-opener-policy": "same-origin",
        "x-frame-options": "DENY",
    }
    if settings.https:
        headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"
    return headers


def add_security_headers(headers: MutableHeaders, settings: Settings) -> None:
    for key, value in security_headers(settings).items():
        if key not in headers:
            headers[key] = value
    if "cache-control" not in headers:
        headers["cache-control"] = "no-store"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message), self.settings)
            await send(message)

        await self.app(scope, receive, send_wrapper)


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Answers 413 before reading a body that is announced too large, and stops reading one that grows too large."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        for key, value in scope["headers"]:
            if key == b"content-length":
                try:
                    too_large = int(value) > self.max_bytes
                except ValueError:
                    too_large = True
                if too_large:
                    await _plain_413(scope, receive, send)
                    return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await _plain_413(scope, receive, send)


async def _plain_413(scope: Scope, receive: Receive, send: Send) -> None:
    from lerend_netwerk.web.errors import error_response

    request = Request(scope, receive)
    response = error_response(request, 413)
    response.headers["connection"] = "close"
    await response(scope, receive, send)


def same_origin(request: Request) -> bool:
    """Browsers say where a request comes from; refuse what another site sends. Fetch Metadata first: a browser
    that sends `Sec-Fetch-Site` sets it itself (no page can), so its word decides. Without it, Origin: `Origin:
    null` (a sandboxed frame, a data: or file: page, a redirect from elsewhere, a page with Referrer-Policy
    no-referrer, which our pages therefore never use) is not ours. Without Origin, the Referer: our pages send it to
    us (Referrer-Policy: same-origin); one from another site is refused. A request with none of these (an old
    browser, a privacy add-on) still needs the form's CSRF token."""
    site = request.headers.get("sec-fetch-site")
    if site:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.strip().rstrip("/") in _our_origins(request)
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer.strip())
        return f"{parts.scheme}://{parts.netloc}" in _our_origins(request)
    return True


def _our_origins(request: Request) -> set[str]:
    ours = {urlsplit(request.app.state.settings.base_url)._replace(path="", query="", fragment="").geturl()}
    ours.add(f"{request.url.scheme}://{request.url.netloc}")
    return {o.rstrip("/") for o in ours}


def csrf_valid(request: Request, submitted: str | None) -> bool:
    seed = request.scope.get("state", {}).get("csrf_seed")
    if not seed or not submitted:
        return False
    expected = signing.mac(request.app.state.settings.secret_key, "csrf", seed)
    return hmac.compare_digest(expected, submitted)
