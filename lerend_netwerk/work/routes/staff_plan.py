"""The kansenplan for the network's staff: the plan by objective, one action, its progress and milestones, a
decided signal that starts or joins an action, and the plan's CSV and printable version."""

from __future__ import annotations

from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks import queries as network_queries
from lerend_netwerk.web.auth import requires
from lerend_netwerk.web.export import csv_response
from lerend_netwerk.web.flash import flash
from lerend_netwerk.web.formats import format_date
from lerend_netwerk.web.forms import Form, read_form
from lerend_netwerk.web.params import path_id
from lerend_netwerk.web.templating import render
from lerend_netwerk.web.urls import path_for
from lerend_netwerk.work import plan_html, plan_queries, queries, service_plan
from lerend_netwerk.work.forms import parse_action, parse_progress
from lerend_netwerk.work.models import ACTION_STATUS_LABELS, ActionStatus
from lerend_netwerk.work.routes.staff import actor, guarded, manages
from lerend_netwerk.work.service import NotYours, WorkError

CSV_HEADER = [
    "doelstelling",
    "actie",
    "trekker",
    "partners",
    "werkgroep",
    "wijk",
    "deadline",
    "status",
    "voortgang",
    "mijlpalen",
    "signalen",
]


async def _options(request: Request) -> dict[str, list]:
    network = request.state.network
    db = request.app.state.db
    people = await db.read(network_queries.people, network.id, staff_only=True)
    organisations = await db.read(network_queries.organisations, network.id)
    plan_choices = await db.read(plan_queries.choices, network.id)
    practices = await db.read(queries.practice_queries.agenda_practices, network.id)
    return {
        "people": [(p.id, p.name) for p in people],
        "organisations": [(o.id, o.name) for o in organisations],
        "groups": plan_choices["groups"],
        "objectives": plan_choices["objectives"],
        "practices": practices,
    }


def _context(request: Request, options: dict[str, list]) -> dict[str, object]:
    network = request.state.network
    return {
        "action_labels": ACTION_STATUS_LABELS,
        "progress": plan_html.progress_line,
        "status_options": [(s.value, ACTION_STATUS_LABELS[s]) for s in ActionStatus],
        "trekker_options": [("", _("Nog niemand"))] + options["people"],
        "partner_options": [(str(i), n) for i, n in options["organisations"]],
        "group_options": [("", _("Geen werkgroep"))] + options["groups"],
        "objective_options": options["objectives"],
        "practice_options": [(str(i), t) for i, t in options["practices"]],
        "wijk_options": [("", _("Heel de gemeente"))] + [(w, w) for w in network.neighbourhoods or []],
    }


async def _plan_page(request: Request, forms: dict[str, Form] | None = None, status: int = 200) -> Response:
    network = request.state.network
    rows = await request.app.state.db.read(plan_queries.plan, network)
    options = (
        await _options(request)
        if manages(request)
        else {k: [] for k in ("people", "organisations", "groups", "objectives", "practices")}
    )
    forms = forms or {}
    context = _context(request, options) | {
        "rows": rows,
        "objective_form": forms.get("objective") or Form(),
        "action_form": forms.get("action") or Form({"status": ActionStatus.PLANNED.value, "voortgang": "0"}),
        "fresh_action_form": Form({"status": ActionStatus.PLANNED.value, "voortgang": "0"}),
        "failed_objective": forms.get("objective_id"),
        "regional": network.kind == "regional",
    }
    return render(request, "work/plan.html", context, status_code=status)


@requires("work.view")
async def plan(request: Request) -> Response:
    return await _plan_page(request)


