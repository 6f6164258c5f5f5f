"""Networks, memberships and roles: the home pages, network administration and the audit log. The policy
(`policy.py`) and the menu (`nav.py`) that every capability declares into live here too."""

from lerend_netwerk.capability import Capability
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks import privacy
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.networks.policy import ALL_ROLES
from lerend_netwerk.networks.routes import routes

capability = Capability(
    name="networks",
    routes=routes,
    actions={
        "network.view_internal": ALL_ROLES,
        "network.manage": frozenset(),
        # Who may see and change the people of a network (the members page is the accounts' part).
        "members.manage": frozenset(),
        "audit.view": frozenset(),
    },
    nav=(NavItem(lazy_gettext("Logboek"), "networks:audit_log", "audit.view", order=95),),
    retention=privacy.RETENTION,
)
