"""Realistic volume for benchmarks: `generate(database, scale)` fills an empty database with max(3, N) networks,
400·N practices, 200·N offers, 4,000·N signals, 40·N dialogue sessions with 800·N sign-ups, 10·N surveys with 20,000·N
answered questions, and the network's work (per network: five working groups with three years of meetings, a plan of 30
actions, three years of figures per wijk), all linear in N and the same for the same seed on the same day.

Network 1 is the large city (a fifth of everything once there are five or more networks); its first survey is
open and holds a tenth of all answers. Every network's coordinator logs in as `coordinatorN@demo.lerend-netwerk.be`
(N = 1, 2, ...; coordinator1 is also platform administrator), for instance with `lerend-netwerk login-link`.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from lerend_netwerk.db import Database
from lerend_netwerk.networks.models import Network
from lerend_netwerk.registry import Registry
from lerend_netwerk.scale import dialogue, offers, people, practices, signals, surveys, work
from lerend_netwerk.scale.bulk import Loader, analyse, tuned, unconstrained
from lerend_netwerk.scale.people import coordinator_email
from lerend_netwerk.scale.volumes import YEARS, Clock, Volumes, shares
from lerend_netwerk.settings import DEFAULT_SECRET
from lerend_netwerk.signals import tallies

__all__ = ["NotEmptyError", "coordinator_email", "generate"]


class NotEmptyError(RuntimeError):
    """The database already has networks: the generator only fills an empty one."""


def generate(database: Database, scale: int, *, seed: int = 1, secret_key: str = DEFAULT_SECRET) -> dict[str, int]:
    """Fill an empty, migrated database; returns what was made: the headline counts (networks, practices, signals,
    sessions, signups, surveys, answers = answered questions), then the rows written per table.

    `secret_key` is the server secret the personal sign-up links are made with (they only work with that one)."""
    volumes = Volumes.at(scale)
    today = datetime.now(UTC).date()
    clock = Clock(today, datetime(today.year, today.month, today.day, tzinfo=UTC))
    with database.write_engine.connect() as conn, tuned(conn), conn.begin():
        if conn.scalar(select(func.count()).select_from(Network)):
            raise NotEmptyError("The database already has networks.")
        load = Loader(conn)
        with unconstrained(conn):
            answered = _fill(load, volumes, clock, seed, secret_key)
        with load.step("tallies"):
            surveys.recount(load)
            tallies.rebuild(load.conn)
        load.finish()
    with database.engine.connect() as conn, load.step("analyse"):
        analyse(conn)
        conn.commit()
    rows = load.counts
    return {
        "networks": rows["network"],
        "practices": rows["practice"],
        "offers": rows["offer"],
        "signals": rows["signal"],
        "sessions": rows["dialogue_session"],
        "signups": rows["dialogue_signup"],
        "surveys": rows["survey"],
        "answers": answered,
        **dict(sorted(rows.items())),
    }


def _fill(load: Loader, volumes: Volumes, clock: Clock, seed: int, secret_key: str) -> int:
    """Every capability in turn (the signals last: they link back to the others); returns the answered questions."""
    rng = {
        part: random.Random(f"{seed}:{part}")
        for part in ("people", "practices", "offers", "dialogue", "surveys", "signals", "work")
    }
    with load.step("networks"):
        nets = people.networks(load, rng["people"], volumes.networks, clock.now - timedelta(days=365 * YEARS + 60))
    parts = len(nets)
    with load.step("practices"):
        published = practices.generate(load, rng["practices"], clock, nets, shares(volumes.practices, parts))
    with load.step("offers"):
        offers.generate(load, rng["offers"], clock, nets, shares(volumes.offers, parts))
    with load.step("dialogue"):
        sessions, points = dialogue.generate(
            load,
            rng["dialogue"],
            clock,
            nets,
            shares(volumes.sessions, parts),
            shares(volumes.signups, parts),
            secret_key,
        )
    with load.step("surveys"):
        survey_links, survey_lines, answered = surveys.generate(
            load, rng["surveys"], clock, nets, shares(volumes.surveys, parts), volumes.answers
        )
    from_points = dialogue.handed(points)
    urls = Registry.build().urls
    links = {
        net.id: {
            "practice": [
                (pid, urls.path("practices:detail", network=net.slug, id=pid), t) for pid, t in published[net.id]
            ],
            "dialogue": sessions[net.id],
            "survey": survey_links[net.id],
        }
        for net in nets
    }
    with load.step("signals"):
        ids = signals.generate(
            load, rng["signals"], clock, nets, shares(volumes.signals, parts), from_points + survey_lines, links
        )
        dialogue.write_points(load, points, ids[: len(from_points)])
        surveys.write_links(load, survey_lines, ids[len(from_points) :], clock)
    with load.step("work"):
        work.generate(load, rng["work"], clock, nets)
    return answered
