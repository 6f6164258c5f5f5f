"""The board with 10,000 signals in a network stays usable: bounded columns, a "meer" link, every page answers.
How long the pages take is measured by the benchmark (python -m tests.bench), not here."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select, text

from lerend_netwerk.signals.models import Signal, SignalSource, Status
from lerend_netwerk.signals.queries import BOARD_CARDS

N = 10_000
KINDS = ["survey", "dialogue", "practice", "direct", "partner"]
STATUSES = list(Status)


def _bulk(db, network):
    def fill(session):
        themes, wijken = network.themes, network.neighbourhoods
        session.execute(
            insert(Signal),
            [
                {
                    "network_id": network.id,
                    "title": f"Signaal nummer {i} over {themes[i % len(themes)]}",
                    "description": "",
                    "theme": themes[i % len(themes)],
                    "neighbourhood": wijken[i % len(wijken)],
                    "status": STATUSES[i % len(STATUSES)] if i % 2 else Status.NEW,
                    "people_count": 1 + i % 5,
                    "reported_on": date(2026, 1, 1) - timedelta(days=i % 400),
                }
                for i in range(N)
            ],
        )
        ids = session.scalars(select(Signal.id).where(Signal.network_id == network.id)).all()
        session.execute(
            insert(SignalSource),
            [{"signal_id": i, "kind": KINDS[i % 5], "link": "", "label": "", "people_count": 1} for i in ids],
        )
        return ids

    ids = db.write_sync(fill)
    # A bulk load is followed by fresh planner statistics, as autovacuum gives a live PostgreSQL; without them
    # the planner takes the just-filled tables for empty ones and picks nested loops over 10,000 x 10,000 rows.
    db.write_sync(lambda s: s.execute(text("ANALYZE")))
    return ids


@pytest.mark.slow
def test_board_with_ten_thousand_signals_stays_usable(client, db, network, login_as):
    ids = _bulk(db, network)
    login_as("steering")
    for name, path in [
        ("board", "/n/zele/signalen"),
        ("filtered", "/n/zele/signalen?bron=survey&zoek=nummer"),
        ("figures", "/n/zele/signalen/cijfers"),
        ("detail", f"/n/zele/signalen/{ids[-1]}"),
        ("column page 2", "/n/zele/signalen?kolom=nieuw&pagina=2"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, name
        if name == "board":
            assert response.text.count('class="signal-card') == BOARD_CARDS
            assert "Meer: nog" in response.text
            assert len(response.content) < 2_500_000
