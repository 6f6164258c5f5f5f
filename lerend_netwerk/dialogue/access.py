"""Small route helpers shared by the dialogue route modules."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request

from lerend_netwerk.dialogue import service
from lerend_netwerk.dialogue.mail import EmailChannel
from lerend_netwerk.dialogue.notices import Notice, deliver
from lerend_netwerk.web.params import path_id


def actor_id(request: Request) -> int:
    return request.state.visitor.person.id


async def send(request: Request, notices: list[Notice]) -> int:
    """Deliver after the transaction committed; SMTP runs in a thread so the event loop stays free."""
    if not notices:
        return 0
    channel = EmailChannel(request.app.state.messenger, request.app.state.settings)
    return await run_in_threadpool(deliver, channel, notices)


async def run_session(request: Request) -> service.SessionRow:
    """The session, if this person runs its table (its facilitator) or coordinates the network; else 403/404."""
    network = request.state.network
    db = request.app.state.db
    row = await db.read(service.session_row, network.id, path_id(request, "id"))
    if row is None:
        raise HTTPException(404)
    person = request.state.visitor.person
    if not await db.read(service.runs_table, row.table.id, person.id, request.state.role):
        raise HTTPException(403)
    return row
