"""Generated practices with their versions, search index, comments, adoptions, follows and network meetings."""

from __future__ import annotations

import random
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from lerend_netwerk import audit
from lerend_netwerk.meetings.models import AgendaItem, Attendance, Body, Meeting
from lerend_netwerk.networks.models import Role
from lerend_netwerk.practices import search
from lerend_netwerk.practices.demo import STORY as DEMO_STORY
from lerend_netwerk.practices.models import (
    Adoption,
    Comment,
    Follow,
    Practice,
    PracticeVersion,
    Status,
    Visibility,
    pack,
)
from lerend_netwerk.practices.service import VERSIONED
from lerend_netwerk.scale import practice_words as words
from lerend_netwerk.scale.bulk import Loader
from lerend_netwerk.scale.people import Net
from lerend_netwerk.scale.volumes import Clock

VISIBILITIES = [Visibility.NETWORK] * 9 + [Visibility.REGION] * 3 + [Visibility.PUBLIC] * 8
STAFF = (Role.MEMBER, Role.FACILITATOR, Role.COORDINATOR)
INDEX_BATCH = 2_000


def _story(rng: random.Random, thresholds: list[str], wijk: str, contact: str) -> str:
    if rng.random() < 0.15:
        return DEMO_STORY
    problem = rng.choice(words.PROBLEMS.get(thresholds[0], words.PROBLEMS["informatie"]))
    steps = "\n".join(f"- {step};" for step in rng.sample(words.STEPS, rng.randint(3, 5)))
    return "\n\n".join(
        [
            words.STORY_START.format(wijk=wijk, problem=problem),
            "## Hoe we het aanpakken\n\n" + steps,
            "## Wat we leerden\n\n" + " ".join(rng.sample(words.LESSONS, 2)),
            words.STORY_END.format(contact=contact),
        ]
    )


def generate(load: Loader, rng: random.Random, clock: Clock, nets: list[Net], counts: list[int]) -> dict[int, list]:
    """Practices per network (`counts`); returns the published ones per network id as (id, title) pairs."""
    published: dict[int, list[tuple[int, str]]] = {net.id: [] for net in nets}
    documents: list[tuple[int, str, str, str]] = []
    for net, count in zip(nets, counts, strict=True):
        for _ in range(count):
            row = _practice(load, rng, clock, net, nets)
            if row["status"] == Status.PUBLISHED:
                published[net.id].append((row["id"], row["title"]))
            org = next(name for oid, name, _ in net.organisations if oid == row["organisation_id"])
            documents.append((row["id"], *search.document(SimpleNamespace(**row), org)))
            if len(documents) >= INDEX_BATCH:
                load.flush()  # the PostgreSQL index is a column of the practice row: write the rows first
                search.index_many(load.conn, documents)
                documents = []
        _meetings(load, rng, clock, net, published[net.id])
        for person_id, _, _ in net.people[Role.MEMBER]:
            if rng.random() < 0.3:  # new practices of the network by e-mail digest
                load.add(
                    Follow,
                    {
                        "id": load.next_id(Follow),
                        "person_id": person_id,
                        "network_id": net.id,
                        "practice_id": None,
                        "last_sent_at": clock.now,
                    },
                )
    load.flush()
    search.index_many(load.conn, documents)
    return published


def _practice(load: Loader, rng: random.Random, clock: Clock, net: Net, nets: list[Net]) -> dict[str, Any]:
    title, summary, thresholds, groups, sector = rng.choice(words.IDEAS)
    thresholds = [t for t in thresholds if t in net.thresholds] or ["informatie"]
    created_on = clock.day_in_past(rng, newest=1)
    created = clock.moment(created_on, rng)
    status = Status.PUBLISHED if rng.random() < 0.92 else Status.DRAFT
    published = min(created + timedelta(days=rng.randint(0, 14)), clock.now) if status == Status.PUBLISHED else None
    wijk = rng.choice(net.wijken)
    org_id = next((o for o, _, s in rng.sample(net.organisations, len(net.organisations)) if s == sector), None)
    org_id = org_id or rng.choice(net.organisations)[0]
    author_id, author_name, author_email = net.person(rng.choice((Role.MEMBER, Role.MEMBER, Role.FACILITATOR)), rng)
    variant = rng.choice(words.VARIANTS)
    row = {
        "id": load.next_id(Practice),
        "network_id": net.id,
        "organisation_id": org_id,
        "author_id": author_id,
        "title": variant.format(title=title, wijk=wijk, m=net.municipality, year=created_on.year)[:150],
        "summary": summary,
        "story": _story(rng, thresholds, wijk, author_name),
        "thresholds": pack(thresholds),
        "target_groups": pack(groups),
        "sector": sector,
        "cost": rng.choice(words.COSTS),
        "worked": " ".join(rng.sample(words.WORKED, 2)),
        "not_worked": rng.choice(words.NOT_WORKED),
        "partners": ", ".join(name for _, name, _ in rng.sample(net.organisations, 2)),
        "contact_name": author_name,
        "contact_email": author_email,
        "status": status,
        "visibility": rng.choice(VISIBILITIES),
        "version": rng.choice((1, 1, 1, 1, 1, 1, 1, 2, 2, 3)),
        "signal_id": None,
        "created_at": created,
        "updated_at": published or created,
        "published_at": published,
    }
    load.add(Practice, row)
    _history(load, rng, clock, net, row, nets)
    return row


