"""The surveys capability (bevragingen) as the app factory and the CLI see it."""

from lerend_netwerk.capability import Capability, SignalSourceKind
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.surveys import demo, privacy, queries
from lerend_netwerk.surveys.routes import routes

capability = Capability(
    name="surveys",
    routes=routes,
    actions={
        "surveys.view": frozenset({Role.FACILITATOR, Role.STEERING}),  # the list and a survey's overview
        "surveys.manage": frozenset({Role.FACILITATOR}),  # build: questions, order, translations, dates
        "surveys.enter": frozenset({Role.FACILITATOR}),  # assisted and paper entry
        "surveys.results": frozenset({Role.FACILITATOR, Role.STEERING}),
        "surveys.signal": frozenset({Role.FACILITATOR}),  # turn answers or a result into a signal
    },
    nav=(NavItem(lazy_gettext("Bevragingen"), "surveys:list", "surveys.view", order=40),),
    privacy=privacy.PRIVACY,
    retention=privacy.RETENTION,
    signal_sources=(SignalSourceKind("survey", lazy_gettext("Bevraging")),),
    demo=demo.fill,
    home_links=queries.home_links,
)
