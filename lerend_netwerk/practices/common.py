"""Small helpers shared by the practice route modules."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from lerend_netwerk.practices.service import Viewer, viewer_of


def path_id(request: Request, key: str = "id") -> int:
    """An id from the path; out-of-range numbers are a 404, not a database error."""
    try:
        value = int(request.path_params[key])
    except (KeyError, ValueError):
        raise HTTPException(404) from None
    if not 0 < value < 2**31:
        raise HTTPException(404)
    return value


def viewer(request: Request) -> Viewer:
    return viewer_of(request.state.visitor)


def actor_id(request: Request) -> int:
    return request.state.visitor.person.id
