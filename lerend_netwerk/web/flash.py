"""Flash messages: one-time notices shown on the next page (after a redirect)."""

from __future__ import annotations

from starlette.requests import Request


def flash(request: Request, message: str, category: str = "success") -> None:
    request.session.setdefault("_flash", []).append([category, str(message)])


def pop_flashes(request: Request) -> list[tuple[str, str]]:
    if "session" not in request.scope or "_flash" not in request.session:
        return []
    return [(c, m) for c, m in request.session.pop("_flash")]
