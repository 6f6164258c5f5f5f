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

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
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
    keys = list(values)
    index = {key: i for i, key in enumerate(keys)}

    def number(line: Line) -> Line:
        return Line(index[line.total], tuple(index[c] for c in line.cells))

    hidden = suppress_numbered(
        [values[key] for key in keys],
        lines=[number(line) for line in lines],
        grids=[
            Grid(
                index[g.total],
                tuple(index[r] for r in g.rows),
                tuple(index[c] for c in g.cols),
                tuple(tuple(index[c] for c in row) for row in g.cells),
            )
            for g in grids
        ],
        fixed={index[key] for key in fixed if key in index},
        k=k,
    )
    return frozenset(keys[i] for i in hidden)


def suppress_numbered(
    values: Sequence[int],
    *,
    lines: Iterable[Line] = (),
    grids: Iterable[Grid] = (),
    fixed: Iterable[int] = (),
    k: int = K,
) -> set[int]:
    """`suppress` for counts numbered 0, 1, ... (their places in `values`, which are also the tie-break between
    equal counts): the lines and grids name counts by number. For a caller that publishes hundreds of counts: no
    key is hashed while the rules run. Returns the numbers to hide."""
    if not any(0 < v < k for v in values):
        return set()  # no small count: nothing is hidden, and no rule ever hides anything
    return _Suppression(values, list(lines), list(grids), set(fixed), k).run()


def visible(value: int, key: Hashable, hidden: frozenset[Hashable]) -> int | None:
    """The count as a page may show it: None when hidden."""
    return None if key in hidden else value


