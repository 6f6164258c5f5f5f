"""Paths of named routes, for links in pages, redirects, mails and signals' links back to their source."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Mount, NoMatchFound, Route

PARAMETER = re.compile(r"{([^}]*)}")  # a parameter in a route's `path_format`


class _Formatter:
    """A route's path with its parameters filled in, as `Route.url_path_for` makes it, from parts split once."""

    def __init__(self, route: Route) -> None:
        self.keys = frozenset(route.param_convertors)
        parts = PARAMETER.split(route.path_format)  # literal, name, literal, name, ..., literal
        self.literals = parts[::2]
        self.fields = [(key, route.param_convertors[key]) for key in parts[1::2]]

    def format(self, params: dict[str, Any]) -> str:
        path = [self.literals[0]]
        for (key, convertor), literal in zip(self.fields, self.literals[1:], strict=True):
            path += (convertor.to_string(params[key]), literal)
        return "".join(path)


class Urls:
    """Paths of named routes in one dict lookup. Starlette's `url_for` tries every route in turn and raises and
    catches an exception for each miss: with ~150 routes and ~40 links a page, that was a third of a page's time.
    A route's path is split into its parts once, so filling in its parameters is a join (the board makes ~50 links).
    Templates get site paths (`/n/zele/praktijken/3`), which are also shorter than absolute URLs."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self.by_name: dict[str, list[_Formatter | BaseRoute]] = {}
        for route in routes:
            name = getattr(route, "name", None)
            if name and not isinstance(route, Mount):
                self.by_name.setdefault(name, []).append(_Formatter(route) if isinstance(route, Route) else route)
        self.fallback = [r for r in routes if isinstance(r, Mount)]

    def path(self, name: str, /, **params: Any) -> str:
        for route in self.by_name.get(name, ()):
            if not isinstance(route, _Formatter):
                with contextlib.suppress(NoMatchFound):
                    return str(route.url_path_for(name, **params))
            elif params.keys() == route.keys:
                return route.format(params)
        for mount in () if name in self.by_name else self.fallback:
            with contextlib.suppress(NoMatchFound):
                return str(mount.url_path_for(name, **params))
        raise NoMatchFound(name, params)


def path_for(request: Request, name: str, /, **params: Any) -> str:
    """The site path of a named route, for a redirect or a link made in a route: `path_for(request,
    "signals:detail", network=slug, id=3)`. Never build an internal path by hand."""
    return request.scope.get("root_path", "") + request.app.state.registry.urls.path(name, **params)


def absolute_url(request: Request, name: str, /, **params: Any) -> str:
    """The full address of a named route at the configured public address (`base_url`), for what leaves the site:
    a link in a mail, a QR code on paper, an OIDC redirect."""
    return request.app.state.settings.base_url.rstrip("/") + request.app.state.registry.urls.path(name, **params)
