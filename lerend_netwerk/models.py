"""Every mapped class, imported in one place so Alembic and the mapper see the whole schema."""

from lerend_netwerk.accounts.models import AccessCode, LoginToken, OidcIdentity, WebSession
from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.db import Base
from lerend_netwerk.networks.models import Membership, Network, Organisation, Person, Role
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.signals.models import Signal, SignalContact, SignalEvent, SignalSource
from lerend_netwerk.surveys import models as surveys_models  # noqa: F401 - registers the survey tables

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
    "SignalSource",
    "ThresholdType",
    "WebSession",
]
