"""Learning together on a practice: comments and hiding them, "we apply this too", follow, to the signals board."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.practices import learning, service
from lerend_netwerk.practices.common import actor_id, viewer
from lerend_netwerk.practices.models import Practice
from lerend_netwerk.web.auth import login_required, requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id


def _back(request: Request, anchor: str = "") -> RedirectResponse:
    url = request.url_for("practices:detail", network=request.state.network.slug, id=path_id(request))
    return RedirectResponse(f"{url}{anchor}", status_code=303)


async def _with_practice(request: Request, fn: Callable[[Session, Practice], Any]) -> Any:
    """Run fn(db, practice) in one write transaction, with the practice only if this viewer may read it."""
    network = request.state.network
    practice_id = path_id(request)
    who = viewer(request)

    def run(db: Session) -> Any:
        practice = service.get_readable(db, network.id, practice_id, who)
        if practice is None:
            raise LookupError(practice_id)
        return fn(db, practice)

    try:
        return await request.app.state.db.write(run)
    except LookupError:
        raise HTTPException(404) from None


async def _refused(request: Request, form: Form) -> Response:
    from lerend_netwerk.practices.routes import detail_page

    return await detail_page(request, form, status=422)


@requires("practice.comment")
async def comment(request: Request) -> Response:
    form = Form(await read_form(request))
    body = form.text("reactie", required=True, max_length=3000, multiline=True)
    if not form.ok:
        return await _refused(request, form)
    await _with_practice(request, lambda db, p: learning.add_comment(db, p, body, actor_id=actor_id(request)))
    flash(request, _("Uw reactie staat bij de praktijk."))
    return _back(request, "#reacties")


@requires("practice.moderate")
async def hide_comment(request: Request) -> Response:
    form = Form(await read_form(request))
    reason = form.text("reden", required=True, max_length=300)
    comment_id = path_id(request, "comment_id")
    if not form.ok:
        flash(request, _("Geef een reden om de reactie te verbergen."), "error")
        return _back(request, "#reacties")
    await _with_practice(
        request, lambda db, p: learning.hide_comment(db, p, comment_id, reason, actor_id=actor_id(request))
    )
    flash(request, _("De reactie is verborgen. De reden staat in het logboek."))
    return _back(request, "#reacties")


@login_required
async def adopt(request: Request) -> Response:
    """Staff of any network that can read the practice say "we apply this too"; others may not."""
    if not viewer(request).staff_networks:
        raise HTTPException(403, _("Alleen partners en begeleiders kunnen zeggen dat hun gemeente dit ook doet."))
    form = Form(await read_form(request))
    network_id = form.integer("netwerk", required=True, minimum=1, maximum=2**31 - 1)
    note = form.text("notitie", max_length=500, multiline=True)
    if not form.ok:
        return await _refused(request, form)

    def run(db: Session, practice: Practice) -> str | None:
        try:
            learning.adopt(db, practice, viewer(request), network_id or 0, note)
        except learning.LearningError as exc:
            return str(exc)
        return None

    problem = await _with_practice(request, run)
    if problem:
        form.error("netwerk", _(problem))
        return await _refused(request, form)
    flash(request, _("Bedankt! Uw gemeente staat nu bij deze praktijk."))
    return _back(request, "#toegepast")


@login_required
async def follow(request: Request) -> Response:
    network = request.state.network
    person_id = actor_id(request)
    now = await _with_practice(request, lambda db, p: learning.toggle_follow(db, person_id, network.id, p.id))
    flash(
        request,
        _("U volgt deze praktijk. U krijgt nieuwe reacties per e-mail.")
        if now
        else _("U volgt deze praktijk niet meer."),
    )
    return _back(request)


@requires("practice.follow")
async def follow_network(request: Request) -> Response:
    network = request.state.network
    now = await request.app.state.db.write(learning.toggle_follow, actor_id(request), network.id, None)
    flash(
        request,
        _("U krijgt nieuwe praktijken van dit netwerk per e-mail.")
        if now
        else _("U krijgt geen e-mail meer over nieuwe praktijken."),
    )
    return RedirectResponse(request.url_for("practices:list", network=network.slug), status_code=303)


@requires("practice.to_signal")
async def to_signal(request: Request) -> Response:
    link = str(request.url_for("practices:detail", network=request.state.network.slug, id=path_id(request)).path)
    await _with_practice(request, lambda db, p: learning.to_signal(db, p, actor_id=actor_id(request), link=link))
    flash(request, _("De praktijk staat nu op het signalenbord."))
    return _back(request)


base = "/n/{network}/praktijken"
routes = [
    Route(base + "/{id:int}/reacties", comment, methods=["POST"], name="practices:comment"),
    Route(
        base + "/{id:int}/reacties/{comment_id:int}/verbergen",
        hide_comment,
        methods=["POST"],
        name="practices:hide_comment",
    ),
    Route(base + "/{id:int}/toegepast", adopt, methods=["POST"], name="practices:adopt"),
    Route(base + "/{id:int}/volgen", follow, methods=["POST"], name="practices:follow"),
    Route(base + "/volgen", follow_network, methods=["POST"], name="practices:follow_network"),
    Route(base + "/{id:int}/signaal", to_signal, methods=["POST"], name="practices:to_signal"),
]
