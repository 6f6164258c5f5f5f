"""The pages everyone sees: the platform's home page (the networks), a network's home page, and /healthz."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from lerend_netwerk.networks import queries
from lerend_netwerk.web.auth import public
from lerend_netwerk.web.templating import render


@public
async def home(request: Request) -> Response:
    networks = await request.app.state.db.read(queries.list_networks)
    return render(request, "networks/home.html", {"networks": networks})


@public
async def network_home(request: Request) -> Response:
    state = request.app.state
    links = await state.db.read(state.registry.links_for_home, request.state.network.id)
    return render(request, "networks/network.html", {"home_links": links})


@public
async def healthz(request: Request) -> Response:
    """For operators and load balancers: 200 when the database answers, 503 when it does not."""
    try:
        await request.app.state.db.read(queries.ping)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
