"""Every mapped class, imported in one place so Alembic and the mapper see the whole schema."""

from lerend_netwerk.accounts.models import AccessCode, LoginToken, OidcIdentity, WebSession
from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.db import Base
from lerend_netwerk.networks.models import Membership, Network, Organisation, Person, Role
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.signals.models import (
    Signal,
    SignalContact,
    SignalEvent,
    SignalFollowUp,
    SignalMeeting,
    SignalMeetingItem,
    SignalSource,
)

__all__ = [
    "AccessCode",
    "AuditEvent",
    "Base",
    "LoginToken",
    "Membership",
    "Network",
    "OidcIdentity",
    "Organisation",
    "Person",
    "Role",
    "Signal",
    "SignalContact",
    "SignalEvent",
    "SignalFollowUp",
    "SignalMeeting",
    "SignalMeetingItem",
    "SignalSource",
    "ThresholdType",
    "WebSession",
]
