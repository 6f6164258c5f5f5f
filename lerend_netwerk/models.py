"""Every mapped class, imported in one place so Alembic and the mapper see the whole schema."""

from lerend_netwerk.accounts.models import AccessCode, LoginToken, OidcIdentity, WebSession
from lerend_netwerk.audit import AuditEvent
from lerend_netwerk.db import Base
from lerend_netwerk.dialogue.models import CallTask, DialogueTable, NotePoint, SignUp, TableFacilitator, TableSession
from lerend_netwerk.meetings.models import AgendaItem, Attendance, Meeting
from lerend_netwerk.networks.models import Membership, Network, Organisation, Person, Role
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.offers.models import Offer, OfferPhoto
from lerend_netwerk.outbox import OutboxMessage
from lerend_netwerk.periodic import JobRun
from lerend_netwerk.practices.models import Adoption, Attachment, Comment, Follow, Practice, PracticeVersion
from lerend_netwerk.signals.models import (
    Signal,
    SignalContact,
    SignalEvent,
    SignalFollowUp,
    SignalSource,
)
from lerend_netwerk.surveys import models as surveys_models  # noqa: F401 - maps the survey tables
from lerend_netwerk.web.ratelimit_storage import RateLimitCounter
from lerend_netwerk.work import models as work_models  # noqa: F401 - maps the working groups, plan and figures

__all__ = [
    "Adoption",
    "AgendaItem",
    "Attachment",
    "Attendance",
    "Comment",
    "Follow",
    "Meeting",
    "Practice",
    "PracticeVersion",
    "RateLimitCounter",
    "AccessCode",
    "AuditEvent",
    "Base",
    "CallTask",
    "DialogueTable",
    "JobRun",
    "LoginToken",
    "Membership",
    "NotePoint",
    "Network",
    "OidcIdentity",
    "OutboxMessage",
    "Offer",
    "OfferPhoto",
    "Organisation",
    "Person",
    "Role",
    "Signal",
    "SignalContact",
    "SignalEvent",
    "SignalFollowUp",
    "SignalSource",
    "SignUp",
    "TableFacilitator",
    "TableSession",
    "ThresholdType",
    "WebSession",
]
