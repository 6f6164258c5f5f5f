"""The network's own work (werking) as the app factory and the CLI see it: working groups and their meetings,
the kansenplan with its public page, and the view per wijk."""

from lerend_netwerk.capability import Capability, SignalPanel
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.work import demo, plan_queries, privacy
from lerend_netwerk.work.routes import routes

STAFF = frozenset({Role.MEMBER, Role.FACILITATOR, Role.STEERING})

capability = Capability(
    name="work",
    routes=routes,
    actions={
        # see the groups one belongs to (and, with work.manage, all of them), the plan; a trekker plans its
        # group's meetings and moves its actions (checked per group and action in work.service)
        "work.view": STAFF,
        "work.manage": frozenset({Role.STEERING}),
        "work.wijken": frozenset({Role.STEERING}),  # the wijk view and its comparison
        "work.figures": frozenset(),  # the wijk figures: the coordinator
    },
    nav=(
        NavItem(lazy_gettext("Werkgroepen"), "work:groups", "work.view", order=50),
        NavItem(lazy_gettext("Kansenplan"), "work:plan", "work.view", order=51),
        NavItem(lazy_gettext("Wijken"), "work:wijken", "work.wijken", order=52),
    ),
    signal_panels=(SignalPanel("work/_signal_panel.html", plan_queries.signal_panel),),
    privacy=privacy.PRIVACY,
    demo=demo.fill,
    feedback_links=(
        NavItem(lazy_gettext("Wat we beloofden, waar we staan: het kansenplan"), "work:public_plan", None),
    ),
)
