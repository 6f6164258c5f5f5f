"""The running counts behind the counts page and the wijk comparison stay equal to a count of the signals
themselves, through receiving and merging (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from lerend_netwerk.signals import service, stats, tallies
from lerend_netwerk.signals.filters import Filters
from lerend_netwerk.signals.models import Signal, SignalTally
from tests.signals.helpers import add_signal


def _running(db, network_id):
    rows = db.read_sync(
        lambda s: s.execute(
            select(
                SignalTally.month, SignalTally.neighbourhood, SignalTally.theme, SignalTally.signals, SignalTally.people
            ).where(SignalTally.network_id == network_id, SignalTally.signals != 0)
        ).all()
    )
    return sorted(tuple(r) for r in rows)


def _per_wijk(db, network_id):
    """What the wijk comparison reads: the running counts per wijk."""
    return db.read_sync(lambda s: tallies.per_wijk_rows(s.execute(tallies.per_wijk_statement(network_id))))


def _recounted_per_wijk(db, network_id):
    """(signals, people) per wijk, counted from the signals that are not merged into another."""
    counted: dict[str, tuple[int, int]] = {}
    for wijk, people in db.read_sync(
        lambda s: s.execute(
            select(Signal.neighbourhood, Signal.people_count).where(
                Signal.network_id == network_id, Signal.merged_into_id.is_(None)
            )
        ).all()
    ):
        n, p = counted.get(wijk or "", (0, 0))
        counted[wijk or ""] = (n + 1, p + people)
    return counted


def _signals(db, network, n=40):
    rng = random.Random(11)
    return [
        add_signal(
            db,
            network,
            f"Signaal {i}",
            theme=rng.choice(["kind", "jeugd", ""]),
            neighbourhood=rng.choice(["Centrum", "Kouter", ""]),
            people_count=rng.randint(1, 6),
            reported_on=date(2025, 12, 20) + timedelta(days=rng.randint(0, 70)),
        )
        for i in range(n)
    ]


def test_running_counts_equal_a_recount_after_receiving_and_merging(db, network, other_network, people):
    ids = _signals(db, network)
    add_signal(db, other_network, "Elders", theme="kind", neighbourhood="Centrum")
    steering = people["steering"].id
    db.write_sync(lambda s: service.merge(s, network.id, ids[0], ids[1:4], "dubbel", actor_id=steering))
    db.write_sync(lambda s: service.merge(s, network.id, ids[10], [ids[11]], "dubbel", actor_id=steering))
    running = _running(db, network.id)
    assert sum(r[3] for r in running) == len(ids) - 4  # four signals live on inside others
    assert _per_wijk(db, network.id) == _recounted_per_wijk(db, network.id)
    db.write_sync(tallies.rebuild, network.id)
    assert _running(db, network.id) == running
    assert _per_wijk(db, network.id) == _recounted_per_wijk(db, network.id)
    assert len(_running(db, other_network.id)) == 1
    assert _per_wijk(db, other_network.id) == {"Centrum": (1, 1)}


def test_whole_months_come_from_the_running_counts_and_other_periods_from_the_signals(db, network):
    _signals(db, network)

    def rows(fn, filters):
        months, heat = db.read_sync(fn, network.id, filters)
        return (
            [tuple(int(v) for v in m) for m in months],
            sorted((w or "", t or "", int(n), int(p)) for w, t, n, p in heat),
        )

    for filters in (
        Filters(),
        Filters(theme="kind"),
        Filters(neighbourhood="Kouter", start=date(2026, 1, 1), end=date(2026, 1, 31)),
    ):
        assert tallies.covers(filters)
        assert rows(stats._tallied, filters) == rows(stats._scanned, filters)
    assert not tallies.covers(Filters(start=date(2026, 1, 15)))
    assert not tallies.covers(Filters(end=date(2026, 1, 30)))
    assert not tallies.covers(Filters(threshold="geld"))
    assert not tallies.covers(Filters(q="zwem"))
    # a period inside a month is counted from the signals: the page still shows the right total
    mid = db.read_sync(stats.counts, network.id, Filters(start=date(2026, 1, 15), end=date(2026, 2, 10)))
    whole = db.read_sync(stats.counts, network.id, Filters(start=date(2026, 1, 1), end=date(2026, 2, 28)))
    assert sum(c.signals for c in mid.per_theme) < sum(c.signals for c in whole.per_theme)


def test_the_wijk_comparison_counts_from_the_running_counts(db, network):
    add_signal(db, network, "Kouter 1", neighbourhood="Kouter", people_count=3)
    add_signal(db, network, "Kouter 2", neighbourhood="Kouter", people_count=4)
    per_wijk = db.read_sync(lambda s: tallies.per_wijk_rows(s.execute(tallies.per_wijk_statement(network.id))))
    assert per_wijk == {"Kouter": (2, 7)}
