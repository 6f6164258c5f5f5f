"""Network meetings (netwerkmomenten) and the coordinator's page for threshold types."""

from __future__ import annotations

from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.practices import meetings, thresholds_admin
from lerend_netwerk.practices.common import actor_id
from lerend_netwerk.practices.markup import render_markdown
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render

BRUSSELS = ZoneInfo("Europe/Brussels")


async def _list_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    upcoming, past = await request.app.state.db.read(meetings.upcoming_and_past, request.state.network.id)
    return render(
        request,
        "practices/meetings.html",
        {"upcoming": upcoming, "past": past, "form": form or Form()},
        status_code=status,
    )


@requires("meeting.view")
async def meeting_list(request: Request) -> Response:
    return await _list_page(request)


@requires("meeting.manage")
async def meeting_create(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    title = form.text("titel", required=True, max_length=150)
    starts = form.datetime_local("wanneer", required=True)
    place = form.text("plaats", max_length=200)
    if not form.ok or starts is None:
        return await _list_page(request, form, status=422)
    meeting = await request.app.state.db.write(
        meetings.create,
        network.id,
        title=title,
        starts_at=starts.replace(tzinfo=BRUSSELS).astimezone(UTC),
        place=place,
        actor_id=actor_id(request),
    )
    flash(request, _("Het netwerkmoment is gepland."))
    return RedirectResponse(
        request.url_for("practices:meeting", network=network.slug, meeting_id=meeting.id), status_code=303
    )


async def _detail_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    network = request.state.network
    meeting_id = path_id(request, "meeting_id")

    def load(db: Session) -> dict[str, Any] | None:
        meeting = meetings.get(db, network.id, meeting_id)
        if meeting is None:
            return None
        return {
            "meeting": meeting,
            "agenda": meetings.agenda(db, meeting.id),
            "practices": meetings.network_practices(db, network.id),
            "members": meetings.members(db, network.id),
            "present": meetings.present(db, meeting.id),
        }

    context = await request.app.state.db.read(load)
    if context is None:
        raise HTTPException(404)
    if form is None:
        form = Form({"verslag": context["meeting"].minutes, "aanwezig": [str(i) for i in context["present"]]})
    context.update(form=form, minutes_html=render_markdown(context["meeting"].minutes))
    return render(request, "practices/meeting.html", context, status_code=status)


@requires("meeting.view")
async def meeting_detail(request: Request) -> Response:
    return await _detail_page(request)


async def _write_meeting(request: Request, fn: Any) -> None:
    network = request.state.network
    meeting_id = path_id(request, "meeting_id")

    def run(db: Session) -> bool:
        meeting = meetings.get(db, network.id, meeting_id)
        if meeting is None:
            return False
        fn(db, meeting)
        return True

    if not await request.app.state.db.write(run):
        raise HTTPException(404)


@requires("meeting.manage")
async def agenda_add(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    title = form.text("punt", required=True, max_length=200)
    chosen = form.value("praktijk")
    candidate = int(chosen) if isinstance(chosen, str) and chosen.isdigit() and len(chosen) < 10 else 0
    practice_ids = [
        pid
        for pid, _t in await request.app.state.db.read(meetings.network_practices, network.id, practice_id=candidate)
    ]
    practice_id = form.id("praktijk", practice_ids) if chosen else None
    if not form.ok:
        return await _detail_page(request, form, status=422)
    await _write_meeting(request, lambda db, m: meetings.add_agenda_item(db, m, title, practice_id))
    flash(request, _("Het agendapunt is toegevoegd."))
    return RedirectResponse(
        request.url_for("practices:meeting", network=network.slug, meeting_id=path_id(request, "meeting_id")),
        status_code=303,
    )


@requires("meeting.manage")
async def minutes(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    text = form.text("verslag", max_length=20_000, multiline=True)
    member_ids = [pid for pid, _n in await request.app.state.db.read(meetings.members, network.id)]
    present = [int(v) for v in form.choices("aanwezig", [str(i) for i in member_ids])]
    if not form.ok:
        return await _detail_page(request, form, status=422)
    await _write_meeting(
        request, lambda db, m: meetings.record_minutes(db, m, text, present, actor_id=actor_id(request))
    )
    flash(request, _("Het verslag en de aanwezigheden zijn bewaard."))
    return RedirectResponse(
        request.url_for("practices:meeting", network=network.slug, meeting_id=path_id(request, "meeting_id")),
        status_code=303,
    )


# -- threshold types (coordinator) -----------------------------------------------------------------------


async def _thresholds_page(
    request: Request, form: Form | None = None, *, status: int = 200, failed_id: int | None = None
) -> Response:
    types = await request.app.state.db.read(thresholds_admin.all_types, request.state.network.id)
    return render(
        request,
        "practices/thresholds.html",
        {"types": types, "form": form or Form(), "failed_id": failed_id},
        status_code=status,
    )


@requires("practice.thresholds")
async def thresholds(request: Request) -> Response:
    return await _thresholds_page(request)


@requires("practice.thresholds")
async def threshold_add(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    label = form.text("nieuw_naam", required=True, max_length=80)
    explanation = form.text("nieuw_uitleg", max_length=300)
    if form.ok:
        added = await request.app.state.db.write(
            thresholds_admin.add, network.id, label, explanation, actor_id=actor_id(request)
        )
        if added is None:
            form.error("nieuw_naam", _("Deze drempel bestaat al in uw netwerk."))
    if not form.ok:
        return await _thresholds_page(request, form, status=422)
    flash(request, _("De drempel is toegevoegd."))
    return RedirectResponse(request.url_for("practices:thresholds", network=network.slug), status_code=303)


@requires("practice.thresholds")
async def threshold_update(request: Request) -> Response:
    network = request.state.network
    type_id = path_id(request, "type_id")
    form = Form(await read_form(request))
    action = form.choice("actie", ["hernoemen", "intrekken", "terugzetten"], required=True)
    db = request.app.state.db
    try:
        if action == "hernoemen":
            label = form.text("naam", required=True, max_length=80)
            explanation = form.text("uitleg", max_length=300)
            if not form.ok:
                return await _thresholds_page(request, form, status=422, failed_id=type_id)
            await db.write(thresholds_admin.rename, network.id, type_id, label, explanation, actor_id=actor_id(request))
        elif action in ("intrekken", "terugzetten"):
            await db.write(
                thresholds_admin.retire,
                network.id,
                type_id,
                actor_id=actor_id(request),
                restore=action == "terugzetten",
            )
        else:
            return await _thresholds_page(request, form, status=422)
    except LookupError:
        raise HTTPException(404) from None
    flash(request, _("De drempel is aangepast."))
    return RedirectResponse(request.url_for("practices:thresholds", network=network.slug), status_code=303)


routes = [
    Route("/n/{network}/netwerkmomenten", meeting_list, name="practices:meetings"),
    Route("/n/{network}/netwerkmomenten", meeting_create, methods=["POST"], name="practices:meeting_create"),
    Route("/n/{network}/netwerkmomenten/{meeting_id:int}", meeting_detail, name="practices:meeting"),
    Route(
        "/n/{network}/netwerkmomenten/{meeting_id:int}/agenda",
        agenda_add,
        methods=["POST"],
        name="practices:meeting_agenda",
    ),
    Route(
        "/n/{network}/netwerkmomenten/{meeting_id:int}/verslag",
        minutes,
        methods=["POST"],
        name="practices:meeting_minutes",
    ),
    Route("/n/{network}/drempels", thresholds, name="practices:thresholds"),
    Route("/n/{network}/drempels", threshold_add, methods=["POST"], name="practices:threshold_add"),
    Route("/n/{network}/drempels/{type_id:int}", threshold_update, methods=["POST"], name="practices:threshold_update"),
]