class _Suppression:
    """The rules of the module on numbered counts (`suppress_numbered`). A line's rules depend only on which of its
    own counts are hidden, a line just looked at is settled, and a line without a hidden count has nothing to do (as
    a grid without one): so a line or grid is looked at only while it holds a count hidden since it was last looked
    at. That skips only looks that would hide nothing: the same counts are hidden, in the same order, as when every
    line and grid is looked at on every pass."""

    def __init__(self, values: Sequence[int], lines: list[Line], grids: list[Grid], fixed: set[int], k: int):
        self.value = values
        self.k = k
        # a line is (total, cells); a grid's lines follow the lines given, in the order of `Grid.lines`
        found: list[tuple[int, tuple[int, ...]]] = [(line.total, line.cells) for line in lines]
        grid_of_line = [-1] * len(found)
        for g, grid in enumerate(grids):
            first = len(found)
            found += [(grid.total, grid.rows), (grid.total, grid.cols)]
            found += zip(grid.rows, grid.cells, strict=True)
            found += zip(grid.cols, zip(*grid.cells, strict=True) if grid.rows else [()] * len(grid.cols), strict=True)
            grid_of_line += [g] * (len(found) - first)
        self.lines = found
        self.grid_of_line = grid_of_line
        self.grids = grids
        self.edges: list[list[tuple[int, int, int, int]] | None] = [None] * len(grids)  # made when first needed
        lines_of: dict[int, list[int]] = defaultdict(list)
        for n, (total, cells) in enumerate(found):
            lines_of[total].append(n)
            for c in cells:
                lines_of[c].append(n)
        self.lines_of = lines_of
        self.locked = fixed | self._known_zeros()  # never hidden
        self.hidden: set[int] = set()
        self.line_dirty = [False] * len(found)
        self.grid_dirty = [False] * len(grids)
        for key, v in enumerate(values):
            if 0 < v < k and key not in self.locked:
                self._hide(key)

    def _known_zeros(self) -> set[int]:
        """A total of 0 is shown (zeros are never primary), and then every cell of its line is a known 0."""
        zero_totals = {total for total, _cells in self.lines if self.value[total] == 0}
        return zero_totals | {c for total, cells in self.lines if total in zero_totals for c in cells}

    def run(self) -> set[int]:
        line_dirty, grid_dirty = self.line_dirty, self.grid_dirty
        while True:
            changed = False
            for n, (total, cells) in enumerate(self.lines):
                if line_dirty[n]:
                    changed = self._line_rule(total, cells) or changed
                    line_dirty[n] = False  # settled, also after hiding its own counts
            if changed:
                continue
            for n in range(len(self.grids)):
                if grid_dirty[n]:
                    grid_dirty[n] = False  # hiding one of its counts makes it dirty again
                    changed = self._bridge_rule(n) or changed
            if not changed:
                return self.hidden

    def _hideable(self, key: int) -> bool:
        return key not in self.hidden and key not in self.locked

    def _pick(self, keys: Iterable[int], need: int) -> int | None:
        """The complement among `keys`: the smallest count of at least 1 that brings the hidden sum to `need` (or the
        largest, to get closer), else the smallest count of at least 1, else a zero."""
        options = sorted((self.value[key], key) for key in keys if self._hideable(key))
        positive = [o for o in options if o[0] > 0]
        if need > 0:
            enough = [o for o in positive if o[0] >= need]
            if enough:
                return enough[0][1]
            if positive:
                return positive[-1][1]
        elif positive:
            return positive[0][1]
        return options[0][1] if options else None

    def _hide(self, key: int | None) -> bool:
        if key is None:
            return False
        self.hidden.add(key)
        for n in self.lines_of.get(key, ()):
            self.line_dirty[n] = True
            if (g := self.grid_of_line[n]) >= 0:  # every count of a grid is on one of its lines
                self.grid_dirty[g] = True
        return True

    def _line_rule(self, total: int, cells: tuple[int, ...]) -> bool:
        changed = False
        hidden, value = self.hidden, self.value
        if total in hidden and value[total] < self.k:  # rule 3
            for cell in cells:
                if self._hideable(cell):
                    changed = self._hide(cell)
        while True:
            hidden_cells = [c for c in cells if c in hidden]
            total_shown = total not in hidden
            count = len(hidden_cells) + (not total_shown)
            if count == 0:
                return changed
            hidden_sum = sum(value[c] for c in hidden_cells)
            need = self.k - hidden_sum if total_shown and hidden_sum < self.k else 0
            if count >= 2 and need <= 0:
                return changed
            complement = self._pick(cells, need)
            if complement is None and self._hideable(total):
                complement = total
            if not self._hide(complement):
                return changed  # nothing left to hide here: only a fixed total can be left (fewer than k in all)
            changed = True

    def _edges(self, grid: int) -> list[tuple[int, int, int, int]]:
        """(key, row node, column node, rank) as in `Grid.edges`: node 0 is the column margin's row, rows are 1..,
        the row margin's column is len(rows) + 1, columns follow it."""
        found = self.edges[grid]
        if found is None:
            g = self.grids[grid]
            first_col = len(g.rows) + 2
            found = [(key, i + 1, first_col + j, 0) for i, row in enumerate(g.cells) for j, key in enumerate(row)]
            found += [(r, i + 1, first_col - 1, 1) for i, r in enumerate(g.rows)]
            found += [(c, 0, first_col + j, 1) for j, c in enumerate(g.cols)]
            found.append((g.total, 0, first_col - 1, 2))
            self.edges[grid] = found
        return found

    def _bridge_rule(self, grid: int) -> bool:
        edges = self._edges(grid)
        hidden = [(n, r, c) for n, (key, r, c, _rank) in enumerate(edges) if key in self.hidden]
        if not hidden:
            return False
        bridges = _bridges(hidden)
        for n, r, c in hidden:
            if n not in bridges:
                continue  # on a cycle of hidden counts
            others = [e for e in hidden if e[0] != n]
            side_r = _reach(r, others)
            side_c = _reach(c, others)
            across = [
                (rank, e_key)
                for e_key, er, ec, rank in edges
                if self._hideable(e_key) and ((er in side_r and ec in side_c) or (er in side_c and ec in side_r))
            ]
            if across:
                # a count of at least 1 before a zero (a zero can only go up), a cell before a margin
                value = self.value
                across.sort(key=lambda item: (value[item[1]] == 0, item[0], value[item[1]], item[1]))
                return self._hide(across[0][1])
        return False


def _neighbours(edges: list[tuple[int, int, int]]) -> dict[int, list[tuple[int, int]]]:
    found: dict[int, list[tuple[int, int]]] = {}
    for n, r, c in edges:
        found.setdefault(r, []).append((c, n))
        found.setdefault(c, []).append((r, n))
    return found


def _reach(start: int, edges: list[tuple[int, int, int]]) -> set[int]:
    """The nodes connected to `start` through `edges` ((number, node, node))."""
    neighbours = _neighbours(edges)
    seen = {start}
    todo = [start]
    while todo:
        for nxt, _n in neighbours.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _bridges(edges: list[tuple[int, int, int]]) -> set[int]:
    """The numbers of the edges ((number, node, node)) that are on no cycle: removing one disconnects its two nodes.
    One depth-first search (Tarjan): an edge to a child is a bridge when nothing below the child reaches back above
    it; parallel edges are told apart by their number."""
    neighbours = _neighbours(edges)
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: set[int] = set()
    for root in neighbours:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack = [(root, -1, iter(neighbours[root]))]
        while stack:
            node, via, todo = stack[-1]
            for nxt, n in todo:
                if n == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = len(order)
                    stack.append((nxt, n, iter(neighbours[nxt])))
                    break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.add(via)
    return found
