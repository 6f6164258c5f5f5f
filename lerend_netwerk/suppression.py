"""Small counts of people stay hidden, and cannot be computed back from what is shown.

One rule for every page, print and export that shows counts of people (survey results, the signals figures): a count
of 1 to K-1 people is never shown (primary suppression), and enough other counts are hidden with it that no hidden
count follows from the shown ones by adding and subtracting rows, columns and totals (complementary suppression).

The caller describes what it publishes as *lines*: a total and the cells that add up to it (a one-way table, a row or
a column of a cross-table), and *grids*: two-way tables with their margins. Every count has a key; a key that appears
in several tables (the answers to one question are the margin of each of its cross-tables) is one count, hidden
everywhere or nowhere, so no two views of the same data can be subtracted. `suppress` returns the keys to hide.

The rules, applied until nothing changes:

1. Primary: a count from 1 to K-1 is hidden.
2. A line never has exactly one hidden member (else it is the total minus the rest), and when its total is shown the
   hidden cells add up to 0 or at least K (else their sum is itself a small count: "Kouter or Heikant: 1").
3. A line whose hidden total is under K hides all its cells that are not known zeros, so the pattern of hidden cells
   does not tell which answers the small group gave.
4. In a two-way table every hidden count (cell or margin) lies on a cycle of hidden counts in the graph whose nodes
   are the rows and columns (margins included) and whose edges are the counts. The equations of such a table are the
   node sums of that graph, so a hidden count is determined by adding and subtracting rows and columns exactly when
   it is a bridge; on a cycle of counts that are at least 1 it can move up and down by one.

Complements are the smallest counts that do the job, cells before totals, so as little as possible is hidden. Known
zeros (a cell whose row or column total is a shown 0, and a total of such cells) are never hidden: anybody computes
them. Counts in `fixed` are always shown (a survey's number of answers, shown on other pages too). The result is
deterministic: the same data gives the same hidden counts, on every page and in every worker.

tests/surveys/test_disclosure.py is the adversary: it takes everything a stuurgroep member can see or download and
solves the equations (with whole, non-negative numbers) for every hidden count.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

K = 5  # the smallest group whose count may be shown ("k-anonymity" with k = 5)


@dataclass(frozen=True)
class Line:
    """A total and the counts that add up to it."""

    total: Hashable
    cells: tuple[Hashable, ...]


@dataclass(frozen=True)
class Grid:
    """A two-way table: cells[i][j] add up to rows[i] along j and to cols[j] along i; rows and cols add up to total."""

    total: Hashable
    rows: tuple[Hashable, ...]
    cols: tuple[Hashable, ...]
    cells: tuple[tuple[Hashable, ...], ...]

    def lines(self) -> list[Line]:
        found = [Line(self.total, self.rows), Line(self.total, self.cols)]
        found += [Line(r, self.cells[i]) for i, r in enumerate(self.rows)]
        found += [Line(c, tuple(row[j] for row in self.cells)) for j, c in enumerate(self.cols)]
        return found

    def edges(self) -> list[tuple[Hashable, tuple[str, int], tuple[str, int], int]]:
        """(key, row node, column node, rank): the table as a bipartite graph. Rows and columns are nodes (-1 is the
        margin's node); the rank prefers cells (0) to margins (1) as complements."""
        found: list[tuple[Hashable, tuple[str, int], tuple[str, int], int]] = [
            (self.cells[i][j], ("r", i), ("c", j), 0) for i in range(len(self.rows)) for j in range(len(self.cols))
        ]
        found += [(r, ("r", i), ("c", -1), 1) for i, r in enumerate(self.rows)]
        found += [(c, ("r", -1), ("c", j), 1) for j, c in enumerate(self.cols)]
        found.append((self.total, ("r", -1), ("c", -1), 2))
        return found


def suppress(
    values: Mapping[Hashable, int],
    *,
    lines: Iterable[Line] = (),
    grids: Iterable[Grid] = (),
    fixed: Iterable[Hashable] = (),
    k: int = K,
) -> frozenset[Hashable]:
    """The keys of `values` to hide so that no count from 1 to k-1 can be read or derived (see the module)."""
    return _Suppression(values, list(lines), list(grids), set(fixed), k).run()


def visible(value: int, key: Hashable, hidden: frozenset[Hashable]) -> int | None:
    """The count as a page may show it: None when hidden."""
    return None if key in hidden else value


class _Suppression:
    def __init__(self, values: Mapping[Hashable, int], lines: list[Line], grids: list[Grid], fixed: set, k: int):
        self.values = values
        self.k = k
        self.order = {key: i for i, key in enumerate(values)}
        self.grids = grids
        self.lines = lines + [line for grid in grids for line in grid.lines()]
        self.known_zero = self._known_zeros()
        self.locked = fixed | self.known_zero  # never hidden
        self.hidden: set[Hashable] = {key for key, v in values.items() if 0 < v < k and key not in self.locked}

    def _known_zeros(self) -> set[Hashable]:
        """A total of 0 is shown (zeros are never primary), and then every cell of its line is a known 0."""
        zero_totals = {line.total for line in self.lines if self.values[line.total] == 0}
        return zero_totals | {c for line in self.lines if line.total in zero_totals for c in line.cells}

    def run(self) -> frozenset[Hashable]:
        while True:
            if any([self._line_rule(line) for line in self.lines]):
                continue
            if not any([self._bridge_rule(grid) for grid in self.grids]):
                return frozenset(self.hidden)

    def _hideable(self, key: Hashable) -> bool:
        return key not in self.hidden and key not in self.locked

    def _pick(self, keys: Iterable[Hashable], need: int) -> Hashable | None:
        """The complement among `keys`: the smallest count of at least 1 that brings the hidden sum to `need` (or the
        largest, to get closer), else the smallest count of at least 1, else a zero."""
        options = sorted((self.values[key], self.order[key], key) for key in keys if self._hideable(key))
        positive = [o for o in options if o[0] > 0]
        if need > 0:
            enough = [o for o in positive if o[0] >= need]
            if enough:
                return enough[0][2]
            if positive:
                return positive[-1][2]
        elif positive:
            return positive[0][2]
        return options[0][2] if options else None

    def _hide(self, key: Hashable | None) -> bool:
        if key is None:
            return False
        self.hidden.add(key)
        return True

    def _line_rule(self, line: Line) -> bool:
        changed = False
        if line.total in self.hidden and self.values[line.total] < self.k:  # rule 3
            for cell in line.cells:
                if self._hideable(cell):
                    changed = self._hide(cell)
        while True:
            members = [*line.cells, line.total]
            count = sum(1 for m in members if m in self.hidden)
            if count == 0:
                return changed
            total_shown = line.total not in self.hidden
            hidden_sum = sum(self.values[c] for c in line.cells if c in self.hidden)
            need = self.k - hidden_sum if total_shown and hidden_sum < self.k else 0
            if count >= 2 and need <= 0:
                return changed
            complement = self._pick(line.cells, need)
            if complement is None and self._hideable(line.total):
                complement = line.total
            if not self._hide(complement):
                return changed  # nothing left to hide here: only a fixed total can be left (fewer than k in all)
            changed = True

    def _bridge_rule(self, grid: Grid) -> bool:
        edges = grid.edges()
        hidden = [(key, r, c) for key, r, c, _rank in edges if key in self.hidden]
        for bridge in hidden:
            key, r, c = bridge
            others = [e for e in hidden if e is not bridge]
            side_r = _reach(r, others)
            if c in side_r:
                continue
            side_c = _reach(c, others)
            across = [
                (rank, e_key)
                for e_key, er, ec, rank in edges
                if self._hideable(e_key) and ((er in side_r and ec in side_c) or (er in side_c and ec in side_r))
            ]
            if across:
                # a count of at least 1 before a zero (a zero can only go up), a cell before a margin
                across.sort(
                    key=lambda item: (self.values[item[1]] == 0, item[0], self.values[item[1]], self.order[item[1]])
                )
                return self._hide(across[0][1])
        return False


def _reach(start: tuple[str, int], edges: list[tuple[Hashable, tuple[str, int], tuple[str, int]]]) -> set:
    """The nodes connected to `start` through `edges`."""
    neighbours: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for _key, r, c in edges:
        neighbours.setdefault(r, []).append(c)
        neighbours.setdefault(c, []).append(r)
    seen = {start}
    todo = [start]
    while todo:
        for nxt in neighbours.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
