"""Reading the path: ids from the URL, checked before they reach a query."""

from __future__ import annotations

from starlette.requests import Request

from lerend_netwerk.web.errors import NotFound


def path_id(request: Request, key: str = "id") -> int:
    """An id from the path; anything that is not a positive 32-bit number is a 404, not a database error."""
    try:
        value = int(request.path_params[key])
    except (KeyError, ValueError, TypeError):
        raise NotFound() from None
    if not 0 < value < 2**31:
        raise NotFound()
    return value
