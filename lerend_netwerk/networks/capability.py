"""Networks, memberships and roles: the home pages, the members page, network administration and the audit log."""

from lerend_netwerk.capability import Capability
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks import admin, auditlog, privacy
from lerend_netwerk.networks import routes as network_routes
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.networks.policy import ALL_ROLES

capability = Capability(
    name="networks",
    routes=(*network_routes.routes, *admin.routes, *auditlog.routes),
    actions={
        "network.view_internal": ALL_ROLES,
        "network.manage": frozenset(),
        "members.manage": frozenset(),
        "audit.view": frozenset(),
    },
    nav=(
        NavItem(lazy_gettext("Leden"), "accounts:members", "members.manage", order=90),
        NavItem(lazy_gettext("Logboek"), "networks:audit_log", "audit.view", order=95),
    ),
    retention=privacy.RETENTION,
)
