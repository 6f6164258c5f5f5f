"""Accounts: the three ways to log in, sessions, the members and login codes of a network, and a person's own data
(see, correct, erase)."""

from lerend_netwerk.accounts import privacy
from lerend_netwerk.accounts.routes import routes
from lerend_netwerk.capability import Capability
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import NavItem

capability = Capability(
    name="accounts",
    routes=routes,
    actions={
        "codes.manage": frozenset({Role.FACILITATOR}),
        # A request made on paper: see, correct, erase someone's data (a facilitator for participants only).
        "privacy.act_for": frozenset({Role.FACILITATOR}),
    },
    # "members.manage" is declared with the networks (who may change a network's people is the network's rule).
    nav=(
        NavItem(lazy_gettext("Leden"), "accounts:members", "members.manage", order=90),
        NavItem(lazy_gettext("Inlogcodes"), "accounts:codes", "codes.manage", order=91),
    ),
    retention=privacy.RETENTION,
)
