"""Keeping offers current: the periodic job (`offers.reminders`, daily) reminds an organisation through the outbox
to confirm an offer that was not checked in six months (once per check), and hides offers not confirmed in a year
from the overview; the staff's list shows them for the coordinator."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from lerend_netwerk import outbox
from lerend_netwerk.mail import Message
from lerend_netwerk.networks.models import Network, Person
from lerend_netwerk.offers import service
from lerend_netwerk.offers.models import Offer
from lerend_netwerk.settings import Settings
from lerend_netwerk.web.urls import Urls

if TYPE_CHECKING:
    from lerend_netwerk.periodic import JobContext


def _recipient(db: Session, offer: Offer) -> str:
    """The offer's contact address, else its author's."""
    if offer.contact_email:
        return offer.contact_email
    author = db.get(Person, offer.author_id) if offer.author_id else None
    return author.email if author and author.email else ""


def _message(offer: Offer, network: Network, to: str, base: str, urls: Urls) -> Message:
    edit = base + urls.path("offers:edit", network=network.slug, id=offer.id)
    checked = offer.checked_on.strftime("%d-%m-%Y")
    body = "\n".join(
        [
            "Dag,",
            "",
            f"Je organisatie staat met dit aanbod in het overzicht van {network.name}:",
            f"  {offer.title}",
            "",
            f"Het werd het laatst nagekeken op {checked}. Klopt alles nog (uren, prijs, adres, contact)?",
            "Bevestig het of pas het aan op deze pagina:",
            f"  {edit}",
            "",
            "Bevestig je het niet binnen het jaar na de laatste controle, dan verdwijnt het uit het publieke overzicht.",
            "Zo vinden gezinnen en hulpverleners alleen aanbod dat nog klopt.",
        ]
    )
    return Message(to=to, subject=f"Klopt je aanbod nog? {offer.title}", text=body)


def remind_and_expire(db: Session, settings: Settings, urls: Urls, now: datetime) -> tuple[int, int]:
    """Queue the due reminders (once per check) and hide offers not confirmed in a year; (reminded, hidden)."""
    base = settings.base_url.rstrip("/")
    hidden = service.expire(db, now)
    reminded = 0
    for offer in service.due_reminders(db, now):
        if not service.mark_reminded(offer):
            continue
        to = _recipient(db, offer)
        network = db.get(Network, offer.network_id)
        if not to or network is None:
            continue
        outbox.enqueue(db, _message(offer, network, to, base, urls), kind="offers.reminder", network_id=network.id)
        reminded += 1
    return reminded, len(hidden)


def job(context: JobContext) -> str:
    """The periodic job (daily)."""
    reminded, hidden = context.database.write_sync(
        remind_and_expire, context.settings, context.registry.urls, context.now
    )
    return f"{reminded} reminder(s) queued, {hidden} offer(s) hidden"
