"""The practices capability (lerend netwerk) as the app factory and the CLI see it."""

from datetime import timedelta

from lerend_netwerk.capability import Capability, SignalSourceKind
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.periodic import Job
from lerend_netwerk.practices import demo, digest, privacy, search
from lerend_netwerk.practices.routes import routes

STAFF = frozenset({Role.MEMBER, Role.FACILITATOR, Role.STEERING})

capability = Capability(
    name="practices",
    routes=routes,
    actions={
        "practice.create": STAFF,
        "practice.comment": STAFF,
        "practice.follow": STAFF,
        "practice.moderate": frozenset(),
        "practice.to_signal": frozenset({Role.FACILITATOR, Role.STEERING}),
        "practice.thresholds": frozenset(),
        "meeting.view": STAFF,
        "meeting.manage": frozenset({Role.FACILITATOR}),
    },
    nav=(
        NavItem(lazy_gettext("Praktijken"), "practices:list", None, order=20),
        NavItem(lazy_gettext("Netwerkmomenten"), "practices:meetings", "meeting.view", order=21),
        NavItem(lazy_gettext("Drempels"), "practices:thresholds", "practice.thresholds", order=80),
    ),
    privacy=privacy.PRIVACY,
    retention=privacy.RETENTION,
    signal_sources=(SignalSourceKind("practice", lazy_gettext("Praktijk")),),
    demo=demo.fill,
    unmanaged_objects=frozenset(search.SEARCH_OBJECTS),
    # Once a day, from 05:00 UTC (06:00 or 07:00 in Belgium): news arrives with the morning mail.
    jobs=(Job("practices.digests", timedelta(days=1), digest.job, offset=timedelta(hours=5)),),
)
