"""Network meetings (netwerkmomenten) for the network's staff: the list, one meeting with its agenda and minutes,
and a facilitator's planning, agenda points, minutes and attendance."""

from __future__ import annotations

from datetime import UTC

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.meetings import queries as meeting_queries
from lerend_netwerk.meetings import service as service_meetings
from lerend_netwerk.practices import queries
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.markdown import render_markdown
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render


async def _list_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    upcoming, past = await request.app.state.db.read(meeting_queries.meetings, request.state.network.id)
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
        service_meetings.create,
        network.id,
        title=title,
        starts_at=starts.replace(tzinfo=TIMEZONE).astimezone(UTC),
        place=place,
        actor_id=request.state.visitor.person.id,
    )
    flash(request, _("Het netwerkmoment is gepland."))
    return RedirectResponse(
        request.url_for("practices:meeting", network=network.slug, meeting_id=meeting.id), status_code=303
    )


async def _detail_page(request: Request, form: Form | None = None, *, status: int = 200) -> Response:
    context = await request.app.state.db.read(
        queries.meeting_page, request.state.network.id, path_id(request, "meeting_id")
    )
    if form is None:
        form = Form({"verslag": context["meeting"].minutes, "aanwezig": [str(i) for i in context["present"]]})
    context.update(form=form, minutes_html=render_markdown(context["meeting"].minutes))
    return render(request, "practices/meeting.html", context, status_code=status)


@requires("meeting.view")
async def meeting_detail(request: Request) -> Response:
    return await _detail_page(request)


def _back(request: Request) -> RedirectResponse:
    return RedirectResponse(
        request.url_for(
            "practices:meeting", network=request.state.network.slug, meeting_id=path_id(request, "meeting_id")
        ),
        status_code=303,
    )


@requires("meeting.manage")
async def agenda_add(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    title = form.text("punt", required=True, max_length=200)
    chosen = form.value("praktijk")
    candidate = int(chosen) if isinstance(chosen, str) and chosen.isdigit() and len(chosen) < 10 else 0
    practice_ids = [
        pid for pid, _t in await request.app.state.db.read(queries.agenda_practices, network.id, practice_id=candidate)
    ]
    practice_id = form.id("praktijk", practice_ids) if chosen else None
    if not form.ok:
        return await _detail_page(request, form, status=422)
    await request.app.state.db.write(
        service_meetings.add_agenda_item, network.id, path_id(request, "meeting_id"), title, practice_id
    )
    flash(request, _("Het agendapunt is toegevoegd."))
    return _back(request)


@requires("meeting.manage")
async def minutes(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    text = form.text("verslag", max_length=20_000, multiline=True)
    people = await request.app.state.db.read(queries.attendee_choices, network.id)
    present = [int(v) for v in form.choices("aanwezig", [str(pid) for pid, _n in people])]
    if not form.ok:
        return await _detail_page(request, form, status=422)
    await request.app.state.db.write(
        service_meetings.record_minutes,
        network.id,
        path_id(request, "meeting_id"),
        text,
        present,
        actor_id=request.state.visitor.person.id,
    )
    flash(request, _("Het verslag en de aanwezigheden zijn bewaard."))
    return _back(request)
