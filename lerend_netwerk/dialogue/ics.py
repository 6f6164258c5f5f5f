"""The .ics calendar file of a session (RFC 5545, via icalendar): one stable UID per session, so a move or a
cancellation updates the entry people already have."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from lerend_netwerk.dialogue.notices import SessionInfo
from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.i18n import gettext as _


def session_uid(session_id: int) -> str:
    """Stable per session, so a move or cancellation updates the same calendar entry."""
    return f"dialoogtafel-sessie-{session_id}@lerend-netwerk"


def build_ics(info: SessionInfo, *, cancel: bool = False) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Lerend netwerk//Dialoogtafels//NL")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancel else "REQUEST")
    event = icalendar.Event()
    event.add("uid", session_uid(info.id))
    event.add("sequence", info.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", info.starts_at.astimezone(TIMEZONE))
    event.add("dtend", info.ends_at.astimezone(TIMEZONE))
    event.add("summary", info.table_name)
    event.add("location", ", ".join(p for p in (info.place, info.address) if p))
    # The first line in the language of the mail it travels with; the rest is the network's own text.
    intro = _("Dialoogtafel van {network}").format(network=info.network_name)
    description = "\n\n".join(p for p in (intro, info.expect, info.directions, info.accessibility) if p)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
