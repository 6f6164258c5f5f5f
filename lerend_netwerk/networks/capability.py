"""Networks, memberships and roles: the home pages, network administration, the audit log and the network's
e-mails. The policy (`policy.py`) and the menu (`nav.py`) that every capability declares into live here too, and so
does the platform's housekeeping: the outbox every capability mails through (`lerend_netwerk.outbox`), its
retention and the periodic jobs that deliver it and apply every retention rule."""

from datetime import timedelta

from lerend_netwerk import outbox, retention
from lerend_netwerk.capability import Capability
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks import privacy
from lerend_netwerk.networks.cache import VERSION_TABLE
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.networks.policy import ALL_ROLES
from lerend_netwerk.networks.routes import routes
from lerend_netwerk.periodic import Job

capability = Capability(
    name="networks",
    routes=routes,
    unmanaged_objects=frozenset({VERSION_TABLE}),
    actions={
        "network.view_internal": ALL_ROLES,
        "network.manage": frozenset(),
        # Who may see and change the people of a network (the members page is the accounts' part).
        "members.manage": frozenset(),
        "audit.view": frozenset(),
        # The network's e-mails: to whom, subject, sent or not (never their text).
        "outbox.view": frozenset(),
    },
    nav=(
        NavItem(lazy_gettext("Logboek"), "networks:audit_log", "audit.view", order=95),
        NavItem(lazy_gettext("E-mails"), "networks:outbox", "outbox.view", order=96),
        NavItem(lazy_gettext("Talen"), "networks:languages", "network.manage", order=97),
    ),
    privacy=privacy.PRIVACY,
    retention=privacy.RETENTION,
    jobs=(
        Job("retention", timedelta(hours=1), retention.job),
        # Last, so mail queued by the other jobs of the same run leaves with it.
        Job("outbox", timedelta(minutes=1), outbox.job, order=90, each_run=True),
    ),
)
