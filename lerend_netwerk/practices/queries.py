"""Reads for the practice pages, the network meetings and the threshold types, each scoped to a network. An id
that is not the network's (or a practice the viewer may not read) is NotFound."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from lerend_netwerk.meetings.models import AgendaItem, Meeting
from lerend_netwerk.meetings.queries import meeting, present
from lerend_netwerk.networks import queries as networks
from lerend_netwerk.networks.cache import kept_rows
from lerend_netwerk.networks.models import Network, Organisation, Person
from lerend_netwerk.networks.thresholds import ThresholdType, active_types
from lerend_netwerk.practices import listing
from lerend_netwerk.practices.access import Viewer, find_readable, may_edit, readable_practice
from lerend_netwerk.practices.forms import parse_filters
from lerend_netwerk.practices.models import Adoption, Attachment, Comment, Follow, Practice, PracticeVersion
from lerend_netwerk.web.errors import NotFound
from lerend_netwerk.web.forms import Form

# -- the list --------------------------------------------------------------------------------------------


def practice_list(db: Session, network_id: int, viewer: Viewer, form: Form) -> dict[str, Any]:
    """The network's list page: the filters' choices, the page of cards the filters in `form` ask for, and whether
    the viewer follows the network. The filters are read here because their choices come from the database; a
    bad value is left out (it only narrows a list)."""
    types = active_types(db, network_id)
    orgs = networks.organisations(db, network_id)
    in_scope = listing.networks_in_scope(db, network_id)
    filters = parse_filters(
        form,
        threshold_codes=[t.code for t in types],
        organisation_ids=[o.id for o in orgs],
        network_ids=[n.id for n in in_scope],
    )
    page = listing.find(db, network_id, viewer, filters)
    return {
        "page": page,
        "cards": listing.cards(db, page.items),
        "organisations": orgs,
        "networks": in_scope,
        "following": is_following(db, viewer.person_id, network_id, None),
        "types": types,
    }


# -- one practice ----------------------------------------------------------------------------------------


def practice_page(db: Session, network_id: int, practice_id: int, viewer: Viewer) -> dict[str, Any]:
    """The practice card with its files, related practices, adoptions, comments and what the viewer may do."""
    practice = listing.readable_with_names(db, network_id, practice_id, viewer)
    (_, names, _), *related = listing.cards(db, [practice, *listing.related(db, practice, viewer)])
    return {
        "practice": practice,
        "names": names,
        "files": _attachments(db, practice.id),
        "related": [(p, p_names) for p, p_names, _thumb in related],
        "adoptions": _adoptions(db, practice.id),
        "comments": _comments(db, practice.id),
        "adopt_options": adoption_options(db, practice, viewer),
        "may_edit": may_edit(db, practice, viewer),
        "following": is_following(db, viewer.person_id, network_id, practice.id),
        "threshold_labels": {t.code: t for t in threshold_types(db, practice.network_id)},
    }


def editable_practice(db: Session, network_id: int, practice_id: int, viewer: Viewer) -> tuple[Practice, bool]:
    """The practice (NotFound if the viewer may not read it) and whether the viewer may edit it."""
    practice = readable_practice(db, network_id, practice_id, viewer)
    return practice, may_edit(db, practice, viewer)


def organisation_id_of(db: Session, network_id: int, person_id: int) -> int | None:
    """The person's organisation in the network: a new practice's default."""
    organisation = networks.organisation_of(db, network_id, person_id)
    return organisation.id if organisation else None


def practice_form(db: Session, network_id: int, practice: Practice | None) -> dict[str, Any]:
    """What the practice form offers: the active threshold types, the organisations, the practice's files."""
    return {
        "types": active_types(db, network_id),
        "organisations": networks.organisations(db, network_id),
        "files": _attachments(db, practice.id) if practice else [],
    }


def save_choices(db: Session, network_id: int, practice: Practice | None) -> tuple[list[str], list[int], int]:
    """What a saved practice may choose (threshold codes, organisation ids) and how many files it has already."""
    codes = [t.code for t in active_types(db, network_id)]
    if practice is not None:  # a retired type stays valid on a practice that already had it
        codes += [c for c in practice.threshold_codes if c not in codes]
    existing = _attachment_count(db, practice.id) if practice else 0
    return codes, [o.id for o in networks.organisations(db, network_id)], existing


def version_history(
    db: Session, network_id: int, practice_id: int, viewer: Viewer
) -> tuple[Practice, list[tuple[PracticeVersion, str]]]:
    """The practice and its earlier versions, newest first, with the name of who saved each."""
    practice = readable_practice(db, network_id, practice_id, viewer)
    rows = db.execute(
        select(PracticeVersion, Person.name)
        .outerjoin(Person, Person.id == PracticeVersion.editor_id)
        .where(PracticeVersion.practice_id == practice.id)
        .order_by(PracticeVersion.number.desc())
    )
    return practice, [(v, name or "") for v, name in rows]


