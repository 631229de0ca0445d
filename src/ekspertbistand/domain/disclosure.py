"""Statistical disclosure control for the statistics pages and exports (decision 0055).

A table is a grid of counts (rows × columns) that is published with its row totals, its column
totals and its grand total. Counts from 1 to 4 are *primary* suppressed (shown «<5»). A hidden
cell must not be recoverable by subtraction from the published margins, so more cells are
*secondary* suppressed (shown «x») until no hidden cell is determined by the published numbers.

The method works on the table *with* its margins: the R×C cells, the R row totals, the C column
totals and the grand total form an (R+1)×(C+1) grid in which every row and every column adds up
(the total with the opposite sign). Seen as a bipartite graph – one node per row, one per
column, one edge per hidden cell – a hidden cell's value is fixed by the published numbers
exactly when its edge lies on no cycle (a bridge); on a cycle it can move by ±1 around the cycle
while every published number stays the same. So: suppress the primary cells, then, while any
hidden cell is a bridge, hide a cell that puts it on a cycle at once, else the smallest
non-zero published cell in its row or column (interior cells before totals). Zeros are never
used as secondary cells (a zero tells the remainder), and the process ends because a table
with every non-zero cell hidden has no bridges (the cells form a circulation, and a non-zero
value cannot cross a bridge).

Money (kr) in a cell follows the cell's count: a sum is hidden whenever the count of cases it is
built from is hidden. Tables over the same population that publish the same margin are linked
with :func:`protect_linked`, which carries a hidden margin into every table that shows it.

Limits (decision 0055): the method protects against exact recovery from one table's margins and
from linked tables over the same categories; it gives no guaranteed width of the interval an
attacker can derive, and it does not protect against differencing between different filter
choices (year, county) beyond what the threshold on every published cell gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 5
PRIMARY_MARK = "<5"
SECONDARY_MARK = "x"

Cell = tuple[int, int]


def is_small(count: int, threshold: int = THRESHOLD) -> bool:
    """A count that must not be published on its own: 1 to threshold − 1 (zero is published)."""
    return 0 < count < threshold


@dataclass(frozen=True)
class Protected:
    """A table with its margins and the cells that must not be shown.

    ``grid`` is the (R+1)×(C+1) grid: row ``R`` holds the column totals, column ``C`` the row
    totals, ``grid[R][C]`` the grand total.
    """

    grid: tuple[tuple[int, ...], ...]
    primary: frozenset[Cell]
    hidden: frozenset[Cell]

    @property
    def rows(self) -> int:
        return len(self.grid) - 1

    @property
    def columns(self) -> int:
        return len(self.grid[0]) - 1

    def value(self, row: int, column: int) -> int:
        return self.grid[row][column]

    def is_hidden(self, row: int, column: int) -> bool:
        return (row, column) in self.hidden

    def shown(self, row: int, column: int) -> str:
        """What a table, chart or export shows for that cell."""
        if (row, column) in self.primary:
            return PRIMARY_MARK
        if (row, column) in self.hidden:
            return SECONDARY_MARK
        return str(self.grid[row][column])

    def published(self, row: int, column: int) -> int | None:
        """The number an export writes, or None when it is hidden."""
        return None if (row, column) in self.hidden else self.grid[row][column]

    def hidden_row_totals(self) -> frozenset[int]:
        return frozenset(r for r, c in self.hidden if c == self.columns and r < self.rows)


def with_margins(counts: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    if not counts or not counts[0]:
        raise ValueError("A table needs at least one row and one column.")
    width = len(counts[0])
    if any(len(row) != width for row in counts):
        raise ValueError("Every row of a table must have the same number of columns.")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("Counts cannot be negative.")
    rows = [(*row, sum(row)) for row in counts]
    totals = tuple(sum(row[c] for row in rows) for c in range(width + 1))
    return (*(tuple(r) for r in rows), totals)


def _adjacency(hidden: Iterable[Cell]) -> dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]]:
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = {}
    for r, c in hidden:
        adjacency.setdefault(("r", r), []).append((("c", c), (r, c)))
        adjacency.setdefault(("c", c), []).append((("r", r), (r, c)))
    return adjacency


def _reachable(adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]],
               start: tuple[str, int], without: Cell) -> set[tuple[str, int]]:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        for nxt, edge in adjacency.get(node, []):
            if edge != without and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def bridges(hidden: Iterable[Cell]) -> list[Cell]:
    """Hidden cells whose edge (row node – column node) lies on no cycle of hidden cells: the
    cells an attacker can compute from the published numbers."""
    cells = sorted(set(hidden))
    adjacency = _adjacency(cells)
    return [(r, c) for r, c in cells
            if ("c", c) not in _reachable(adjacency, ("r", r), (r, c))]


def _partner(cell: Cell, grid: tuple[tuple[int, ...], ...], hidden: set[Cell]) -> Cell | None:
    """The cell to hide so ``cell`` is no longer computable: one that closes a cycle through
    ``cell`` at once (anywhere in the table) before one in its row or column that does not,
    an interior cell before a total, then the smallest value."""
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    r, c = cell
    adjacency = _adjacency(hidden)
    from_column = _reachable(adjacency, ("c", c), cell)
    from_row = _reachable(adjacency, ("r", r), cell)
    closing = [((i, j), True) for i in range(rows + 1) for j in range(columns + 1)
               if (("r", i) in from_row and ("c", j) in from_column)
               or (("r", i) in from_column and ("c", j) in from_row)]
    candidates = closing + [((r, j), False) for j in range(columns + 1) if j != c] + \
        [((i, c), False) for i in range(rows + 1) if i != r]
    best: tuple[int, int, int, int, Cell] | None = None
    for (i, j), closes in candidates:
        if (i, j) in hidden or grid[i][j] == 0:
            continue
        is_total = 1 if (i == rows or j == columns) else 0
        key = (0 if closes else 1, is_total, grid[i][j], i * (columns + 1) + j, (i, j))
        if best is None or key < best:
            best = key
    if best is None:
        # Its row and column are all hidden or zero: widen to any cell touching its component,
        # then to any published non-zero cell.
        near = from_row | from_column
        for i in range(rows + 1):
            for j in range(columns + 1):
                if (i, j) in hidden or grid[i][j] == 0:
                    continue
                touches = ("r", i) in near or ("c", j) in near
                is_total = 1 if (i == rows or j == columns) else 0
                key = (0 if touches else 1, is_total, grid[i][j], i * (columns + 1) + j, (i, j))
                if best is None or key < best:
                    best = key
    return best[4] if best else None


def _twins(cell: Cell, rows: int, columns: int) -> set[Cell]:
    """The cells that hold the same number by construction (a one-column table's row totals,
    a one-row table's column totals)."""
    result = {cell}
    for r, c in list(result):
        if columns == 1:
            result.add((r, 1 - c))
    for r, c in list(result):
        if rows == 1:
            result.add((1 - r, c))
    return result


def protect(counts: Sequence[Sequence[int]], *, threshold: int = THRESHOLD,
            forced: Iterable[Cell] = ()) -> Protected:
    """Primary and secondary suppression of a table of counts with its margins.

    ``forced`` names cells of the grid (margins included) that must be hidden because a linked
    table hides them.
    """
    grid = with_margins(counts)
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    primary = {(i, j) for i in range(rows + 1) for j in range(columns + 1)
               if is_small(grid[i][j], threshold)}
    hidden: set[Cell] = set()
    for cell in (*primary, *forced):
        if grid[cell[0]][cell[1]] != 0:
            hidden |= _twins(cell, rows, columns)
    while True:
        open_cells = bridges(hidden)
        if not open_cells:
            break
        partner = _partner(open_cells[0], grid, hidden)
        if partner is None:  # cannot happen for non-negative counts (see the module docstring)
            raise AssertionError("Suppression found no cell to hide.")
        hidden |= _twins(partner, rows, columns)
    return Protected(grid=grid, primary=frozenset(primary), hidden=frozenset(hidden))


def protect_linked(tables: Sequence[Sequence[Sequence[int]]], *,
                   threshold: int = THRESHOLD) -> list[Protected]:
    """Protect tables that split the same population by the same row categories (and so publish
    the same row totals): a row total hidden in one is hidden in all, until nothing changes."""
    if len({len(t) for t in tables}) > 1:
        raise ValueError("Linked tables must have the same rows.")
    forced_rows: set[int] = set()
    grand_hidden = False
    while True:
        result = []
        for table in tables:
            columns = len(table[0])
            forced = {(r, columns) for r in forced_rows}
            if grand_hidden:
                forced.add((len(table), columns))
            result.append(protect(table, threshold=threshold, forced=forced))
        rows_now = set().union(*(p.hidden_row_totals() for p in result))
        grand_now = any(p.is_hidden(p.rows, p.columns) for p in result)
        if rows_now == forced_rows and grand_now == grand_hidden:
            return result
        forced_rows, grand_hidden = rows_now, grand_now


def protect_column(counts: Sequence[int], *, threshold: int = THRESHOLD) -> Protected:
    """A one-way table (categories and a total), e.g. grants per year."""
    return protect([[c] for c in counts], threshold=threshold)
