"""The routes of the network's own work: working groups and their meetings (staff), the kansenplan (staff_plan),
the wijk view and figures (staff_wijken), and the public plan page (public)."""

from __future__ import annotations

from starlette.routing import Route

from lerend_netwerk.work.routes import public, staff, staff_plan, staff_wijken

GROUP = "/n/{network}/werkgroepen/{id:int}"
MEETING = GROUP + "/vergaderingen/{meeting_id:int}"
ACTION = "/n/{network}/kansenplan/acties/{id:int}"

routes = [
    Route("/n/{network}/werkgroepen", staff.group_list, name="work:groups"),
    Route("/n/{network}/werkgroepen", staff.group_create, methods=["POST"], name="work:group_create"),
    Route(GROUP, staff.group_detail, name="work:group"),
    Route(GROUP, staff.group_update, methods=["POST"], name="work:group_update"),
    Route(GROUP + "/leden", staff.member_add, methods=["POST"], name="work:member_add"),
    Route(
        GROUP + "/leden/{member_id:int}/verwijderen", staff.member_remove, methods=["POST"], name="work:member_remove"
    ),
    Route(GROUP + "/vergaderingen", staff.meeting_create, methods=["POST"], name="work:meeting_create"),
    Route(MEETING, staff.meeting_detail, name="work:meeting"),
    Route(MEETING + "/agenda", staff.agenda_add, methods=["POST"], name="work:meeting_agenda"),
    Route(MEETING + "/verslag", staff.minutes, methods=["POST"], name="work:meeting_minutes"),
    Route("/n/{network}/kansenplan", staff_plan.plan, name="work:plan"),
    Route("/n/{network}/kansenplan", staff_plan.objective_create, methods=["POST"], name="work:objective_create"),
    Route("/n/{network}/kansenplan.csv", staff_plan.plan_csv, name="work:plan_csv"),
    Route("/n/{network}/kansenplan/afdruk", staff_plan.plan_print, name="work:plan_print"),
    Route(
        "/n/{network}/kansenplan/doelstellingen/{id:int}/acties",
        staff_plan.action_create,
        methods=["POST"],
        name="work:action_create",
    ),
    Route(ACTION, staff_plan.action_detail, name="work:action"),
    Route(ACTION, staff_plan.action_update, methods=["POST"], name="work:action_update"),
    Route(ACTION + "/voortgang", staff_plan.action_progress, methods=["POST"], name="work:action_progress"),
    Route(ACTION + "/mijlpalen", staff_plan.milestone_add, methods=["POST"], name="work:milestone_add"),
    Route(
        "/n/{network}/kansenplan/uit-signaal/{id:int}",
        staff_plan.from_signal,
        methods=["POST"],
        name="work:from_signal",
    ),
    Route("/n/{network}/wat-we-beloofden", public.public_plan, name="work:public_plan"),
    Route("/n/{network}/wijken", staff_wijken.comparison, name="work:wijken"),
    Route("/n/{network}/wijken/{nr:int}", staff_wijken.wijk, name="work:wijk"),
    Route("/n/{network}/wijkcijfers", staff_wijken.figures, name="work:figures"),
    Route("/n/{network}/wijkcijfers", staff_wijken.figure_save, methods=["POST"], name="work:figure_save"),
    Route("/n/{network}/wijkcijfers/import", staff_wijken.figure_import, methods=["POST"], name="work:figure_import"),
]
