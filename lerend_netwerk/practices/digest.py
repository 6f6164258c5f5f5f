"""The e-mail digest for followers: `lerend-netwerk send-digests` (run it daily or weekly from cron)."""

from __future__ import annotations

from lerend_netwerk.db import Database
from lerend_netwerk.mail import Message, Messenger
from lerend_netwerk.practices.learning import digests
from lerend_netwerk.settings import Settings


def send_all(settings: Settings, db: Database) -> int:
    """Send one mail per follower with news; returns how many were sent."""
    messenger = Messenger(settings)
    base = settings.base_url.rstrip("/")
    sent = 0
    for email, network_name, lines in db.write_sync(digests):
        body = "\n".join(
            [
                f"Nieuw in {network_name}:",
                "",
                *[line.replace(" — /", " — " + base + "/") for line in lines],
                "",
                "U krijgt deze e-mail omdat u dit volgt. Stoppen kan met de knop 'Niet meer volgen'.",
            ]
        )
        if messenger.send(Message(to=email, subject=f"Nieuws over praktijken in {network_name}", text=body)):
            sent += 1
    return sent
