"""Server-side sessions as ASGI middleware.

A logged-in person carries only a random id (>=128 bits) in an HttpOnly cookie; the row in `web_session`
holds the rest, so logout, a role change or removal ends the session for every copy of the cookie.
Visitors who are not logged in get no row: the little they need kept between requests (a flash message,
OIDC state) travels in a signed cookie. Also sets the language for the request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lerend_netwerk import i18n
from lerend_netwerk.accounts.models import WebSession
from lerend_netwerk.db import Database, utcnow
from lerend_netwerk.networks.models import Membership, Person, Role
from lerend_netwerk.settings import Settings
from lerend_netwerk.web import signing

TOUCH_EVERY = timedelta(minutes=1)
ANON_MAX_AGE = 3600


def cookie_name(settings: Settings, base: str) -> str:
    return f"__Host-{base}" if settings.https else base


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


@dataclass
class Visitor:
    """Who is asking: `person` is None for a visitor. `roles` maps network id -> role."""

    person: Person | None = None
    roles: dict[int, Role] = field(default_factory=dict)
    session_hash: str | None = None
    login_method: str | None = None
    expires_idle_at: Any = None

    @property
    def logged_in(self) -> bool:
        return self.person is not None


@dataclass
class Loaded:
    """What one read of the session found: the visitor and their session data, and whether the row needs a write
    (`expired`: delete it; `touch`: move last_seen_at, at most once every TOUCH_EVERY)."""

    visitor: Visitor
    data: dict[str, Any]
    expired: bool = False
    touch: bool = False


# Built once: every logged-in request runs it, and building a statement costs more than SQLite takes to run it.
SESSION_QUERY = (
    select(WebSession, Person, Membership.network_id, Membership.role)
    .join(Person, Person.id == WebSession.person_id)
    .outerjoin(Membership, Membership.person_id == Person.id)
    .where(WebSession.id_hash == bindparam("token_hash"))
)


def load_visitor(db: Session, token_hash: str, settings: Settings) -> Loaded | None:
    """One indexed read (session by primary key, its person and their roles): every logged-in request runs it, so
    it takes no write lock; the caller writes only when `Loaded` asks for it."""
    rows = db.execute(SESSION_QUERY, {"token_hash": token_hash}).all()
    if not rows:
        return None
    row, person = rows[0][0], rows[0][1]
    now = utcnow()
    idle = timedelta(minutes=settings.session_idle_minutes)
    absolute = timedelta(hours=settings.session_absolute_hours)
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        return Loaded(Visitor(), {}, expired=True)
    touch = now - row.last_seen_at > TOUCH_EVERY
    db.expunge(person)
    visitor = Visitor(
        person=person,
        roles={network_id: role for _, _, network_id, role in rows if network_id is not None},
        session_hash=token_hash,
        login_method=row.login_method,
        expires_idle_at=(now if touch else row.last_seen_at) + idle,
    )
    return Loaded(visitor, dict(row.data or {}), touch=touch)


def refresh(db: Session, token_hash: str, *, expired: bool) -> None:
    """End an expired session, or note that it is in use (idle time starts again)."""
    if expired:
        end(db, token_hash)
    else:
        db.execute(update(WebSession).where(WebSession.id_hash == token_hash).values(last_seen_at=utcnow()))


def save_data(db: Session, token_hash: str, data: dict[str, Any]) -> None:
    row = db.get(WebSession, token_hash)
    if row is not None:
        row.data = data


def start(db: Session, person_id: int, method: str, *, replaces: str | None = None) -> str:
    """Create a session and return the cookie value; the old session (if any) ends: ids are renewed at login."""
    if replaces:
        db.execute(delete(WebSession).where(WebSession.id_hash == replaces))
    token = new_token()
    db.add(WebSession(id_hash=hash_token(token), person_id=person_id, login_method=method, data={}))
    db.get(Person, person_id).last_login_at = utcnow()  # type: ignore[union-attr]
    return token


def end(db: Session, token_hash: str) -> None:
    db.execute(delete(WebSession).where(WebSession.id_hash == token_hash))


def end_all_for(db: Session, person_id: int) -> int:
    """Log a person out everywhere (role change, removal, erasure). Returns how many sessions ended."""
    return db.execute(delete(WebSession).where(WebSession.person_id == person_id)).rowcount  # type: ignore[attr-defined]


def set_cookie_header(
    headers: MutableHeaders, settings: Settings, base: str, value: str, *, max_age: int | None
) -> None:
    name = cookie_name(settings, base)
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if settings.https:
        parts.append("Secure")
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    headers.append("set-cookie", "; ".join(parts))


class SessionMiddleware:
    def __init__(self, app: ASGIApp, *, settings: Settings, db: Database) -> None:
        self.app = app
        self.settings = settings
        self.db = db
        self.session_cookie = cookie_name(settings, "ln_session")
        self.anon_cookie = cookie_name(settings, "ln_anon")
        self.csrf_cookie = cookie_name(settings, "ln_csrf")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        token = cookies.get(self.session_cookie)
        loaded = None
        if token:
            try:
                loaded = await self.db.read(load_visitor, hash_token(token), self.settings)
                if loaded is not None and (loaded.expired or loaded.touch):
                    await self.db.write(refresh, hash_token(token), expired=loaded.expired)
            except DBAPIError as exc:
                await self._unavailable(scope, receive, send, cookies, exc)
                return
        visitor, data = (loaded.visitor, loaded.data) if loaded and not loaded.expired else (Visitor(), None)
        if data is None:
            anon = cookies.get(self.anon_cookie)
            data = (signing.loads(self.settings.secret_key, "anon", anon, max_age=ANON_MAX_AGE) if anon else None) or {}
        original = dict(data)
        csrf = cookies.get(self.csrf_cookie)
        new_csrf = None if csrf and len(csrf) >= 32 else secrets.token_urlsafe(24)
        state = scope.setdefault("state", {})
        state["visitor"] = visitor
        state["csrf_seed"] = csrf if new_csrf is None else new_csrf
        scope["session"] = data
        # A link can carry the language (?taal=ar, handed out by a facilitator): it wins and is remembered.
        asked = _query_language(scope)
        locale = asked or i18n.pick_locale(cookies.get("ln_lang"), None)
        state["locale"] = locale
        i18n.current_locale.set(locale)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                await self._persist(state, visitor, scope["session"], original, headers, had_token=bool(token))
                if asked and asked != cookies.get("ln_lang"):
                    headers.append("set-cookie", i18n.language_cookie(asked, https=self.settings.https))
                if new_csrf or state.get("rotate_csrf"):
                    seed = new_csrf if not state.get("rotate_csrf") else state["csrf_seed"]
                    set_cookie_header(headers, self.settings, "ln_csrf", seed, max_age=None)
            await send(message)

        await self.app(scope, receive, send_wrapper)

    async def _unavailable(
        self, scope: Scope, receive: Receive, send: Send, cookies: dict[str, str], exc: DBAPIError
    ) -> None:
        """The database is down or locked before we know who is asking: answer 503 with a retry hint rather than a
        500, and offer a posted form back with everything typed, with this browser's CSRF token so that sending
        it again works once the database is back (the person is still logged in then)."""
        from lerend_netwerk.web.errors import error_response, log, resend_fields

        log.warning("database unavailable (session lookup): %s", exc)
        csrf = cookies.get(self.csrf_cookie)
        locale = i18n.pick_locale(cookies.get("ln_lang"), None)
        i18n.current_locale.set(locale)
        scope.setdefault("state", {}).update(
            visitor=Visitor(), csrf_seed=csrf if csrf and len(csrf) >= 32 else "", locale=locale
        )
        request = Request(scope, receive)
        resend = await resend_fields(request)
        await error_response(request, 503, headers={"Retry-After": "30"}, resend=resend)(scope, receive, send)

    async def _persist(
        self,
        state: dict[str, Any],
        visitor: Visitor,
        data: dict[str, Any],
        original: dict[str, Any],
        headers: MutableHeaders,
        *,
        had_token: bool,
    ) -> None:
        new_token_value = state.get("new_session_token")
        if new_token_value:  # a login happened during this request
            set_cookie_header(headers, self.settings, "ln_session", new_token_value, max_age=None)
            if data:
                await self.db.write(save_data, hash_token(new_token_value), data)
            set_cookie_header(headers, self.settings, "ln_anon", "", max_age=0)
            return
        if state.get("session_ended"):
            set_cookie_header(headers, self.settings, "ln_session", "", max_age=0)
            if data:  # e.g. "Je bent uitgelogd." must survive the redirect, in the visitor's signed cookie
                value = signing.dumps(self.settings.secret_key, "anon", data)
                set_cookie_header(headers, self.settings, "ln_anon", value, max_age=ANON_MAX_AGE)
            return
        if visitor.logged_in:
            if data != original:
                await self.db.write(save_data, visitor.session_hash, data)
            return
        if had_token:  # the cookie pointed at an ended or expired session
            set_cookie_header(headers, self.settings, "ln_session", "", max_age=0)
        if data != original:
            if data:
                value = signing.dumps(self.settings.secret_key, "anon", data)
                set_cookie_header(headers, self.settings, "ln_anon", value, max_age=ANON_MAX_AGE)
            else:
                set_cookie_header(headers, self.settings, "ln_anon", "", max_age=0)


def _query_language(scope: Scope) -> str | None:
    """The language a link asks for with ?taal=, when it is one the platform has."""
    query = scope.get("query_string", b"").decode("latin-1")
    if "taal=" not in query:
        return None
    from urllib.parse import parse_qs

    asked = parse_qs(query).get("taal", [""])[-1]
    return asked if asked in i18n.LANGUAGES else None


def _cookies(scope: Scope) -> dict[str, str]:
    for key, value in scope["headers"]:
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a broken cookie header is just no cookies
                return {}
            return {k: m.value for k, m in jar.items()}
    return {}
