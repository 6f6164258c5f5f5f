"""The application factory. Nothing runs at import time: `create_app(settings)` builds everything."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute, Mount

from lerend_netwerk.accounts import privacy_routes, privacy_staff_routes
from lerend_netwerk.accounts import routes as accounts_routes
from lerend_netwerk.accounts.oidc import make_oauth
from lerend_netwerk.accounts.sessions import SessionMiddleware
from lerend_netwerk.db import Database
from lerend_netwerk.dialogue import routes as dialogue_routes
from lerend_netwerk.mail import Messenger
from lerend_netwerk.networks import admin as admin_routes
from lerend_netwerk.networks import auditlog, nav
from lerend_netwerk.networks import routes as networks_routes
from lerend_netwerk.practices import routes as practices_routes
from lerend_netwerk.settings import Settings
from lerend_netwerk.signals import public as signals_public
from lerend_netwerk.signals import routes as signals_routes
from lerend_netwerk.signals import routes_reports as signals_reports
from lerend_netwerk.surveys import routes as surveys_routes
from lerend_netwerk.web import errors, templating
from lerend_netwerk.web.ratelimit import RateLimits
from lerend_netwerk.web.security import BodyLimitMiddleware, SecurityHeadersMiddleware
from lerend_netwerk.web.static import FingerprintedStatic


def all_routes() -> list[BaseRoute]:
    """Every route of the app; capabilities add their `routes` list here."""
    return [
        *networks_routes.routes,
        *accounts_routes.routes,
        *practices_routes.routes,
        *dialogue_routes.routes,
        *privacy_routes.routes,
        *privacy_staff_routes.routes,
        *admin_routes.routes,
        *auditlog.routes,
        *signals_routes.routes,
        *signals_reports.routes,
        *signals_public.routes,
        *surveys_routes.routes,
        Mount("/static", FingerprintedStatic(directory=templating.STATIC_DIR, check_dir=False), name="static"),
    ]


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    database = db or Database(settings.database_url)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        if db is None:  # a database passed in belongs to the caller
            database.dispose()

    app = Starlette(
        debug=settings.debug,
        routes=all_routes(),
        middleware=[
            Middleware(SecurityHeadersMiddleware, settings=settings),
            Middleware(GZipMiddleware, minimum_size=500, compresslevel=6),
            Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes),
            Middleware(SessionMiddleware, settings=settings, db=database),
        ],
        exception_handlers=errors.handlers,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = database
    app.state.urls = templating.Urls(app.routes)
    app.state.templates = templating.make_environment(auto_reload=settings.debug)
    app.state.templates.globals.update(nav_items=nav.items_for, role_label=nav.role_label)
    app.state.messenger = Messenger(settings)
    app.state.rate_limits = RateLimits(settings, database)
    app.state.oauth = make_oauth(settings)
    return app
