"""Working groups for the network's staff: the list (with the meeting rhythm for who manages), one group's page,
its members, and its meetings with agenda, minutes and attendance (practices' meeting parts)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.markdown import render_markdown
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for
from lerend_netwerk.work import queries, service
from lerend_netwerk.work.forms import group_form, parse_group, parse_member


def manages(request: Request) -> bool:
    return request.app.state.registry.policy.can(request.state.role, "work.manage")


def actor(request: Request) -> int:
    return request.state.visitor.person.id


async def guarded(request: Request, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a service write; a person who is not the group's trekker (or steering) gets 403."""
    try:
        return await request.app.state.db.write(fn, *args, **kwargs)
    except service.NotYours:
        raise HTTPException(403) from None


async def check_reader(request: Request, group_id: int) -> None:
    try:
        await request.app.state.db.read(
            service.check_reader, request.state.network.id, group_id, actor(request), manages(request)
        )
    except service.NotYours:
        raise HTTPException(403) from None


async def check_manager(request: Request) -> None:
    """Only who manages groups, or the group's trekker, plans its meetings and keeps their minutes: refused
    before the form is read, so a refused person learns nothing from its messages."""
    try:
        await request.app.state.db.read(
            service.check_meeting_manager, request.state.network.id, path_id(request), actor(request), manages(request)
        )
    except service.NotYours:
        raise HTTPException(403) from None


async def _list_page(request: Request, form: Form | None = None, status: int = 200) -> Response:
    network = request.state.network
    db = request.app.state.db
    mine = None if manages(request) else actor(request)
    rows = await db.read(queries.groups, network.id, person_id=mine)
    choices = await db.read(queries.member_choices, network.id) if manages(request) else {"people": []}
    regional = await db.read(queries.regional_groups, network.id) if network.kind == "regional" else []
    context = {
        "rows": rows,
        "form": form or group_form(None),
        "regional": regional,
        "theme_options": [("", _("Geen thema"))] + [(t, t) for t in network.themes or []],
        "trekker_options": [("", _("Nog niemand"))] + choices["people"],
    }
    return render(request, "work/groups.html", context, status_code=status)


@requires("work.view")
async def group_list(request: Request) -> Response:
    return await _list_page(request)


def _parse_group(request: Request, form: Form, people: list[tuple[int, str]]) -> service.GroupData:
    return parse_group(form, list(request.state.network.themes or []), [p for p, _n in people])


