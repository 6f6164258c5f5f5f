"""The routes of the practices capability: practices and learning together on them, the threshold types, and the
network meetings."""

from __future__ import annotations

from starlette.routing import Route

from lerend_netwerk.practices.routes import public, staff, staff_meetings

routes = [
    Route("/n/{network}/praktijken", public.practice_list, name="practices:list"),
    Route("/n/{network}/praktijken/nieuw", staff.new, name="practices:new"),
    Route("/n/{network}/praktijken/nieuw", staff.create, methods=["POST"], name="practices:create"),
    Route("/n/{network}/praktijken/{id:int}", public.detail, name="practices:detail"),
    Route("/n/{network}/praktijken/{id:int}/bewerken", staff.edit, name="practices:edit"),
    Route("/n/{network}/praktijken/{id:int}/bewerken", staff.update, methods=["POST"], name="practices:update"),
    Route("/n/{network}/praktijken/{id:int}/versies", staff.versions, name="practices:versions"),
    Route("/n/{network}/praktijken/{id:int}/bestanden/{file_id:int}", public.file, name="practices:file"),
    Route("/n/{network}/praktijken/{id:int}/bestanden/{file_id:int}/klein", public.thumb, name="practices:thumb"),
    Route(
        "/n/{network}/praktijken/{id:int}/bestanden/{file_id:int}/verwijderen",
        staff.delete_file,
        methods=["POST"],
        name="practices:file_delete",
    ),
    Route("/n/{network}/praktijken/{id:int}/reacties", staff.comment, methods=["POST"], name="practices:comment"),
    Route(
        "/n/{network}/praktijken/{id:int}/reacties/{comment_id:int}/verbergen",
        staff.hide_comment,
        methods=["POST"],
        name="practices:hide_comment",
    ),
    Route("/n/{network}/praktijken/{id:int}/toegepast", staff.adopt, methods=["POST"], name="practices:adopt"),
    Route("/n/{network}/praktijken/{id:int}/volgen", public.follow, methods=["POST"], name="practices:follow"),
    Route("/n/{network}/praktijken/volgen", staff.follow_network, methods=["POST"], name="practices:follow_network"),
    Route("/n/{network}/praktijken/{id:int}/signaal", staff.to_signal, methods=["POST"], name="practices:to_signal"),
    Route("/n/{network}/netwerkmomenten", staff_meetings.meeting_list, name="practices:meetings"),
    Route(
        "/n/{network}/netwerkmomenten", staff_meetings.meeting_create, methods=["POST"], name="practices:meeting_create"
    ),
    Route("/n/{network}/netwerkmomenten/{meeting_id:int}", staff_meetings.meeting_detail, name="practices:meeting"),
    Route(
        "/n/{network}/netwerkmomenten/{meeting_id:int}/agenda",
        staff_meetings.agenda_add,
        methods=["POST"],
        name="practices:meeting_agenda",
    ),
    Route(
        "/n/{network}/netwerkmomenten/{meeting_id:int}/verslag",
        staff_meetings.minutes,
        methods=["POST"],
        name="practices:meeting_minutes",
    ),
    Route("/n/{network}/drempels", staff.thresholds, name="practices:thresholds"),
    Route("/n/{network}/drempels", staff.threshold_add, methods=["POST"], name="practices:threshold_add"),
    Route(
        "/n/{network}/drempels/{type_id:int}",
        staff.threshold_update,
        methods=["POST"],
        name="practices:threshold_update",
    ),
]
