"""Writes of the practices capability: saving a practice with its versions and files, learning together on it
(comments and hiding them, "we apply this too", following, handing it to the signals board) and a network's
threshold types. Each function is one step of a transaction and writes its audit entry; a practice the actor may
not read is NotFound, a refusal they can act on is a PracticeError."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lerend_netwerk import audit
from lerend_netwerk.db import utcnow
from lerend_netwerk.i18n import gettext as _
from lerend_netwerk.networks.models import Membership, Network, Organisation
from lerend_netwerk.networks.thresholds import ThresholdType
from lerend_netwerk.practices import queries, search
from lerend_netwerk.practices.access import Viewer, readable_practice
from lerend_netwerk.practices.models import (
    Adoption,
    Attachment,
    Comment,
    Follow,
    Practice,
    PracticeVersion,
    Status,
    pack,
)
from lerend_netwerk.practices.uploads import Stored
from lerend_netwerk.signals.service import Incoming, receive
from lerend_netwerk.web.errors import DomainError, NotFound

VERSIONED = (
    "title",
    "summary",
    "story",
    "thresholds",
    "target_groups",
    "sector",
    "cost",
    "worked",
    "not_worked",
    "partners",
    "contact_name",
    "contact_email",
    "status",
    "visibility",
    "organisation_id",
)


class PracticeError(DomainError):
    """A refusal about a practice or a threshold type, with the form field it belongs to."""


# -- saving ----------------------------------------------------------------------------------------------


def _snapshot(practice: Practice) -> dict[str, Any]:
    return {key: (str(getattr(practice, key)) if getattr(practice, key) is not None else "") for key in VERSIONED}


def reindex(db: Session, practice: Practice) -> None:
    """Put the practice (as saved now) in the search index, with its organisation's name."""
    org = db.get(Organisation, practice.organisation_id) if practice.organisation_id else None
    search.index(db, practice, extra=org.name if org else "")


def save(
    db: Session,
    network_id: int,
    data: dict[str, Any],
    *,
    actor_id: int,
    practice_id: int | None = None,
    files: Sequence[Stored] = (),
    photo_text: str = "",
) -> Practice:
    """Create or update a practice. An update first keeps the previous content as a version. `photo_text` says
    what the new photos show, for whoever cannot see them (their alt text)."""
    if practice_id is None:
        practice = Practice(network_id=network_id, author_id=actor_id)
        db.add(practice)
    else:
        found = db.scalar(
            select(Practice).where(Practice.id == practice_id, Practice.network_id == network_id).with_for_update()
        )
        if found is None:
            raise NotFound()
        practice = found
        db.add(
            PracticeVersion(
                practice_id=practice.id, number=practice.version, editor_id=actor_id, content=_snapshot(practice)
            )
        )
        practice.version += 1
    was_published = practice.status == Status.PUBLISHED
    for key, value in data.items():
        if key in ("thresholds", "target_groups"):
            value = pack(value)
        setattr(practice, key, value)
    practice.updated_at = utcnow()
    if practice.status == Status.PUBLISHED and not was_published:
        practice.published_at = practice.updated_at
    db.flush()
    for stored in files:
        description = photo_text if stored.kind == "photo" else ""
        db.add(Attachment(practice_id=practice.id, uploaded_by_id=actor_id, description=description, **stored.__dict__))
    reindex(db, practice)
    action = "practice.created" if practice_id is None else "practice.edited"
    audit.record(
        db,
        action,
        actor_id=actor_id,
        network_id=network_id,
        subject=("practice", practice.id),
        status=practice.status.value,
        visibility=practice.visibility.value,
        files=len(files),
    )
    if practice.status == Status.PUBLISHED and not was_published:
        audit.record(
            db, "practice.published", actor_id=actor_id, network_id=network_id, subject=("practice", practice.id)
        )
    return practice


def delete_attachment(
    db: Session, network_id: int, practice_id: int, attachment_id: int, *, actor_id: int
) -> Attachment:
    """Remove a file from a practice of this network; returns it, so the caller can delete the stored bytes."""
    found = db.scalar(
        select(Attachment)
        .join(Practice, Practice.id == Attachment.practice_id)
        .where(Attachment.id == attachment_id, Practice.id == practice_id, Practice.network_id == network_id)
    )
    if found is None:
        raise NotFound()
    db.delete(found)
    audit.record(
        db,
        "practice.attachment_deleted",
        actor_id=actor_id,
        network_id=network_id,
        subject=("practice", practice_id),
        attachment_id=attachment_id,
    )
    return found


# -- learning together -----------------------------------------------------------------------------------


def add_comment(db: Session, network_id: int, practice_id: int, body: str, *, viewer: Viewer) -> Comment:
    practice = readable_practice(db, network_id, practice_id, viewer)
    comment = Comment(practice_id=practice.id, author_id=viewer.person_id, body=body)
    db.add(comment)
    db.flush()
    audit.record(
        db,
        "practice.commented",
        actor_id=viewer.person_id,
        network_id=practice.network_id,
        subject=("practice", practice.id),
        comment_id=comment.id,
    )
    return comment


def hide_comment(
    db: Session, network_id: int, practice_id: int, comment_id: int, reason: str, *, viewer: Viewer
) -> None:
    practice = readable_practice(db, network_id, practice_id, viewer)
    comment = db.scalar(select(Comment).where(Comment.id == comment_id, Comment.practice_id == practice.id))
    if comment is None:
        raise NotFound()
    comment.hidden_at = utcnow()
    comment.hidden_reason = reason
    # The reason is the coordinator's own words about the comment, not personal data; the audit log keeps it.
    audit.record(
        db,
        "practice.comment_hidden",
        actor_id=viewer.person_id,
        network_id=practice.network_id,
        subject=("practice", practice.id),
        comment_id=comment.id,
        reason=reason,
    )


