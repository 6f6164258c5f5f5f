"""All dialogue routes."""

from __future__ import annotations

from starlette.routing import Route

from lerend_netwerk.dialogue import routes_after as after
from lerend_netwerk.dialogue import routes_public
from lerend_netwerk.dialogue import routes_staff as staff

P = "/n/{network}/dialoogtafels"
S = P + "/sessies/{id}"
POST = ["POST"]

routes = [
    Route(P + "/nieuw", staff.new_table, name="dialogue_new_table"),
    Route(P + "/nieuw", staff.create_table, methods=POST, name="dialogue_create_table"),
    Route(P + "/bellijst", after.calls, name="dialogue_calls"),
    Route(P + "/bellijst/{id}", after.call_done, methods=POST, name="dialogue_call_done"),
    Route(P + "/vergoedingen", after.compensations, name="dialogue_compensations"),
    Route(P + "/vergoedingen.csv", after.compensations_csv, name="dialogue_compensations_csv"),
    Route(P + "/tafels/{table}/sessies", staff.new_sessions, name="dialogue_new_sessions"),
    Route(P + "/tafels/{table}/sessies", staff.create_sessions, methods=POST, name="dialogue_create_sessions"),
    *routes_public.routes,
    Route(S + "/beheer", staff.manage, name="dialogue_manage"),
    Route(S + "/aanwezigheidslijst", staff.sheet, name="dialogue_sheet"),
    Route(S + "/inchecken", staff.checkin, name="dialogue_checkin"),
    Route(S + "/inchecken/{signup}", staff.checkin_set, methods=POST, name="dialogue_checkin_set"),
    Route(S + "/vergoeding/{signup}", staff.compensation, methods=POST, name="dialogue_compensation"),
    Route(S + "/namens", staff.on_behalf, methods=POST, name="dialogue_on_behalf"),
    Route(S + "/inschrijvingen/{signup}/annuleren", staff.staff_cancel, methods=POST, name="dialogue_staff_cancel"),
    Route(S + "/wijzigen", staff.edit_session, name="dialogue_edit"),
    Route(S + "/wijzigen", staff.update_session, methods=POST, name="dialogue_update"),
    Route(S + "/annuleren", staff.cancel_session, methods=POST, name="dialogue_cancel_session"),
    Route(S + "/verslag", after.save_summary, methods=POST, name="dialogue_summary"),
    Route(S + "/punten", after.add_point, methods=POST, name="dialogue_add_point"),
    Route(S + "/punten/{point}/signaal", after.point_to_signal, methods=POST, name="dialogue_point_signal"),
]
