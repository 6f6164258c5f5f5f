"""The benchmark's "where the time goes" table, from a small results dict (the benchmark itself never runs in
the test suite: tests/bench is not collected)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from lerend_netwerk.db import Database
from tests import loops
from tests.bench import counting, pages, profile, report


def request(total: float, tx: float, sql: float, handoff: float, render: float, code: float) -> dict[str, float]:
    """One request's `X-Time-*` figures, in microseconds."""
    return {"total": total, "tx": tx, "sql": sql, "handoff": handoff, "render": render, "code": code}


def test_split_adds_up_over_the_faster_requests() -> None:
    figures = [request(10_000, 5_000, 1_000, 1_000, 2_000, 1_000)] * 8 + [
        request(90_000, 5_000, 1_000, 1_000, 2_000, 1_000)
    ] * 2
    split = pages.split(figures)
    assert split["requests"] == 10 and split["kept"] == 8
    assert split["total_ms"] == 10.0 and split["max_total_ms"] == 90.0 and split["median_total_ms"] == 10.0
    assert (split["db_ms"], split["render_ms"], split["code_ms"], split["framework_ms"]) == (6.0, 2.0, 1.0, 1.0)
    assert split["db_share"] == 0.6 and split["largest"] == "db"
    assert (split["sql_ms"], split["orm_ms"], split["handoff_ms"]) == (1.0, 4.0, 1.0)


def block(breakdown: dict | None) -> dict:
    probe = {"queries": 3, "html_bytes": 1000, "gzip_bytes": 400}
    if breakdown is not None:
        probe["breakdown"] = breakdown
    return {
        "backend": "postgresql",
        "scale": 50,
        "throughput": {},
        "pages": {
            "board": {
                "title": "Signals board",
                "method": "GET",
                "expect": 200,
                "note": "",
                "probe": probe,
            }
        },
    }


def test_breakdown_table_names_the_largest_part() -> None:
    rendering = pages.split([request(20_000, 4_000, 2_000, 1_000, 12_000, 1_000)] * 5)
    section = report.breakdown_section(block(rendering))
    assert section.startswith("### PostgreSQL, scale 50\n")
    row = next(line for line in section.splitlines() if line.startswith("| Signals board"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == [
        "Signals board",
        "20.00",
        "20.0 / 20.0",
        "5.00 (25 %)",
        "2.00 / 2.00 / 1.00",
        "12.00 (60 %)",
        "1.00 (5 %)",
        "2.00 (10 %)",
        "3",
        "rendering",
    ]


def test_breakdown_section_in_the_report_only_with_figures() -> None:
    assert report.breakdown_section(block(None)) == ""
    nothing = report.breakdown_section(block({"requests": 0, "statuses": {500: 30}}))
    assert "no answer with the page's status" in nothing


def test_top_functions_from_py_spy_raw_output() -> None:
    raw = (
        "\n".join(
            [
                'process 1:"python -m tests.bench.servers";run (uvicorn/server.py:60);select (selectors.py:468) 40',
                'process 1:"python";handle (routing.py:10);root (/srv/app/templates/signals/board.html:3) 30',
                'process 1:"python";handle (routing.py:10);do_execute (/x/site-packages/sqlalchemy/engine/default.py:9) 10',
                'process 1:"python";handle (routing.py:10);do_execute (/x/site-packages/sqlalchemy/engine/default.py:12) 10',
                'process 1:"python";worker (thread.py:1);wait (threading.py:320) 5',
            ]
        )
        .replace("select (", "EpollSelector.select (")
        .replace("wait (", "Condition.wait (")
    )
    found = profile.top_functions(raw, top=2)
    assert found["samples"] == 50 and found["waiting_samples"] == 45
    assert found["top"] == [
        {"function": "root (templates/signals/board.html)", "share": 0.6},
        {"function": "do_execute (sqlalchemy/engine/default.py)", "share": 0.4},
    ]


def test_counting_cell_gets_the_figures_of_a_read_in_the_threadpool(tmp_path: Path) -> None:
    """On PostgreSQL page reads run in a worker thread with a copy of the request's context: the cell is shared."""
    db = Database(f"sqlite:///{tmp_path / 'bench.db'}")
    counting._instrument_database(db)

    async def request() -> tuple[counting.Cell, int]:
        cell = counting.Cell()
        counting._CELL.set(cell)
        one = await db.read_long(lambda s: s.execute(text("SELECT 1")).scalar())
        return cell, one

    try:
        cell, one = loops.run(request())
    finally:
        db.dispose()
    assert one == 1 and cell.queries == 1  # SQLite's spelled-out BEGIN is not counted
    assert 0 < cell.sql <= cell.tx and cell.handoff >= 0 and cell.tx_depth == 0
