"""Learning together: comments (a coordinator may hide one, with a reason), "we apply this too",
following with an e-mail digest, and handing a practice to the signals board."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.networks.models import Membership, Network, Person
from lerend_netwerk.practices.models import Adoption, Comment, Follow, Practice, Status
from lerend_netwerk.practices.service import Viewer, get_readable, readable
from lerend_netwerk.signals.models import SourceKind
from lerend_netwerk.signals.service import Incoming, receive


class LearningError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def comments(db: Session, practice_id: int) -> list[tuple[Comment, str]]:
    rows = db.execute(
        select(Comment, Person.name)
        .outerjoin(Person, Person.id == Comment.author_id)
        .where(Comment.practice_id == practice_id)
        .order_by(Comment.created_at, Comment.id)
    )
    return [(c, name or "") for c, name in rows]


def add_comment(db: Session, practice: Practice, body: str, *, actor_id: int) -> Comment:
    comment = Comment(practice_id=practice.id, author_id=actor_id, body=body)
    db.add(comment)
    db.flush()
    audit.record(
        db,
        "practice.commented",
        actor_id=actor_id,
        network_id=practice.network_id,
        subject=("practice", practice.id),
        comment_id=comment.id,
    )
    return comment


def hide_comment(db: Session, practice: Practice, comment_id: int, reason: str, *, actor_id: int) -> None:
    comment = db.scalar(select(Comment).where(Comment.id == comment_id, Comment.practice_id == practice.id))
    if comment is None:
        raise LookupError(comment_id)
    comment.hidden_at = utcnow()
    comment.hidden_reason = reason
    # The reason is the coordinator's own words about the comment, not personal data; the audit log keeps it.
    audit.record(
        db,
        "practice.comment_hidden",
        actor_id=actor_id,
        network_id=practice.network_id,
        subject=("practice", practice.id),
        comment_id=comment.id,
        reason=reason,
    )


def adoption_options(db: Session, practice: Practice, viewer: Viewer) -> list[tuple[int, str]]:
    """The networks from which this viewer may say "we apply this too": staff memberships that can read it."""
    if viewer.person_id is None:
        return []
    options = []
    for network_id in sorted(viewer.staff_networks):
        if get_readable(
            db, practice.network_id, practice.id, Viewer(viewer.person_id, {network_id: viewer.roles[network_id]})
        ):
            network = db.get(Network, network_id)
            if network is not None:
                options.append((network.id, network.name))
    return options


def adopt(db: Session, practice: Practice, viewer: Viewer, network_id: int, note: str) -> Adoption:
    if network_id not in dict(adoption_options(db, practice, viewer)):
        raise LearningError("netwerk", "Kies een van de mogelijkheden uit de lijst.")
    membership = db.scalar(
        select(Membership).where(Membership.person_id == viewer.person_id, Membership.network_id == network_id)
    )
    org_id = membership.organisation_id if membership else None
    existing = db.scalar(
        select(Adoption).where(
            Adoption.practice_id == practice.id,
            Adoption.network_id == network_id,
            Adoption.organisation_id.is_(None) if org_id is None else Adoption.organisation_id == org_id,
        )
    )
    network = db.get(Network, network_id)
    if existing is not None:
        existing.note = note or existing.note
        return existing
    adoption = Adoption(
        practice_id=practice.id,
        network_id=network_id,
        organisation_id=org_id,
        person_id=viewer.person_id,
        municipality=network.municipality if network else "",
        note=note,
    )
    db.add(adoption)
    db.flush()
    audit.record(
        db,
        "practice.adopted",
        actor_id=viewer.person_id,
        network_id=practice.network_id,
        subject=("practice", practice.id),
        by_network_id=network_id,
    )
    return adoption


def is_following(db: Session, person_id: int | None, network_id: int, practice_id: int | None) -> bool:
    if person_id is None:
        return False
    return db.scalar(_follow_query(person_id, network_id, practice_id)) is not None


def _follow_query(person_id: int, network_id: int, practice_id: int | None):  # noqa: ANN202
    return select(Follow).where(
        Follow.person_id == person_id,
        Follow.network_id == network_id,
        Follow.practice_id.is_(None) if practice_id is None else Follow.practice_id == practice_id,
    )


def toggle_follow(db: Session, person_id: int, network_id: int, practice_id: int | None) -> bool:
    """Follow or stop following; returns True when now following."""
    existing = db.scalar(_follow_query(person_id, network_id, practice_id))
    if existing is not None:
        db.delete(existing)
        return False
    db.add(Follow(person_id=person_id, network_id=network_id, practice_id=practice_id))
    return True


def to_signal(db: Session, practice: Practice, *, actor_id: int, link: str) -> int:
    """Hand the practice to the signals board; keeps the signal id so both sides link to each other."""
    if practice.signal_id is not None:
        return practice.signal_id
    codes = practice.threshold_codes
    signal = receive(
        db,
        practice.network_id,
        Incoming(
            title=practice.title,
            kind=SourceKind.PRACTICE,
            description=practice.summary,
            threshold_code=codes[0] if codes else "",
            ref_id=practice.id,
            link=link,
            label=practice.title,
        ),
        actor_id=actor_id,
    )
    practice.signal_id = signal.id
    audit.record(
        db,
        "practice.to_signal",
        actor_id=actor_id,
        network_id=practice.network_id,
        subject=("practice", practice.id),
        signal_id=signal.id,
    )
    return signal.id


# -- digest ----------------------------------------------------------------------------------------------


def digests(db: Session, now: datetime | None = None) -> list[tuple[str, str, list[str]]]:
    """(email, network name, lines) per follower with news since their last digest; marks them sent.
    Only what the follower may read is listed."""
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
            lines += [f"Nieuwe praktijk: {p.title} — /n/{network.slug}/praktijken/{p.id}" for p in new]
        else:
            practice = get_readable(db, network.id, follow.practice_id, viewer)
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
                    lines.append(
                        f"{count} nieuwe reactie(s) bij: {practice.title} — /n/{network.slug}/praktijken/{practice.id}"
                    )
        follow.last_sent_at = now
        if lines:
            result.append((person.email, network.name, lines))
    return result
