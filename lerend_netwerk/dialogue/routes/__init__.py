"""Every dialogue route: what visitors and participants use (`public`), and what needs a staff role (`staff`:
tables, planning, the call list, finance; `staff_session`: the work on one session)."""

from __future__ import annotations

from starlette.routing import Route

from lerend_netwerk.dialogue.routes import public, staff, staff_session

P = "/n/{network}/dialoogtafels"
S = P + "/sessies/{id}"
POST = ["POST"]

routes = [
    Route(P + "/nieuw", staff.new_table, name="dialogue:new_table"),
    Route(P + "/nieuw", staff.create_table, methods=POST, name="dialogue:create_table"),
    Route(P + "/bellijst", staff.calls, name="dialogue:calls"),
    Route(P + "/bellijst/{id}", staff.call_done, methods=POST, name="dialogue:call_done"),
    Route(P + "/vergoedingen", staff.compensations, name="dialogue:compensations"),
    Route(P + "/vergoedingen.csv", staff.compensations_csv, name="dialogue:compensations_csv"),
    Route(P + "/tafels/{table}/sessies", staff.new_sessions, name="dialogue:new_sessions"),
    Route(P + "/tafels/{table}/sessies", staff.create_sessions, methods=POST, name="dialogue:create_sessions"),
    Route(P, public.tables, name="dialogue:list"),
    Route(P + "/tafels/{table}", public.table, name="dialogue:table"),
    Route(S, public.session, name="dialogue:session"),
    Route(S + "/inschrijven", public.sign_up, methods=POST, name="dialogue:signup"),
    Route(P + "/link/{token}", public.link, name="dialogue:link"),
    Route(P + "/link/{token}/annuleren/{signup}", public.link_cancel_confirm, name="dialogue:link_cancel_confirm"),
    Route(P + "/link/{token}/annuleren/{signup}", public.link_cancel, methods=POST, name="dialogue:link_cancel"),
    Route(S + "/beheer", staff_session.manage, name="dialogue:manage"),
    Route(S + "/aanwezigheidslijst", staff_session.sheet, name="dialogue:sheet"),
    Route(S + "/inchecken", staff_session.checkin, name="dialogue:checkin"),
    Route(S + "/inchecken/{signup}", staff_session.checkin_set, methods=POST, name="dialogue:checkin_set"),
    Route(S + "/vergoeding/{signup}", staff_session.compensation, methods=POST, name="dialogue:compensation"),
    Route(S + "/namens", staff_session.on_behalf, methods=POST, name="dialogue:on_behalf"),
    Route(
        S + "/inschrijvingen/{signup}/annuleren",
        staff_session.staff_cancel,
        methods=POST,
        name="dialogue:staff_cancel",
    ),
    Route(S + "/wijzigen", staff.edit_session, name="dialogue:edit"),
    Route(S + "/wijzigen", staff.update_session, methods=POST, name="dialogue:update"),
    Route(S + "/annuleren", staff.cancel_session, methods=POST, name="dialogue:cancel_session"),
    Route(S + "/verslag", staff_session.save_summary, methods=POST, name="dialogue:summary"),
    Route(S + "/punten", staff_session.add_point, methods=POST, name="dialogue:add_point"),
    Route(S + "/punten/{point}/signaal", staff_session.point_to_signal, methods=POST, name="dialogue:point_signal"),
]
