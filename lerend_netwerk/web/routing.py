"""Starlette's router, told which routes a path can reach before it tries them.

Starlette tries every route in order, with a regular expression each, until one matches. The app has about 190
routes, and a page near the end of the list (the wijk comparison is number 185) cost 170–330 µs of routing per
request: up to a twentieth of the page. Most routes start with literal segments (`/n/{network}/signalen/...`,
`/b/{code}/...`, `/inloggen/...`), and those tell at once which routes a path cannot reach.

`IndexedRouter` keeps, for each of a route's first `DEPTH` path segments that is written out in full, that
word. For a request it keeps of the first `DEPTH` segments of its path only those that some route has at that
place (a network's slug or a survey's code is never one, unless it happens to be spelled like a route's word)
and looks the routes up under that key: the routes whose words all agree with the path, in their own order. The
same list is kept for the next path with the same key; there are no more keys than combinations of the routes'
own words. It then tries those routes exactly as Starlette does, so which route answers, and what a partial
match (405) does, is unchanged. A path no route reaches (a 404, or a slash to add or remove) goes through
Starlette's own loop over every route.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Match, Mount, Route, Router, get_route_path
from starlette.types import Receive, Scope, Send

DEPTH = 3  # how many leading path segments are indexed


def _words(route: BaseRoute) -> tuple[str | None, ...]:
    """A route's first DEPTH segments: the word where it is written out in full, None where a parameter stands
    (or anything that might span or change segments: there the route is tried for every path)."""
    if isinstance(route, Mount):
        path = route.path + "/{path:path}"
    elif isinstance(route, Route):
        path = route.path
    else:
        return (None,) * DEPTH  # a Host or a WebSocketRoute: always tried
    words: list[str | None] = []
    for segment in path.split("/")[1 : DEPTH + 1]:
        if ":path}" in segment:
            break  # the rest of the path may hold any number of segments
        words.append(None if "{" in segment else segment)
    return tuple(words) + (None,) * (DEPTH - len(words))


class IndexedRouter(Router):
    """A `Router` that tries, of its routes, only those whose leading words agree with the path (module text)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._candidates: dict[tuple[str | None, ...], list[BaseRoute]] = {}
        self._words = [_words(route) for route in self.routes]
        self._known = [frozenset(w[i] for w in self._words if w[i] is not None) for i in range(DEPTH)]

    def _key(self, path: str) -> tuple[str | None, ...]:
        segments = path.split("/", DEPTH + 1)[1 : DEPTH + 1]
        segments += [""] * (DEPTH - len(segments))
        return tuple(s if s in known else None for s, known in zip(segments, self._known, strict=True))

    def routes_for(self, path: str) -> list[BaseRoute]:
        """The routes that may match `path`, in their order (module text)."""
        key = self._key(path)
        found = self._candidates.get(key)
        if found is None:
            found = [
                route
                for route, words in zip(self.routes, self._words, strict=True)
                if all(w is None or w == k for w, k in zip(words, key, strict=True))
            ]
            self._candidates[key] = found
        return found

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or len(self._words) != len(self.routes):  # routes added later: Starlette's way
            await super().app(scope, receive, send)
            return
        if "router" not in scope:
            scope["router"] = self
        partial = partial_scope = None
        for route in self.routes_for(get_route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial, partial_scope = route, child_scope
        if partial is not None:
            scope["route"] = partial
            scope.update(partial_scope)
            await partial.handle(scope, receive, send)
            return
        await super().app(scope, receive, send)  # no route reaches this path: redirect a slash, or the 404