@requires("work.manage")
async def group_create(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form = Form(await read_form(request))
    choices = await db.read(queries.member_choices, network.id)
    data = _parse_group(request, form, choices["people"])
    if form.ok:
        try:
            found = await db.write(service.save_group, network.id, data, actor_id=actor(request))
        except service.WorkError as exc:
            form.error(exc.field or "__all__", exc.message)
        else:
            flash(request, _("De werkgroep is gemaakt."))
            return RedirectResponse(path_for(request, "work:group", network=network.slug, id=found.id), status_code=303)
    return await _list_page(request, form, status=422)


async def _group_page(request: Request, forms: dict[str, Form] | None = None, status: int = 200) -> Response:
    network = request.state.network
    db = request.app.state.db
    group_id = path_id(request)
    await check_reader(request, group_id)
    page = await db.read(queries.group_page, network.id, group_id)
    can_meet = manages(request) or page.group.trekker_id == actor(request)
    choices = (
        await db.read(queries.member_choices, network.id) if manages(request) else {"people": [], "organisations": []}
    )
    forms = forms or {}
    context = {
        "page": page,
        "can_meet": can_meet,
        "group_form": forms.get("group") or group_form(page.group),
        "member_form": forms.get("member") or Form(),
        "meeting_form": forms.get("meeting") or Form(),
        "theme_options": [("", _("Geen thema"))] + [(t, t) for t in network.themes or []],
        "trekker_options": [("", _("Nog niemand"))] + choices["people"],
        "person_options": [("", _("Geen persoon"))] + choices["people"],
        "organisation_options": [("", _("Geen organisatie"))] + choices["organisations"],
    }
    return render(request, "work/group.html", context, status_code=status)


@requires("work.view")
async def group_detail(request: Request) -> Response:
    return await _group_page(request)


@requires("work.manage")
async def group_update(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form = Form(await read_form(request))
    choices = await db.read(queries.member_choices, network.id)
    data = _parse_group(request, form, choices["people"])
    if form.ok:
        try:
            await db.write(service.save_group, network.id, data, actor_id=actor(request), group_id=path_id(request))
        except service.WorkError as exc:
            form.error(exc.field or "__all__", exc.message)
        else:
            flash(request, _("De werkgroep is bewaard."))
            return _back(request)
    return await _group_page(request, {"group": form}, status=422)


def _back(request: Request) -> RedirectResponse:
    return RedirectResponse(
        path_for(request, "work:group", network=request.state.network.slug, id=path_id(request)), status_code=303
    )


@requires("work.manage")
async def member_add(request: Request) -> Response:
    network = request.state.network
    db = request.app.state.db
    form = Form(await read_form(request))
    choices = await db.read(queries.member_choices, network.id)
    data = parse_member(form, [p for p, _n in choices["people"]], [o for o, _n in choices["organisations"]])
    if form.ok:
        try:
            await db.write(
                service.add_member,
                network.id,
                path_id(request),
                person_id=data.person_id,
                organisation_id=data.organisation_id,
                role=data.role,
                actor_id=actor(request),
            )
        except service.WorkError as exc:
            form.error(exc.field or "__all__", exc.message)
        else:
            flash(request, _("Het lid is toegevoegd."))
            return _back(request)
    return await _group_page(request, {"member": form}, status=422)


@requires("work.manage")
async def member_remove(request: Request) -> Response:
    await request.app.state.db.write(
        service.remove_member,
        request.state.network.id,
        path_id(request),
        path_id(request, "member_id"),
        actor_id=actor(request),
    )
    flash(request, _("Het lid is uit de werkgroep gehaald."))
    return _back(request)


@requires("work.view")
async def meeting_create(request: Request) -> Response:
    network = request.state.network
    await check_manager(request)
    form = Form(await read_form(request))
    title = form.text("titel", required=True, max_length=150)
    starts = form.datetime_local("wanneer", required=True)
    place = form.text("plaats", max_length=200)
    if not form.ok or starts is None:
        return await _group_page(request, {"meeting": form}, status=422)
    meeting = await guarded(
        request,
        service.plan_meeting,
        network.id,
        path_id(request),
        title=title,
        starts_at=starts.replace(tzinfo=TIMEZONE).astimezone(UTC),
        place=place,
        actor_id=actor(request),
        manages=manages(request),
    )
    flash(request, _("De vergadering is gepland."))
    return RedirectResponse(
        path_for(request, "work:meeting", network=network.slug, id=path_id(request), meeting_id=meeting.id),
        status_code=303,
    )


async def _meeting_page(request: Request, form: Form | None = None, status: int = 200) -> Response:
    network = request.state.network
    group_id = path_id(request)
    await check_reader(request, group_id)
    context = await request.app.state.db.read(
        queries.meeting_page, network.id, group_id, path_id(request, "meeting_id")
    )
    if form is None:
        form = Form({"verslag": context["meeting"].minutes, "aanwezig": [str(i) for i in context["present"]]})
    context.update(
        form=form,
        minutes_html=render_markdown(context["meeting"].minutes),
        can_manage=manages(request) or context["group"].trekker_id == actor(request),
        agenda_url=path_for(
            request, "work:meeting_agenda", network=network.slug, id=group_id, meeting_id=context["meeting"].id
        ),
        minutes_url=path_for(
            request, "work:meeting_minutes", network=network.slug, id=group_id, meeting_id=context["meeting"].id
        ),
    )
    return render(request, "work/meeting.html", context, status_code=status)


@requires("work.view")
async def meeting_detail(request: Request) -> Response:
    return await _meeting_page(request)


def _back_to_meeting(request: Request) -> RedirectResponse:
    return RedirectResponse(
        path_for(
            request,
            "work:meeting",
            network=request.state.network.slug,
            id=path_id(request),
            meeting_id=path_id(request, "meeting_id"),
        ),
        status_code=303,
    )


async def _write_or_page(request: Request, form: Form, write: Callable[[], Awaitable[Any]]) -> Response:
    if not form.ok:
        return await _meeting_page(request, form, status=422)
    await write()
    return _back_to_meeting(request)


@requires("work.view")
async def agenda_add(request: Request) -> Response:
    network = request.state.network
    await check_manager(request)
    db = request.app.state.db
    form = Form(await read_form(request))
    title = form.text("punt", required=True, max_length=200)
    practice_ids = [pid for pid, _t in await db.read(queries.practice_queries.agenda_practices, network.id)]
    practice_id = form.id("praktijk", practice_ids) if form.value("praktijk") else None

    async def write() -> None:
        await guarded(
            request,
            service.add_agenda_item,
            network.id,
            path_id(request),
            path_id(request, "meeting_id"),
            title,
            practice_id,
            actor_id=actor(request),
            manages=manages(request),
        )
        flash(request, _("Het agendapunt is toegevoegd."))

    return await _write_or_page(request, form, write)


@requires("work.view")
async def minutes(request: Request) -> Response:
    network = request.state.network
    await check_manager(request)
    db = request.app.state.db
    form = Form(await read_form(request))
    text = form.text("verslag", max_length=20_000, multiline=True)
    people = await db.read(queries.attendee_choices, network.id, path_id(request))
    present = [int(v) for v in form.choices("aanwezig", [str(pid) for pid, _n in people])]

    async def write() -> None:
        await guarded(
            request,
            service.record_minutes,
            network.id,
            path_id(request),
            path_id(request, "meeting_id"),
            text,
            present,
            actor_id=actor(request),
            manages=manages(request),
        )
        flash(request, _("Het verslag en de aanwezigheden zijn bewaard."))

    return await _write_or_page(request, form, write)
