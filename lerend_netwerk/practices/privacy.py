"""Practices in the platform's privacy machinery: "my data" (see and erase) and the retention rule for follows.

What stays after erasure: every practice, comment and "we apply this too", as content, with the author shown as
"gewezen lid" and the person's name, address and number taken out of the text they wrote. What goes: the link to
the person, follows and meeting attendance, and their name and address as contact of a practice."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, exists, or_, select, true
from sqlalchemy.orm import Session

from lerend_netwerk.accounts import mydata
from lerend_netwerk.accounts.mydata import Provider, Subject, in_network, release, scrub, scrub_fields, unlink
from lerend_netwerk.i18n import lazy_gettext
from lerend_netwerk.meetings.models import Attendance, Meeting
from lerend_netwerk.networks.models import Membership, Network
from lerend_netwerk.practices.models import Adoption, Attachment, Comment, Follow, Practice, PracticeVersion
from lerend_netwerk.practices.service import reindex
from lerend_netwerk.retention import Rule, Run

TEXT_FIELDS = ("title", "summary", "story", "cost", "worked", "not_worked", "partners")


def _in_network(subject: Subject) -> Any:
    return in_network(subject, Practice.network_id)


def _of_practices_in_network(subject: Subject, practice_id: Any) -> Any:
    if subject.network_id is None:
        return true()
    return practice_id.in_(select(Practice.id).where(Practice.network_id == subject.network_id))


def _is_contact(practice: Practice, subject: Subject) -> bool:
    email = (subject.email or "").lower()
    return bool(email) and practice.contact_email.lower() == email


def _theirs(db: Session, subject: Subject) -> list[Practice]:
    """Practices the person wrote, or where their address is given as the contact."""
    who = []
    if subject.person_id is not None:
        who.append(Practice.author_id == subject.person_id)
    if subject.email:
        who.append(mydata.same_email(Practice.contact_email, subject.email))
    if not who:
        return []
    return list(db.scalars(select(Practice).where(or_(*who), _in_network(subject)).order_by(Practice.id)))


def _export(db: Session, subject: Subject) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for p in _theirs(db, subject):
        rows.append(
            {
                "kind": "practice",
                "title": p.title,
                "network": db.get(Network, p.network_id).name,  # type: ignore[union-attr]
                "status": p.status.value,
                "written_by_you": p.author_id == subject.person_id and subject.person_id is not None,
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
                "created_at": p.created_at.isoformat(),
            }
        )
    if subject.person_id is None:
        return rows
    pid = subject.person_id
    comments = db.execute(
        select(Comment, Practice.title)
        .join(Practice, Practice.id == Comment.practice_id)
        .where(Comment.author_id == pid, _in_network(subject))
        .order_by(Comment.id)
    )
    rows += [
        {"kind": "comment", "practice": title, "text": c.body, "created_at": c.created_at.isoformat()}
        for c, title in comments
    ]
    adoptions = db.execute(
        select(Adoption, Practice.title)
        .join(Practice, Practice.id == Adoption.practice_id)
        .where(Adoption.person_id == pid, in_network(subject, Adoption.network_id))
        .order_by(Adoption.id)
    )
    rows += [
        {"kind": "we_apply_this_too", "practice": title, "municipality": a.municipality, "note": a.note}
        for a, title in adoptions
    ]
    follows = db.execute(
        select(Follow, Network.name, Practice.title)
        .join(Network, Network.id == Follow.network_id)
        .outerjoin(Practice, Practice.id == Follow.practice_id)
        .where(Follow.person_id == pid, in_network(subject, Follow.network_id))
    )
    rows += [{"kind": "follow", "network": name, "practice": title} for _f, name, title in follows]
    meetings = db.scalars(
        select(Meeting)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Attendance.person_id == pid, in_network(subject, Meeting.network_id))
        .order_by(Meeting.starts_at)
    )
    rows += [{"kind": "meeting_attended", "meeting": m.title, "starts_at": m.starts_at.isoformat()} for m in meetings]
    edits = db.execute(
        select(PracticeVersion, Practice.title)
        .join(Practice, Practice.id == PracticeVersion.practice_id)
        .where(PracticeVersion.editor_id == pid, _in_network(subject))
    )
    rows += [
        {"kind": "edit", "practice": title, "version": v.number, "saved_at": v.saved_at.isoformat()}
        for v, title in edits
    ]
    files = db.execute(
        select(Attachment, Practice.title)
        .join(Practice, Practice.id == Attachment.practice_id)
        .where(Attachment.uploaded_by_id == pid, _in_network(subject))
    )
    rows += [{"kind": "file", "practice": title, "filename": a.filename} for a, title in files]
    return rows


def _scrub_content(content: dict[str, Any], subject: Subject, *, contact: bool) -> dict[str, Any]:
    cleaned = {k: scrub(v, subject) if isinstance(v, str) else v for k, v in content.items()}
    if contact:
        cleaned["contact_name"] = cleaned["contact_email"] = ""
    return cleaned


def _erase(db: Session, subject: Subject) -> int:
    touched = 0
    practices = _theirs(db, subject)
    for p in practices:
        contact = _is_contact(p, subject)
        scrub_fields(p, subject, *TEXT_FIELDS)
        if contact or scrub(p.contact_name, subject) != p.contact_name:
            p.contact_name = ""
        if contact:
            p.contact_email = ""
        if p.author_id == subject.person_id:
            p.author_id = None
        db.flush()
        reindex(db, p)
        for version in db.scalars(select(PracticeVersion).where(PracticeVersion.practice_id == p.id)):
            version.content = _scrub_content(version.content, subject, contact=contact)
    touched += len(practices)
    if subject.person_id is None:
        return touched
    pid = subject.person_id
    comments = _of_practices_in_network(subject, Comment.practice_id)
    touched += release(db, Comment.author_id, subject, comments, texts=("body",))
    touched += release(db, Adoption.person_id, subject, in_network(subject, Adoption.network_id), texts=("note",))
    edited = _of_practices_in_network(subject, PracticeVersion.practice_id)
    for version in db.scalars(select(PracticeVersion).where(PracticeVersion.editor_id == pid, edited)):
        version.content = _scrub_content(version.content, subject, contact=False)
    touched += unlink(db, PracticeVersion.editor_id, subject, edited)
    touched += unlink(db, Attachment.uploaded_by_id, subject, _of_practices_in_network(subject, Attachment.practice_id))
    for model, scope in (
        (Follow, in_network(subject, Follow.network_id)),
        (
            Attendance,
            Attendance.meeting_id.in_(select(Meeting.id).where(in_network(subject, Meeting.network_id))),
        ),
    ):
        touched += db.execute(delete(model).where(model.person_id == pid, scope)).rowcount  # type: ignore[attr-defined]
    return touched


def _follows_of_former_members(db: Session, run: Run) -> int:
    """Who left a network no longer follows its practices: the digest would otherwise keep mailing them."""
    member = exists().where(Membership.person_id == Follow.person_id, Membership.network_id == Follow.network_id)
    result = db.execute(delete(Follow).where(~member))
    return result.rowcount  # type: ignore[attr-defined]


PRIVACY = Provider("practices", lazy_gettext("Praktijken, reacties en netwerkmomenten"), _export, _erase)
RETENTION = (
    Rule(
        "practice_follows",
        lazy_gettext(
            "Je naam staat bij de praktijken en reacties die je schreef zolang je een account hebt. Wordt je account gewist, dan staat er 'gewezen lid' en verdwijnen ook je naam en adres als contactpersoon. Wie geen lid meer is van een netwerk, volgt diens praktijken niet meer."
        ),
        _follows_of_former_members,
    ),
)
