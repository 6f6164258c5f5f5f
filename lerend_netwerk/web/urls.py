"""Paths of named routes, for links in pages, redirects, mails and signals' links back to their source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Mount, NoMatchFound


class Urls:
    """Paths of named routes in one dict lookup. Starlette's `url_for` tries every route in turn and raises and
    catches an exception for each miss: with ~150 routes and ~40 links a page, that was a third of a page's time.
    Templates get site paths (`/n/zele/praktijken/3`), which are also shorter than absolute URLs."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self.by_name: dict[str, list[BaseRoute]] = {}
        for route in routes:
            name = getattr(route, "name", None)
            if name and not isinstance(route, Mount):
                self.by_name.setdefault(name, []).append(route)
        self.fallback = [r for r in routes if isinstance(r, Mount)]

    def path(self, name: str, /, **params: Any) -> str:
        for route in self.by_name.get(name, ()) or self.fallback:
            try:
                return str(route.url_path_for(name, **params))
            except NoMatchFound:
                continue
        raise NoMatchFound(name, params)


def path_for(request: Request, name: str, /, **params: Any) -> str:
    """The site path of a named route, for a redirect or a link made in a route: `path_for(request,
    "signals:detail", network=slug, id=3)`. Never build an internal path by hand."""
    return request.scope.get("root_path", "") + request.app.state.registry.urls.path(name, **params)


def absolute_url(request: Request, name: str, /, **params: Any) -> str:
    """The full address of a named route at the configured public address (`base_url`), for what leaves the site:
    a link in a mail, a QR code on paper, an OIDC redirect."""
    return request.app.state.settings.base_url.rstrip("/") + request.app.state.registry.urls.path(name, **params)
