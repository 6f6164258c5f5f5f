"""Small helpers shared by the practice route modules."""

from __future__ import annotations

from starlette.requests import Request

from lerend_netwerk.practices.service import Viewer, viewer_of


def viewer(request: Request) -> Viewer:
    return viewer_of(request.state.visitor)


def actor_id(request: Request) -> int:
    return request.state.visitor.person.id
