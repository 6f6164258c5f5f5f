"""Generated signals: raised over three years from every kind of source (linking back to generated practices,
sessions and surveys), moved along the board with who and why, decided, followed up, reported back, some merged
as duplicates, and put on the agendas of stuurgroep meetings."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from lerend_netwerk.meetings.models import AgendaItem, Attendance, Body, Meeting
from lerend_netwerk.networks.models import Role
from lerend_netwerk.scale import signal_words as words
from lerend_netwerk.scale.bulk import Loader
from lerend_netwerk.scale.people import Net
from lerend_netwerk.scale.volumes import Clock
from lerend_netwerk.signals.models import (
    DECIDED,
    Signal,
    SignalContact,
    SignalEvent,
    SignalFollowUp,
    SignalSource,
    Status,
)
from lerend_netwerk.signals.service import meeting_start

ROAD = [Status.NEW, Status.BUNDLED, Status.ANALYSED, Status.DECIDED, Status.IN_ACTION, Status.REPORTED_BACK]
MERGE_CHANCE = 0.5  # of new signals worded like an open one: 1 to 2 % of all signals end up merged


@dataclass(frozen=True)
class Handed:
    """A point another capability hands to the board, like `signals.service.Incoming` with where it sits."""

    network_id: int
    kind: str  # the source kind, as its capability declares it ("dialogue", "survey")
    title: str
    theme: str
    people_count: int
    ref_id: int
    link: str
    label: str
    reported_on: date


Links = dict[str, list[tuple[int, str, str]]]  # source kind -> (ref id, link, label) of a network's sources


def _road(target: Status) -> list[Status]:
    if target == Status.NOT_RETAINED:
        return [Status.NEW, Status.BUNDLED, Status.ANALYSED, Status.NOT_RETAINED]
    return ROAD[: ROAD.index(target) + 1]


def generate(
    load: Loader,
    rng: random.Random,
    clock: Clock,
    nets: list[Net],
    counts: list[int],
    handed: list[Handed],
    links: dict[int, Links],
) -> list[int]:
    """`counts` signals per network, the `handed` ones among them; returns the ids of the handed ones, in order."""
    handed_ids: list[int] = [0] * len(handed)
    for net, count in zip(nets, counts, strict=True):
        mine = [(n, h) for n, h in enumerate(handed) if h.network_id == net.id]
        seeds = [_seed_from(rng, net, h, n) for n, h in mine]
        seeds += [_seed(rng, clock, net, links.get(net.id, {})) for _ in range(max(0, count - len(mine)))]
        seeds.sort(key=lambda s: (s["reported_on"], s["title"]))
        rows = [_signal(load, rng, clock, net, seed) for seed in seeds]
        for row in rows:
            if row["handed"] is not None:
                handed_ids[row["handed"]] = row["id"]
        _merge(rng, rows)
        for row in rows:
            _write(load, rng, clock, net, row)
        _meetings(load, rng, clock, net, rows)
    return handed_ids


def _seed_from(rng: random.Random, net: Net, item: Handed, index: int) -> dict[str, Any]:
    return {
        "title": item.title[:200],
        "theme": item.theme,
        "people_count": item.people_count,
        "reported_on": item.reported_on,
        "kind": item.kind,
        "ref_id": item.ref_id,
        "link": item.link,
        "label": item.label[:200],
        "handed": index,
        "by": net.person(Role.FACILITATOR, rng)[0],
        "neighbourhood": rng.choice(net.wijken),
    }


def _seed(rng: random.Random, clock: Clock, net: Net, links: Links) -> dict[str, Any]:
    kind = rng.choices(words.KINDS, words.KIND_WEIGHTS)[0]
    ref_id, link, label = rng.choice(links[kind]) if links.get(kind) else (None, "", words.SOURCE_LABELS[kind])
    wijk = rng.choice(net.wijken)
    return {
        "title": rng.choice(words.TITLES) + rng.choice(words.QUALIFIERS).format(wijk=wijk),
        "neighbourhood": wijk,
        "theme": rng.choice(net.themes),
        "people_count": rng.choices(range(1, 13), [30, 20, 14, 10, 7, 5, 4, 3, 2, 2, 2, 1])[0],
        "reported_on": clock.day_in_past(rng),
        "kind": kind,
        "ref_id": ref_id,
        "link": link,
        "label": label[:200],
        "handed": None,
        "by": None if kind == "direct" else net.person(Role.FACILITATOR, rng)[0],
    }


def _signal(load: Loader, rng: random.Random, clock: Clock, net: Net, seed: dict[str, Any]) -> dict[str, Any]:
    age = (clock.today - seed["reported_on"]).days
    statuses, weights = next((s, w) for limit, s, w in words.STATUS_BY_AGE if age < limit)
    created = clock.moment(seed["reported_on"], rng)
    return {
        **seed,
        "id": load.next_id(Signal),
        "network_id": net.id,
        "description": words.DIRECT_DESCRIPTION
        if seed["kind"] == "direct"
        else rng.choice(words.DESCRIPTIONS).format(label=seed["label"]),
        "threshold_code": rng.choice(net.thresholds),
        "status": rng.choices(statuses, weights)[0],
        "merged_into_id": None,
        "created_by_id": seed["by"],
        "created_at": created,
        "updated_at": created,
        "moved_in": [],  # sources and counts of duplicates merged into this one
    }


def _merge(rng: random.Random, rows: list[dict[str, Any]]) -> None:
    """Fold a few new duplicates into an older open signal with the same title, as `service.merge` does."""
    open_by_title: dict[str, dict[str, Any]] = {}
    for row in rows:
        target = open_by_title.get(row["title"])
        if target is not None and row["status"] == Status.NEW and rng.random() < MERGE_CHANCE:
            row["merged_into_id"] = target["id"]
            target["people_count"] += row["people_count"]
            target["moved_in"].append(row)
        elif row["status"] not in (Status.NOT_RETAINED, Status.REPORTED_BACK):
            open_by_title[row["title"]] = row


def _write(load: Loader, rng: random.Random, clock: Clock, net: Net, row: dict[str, Any]) -> None:
    steering = net.person(Role.STEERING, rng)[0]
    events, at = _events(rng, clock, row, steering)
    published = (
        at
        if row["status"] == Status.REPORTED_BACK or (row["status"] == Status.NOT_RETAINED and rng.random() < 0.5)
        else None
    )
    row["updated_at"] = at
    load.add(Signal, {key: row[key] for key in SIGNAL_COLUMNS})
    if row["merged_into_id"] is None:  # a merged signal's source moved over to the one it was merged into
        own = row["people_count"] - sum(m["people_count"] for m in row["moved_in"])
        for source, people in [(row, own), *((m, m["people_count"]) for m in row["moved_in"])]:
            load.add(
                SignalSource,
                {
                    "id": load.next_id(SignalSource),
                    "signal_id": row["id"],
                    "kind": source["kind"],
                    "ref_id": source["ref_id"],
                    "link": source["link"],
                    "label": source["label"],
                    "people_count": people,
                    "created_at": source["created_at"],
                },
            )
    for event in events:
        load.add(SignalEvent, {"id": load.next_id(SignalEvent), "signal_id": row["id"], **event})
    if rng.random() < 0.1:
        load.add(
            SignalContact,
            {
                "id": load.next_id(SignalContact),
                "signal_id": row["merged_into_id"] or row["id"],
                # the platform blanks an address once the person was told (service.contacts_told)
                "email": "" if published else f"melder{row['id']}@example.be",
                "consent_at": row["created_at"],
                "notified_at": published,
            },
        )
    if row["status"] in DECIDED and row["merged_into_id"] is None:
        _follow_up(load, rng, clock, net, row, published)


SIGNAL_COLUMNS = [c.name for c in Signal.__table__.columns]


def _events(rng: random.Random, clock: Clock, row: dict[str, Any], actor: int) -> tuple[list[dict[str, Any]], datetime]:
    at = row["created_at"]
    events = [_event(at, row["created_by_id"], "created", None, Status.NEW, "")]
    road = _road(row["status"])
    for before, after in zip(road, road[1:], strict=False):
        at = min(at + timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 600)), clock.now)
        reason = "Terugkoppeling gepubliceerd" if after == Status.REPORTED_BACK else words.REASON[after]
        events.append(_event(at, actor, "moved", before, after, reason))
        if after == Status.DECIDED:
            events.append(_event(at, actor, "edited", None, None, "Opvolging aangepast"))
    for merged in row["moved_in"]:
        moment = min(merged["created_at"] + timedelta(days=rng.randint(1, 10)), clock.now)
        events.append(_event(moment, actor, "merged", None, None, f"Signaal {merged['id']} samengevoegd: dubbel"))
    if row["merged_into_id"] is not None:
        moment = min(at + timedelta(days=rng.randint(1, 10)), clock.now)
        events.append(_event(moment, actor, "merged", Status.NEW, None, "Dezelfde vraag als een ouder signaal"))
    return events, max(e["at"] for e in events)


def _event(at: datetime, actor: int | None, kind: str, before: Status | None, after: Status | None, reason: str):  # noqa: ANN202
    return {
        "at": at,
        "actor_id": actor,
        "kind": kind,
        "from_status": before.value if before else None,
        "to_status": after.value if after else None,
        "reason": reason,
    }


def _follow_up(
    load: Loader, rng: random.Random, clock: Clock, net: Net, row: dict[str, Any], published: datetime | None
) -> None:
    acting = row["status"] in (Status.DECIDED, Status.IN_ACTION)
    late = acting and rng.random() < 0.15
    due = clock.today + timedelta(days=rng.randint(-20, -1) if late else rng.randint(7, 90)) if acting else None
    by_person = rng.random() < 0.6
    load.add(
        SignalFollowUp,
        {
            "signal_id": row["id"],
            "network_id": net.id,
            "trekker_person_id": net.person(Role.FACILITATOR, rng)[0] if by_person else None,
            "trekker_organisation_id": None if by_person else rng.choice(net.organisations)[0],
            "decision": rng.choice(words.DECISIONS),
            "action": rng.choice(words.ACTIONS) if row["status"] != Status.NOT_RETAINED else "",
            "action_organisation_id": rng.choice(net.organisations)[0],
            "due_on": due,
            "internal_note": rng.choice(words.NOTES),
            "feedback": rng.choice(
                words.NOT_RETAINED_FEEDBACK if row["status"] == Status.NOT_RETAINED else words.FEEDBACK
            )
            if published or rng.random() < 0.2
            else "",
            "feedback_published_at": published,
            "updated_at": row["updated_at"],
        },
    )


def _meetings(load: Loader, rng: random.Random, clock: Clock, net: Net, rows: list[dict[str, Any]]) -> None:
    """A stuurgroep meeting every six weeks for three years, and the next one, each with a few signals on its
    agenda; the past ones with minutes and who of the stuurgroep was there."""
    stuurgroep = [p[0] for p in net.people[Role.STEERING]] + [p[0] for p in net.people[Role.COORDINATOR]]
    open_rows = [r for r in rows if r["merged_into_id"] is None]
    for k in range(-26, 1):
        day = clock.today + timedelta(days=42 * k + 14)
        known = [r for r in open_rows if r["reported_on"] < day]
        if not known:
            continue
        meeting_id = load.next_id(Meeting)
        past = day < clock.today
        load.add(
            Meeting,
            {
                "id": meeting_id,
                "network_id": net.id,
                "body": Body.STEERING,
                "group_id": None,
                "title": "Stuurgroep " + day.strftime("%d-%m-%Y"),
                "starts_at": meeting_start(day),
                "place": "",
                "minutes": "We bespraken de signalen op de agenda en namen beslissingen." if past else "",
                "created_at": clock.moment(min(day - timedelta(days=14), clock.today), rng),
            },
        )
        picked = rng.sample(known[-200:], min(len(known), rng.randint(4, 8)))
        for position, signal in enumerate(sorted(picked, key=lambda r: r["id"])):
            load.add(
                AgendaItem,
                {
                    "id": load.next_id(AgendaItem),
                    "meeting_id": meeting_id,
                    "position": position,
                    "title": signal["title"][:200],
                    "practice_id": None,
                    "signal_id": signal["id"],
                },
            )
        if past:
            for person_id in rng.sample(stuurgroep, min(len(stuurgroep), rng.randint(2, 5))):
                load.add(Attendance, {"id": load.next_id(Attendance), "meeting_id": meeting_id, "person_id": person_id})