def adopt(db: Session, network_id: int, practice_id: int, by_network_id: int, note: str, *, viewer: Viewer) -> Adoption:
    """ "We apply this too" from `by_network_id`, one of the viewer's staff networks that can read the practice
    (PracticeError otherwise). Saying it again from the same organisation updates the note."""
    practice = readable_practice(db, network_id, practice_id, viewer)
    if by_network_id not in dict(queries.adoption_options(db, practice, viewer)):
        raise PracticeError(_("Kies een van de mogelijkheden uit de lijst."), field="netwerk")
    membership = db.scalar(
        select(Membership).where(Membership.person_id == viewer.person_id, Membership.network_id == by_network_id)
    )
    org_id = membership.organisation_id if membership else None
    existing = db.scalar(
        select(Adoption).where(
            Adoption.practice_id == practice.id,
            Adoption.network_id == by_network_id,
            Adoption.organisation_id.is_(None) if org_id is None else Adoption.organisation_id == org_id,
        )
    )
    network = db.get(Network, by_network_id)
    if existing is not None:
        existing.note = note or existing.note
        return existing
    adoption = Adoption(
        practice_id=practice.id,
        network_id=by_network_id,
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
        by_network_id=by_network_id,
    )
    return adoption


def toggle_follow(db: Session, network_id: int, practice_id: int | None, *, viewer: Viewer) -> bool:
    """Follow or stop following the network's new practices (`practice_id` None) or one practice's comments;
    returns True when now following."""
    if practice_id is not None:
        readable_practice(db, network_id, practice_id, viewer)
    existing = db.scalar(queries.follow_query(viewer.person_id or 0, network_id, practice_id))
    if existing is not None:
        db.delete(existing)
        return False
    db.add(Follow(person_id=viewer.person_id, network_id=network_id, practice_id=practice_id))
    return True


def to_signal(db: Session, network_id: int, practice_id: int, *, viewer: Viewer, link: str) -> int:
    """Hand the practice to the signals board; keeps the signal id so both sides link to each other. `link`: the
    practice's site path."""
    practice = readable_practice(db, network_id, practice_id, viewer)
    if practice.signal_id is not None:
        return practice.signal_id
    codes = practice.threshold_codes
    signal = receive(
        db,
        practice.network_id,
        Incoming(
            title=practice.title,
            kind="practice",  # the source kind this capability declares
            description=practice.summary,
            threshold_code=codes[0] if codes else "",
            ref_id=practice.id,
            link=link,
            label=practice.title,
        ),
        actor_id=viewer.person_id,
    )
    practice.signal_id = signal.id
    audit.record(
        db,
        "practice.to_signal",
        actor_id=viewer.person_id,
        network_id=practice.network_id,
        subject=("practice", practice.id),
        signal_id=signal.id,
    )
    return signal.id


# -- threshold types (coordinator) -----------------------------------------------------------------------


def threshold_code(label: str) -> str:
    """The code a new threshold type gets from its name (it stays when the type is renamed)."""
    return re.sub(r"[^a-z0-9]+", "-", search.normalise(label)).strip("-")[:40] or "drempel"


def add_threshold_type(db: Session, network_id: int, label: str, explanation: str, *, actor_id: int) -> ThresholdType:
    """A new threshold type at the end of the network's list; PracticeError when one with this name exists."""
    code = threshold_code(label)
    if db.scalar(select(ThresholdType).where(ThresholdType.network_id == network_id, ThresholdType.code == code)):
        raise PracticeError(_("Deze drempel bestaat al in je netwerk."), field="nieuw_naam")
    position = (
        db.scalar(select(func.max(ThresholdType.position)).where(ThresholdType.network_id == network_id)) or 0
    ) + 1
    item = ThresholdType(network_id=network_id, code=code, label=label, explanation=explanation, position=position)
    db.add(item)
    db.flush()
    audit.record(
        db, "threshold.added", actor_id=actor_id, network_id=network_id, subject=("threshold_type", item.id), code=code
    )
    return item


def _threshold_type(db: Session, network_id: int, type_id: int) -> ThresholdType:
    item = db.scalar(select(ThresholdType).where(ThresholdType.id == type_id, ThresholdType.network_id == network_id))
    if item is None:
        raise NotFound()
    return item


def rename_threshold_type(
    db: Session, network_id: int, type_id: int, label: str, explanation: str, *, actor_id: int
) -> None:
    """The code stays, so practices and signals that use it keep their link."""
    item = _threshold_type(db, network_id, type_id)
    item.label = label
    item.explanation = explanation
    audit.record(
        db,
        "threshold.renamed",
        actor_id=actor_id,
        network_id=network_id,
        subject=("threshold_type", item.id),
        code=item.code,
    )


def retire_threshold_type(db: Session, network_id: int, type_id: int, *, actor_id: int, restore: bool = False) -> None:
    """Retire a type (new practices can no longer choose it) or, with `restore`, bring it back."""
    item = _threshold_type(db, network_id, type_id)
    item.retired_at = None if restore else utcnow()
    audit.record(
        db,
        "threshold.restored" if restore else "threshold.retired",
        actor_id=actor_id,
        network_id=network_id,
        subject=("threshold_type", item.id),
        code=item.code,
    )
