"""What the dialogue route modules share: who acts, the table or session this person runs (else 403; another
network's id is 404 from the query), and sending notices once the transaction committed."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request

from lerend_netwerk.dialogue import queries
from lerend_netwerk.dialogue.mail import EmailChannel
from lerend_netwerk.dialogue.models import DialogueTable
from lerend_netwerk.dialogue.notices import Notice, deliver
from lerend_netwerk.web.params import path_id


def actor_id(request: Request) -> int:
    return request.state.visitor.person.id


async def send(request: Request, notices: list[Notice]) -> int:
    """Deliver after the transaction committed; SMTP runs in a thread so the event loop stays free. Returns how
    many went out."""
    if not notices:
        return 0
    state = request.app.state
    channel = EmailChannel(state.messenger, state.settings, state.registry.urls)
    failed = await run_in_threadpool(deliver, channel, notices)
    return len(notices) - len(failed)


async def runs(request: Request, table_id: int) -> bool:
    """Whether the visitor runs this table (its facilitator) or coordinates the network."""
    person = request.state.visitor.person
    if person is None:
        return False
    return await request.app.state.db.read(queries.runs_table, table_id, person.id, request.state.role)


async def own_table(request: Request) -> DialogueTable:
    """The table of the path, if this person runs it."""
    found = await request.app.state.db.read(queries.table, request.state.network.id, path_id(request, "table"))
    if not await runs(request, found.id):
        raise HTTPException(403)
    return found


async def run_session(request: Request) -> queries.SessionRow:
    """The session of the path, if this person runs its table (its facilitator) or coordinates the network."""
    row = await request.app.state.db.read(queries.session_row, request.state.network.id, path_id(request, "id"))
    if not await runs(request, row.table.id):
        raise HTTPException(403)
    return row
