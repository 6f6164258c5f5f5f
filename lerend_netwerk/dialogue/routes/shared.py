"""What the dialogue route modules share: who acts, the table or session this person runs (else 403; another
network's id is 404 from the query), and writes whose notices go into the outbox in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request

from lerend_netwerk.dialogue import queries
from lerend_netwerk.dialogue.mail import and_post
from lerend_netwerk.dialogue.models import DialogueTable
from lerend_netwerk.web.params import path_id

R = TypeVar("R")


def actor_id(request: Request) -> int:
    return request.state.visitor.person.id


async def write_and_tell(request: Request, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run a dialogue write; the e-mails it decided on are written into the outbox in the same transaction and
    leave after commit (right after this response, or later when the mail server is away)."""
    state = request.app.state
    return await state.db.write(and_post(fn, state.settings, state.registry.urls), *args, **kwargs)


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
