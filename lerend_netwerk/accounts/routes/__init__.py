"""The accounts' routes: logging in and out and "my page" (public), a person's own data and the privacy notice
(my_data), and the people and access of a network (staff)."""

from starlette.routing import Route

from lerend_netwerk.accounts.routes import my_data, public, staff

routes = [
    # logging in and out
    Route("/inloggen", public.login, name="accounts:login"),
    Route("/inloggen/email", public.request_link, methods=["POST"], name="accounts:request_link"),
    Route("/inloggen/link/{token}", public.link_confirm, name="accounts:link_confirm"),
    Route("/inloggen/link/{token}", public.link_use, methods=["POST"], name="accounts:link_use"),
    Route("/inloggen/code", public.code_login, methods=["POST"], name="accounts:code_login"),
    Route("/inloggen/oidc", public.oidc_start, name="accounts:oidc_start"),
    Route("/inloggen/oidc/terug", public.oidc_callback, name="accounts:oidc_callback"),
    Route("/uitloggen", public.logout, methods=["POST"], name="accounts:logout"),
    Route("/sessie/verlengen", public.keep_alive, methods=["POST"], name="accounts:keep_alive"),
    Route("/taal", public.set_language, methods=["POST"], name="accounts:set_language"),
    Route("/mijn", public.my_page, name="accounts:my_page"),
    # a person's own data, and the privacy notice
    Route("/mijn/gegevens", my_data.my_data, name="accounts:my_data"),
    Route("/mijn/gegevens", my_data.correct, methods=["POST"], name="accounts:my_data_correct"),
    Route("/mijn/gegevens.json", my_data.my_data_json, name="accounts:my_data_json"),
    Route("/mijn/gegevens/wissen", my_data.erase, methods=["POST"], name="accounts:my_data_erase"),
    Route("/mijn/gegevens/opvragen", my_data.data_request, name="accounts:data_request"),
    Route("/mijn/gegevens/opvragen", my_data.data_request_send, methods=["POST"], name="accounts:data_request_send"),
    Route("/mijn/gegevens/link/{token}", my_data.data_link, name="accounts:data_link"),
    Route("/mijn/gegevens/link/{token}/download", my_data.data_link_json, name="accounts:data_link_json"),
    Route(
        "/mijn/gegevens/link/{token}/wissen", my_data.data_link_erase, methods=["POST"], name="accounts:data_link_erase"
    ),
    Route("/privacy", my_data.privacy, name="accounts:privacy"),
    # the people and access of a network
    Route("/n/{network}/leden", staff.members, name="accounts:members"),
    Route("/n/{network}/leden", staff.invite, methods=["POST"], name="accounts:invite"),
    Route("/n/{network}/leden/{id}/rol", staff.change_role, methods=["POST"], name="accounts:change_role"),
    Route("/n/{network}/leden/{id}/verwijderen", staff.remove_member, methods=["POST"], name="accounts:remove_member"),
    Route("/n/{network}/codes", staff.codes, name="accounts:codes"),
    Route("/n/{network}/codes", staff.new_code, methods=["POST"], name="accounts:new_code"),
    Route("/n/{network}/codes/{id}/intrekken", staff.revoke_code, methods=["POST"], name="accounts:revoke_code"),
    Route("/n/{network}/gegevens/{id}", staff.person_data, name="accounts:person_data"),
    Route(
        "/n/{network}/gegevens/{id}", staff.person_data_correct, methods=["POST"], name="accounts:person_data_correct"
    ),
    Route("/n/{network}/gegevens/{id}/download", staff.person_data_json, name="accounts:person_data_json"),
    Route(
        "/n/{network}/gegevens/{id}/wissen",
        staff.person_data_erase,
        methods=["POST"],
        name="accounts:person_data_erase",
    ),
]
