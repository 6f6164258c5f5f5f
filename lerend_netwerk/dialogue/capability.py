"""The dialogue-tables capability (dialoogtafels) as the app factory and the CLI see it."""

from datetime import timedelta

from lerend_netwerk.capability import Capability, SignalSourceKind
from lerend_netwerk.dialogue import demo, privacy, reminders
from lerend_netwerk.dialogue.routes import routes
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.periodic import Job

capability = Capability(
    name="dialogue",
    routes=routes,
    actions={
        # Create tables and sessions, keep the call list and the compensation overview.
        "dialogue.manage": frozenset({Role.FACILITATOR}),
        # Run a session (list with contact data and needs, check-in, notes): a facilitator of THAT table, or the
        # coordinator; the table check is `queries.runs_table`, on top of this action.
        "dialogue.run": frozenset({Role.FACILITATOR}),
    },
    nav=(NavItem(lazy_gettext("Dialoogtafels"), "dialogue:list", None, order=30),),
    privacy=privacy.PRIVACY,
    retention=privacy.RETENTION,
    signal_sources=(SignalSourceKind("dialogue", lazy_gettext("Dialoogtafel")),),
    demo=demo.fill,
    # Reminders go out LN_REMINDER_DAYS_BEFORE days before a session; checked hourly, each sent once.
    jobs=(Job("dialogue.reminders", timedelta(hours=1), reminders.job),),
)
