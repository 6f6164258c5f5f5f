"""Accounts: the three ways to log in, sessions, login codes, and a person's own data (see, correct, erase)."""

from lerend_netwerk.accounts import privacy, privacy_routes, privacy_staff_routes
from lerend_netwerk.accounts import routes as account_routes
from lerend_netwerk.capability import Capability
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import NavItem

capability = Capability(
    name="accounts",
    routes=(*account_routes.routes, *privacy_routes.routes, *privacy_staff_routes.routes),
    actions={
        "codes.manage": frozenset({Role.FACILITATOR}),
        # A request made on paper: see, correct, erase someone's data (a facilitator for participants only).
        "privacy.act_for": frozenset({Role.FACILITATOR}),
    },
    nav=(NavItem(lazy_gettext("Inlogcodes"), "accounts:codes", "codes.manage", order=91),),
    retention=privacy.RETENTION,
)