def readable_attachment(
    db: Session, network_id: int, practice_id: int, attachment_id: int, viewer: Viewer
) -> Attachment:
    """A file of a practice the viewer may read."""
    readable_practice(db, network_id, practice_id, viewer)
    found = db.scalar(select(Attachment).where(Attachment.id == attachment_id, Attachment.practice_id == practice_id))
    if found is None:
        raise NotFound()
    return found


def _attachment_count(db: Session, practice_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Attachment).where(Attachment.practice_id == practice_id)) or 0


# The page's statements are built once, with the practice as a parameter: building them (and their cache keys) on
# every request cost more than PostgreSQL took to run them.
_ATTACHMENTS = select(Attachment).where(Attachment.practice_id == bindparam("practice_id")).order_by(Attachment.id)
_ADOPTIONS = (
    select(Adoption, Organisation.name)
    .outerjoin(Organisation, Organisation.id == Adoption.organisation_id)
    .where(Adoption.practice_id == bindparam("practice_id"))
    .order_by(Adoption.created_at)
)
_COMMENTS = (
    select(Comment, Person.name)
    .outerjoin(Person, Person.id == Comment.author_id)
    .where(Comment.practice_id == bindparam("practice_id"))
    .order_by(Comment.created_at, Comment.id)
)


def _attachments(db: Session, practice_id: int) -> list[Attachment]:
    return list(db.scalars(_ATTACHMENTS, {"practice_id": practice_id}))


def _adoptions(db: Session, practice_id: int) -> list[tuple[Adoption, str]]:
    return [(a, name or "") for a, name in db.execute(_ADOPTIONS, {"practice_id": practice_id})]


def _comments(db: Session, practice_id: int) -> list[tuple[Comment, str]]:
    return [(c, name or "") for c, name in db.execute(_COMMENTS, {"practice_id": practice_id})]


def adoption_options(db: Session, practice: Practice, viewer: Viewer) -> list[tuple[int, str]]:
    """The networks from which this viewer may say "we apply this too": staff memberships that can read it."""
    if viewer.person_id is None:
        return []
    options = []
    for network_id in sorted(viewer.staff_networks):
        if find_readable(
            db, practice.network_id, practice.id, Viewer(viewer.person_id, {network_id: viewer.roles[network_id]})
        ):
            network = db.get(Network, network_id)
            if network is not None:
                options.append((network.id, network.name))
    return options


def follow_query(person_id: int, network_id: int, practice_id: int | None) -> Select[tuple[Follow]]:
    """The person's follow of the network's new practices (`practice_id` None) or of one practice."""
    return select(Follow).where(
        Follow.person_id == person_id,
        Follow.network_id == network_id,
        Follow.practice_id.is_(None) if practice_id is None else Follow.practice_id == practice_id,
    )


def is_following(db: Session, person_id: int | None, network_id: int, practice_id: int | None) -> bool:
    if person_id is None:
        return False
    return db.scalar(follow_query(person_id, network_id, practice_id)) is not None


# -- threshold types -------------------------------------------------------------------------------------


def threshold_types(db: Session, network_id: int) -> list[ThresholdType]:
    """Every threshold type of the network, retired ones last (kept per worker: `networks.cache`)."""

    def read() -> list[ThresholdType]:
        return list(
            db.scalars(
                select(ThresholdType)
                .where(ThresholdType.network_id == network_id)
                .order_by(ThresholdType.retired_at.is_not(None), ThresholdType.position, ThresholdType.label)
            )
        )

    return kept_rows(db, ("all threshold types", network_id), ThresholdType, read)


# -- network meetings ------------------------------------------------------------------------------------

PRACTICE_CHOICES = 100  # the agenda form offers the network's newest practices, not all of its thousands


def meeting_page(db: Session, network_id: int, meeting_id: int) -> dict[str, Any]:
    """A meeting with its agenda, who was there, and the choices of its forms (practices, the network's people)."""
    found = meeting(db, network_id, meeting_id)
    return {
        "meeting": found,
        "agenda": agenda(db, found),
        "practices": agenda_practices(db, network_id),
        "members": attendee_choices(db, network_id),
        "present": present(db, found),
    }


def agenda(db: Session, meeting: Meeting) -> list[tuple[AgendaItem, Practice | None]]:
    """The meeting's agenda points in order, each with the practice it is about (if any)."""
    rows = db.execute(
        select(AgendaItem, Practice)
        .outerjoin(Practice, Practice.id == AgendaItem.practice_id)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    return [(item, practice) for item, practice in rows]


def agenda_practices(db: Session, network_id: int, *, practice_id: int | None = None) -> list[tuple[int, str]]:
    """(id, title) of the network's newest practices, by title; or of the one `practice_id`, if it is the network's."""
    query = select(Practice.id, Practice.title).where(Practice.network_id == network_id)
    if practice_id is not None:
        query = query.where(Practice.id == practice_id)
    newest = query.order_by(Practice.id.desc()).limit(PRACTICE_CHOICES).subquery()
    return [(i, t) for i, t in db.execute(select(newest.c.id, newest.c.title).order_by(newest.c.title))]


def attendee_choices(db: Session, network_id: int) -> list[tuple[int, str]]:
    """(id, name) of the network's people, who can be marked present."""
    return [(person.id, person.name) for person in networks.people(db, network_id)]
