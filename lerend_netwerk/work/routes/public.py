"""Public pages of the network's work: the plan, "wat we beloofden, waar we staan", without internal notes."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from lerend_netwerk.web.auth import public
from lerend_netwerk.web.templating import render
from lerend_netwerk.work import plan_html, plan_queries
from lerend_netwerk.work.models import ACTION_STATUS_LABELS


@public
async def public_plan(request: Request) -> Response:
    rows = await request.app.state.db.read(plan_queries.plan, request.state.network)
    return render(request, "work/public_plan.html", {"plan": plan_html.public_plan(rows, ACTION_STATUS_LABELS)})
