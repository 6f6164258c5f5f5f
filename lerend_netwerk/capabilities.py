"""The capabilities this platform serves, in one explicit list. The app factory and every CLI command build
their registries from it (`Registry.build()`); a new capability is a new package plus one line here."""

from __future__ import annotations

from lerend_netwerk.accounts.capability import capability as accounts
from lerend_netwerk.capability import Capability
from lerend_netwerk.dialogue.capability import capability as dialogue
from lerend_netwerk.networks.capability import capability as networks
from lerend_netwerk.offers.capability import capability as offers
from lerend_netwerk.practices.capability import capability as practices
from lerend_netwerk.signals.capability import capability as signals
from lerend_netwerk.surveys.capability import capability as surveys
from lerend_netwerk.work.capability import capability as work

CAPABILITIES: tuple[Capability, ...] = (networks, accounts, practices, dialogue, surveys, signals, offers, work)
