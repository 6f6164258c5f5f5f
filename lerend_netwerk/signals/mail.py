"""The feedback mail: telling the people who asked what the stuurgroep did with their signal. The mails are written
into the outbox in the transaction that publishes the feedback, and leave after it commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lerend_netwerk import i18n, outbox
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.mail import Message
from lerend_netwerk.signals import service


def feedback_message(email: str, *, network_name: str, text: str, page: str) -> Message:
    """The mail to one person; `page` is the full address of the public feedback page."""
    body = _(
        "Dag,\n\nJe liet ons weten wat moeilijk loopt. De stuurgroep van {network} heeft het besproken.\n\n"
        "Dit is wat we doen:\n{text}\n\nAlles wat we met signalen doen, lees je op {page}\n\n"
        "Je e-mailadres wissen we nu: je krijgt hierover geen mails meer.\n"
    ).format(network=network_name, text=text, page=page)
    return Message(to=email, subject=_("Wat we deden met je signaal"), text=body)


def save_and_tell(
    db: Session,
    network_id: int,
    signal_id: int,
    text: str,
    *,
    publish: bool,
    actor_id: int | None,
    network_name: str,
    page: str,
) -> int:
    """Save the feedback (`service.save_feedback`); when it is published, write one mail to each person not told
    yet into the outbox, in the same transaction, and forget their address on the signal (the outbox holds it
    until the mail is gone). Returns how many mails were queued: publishing again queues none."""
    contacts = service.save_feedback(db, network_id, signal_id, text, publish=publish, actor_id=actor_id)
    languages = service.contact_languages(db, [contact_id for contact_id, _email in contacts])
    for contact_id, email in contacts:
        with i18n.use_locale(languages.get(contact_id)):  # in the language the person reported in
            message = feedback_message(email, network_name=network_name, text=text, page=page)
        outbox.enqueue(db, message, kind="signals.feedback", network_id=network_id)
    if contacts:
        service.contacts_told(db, network_id, sent=[contact_id for contact_id, _email in contacts], failed=[])
    return len(contacts)
