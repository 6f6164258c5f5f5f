"""lerend_netwerk.suppression on its own: for generated two-way tables with their margins (and lines beside them),
no shown count is 1 to 4, every hidden count can still take another whole value given everything shown (a MILP
solver looks for the smallest and largest), and the hidden cells of a line with a shown total add up to 0 or at
least 5. The survey pages are attacked as a whole in tests/surveys/test_disclosure.py."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from lerend_netwerk.suppression import Grid, K, Line, suppress


def _grid(cells: list[list[int]]) -> tuple[dict, Grid]:
    rows, cols = len(cells), len(cells[0])
    values = {("n",): sum(map(sum, cells))}
    values |= {("r", i): sum(cells[i]) for i in range(rows)}
    values |= {("c", j): sum(cells[i][j] for i in range(rows)) for j in range(cols)}
    values |= {("x", i, j): cells[i][j] for i in range(rows) for j in range(cols)}
    grid = Grid(
        ("n",),
        tuple(("r", i) for i in range(rows)),
        tuple(("c", j) for j in range(cols)),
        tuple(tuple(("x", i, j) for j in range(cols)) for i in range(rows)),
    )
    return values, grid


def _determined(cells: list[list[int]], hidden: frozenset) -> list[tuple]:
    """The hidden counts that everything shown pins to one value (unknowns: the body cells, whole and >= 0)."""
    rows, cols = len(cells), len(cells[0])
    values, _grid_ = _grid(cells)
    index = {(i, j): i * cols + j for i in range(rows) for j in range(cols)}

    def row_of(key: tuple) -> np.ndarray:
        a = np.zeros(rows * cols)
        for (i, j), at in index.items():
            if key == ("n",) or key == ("r", i) or key == ("c", j) or key == ("x", i, j):
                a[at] = 1
        return a

    shown = [key for key in values if key not in hidden]
    a = np.array([row_of(key) for key in shown])
    b = np.array([values[key] for key in shown], dtype=float)
    constraints = [LinearConstraint(a, b, b)]
    found = []
    for key in hidden:
        c = row_of(key)
        low = milp(c, constraints=constraints, integrality=np.ones(len(c)), bounds=Bounds(0, np.inf)).fun
        high = -milp(-c, constraints=constraints, integrality=np.ones(len(c)), bounds=Bounds(0, np.inf)).fun
        if round(low) == round(high):
            found.append(key)
    return found


tables = st.integers(2, 4).flatmap(
    lambda rows: st.integers(2, 4).flatmap(
        lambda cols: st.lists(
            st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 14]), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(cells=tables)
def test_no_small_count_is_shown_or_computed_back_in_a_two_way_table(cells):
    values, grid = _grid(cells)
    hidden = suppress(values, grids=[grid], fixed=[("n",)] if values[("n",)] >= K else [])
    if values[("n",)] < K:
        return  # the caller shows nothing of a table under K (the survey results do so)
    assert all(not 0 < v < K for key, v in values.items() if key not in hidden)
    for line in grid.lines():
        if line.total not in hidden:
            assert sum(values[c] for c in line.cells if c in hidden) in (0, *range(K, 10_000))
    assert _determined(cells, hidden) == []


def test_a_line_alone_never_has_one_hidden_count_and_hides_at_least_k_together():
    values = {"all": 20, "self": 17, "assisted": 0, "paper": 3}
    hidden = suppress(values, lines=[Line("all", ("self", "assisted", "paper"))], fixed=["all"])
    assert hidden == {"paper", "self"}  # "assisted" (0) would leave paper + assisted = 3: a small count
    values = {"all": 30, "a": 12, "b": 9, "c": 2, "d": 7}
    assert suppress(values, lines=[Line("all", ("a", "b", "c", "d"))], fixed=["all"]) == {"c", "d"}


def test_known_zeros_stay_and_the_result_does_not_depend_on_luck():
    values, grid = _grid([[7, 0, 3], [6, 0, 9], [1, 0, 8]])
    hidden = suppress(values, grids=[grid], fixed=[("n",)])
    assert not {("c", 1), ("x", 0, 1), ("x", 1, 1), ("x", 2, 1)} & hidden  # a column of 0 is 0 for everybody
    assert suppress(values, grids=[grid], fixed=[("n",)]) == hidden
