"""The e-mail digest for followers: daily from `lerend-netwerk periodic` (the `practices.digests` job), or by hand
with `lerend-netwerk send-digests`. Each follower's digest is written into the outbox in the transaction that
marks their news as sent."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk import outbox
from lerend_netwerk.db import Database, utcnow
from lerend_netwerk.mail import Message
from lerend_netwerk.networks.models import Membership, Network, Person
from lerend_netwerk.practices.access import Viewer, find_readable, readable
from lerend_netwerk.practices.models import Comment, Follow, Practice, Status
from lerend_netwerk.settings import Settings
from lerend_netwerk.web.urls import Urls

if TYPE_CHECKING:
    from lerend_netwerk.periodic import JobContext


def collect(db: Session, urls: Urls, now: datetime | None = None) -> list[tuple[str, Network, list[str]]]:
    """(email, network, lines) per follower with news since their last digest; marks them sent.
    Only what the follower may read is listed; each line ends with the site path of the practice."""
    now = now or utcnow()
    result: list[tuple[str, Network, list[str]]] = []
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
            result.append((person.email, network, lines))
    return result


def _link(urls: Urls, network: Network, practice: Practice) -> str:
    return urls.path("practices:detail", network=network.slug, id=practice.id)


def queue_digests(db: Session, settings: Settings, urls: Urls, now: datetime | None = None) -> int:
    """Write one digest per follower with news into the outbox, in the transaction that marks it sent."""
    base = settings.base_url.rstrip("/")
    queued = 0
    for email, network, lines in collect(db, urls, now):
        body = "\n".join(
            [
                f"Nieuw in {network.name}:",
                "",
                *[line.replace(" — /", " — " + base + "/") for line in lines],
                "",
                "Je krijgt deze e-mail omdat je dit volgt. Stoppen kan met de knop 'Niet meer volgen'.",
            ]
        )
        message = Message(to=email, subject=f"Nieuws over praktijken in {network.name}", text=body)
        outbox.enqueue(db, message, kind="practices.digest", network_id=network.id)
        queued += 1
    return queued


def job(context: JobContext) -> str:
    """The periodic job (daily): queue the digests."""
    queued = context.database.write_sync(queue_digests, context.settings, context.registry.urls, context.now)
    return f"{queued} digest(s) queued"


def send_all(settings: Settings, db: Database, urls: Urls | None = None) -> int:
    """`lerend-netwerk send-digests`: queue the digests, then deliver the outbox; returns how many were queued.
    `urls`: the app's (`registry.urls`); built from the capabilities when not given (the command line)."""
    if urls is None:
        from lerend_netwerk.registry import Registry  # the registry imports every capability, this one included

        urls = Registry.build().urls
    queued = db.write_sync(queue_digests, settings, urls)
    outbox.deliver_due(db, outbox.channel(settings))
    return queued
