"""The .ics calendar file of a dated offer (RFC 5545, with the iCalendar library the dialogue tables use)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar

from lerend_netwerk.i18n import TIMEZONE
from lerend_netwerk.offers.models import Offer


def build_ics(offer: Offer, *, url: str) -> bytes:
    """One event for the offer's date; the offer's page is in it. The offer must have `starts_at`."""
    assert offer.starts_at is not None
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Lerend netwerk//Aanbod//NL")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"aanbod-{offer.id}@lerend-netwerk")
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", offer.starts_at.astimezone(TIMEZONE))
    event.add("dtend", (offer.ends_at or offer.starts_at + timedelta(hours=2)).astimezone(TIMEZONE))
    event.add("summary", offer.title)
    event.add("location", ", ".join(p for p in (offer.address, offer.neighbourhood) if p))
    event.add("description", "\n\n".join(p for p in (offer.summary, offer.directions, url) if p))
    event.add("url", url)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
