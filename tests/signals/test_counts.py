"""Counts on the board equal counts computed here, independently, from the rows (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date, timedelta

from lerend_netwerk.signals.models import Signal
from tests.conftest import csrf_from
from tests.signals.helpers import add_signal


def _fill(db, network, n=45):
    rng = random.Random(6)
    ids = []
    for i in range(n):
        ids.append(
            add_signal(
                db,
                network,
                f"Signaal {i}",
                theme=rng.choice(["kind", "jeugd", "taal", ""]),
                neighbourhood=rng.choice(["Centrum", "Kouter", "Heikant", ""]),
                people_count=rng.randint(1, 9),
                reported_on=date(2025, 11, 20) + timedelta(days=rng.randint(0, 150)),
            )
        )
    return ids


def _table(html, table_id):
    """{row header: (signals, people)} from one of the data tables beside the charts; hidden people are None."""
    body = html.split(f'id="tabel-{table_id}"', 1)[1].split("</table>", 1)[0]
    return {
        key: (int(n), int(p) if p.isdigit() else None)
        for key, n, p in re.findall(
            r'<th scope="row">([^<]*)</th><td>(\d+)</td><td>(\d+|<span class="hidden-count">)', body
        )
    }


def _hidden_as_needed(shown, expected):
    """Shown counts are the real ones; a count of 1 to 4 people is hidden, and never alone in its table."""
    assert shown.keys() == expected.keys()
    for key, (signals, people) in expected.items():
        assert shown[key][0] == signals
        assert shown[key][1] in (people, None)
        if 0 < people < 5:
            assert shown[key][1] is None
    assert sum(1 for _s, p in shown.values() if p is None) != 1


def test_counts_equal_an_independent_count(client, db, network, other_network, login_as):
    ids = _fill(db, network)
    add_signal(db, other_network, "Niet meetellen", theme="kind", neighbourhood="Centrum")
    login_as("steering")
    page = client.get(f"/n/zele/signalen/{ids[0]}")
    # a merge: the merged signal no longer counts on its own, its people move to the target
    client.post(
        f"/n/zele/signalen/{ids[0]}/samenvoegen",
        data={"nummer": str(ids[1]), "reden": "dubbel", "csrf_token": csrf_from(page.text)},
    )

    rows = db.read_sync(
        lambda s: [
            (r.theme, r.neighbourhood, r.reported_on, r.people_count)
            for r in s.query(Signal).filter(Signal.network_id == network.id, Signal.merged_into_id.is_(None))
        ]
    )
    assert len(rows) == len(ids) - 1

    def expected(key):
        signals, people = Counter(), Counter()
        for row in rows:
            signals[key(row) or "(geen)"] += 1
            people[key(row) or "(geen)"] += row[3]
        return {k: (signals[k], people[k]) for k in signals}

    html = client.get("/n/zele/signalen/cijfers").text
    assert _table(html, "thema") == expected(lambda r: r[0])  # every theme and wijk has enough people to show
    assert _table(html, "wijk") == expected(lambda r: r[1])
    _hidden_as_needed(_table(html, "maand"), expected(lambda r: r[2].strftime("%Y-%m")))
    heat = Counter((r[1] or "(geen)", r[0] or "(geen)") for r in rows)
    body = html.split('id="tabel-warmte"', 1)[1].split("</table>", 1)[0]
    themes = re.findall(r'<th scope="col">([^<]*)</th>', body)[1:]
    for wijk, cells in re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', body):
        values = [int(v) for v in re.findall(r"<td[^>]*>(\d+)</td>", cells)]
        assert values == [heat[(wijk, t)] for t in themes]
    assert '<svg class="chart" role="img"' in html and "<title" in html

    # the same with a filter: only "kind", reported from 1 January
    filtered = [r for r in rows if r[0] == "kind" and r[2] >= date(2026, 1, 1)]
    html = client.get("/n/zele/signalen/cijfers?thema=kind&van=2026-01-01").text
    wijken = {
        k: (sum(1 for r in filtered if (r[1] or "(geen)") == k), sum(r[3] for r in filtered if (r[1] or "(geen)") == k))
        for k in {r[1] or "(geen)" for r in filtered}
    }
    _hidden_as_needed(_table(html, "wijk"), wijken)
    assert any(0 < people < 5 for _s, people in wijken.values())  # the filter made a small group: it is hidden
    # a period that starts within a month is not in the running counts: the signals themselves are counted
    mid_month = [r for r in rows if r[2] >= date(2026, 1, 15)]
    assert 0 < len(mid_month) < len(rows)
    html = client.get("/n/zele/signalen/cijfers?van=2026-01-15").text
    for table, column in (("thema", 0), ("wijk", 1)):
        keys = {r[column] or "(geen)" for r in mid_month}
        _hidden_as_needed(
            _table(html, table),
            {
                k: (
                    sum(1 for r in mid_month if (r[column] or "(geen)") == k),
                    sum(r[3] for r in mid_month if (r[column] or "(geen)") == k),
                )
                for k in keys
            },
        )
    # and the board's column counts agree with the rows too
    board = client.get("/n/zele/signalen").text
    assert f'Nieuw <span class="count">({len(rows)})</span>' in board


def test_bad_filters_come_back_with_a_message(client, network, login_as):
    login_as("steering")
    response = client.get("/n/zele/signalen?thema=<script>&van=morgen&tot=2020-01-01")
    assert response.status_code == 422
    assert "Kies een van de mogelijkheden" in response.text and "Vul een datum in" in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]