def _history(load: Loader, rng: random.Random, clock: Clock, net: Net, row: dict[str, Any], nets: list[Net]) -> None:
    """Earlier versions, comments, adoptions by other networks, follows, and the audit trail of its creation."""
    for number in range(1, row["version"]):
        content = {key: "" if row[key] is None else str(row[key]) for key in VERSIONED}
        content["summary"] = content["summary"].split(",")[0]
        load.add(
            PracticeVersion,
            {
                "id": load.next_id(PracticeVersion),
                "practice_id": row["id"],
                "number": number,
                "editor_id": row["author_id"],
                "saved_at": row["created_at"] + timedelta(days=number),
                "content": content,
            },
        )
    _audit(load, row, "practice.created", row["created_at"], status=row["status"].value)
    if row["published_at"] is None:
        return
    _audit(load, row, "practice.published", row["published_at"])
    for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 2, 3, 4))):
        author = net.person(rng.choice(STAFF), rng)[0]
        load.add(
            Comment,
            {
                "id": load.next_id(Comment),
                "practice_id": row["id"],
                "author_id": author,
                "body": rng.choice(words.COMMENTS),
                "created_at": min(row["published_at"] + timedelta(days=rng.randint(0, 120)), clock.now),
                "hidden_at": None,
                "hidden_reason": "",
            },
        )
    if row["visibility"] != Visibility.NETWORK and rng.random() < 0.1:
        other = rng.choice(nets)
        if other.id != net.id:
            load.add(
                Adoption,
                {
                    "id": load.next_id(Adoption),
                    "practice_id": row["id"],
                    "network_id": other.id,
                    "organisation_id": rng.choice(other.organisations)[0],
                    "person_id": other.person(Role.MEMBER, rng)[0],
                    "municipality": other.municipality,
                    "note": rng.choice(words.ADOPTIONS),
                    "created_at": min(row["published_at"] + timedelta(days=rng.randint(10, 200)), clock.now),
                },
            )
    if rng.random() < 0.05:
        follower = net.person(Role.MEMBER, rng)[0]
        if follower != row["author_id"]:
            load.add(
                Follow,
                {
                    "id": load.next_id(Follow),
                    "person_id": follower,
                    "network_id": net.id,
                    "practice_id": row["id"],
                    "last_sent_at": clock.now,
                },
            )


def _audit(load: Loader, row: dict[str, Any], action: str, at: Any, **details: Any) -> None:
    load.add(
        audit.AuditEvent,
        {
            "id": load.next_id(audit.AuditEvent),
            "at": at,
            "network_id": row["network_id"],
            "actor_id": row["author_id"],
            "action": action,
            "subject_type": "practice",
            "subject_id": row["id"],
            "details": details,
        },
    )


def _meetings(load: Loader, rng: random.Random, clock: Clock, net: Net, practices: list[tuple[int, str]]) -> None:
    """A netwerkmoment each season for three years (minutes and attendance for past ones), and the next one."""
    staff = [p[0] for role in STAFF for p in net.people[role]]
    for k in range(-12, 1):
        starts = clock.now + timedelta(days=91 * k + 30 + rng.randint(-10, 10), hours=18)
        past = starts < clock.now
        meeting_id = load.next_id(Meeting)
        load.add(
            Meeting,
            {
                "id": meeting_id,
                "network_id": net.id,
                "body": Body.NETWORK,
                "group_id": None,
                "title": words.MEETINGS[(k + 12) % 4],
                "starts_at": starts,
                "place": rng.choice(net.organisations)[1],
                "minutes": " ".join(rng.sample(words.MINUTES, 2)) if past else "",
                "created_at": starts - timedelta(days=30),
            },
        )
        for position, (practice_id, title) in enumerate(rng.sample(practices, min(3, len(practices)))):
            load.add(
                AgendaItem,
                {
                    "id": load.next_id(AgendaItem),
                    "meeting_id": meeting_id,
                    "position": position,
                    "title": title[:200] if position else rng.choice(words.MEETING_POINTS),
                    "practice_id": practice_id if position else None,
                    "signal_id": None,
                },
            )
        if past:
            for person_id in rng.sample(staff, min(len(staff), rng.randint(5, 12))):
                load.add(Attendance, {"id": load.next_id(Attendance), "meeting_id": meeting_id, "person_id": person_id})
