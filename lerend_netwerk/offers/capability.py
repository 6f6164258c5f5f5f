"""The offers capability (het aanbod) as the app factory and the CLI see it."""

from datetime import timedelta

from lerend_netwerk.capability import Capability, SignalSourceKind
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.offers import demo, privacy, reminders, search
from lerend_netwerk.offers.routes import routes
from lerend_netwerk.periodic import Job

STAFF = frozenset({Role.MEMBER, Role.FACILITATOR, Role.STEERING})

capability = Capability(
    name="offers",
    routes=routes,
    actions={"offer.create": STAFF},
    nav=(NavItem(lazy_gettext("Aanbod"), "offers:list", None, order=22),),
    privacy=privacy.PRIVACY,
    retention=privacy.RETENTION,
    signal_sources=(SignalSourceKind("offer", lazy_gettext("Aanbod")),),
    demo=demo.fill,
    unmanaged_objects=frozenset(search.SEARCH_OBJECTS),
    # Once a day, from 06:00 UTC: the reminder arrives with the morning mail.
    jobs=(Job("offers.reminders", timedelta(days=1), reminders.job, offset=timedelta(hours=6)),),
)
