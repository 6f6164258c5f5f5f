"""The feedback mail: telling the people who asked what the stuurgroep did with their signal. Sent after the
feedback's transaction committed; `service.contacts_told` then forgets the addresses that were mailed."""

from __future__ import annotations

from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Message, Messenger


def feedback_message(email: str, *, network_name: str, text: str, page: str) -> Message:
    """The mail to one person; `page` is the full address of the public feedback page."""
    body = _(
        "Dag,\n\nU liet ons weten wat moeilijk loopt. De stuurgroep van {network} heeft het besproken.\n\n"
        "Dit is wat we doen:\n{text}\n\nAlles wat we met signalen doen, leest u op {page}\n\n"
        "Uw e-mailadres wissen we nu: u krijgt hierover geen mails meer.\n"
    ).format(network=network_name, text=text, page=page)
    return Message(to=email, subject=_("Wat we deden met uw signaal"), text=body)


def tell_contacts(
    messenger: Messenger, contacts: list[tuple[int, str]], *, network_name: str, text: str, page: str
) -> tuple[list[int], list[int]]:
    """Mail each (contact id, e-mail); returns the ids that were sent and those that failed."""
    sent, failed = [], []
    for contact_id, email in contacts:
        message = feedback_message(email, network_name=network_name, text=text, page=page)
        (sent if messenger.send(message) else failed).append(contact_id)
    return sent, failed
