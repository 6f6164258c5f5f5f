"""The networks' routes: the home pages and /healthz (public), the platform administration, the audit log and
the network's e-mails (staff)."""

from starlette.routing import Route

from lerend_netwerk.networks.routes import public, staff

routes = [
    Route("/", public.home, name="networks:home"),
    Route("/healthz", public.healthz, name="networks:healthz"),
    Route("/n/{network}", public.network_home, name="networks:network"),
    Route("/beheer", staff.admin_home, name="networks:admin"),
    Route("/beheer", staff.admin_create_network, methods=["POST"], name="networks:create_network"),
    Route("/n/{network}/logboek", staff.audit_log, name="networks:audit_log"),
    Route("/n/{network}/logboek.csv", staff.audit_csv, name="networks:audit_csv"),
    Route("/n/{network}/berichten", staff.outbox, name="networks:outbox"),
    Route("/n/{network}/talen", staff.languages, name="networks:languages"),
    Route("/n/{network}/talen", staff.save_languages, methods=["POST"], name="networks:save_languages"),
]