@requires("work.manage")
async def objective_create(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    title = form.text("titel", required=True, max_length=200)
    description = form.text("uitleg", max_length=4000, multiline=True)
    shared = form.boolean("regio")
    if not form.ok:
        return await _plan_page(request, {"objective": form}, status=422)
    await request.app.state.db.write(
        service_plan.save_objective,
        network.id,
        title=title,
        description=description,
        shared=shared,
        actor_id=actor(request),
    )
    flash(request, _("De doelstelling staat in het plan."))
    return RedirectResponse(path_for(request, "work:plan", network=network.slug), status_code=303)


def _parse(form: Form, options: dict[str, list], request: Request):  # noqa: ANN202
    return parse_action(
        form,
        people=[i for i, _n in options["people"]],
        organisations=[i for i, _n in options["organisations"]],
        groups=[i for i, _n in options["groups"]],
        wijken=list(request.state.network.neighbourhoods or []),
    )


@requires("work.manage")
async def action_create(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    options = await _options(request)
    data = _parse(form, options, request)
    objective_id = path_id(request)
    if form.ok:
        try:
            found = await request.app.state.db.write(
                service_plan.save_action, network.id, objective_id, data, actor_id=actor(request)
            )
        except WorkError as exc:
            form.error(exc.field or "__all__", exc.message)
        else:
            flash(request, _("De actie staat in het plan."))
            return RedirectResponse(
                path_for(request, "work:action", network=network.slug, id=found.id), status_code=303
            )
    await request.app.state.db.read(plan_queries.objective, network.id, objective_id)
    return await _plan_page(request, {"action": form, "objective_id": objective_id}, status=422)


def _action_form(page: plan_queries.ActionPage, practice_ids: list[int]) -> Form:
    a = page.row.action
    return Form(
        {
            "titel": a.title,
            "beschrijving": a.description,
            "interne_nota": a.internal_note,
            "trekker": str(a.trekker_id or ""),
            "partners": [str(i) for i in a.partner_ids],
            "werkgroep": str(a.group_id or ""),
            "wijk": a.wijk,
            "deadline": a.due_on.isoformat() if a.due_on else "",
            "status": a.status.value,
            "voortgang": str(a.progress),
            "doelstelling": str(a.objective_id),
            "praktijken": [str(i) for i in practice_ids],
        }
    )


async def _action_page(request: Request, forms: dict[str, Form] | None = None, status: int = 200) -> Response:
    network = request.state.network
    db = request.app.state.db
    page = await db.read(plan_queries.action_page, network.id, path_id(request))
    options = (
        await _options(request)
        if manages(request)
        else {k: [] for k in ("people", "organisations", "groups", "objectives", "practices")}
    )
    linked = await db.read(plan_queries.linked_practice_ids, page.row.action.id)
    a = page.row.action
    forms = forms or {}
    context = _context(request, options) | {
        "page": page,
        "can_move": manages(request) or a.trekker_id == actor(request),
        "milestone_options": [(str(m.id), f"{format_date(m.due_on)} {m.title}") for m in page.row.milestones],
        "edit_form": forms.get("edit") or _action_form(page, linked),
        "progress_form": forms.get("progress")
        or Form(
            {
                "status": a.status.value,
                "voortgang": str(a.progress),
                "mijlpalen": [str(m.id) for m in page.row.milestones if m.done],
            }
        ),
        "milestone_form": forms.get("milestone") or Form(),
    }
    return render(request, "work/action.html", context, status_code=status)


@requires("work.view")
async def action_detail(request: Request) -> Response:
    return await _action_page(request)


@requires("work.manage")
async def action_update(request: Request) -> Response:
    network = request.state.network
    form = Form(await read_form(request))
    options = await _options(request)
    data = _parse(form, options, request)
    objective_id = form.id("doelstelling", [i for i, _t in options["objectives"]], required=True)
    practice_ids = [int(v) for v in form.choices("praktijken", [str(i) for i, _t in options["practices"]])]
    if form.ok and objective_id is not None:
        try:
            await request.app.state.db.write(
                service_plan.save_action,
                network.id,
                objective_id,
                data,
                actor_id=actor(request),
                action_id=path_id(request),
                practice_ids=practice_ids,
            )
        except WorkError as exc:
            form.error(exc.field or "__all__", exc.message)
        else:
            flash(request, _("De actie is bewaard."))
            return _back(request)
    return await _action_page(request, {"edit": form}, status=422)


def _back(request: Request) -> RedirectResponse:
    return RedirectResponse(
        path_for(request, "work:action", network=request.state.network.slug, id=path_id(request)), status_code=303
    )


async def _check_mover(request: Request) -> None:
    try:
        await request.app.state.db.read(
            service_plan.check_mover, request.state.network.id, path_id(request), actor(request), manages(request)
        )
    except NotYours:
        raise HTTPException(403) from None


@requires("work.view")
async def action_progress(request: Request) -> Response:
    network = request.state.network
    await _check_mover(request)
    page = await request.app.state.db.read(plan_queries.action_page, network.id, path_id(request))
    form = Form(await read_form(request))
    data = parse_progress(form, [m.id for m in page.row.milestones])
    if not form.ok:
        return await _action_page(request, {"progress": form}, status=422)
    await guarded(
        request,
        service_plan.move_progress,
        network.id,
        path_id(request),
        data,
        actor_id=actor(request),
        manages=manages(request),
    )
    flash(request, _("De voortgang is bewaard."))
    return _back(request)


@requires("work.view")
async def milestone_add(request: Request) -> Response:
    network = request.state.network
    await _check_mover(request)
    form = Form(await read_form(request))
    title = form.text("mijlpaal", required=True, max_length=200)
    due_on = form.date("datum", required=True)
    if not form.ok or due_on is None:
        return await _action_page(request, {"milestone": form}, status=422)
    await guarded(
        request,
        service_plan.add_milestone,
        network.id,
        path_id(request),
        due_on=due_on,
        title=title,
        actor_id=actor(request),
        manages=manages(request),
    )
    flash(request, _("De mijlpaal is toegevoegd."))
    return _back(request)


@requires("work.manage")
async def from_signal(request: Request) -> Response:
    """One step from a decided signal's page: join an action, or start one under an objective."""
    network = request.state.network
    db = request.app.state.db
    signal_id = path_id(request)
    panel = await db.read(plan_queries.signal_panel, network.id, signal_id)
    if panel is None:
        raise HTTPException(404)
    form = Form(await read_form(request))
    if not panel["plan_decided"]:
        flash(request, service_plan.not_decided(), "error")
        return RedirectResponse(
            path_for(request, "signals:detail", network=network.slug, id=signal_id), status_code=303
        )
    join_ids = [i for i, _t in panel.get("plan_join_options", [])]  # type: ignore[union-attr]
    objective_ids = [i for i, _t in panel.get("plan_objective_options", [])]  # type: ignore[union-attr]
    action_id = form.id("actie", join_ids)
    objective_id = form.id("doelstelling", objective_ids)
    title = form.text("titel", max_length=200)
    back = path_for(request, "signals:detail", network=network.slug, id=signal_id)
    if form.ok:
        try:
            found = await db.write(
                service_plan.from_signal,
                network.id,
                signal_id,
                action_id=action_id,
                objective_id=None if action_id else objective_id,
                title=title,
                actor_id=actor(request),
            )
        except WorkError as exc:
            form.error(exc.field or "actie", exc.message)
        else:
            flash(request, _("Het signaal hoort nu bij de actie “{title}”.").format(title=found.title))
            return RedirectResponse(back, status_code=303)
    flash(request, next(iter(form.errors.values())), "error")
    return RedirectResponse(back + "#kansenplan", status_code=303)


@requires("work.manage")
async def plan_csv(request: Request) -> Response:
    rows = await request.app.state.db.read(plan_queries.csv_rows, request.state.network)
    return csv_response(CSV_HEADER, rows, f"kansenplan-{request.state.network.slug}-{date.today().isoformat()}.csv")


@requires("work.manage")
async def plan_print(request: Request) -> Response:
    rows = await request.app.state.db.read(plan_queries.plan, request.state.network)
    return render(
        request, "work/plan_print.html", {"rows": rows, "action_labels": ACTION_STATUS_LABELS, "today": date.today()}
    )
