"""The e-mail digest for followers: `lerend-netwerk send-digests` (run it daily or weekly from cron)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk.db import Database, utcnow
from lerend_netwerk.mail import Message, Messenger
from lerend_netwerk.networks.models import Membership, Network, Person
from lerend_netwerk.practices.access import Viewer, find_readable, readable
from lerend_netwerk.practices.models import Comment, Follow, Practice, Status
from lerend_netwerk.settings import Settings
from lerend_netwerk.web.urls import Urls


def collect(db: Session, urls: Urls, now: datetime | None = None) -> list[tuple[str, str, list[str]]]:
    """(email, network name, lines) per follower with news since their last digest; marks them sent.
    Only what the follower may read is listed; each line ends with the site path of the practice."""
    now = now or utcnow()
    result: list[tuple[str, str, list[str]]] = []
    for follow in db.scalars(select(Follow).order_by(Follow.person_id, Follow.id)).all():
        person = db.get(Person, follow.person_id)
        network = db.get(Network, follow.network_id)
        if person is None or not person.email or network is None:
            continue
        roles = {m.network_id: m.role for m in db.scalars(select(Membership).where(Membership.person_id == person.id))}
        viewer = Viewer(person.id, roles)
        lines: list[str] = []
        if follow.practice_id is None:
            new = db.scalars(
                select(Practice).where(
                    Practice.network_id == network.id,
                    Practice.status == Status.PUBLISHED,
                    Practice.published_at > follow.last_sent_at,
                    readable(db, viewer),
                )
            )
            lines += [f"Nieuwe praktijk: {p.title} — {_link(urls, network, p)}" for p in new]
        else:
            practice = find_readable(db, network.id, follow.practice_id, viewer)
            if practice is not None:
                count = len(
                    [
                        c
                        for c in db.scalars(
                            select(Comment).where(
                                Comment.practice_id == practice.id,
                                Comment.created_at > follow.last_sent_at,
                                Comment.hidden_at.is_(None),
                            )
                        )
                    ]
                )
                if count:
                    lines.append(f"{count} nieuwe reactie(s) bij: {practice.title} — {_link(urls, network, practice)}")
        follow.last_sent_at = now
        if lines:
            result.append((person.email, network.name, lines))
    return result


def _link(urls: Urls, network: Network, practice: Practice) -> str:
    return urls.path("practices:detail", network=network.slug, id=practice.id)


def send_all(settings: Settings, db: Database, urls: Urls | None = None) -> int:
    """Send one mail per follower with news; returns how many were sent. `urls`: the app's (`registry.urls`);
    built from the capabilities when not given (the command line)."""
    if urls is None:
        from lerend_netwerk.registry import Registry  # the registry imports every capability, this one included

        urls = Registry.build().urls
    messenger = Messenger(settings)
    base = settings.base_url.rstrip("/")
    sent = 0
    for email, network_name, lines in db.write_sync(collect, urls):
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
