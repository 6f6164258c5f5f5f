"""The routes of the network's own work: working groups and their meetings (staff), the kansenplan (staff_plan),
the wijk view and figures (staff_wijken), and the public plan page (public)."""

from __future__ import annotations

from starlette.routing import Route

from lerend_netwerk.work.routes import staff

GROUP = "/n/{network}/werkgroepen/{id:int}"
MEETING = GROUP + "/vergaderingen/{meeting_id:int}"

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
]
