"""The signals board (signalenbord) and the public feedback page as the app factory and the CLI see them."""

from lerend_netwerk.capability import Capability, SignalSourceKind
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.networks.models import Role
from lerend_netwerk.networks.nav import NavItem
from lerend_netwerk.signals import demo, privacy
from lerend_netwerk.signals.routes import routes

capability = Capability(
    name="signals",
    routes=routes,
    actions={
        "signals.view": frozenset({Role.STEERING}),
        "signals.manage": frozenset({Role.STEERING}),
        "signals.sheet": frozenset({Role.FACILITATOR, Role.STEERING}),
        "signals.report_partner": frozenset({Role.MEMBER, Role.FACILITATOR, Role.STEERING}),
    },
    nav=(
        NavItem(lazy_gettext("Signalen"), "signals:board", "signals.view", order=40),
        NavItem(lazy_gettext("Drempel melden"), "signals:report", None, order=41),
        NavItem(lazy_gettext("Jullie zeiden, wij deden"), "signals:feedback", None, order=42),
    ),
    privacy=privacy.PRIVACY,
    retention=privacy.RETENTION,
    signal_sources=(
        SignalSourceKind("direct", lazy_gettext("Rechtstreekse melding")),
        SignalSourceKind("partner", lazy_gettext("Partnerorganisatie")),
    ),
    demo=demo.fill,
)
