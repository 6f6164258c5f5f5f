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
    Route(P + "/nieuw", staff.new_table, name="dialogue:new_table"),
    Route(P + "/nieuw", staff.create_table, methods=POST, name="dialogue:create_table"),
    Route(P + "/bellijst", after.calls, name="dialogue:calls"),
    Route(P + "/bellijst/{id}", after.call_done, methods=POST, name="dialogue:call_done"),
    Route(P + "/vergoedingen", after.compensations, name="dialogue:compensations"),
    Route(P + "/vergoedingen.csv", after.compensations_csv, name="dialogue:compensations_csv"),
    Route(P + "/tafels/{table}/sessies", staff.new_sessions, name="dialogue:new_sessions"),
    Route(P + "/tafels/{table}/sessies", staff.create_sessions, methods=POST, name="dialogue:create_sessions"),
    *routes_public.routes,
    Route(S + "/beheer", staff.manage, name="dialogue:manage"),
    Route(S + "/aanwezigheidslijst", staff.sheet, name="dialogue:sheet"),
    Route(S + "/inchecken", staff.checkin, name="dialogue:checkin"),
    Route(S + "/inchecken/{signup}", staff.checkin_set, methods=POST, name="dialogue:checkin_set"),
    Route(S + "/vergoeding/{signup}", staff.compensation, methods=POST, name="dialogue:compensation"),
    Route(S + "/namens", staff.on_behalf, methods=POST, name="dialogue:on_behalf"),
    Route(S + "/inschrijvingen/{signup}/annuleren", staff.staff_cancel, methods=POST, name="dialogue:staff_cancel"),
    Route(S + "/wijzigen", staff.edit_session, name="dialogue:edit"),
    Route(S + "/wijzigen", staff.update_session, methods=POST, name="dialogue:update"),
    Route(S + "/annuleren", staff.cancel_session, methods=POST, name="dialogue:cancel_session"),
    Route(S + "/verslag", after.save_summary, methods=POST, name="dialogue:summary"),
    Route(S + "/punten", after.add_point, methods=POST, name="dialogue:add_point"),
    Route(S + "/punten/{point}/signaal", after.point_to_signal, methods=POST, name="dialogue:point_signal"),
]
