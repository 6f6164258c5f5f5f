"""The application factory. Nothing runs at import time: `create_app(settings)` builds everything from the\nlist of capabilities."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute, Mount

from lerend_netwerk.accounts.oidc import make_oauth
from lerend_netwerk.accounts.sessions import SessionMiddleware
from lerend_netwerk.db import Database
from lerend_netwerk.networks.cache import NetworkCache
from lerend_netwerk.networks.nav import role_label
from lerend_netwerk.networks.queries import network_by_slug
from lerend_netwerk.outbox import DeliverAfterResponse, Dispatcher, channel
from lerend_netwerk.registry import Registry
from lerend_netwerk.settings import Settings
from lerend_netwerk.web import errors, templating
from lerend_netwerk.web.offload import HeavyWork
from lerend_netwerk.web.ratelimit import RateLimits
from lerend_netwerk.web.routing import IndexedRouter
from lerend_netwerk.web.security import BodyLimitMiddleware, SecurityHeadersMiddleware
from lerend_netwerk.web.static import FingerprintedStatic


def all_routes(registry: Registry) -> list[BaseRoute]:
    """Every route of the app: each capability's, then the static files."""
    return [
        *registry.routes,
        Mount("/static", FingerprintedStatic(directory=templating.STATIC_DIR, check_dir=False), name="static"),
    ]


def create_app(
    settings: Settings | None = None, *, db: Database | None = None, registry: Registry | None = None
) -> Starlette:
    """The whole app, wired from the list of capabilities (`lerend_netwerk.capabilities`)."""
    settings = settings or Settings.from_env()
    registry = registry or Registry.build()
    database = db or Database.from_settings(settings)
    # Mail a request queued leaves after its response, through the courier `serve` runs beside the workers (or, with
    # none, from a thread of this worker); retries come from `periodic`.
    dispatcher = Dispatcher(database, channel(settings), courier=settings.outbox_courier)

    networks = NetworkCache(database)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if settings.network_cache:
            networks.start()
        if settings.gc_freeze:
            # What start-up built lives as long as the worker: the collector need not walk it every few hundred
            # requests (a tenth of a page's CPU). Collected first, so no garbage is kept for good.
            gc.collect()
            gc.freeze()
        yield
        networks.stop()
        if db is None:  # a database passed in belongs to the caller
            await database.aclose()

    app = Starlette(
        debug=settings.debug,
        middleware=[
            Middleware(DeliverAfterResponse, dispatcher=dispatcher),
            Middleware(SecurityHeadersMiddleware, settings=settings),
            # Level 3, not 6: a third of the time for 3-12 % more bytes (the 76 KB board: 0.28 ms and 9.2 KB gzipped,
            # against 0.83 ms and 8.2 KB; a practice list 3.1 KB against 2.9 KB). tests/test_page_weight.py keeps the
            # budgets; the benchmark measured the time.
            Middleware(GZipMiddleware, minimum_size=500, compresslevel=3),
            Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes),
            Middleware(SessionMiddleware, settings=settings, db=database),
        ],
        exception_handlers=errors.handlers,
    )
    app.router = IndexedRouter(all_routes(registry), lifespan=lifespan)  # Starlette's, faster to find a route
    app.state.settings = settings
    app.state.db = database
    app.state.registry = registry
    # The route decorators (web.auth) look up the network of a /n/{network}/... path through this: web knows
    # no capability.
    app.state.network_by_slug = network_by_slug
    app.state.networks = networks  # the networks this process served, while the database announces changes
    app.state.templates = templating.make_environment(auto_reload=settings.debug)
    app.state.templates.globals.update(nav_items=registry.menu.items_for, role_label=role_label)
    app.state.outbox = dispatcher
    app.state.rate_limits = RateLimits(settings, database)
    app.state.heavy_work = HeavyWork(settings.heavy_work_threads)
    app.state.oauth = make_oauth(settings)
    return app
