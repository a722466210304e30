"""Primary and secondary suppression of the pilots' figures for readers outside the municipality.

The rule (shown on the programme page, in the exports and in the external evaluation):

1. **Primary**: a count of households or events from 1 to 4 is hidden ("<5"); so is the count
   *outside* a numerator when it is that small (47 of 50 retained tells that 3 were not).
2. **Secondary**: every table of one page, export or report is read together as a set of sums —
   each indicator's programme figure is the sum of its cohorts' figures, a denominator is its
   numerator plus the rest, and two cells that count the same households (e.g. the denominators
   of retention and of retention in the same flat) are equal. Further cells are hidden ("hidden")
   until no hidden cell can be worked out from the shown ones by adding and subtracting: for every
   hidden cell, its value is not fixed by the equations once the shown cells are put in.
3. A share (percentage, rate) is shown only when both its counts are shown.

Limits, stated on purpose: the check is exact for sums and differences (linear equations). It
does not reason with bounds ("a hidden cell is between 1 and 4") nor with shares rounded to one
decimal; and tables of *different* pages or months are not checked against each other — that is
why readers outside the municipality get figures only as of completed month ends
(``pilots.access.as_of_for``), and flat addresses and occupancy only by district.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

from portal.permissions import SMALL_COUNT_THRESHOLD

Relation = tuple[Hashable, list[Hashable]]  # total = sum(parts)


def is_small(value: int | None) -> bool:
    return value is not None and 0 < value < SMALL_COUNT_THRESHOLD


def _matrix(relations: list[Relation], columns: list[Hashable]) -> np.ndarray:
    index = {c: n for n, c in enumerate(columns)}
    rows = []
    for total, parts in relations:
        row = np.zeros(len(columns))
        if total in index:
            row[index[total]] += 1
        for part in parts:
            if part in index:
                row[index[part]] -= 1
        rows.append(row)
    return np.array(rows) if rows else np.zeros((0, len(columns)))


def determined(relations: list[Relation], unknown: Iterable[Hashable]) -> set[Hashable]:
    """The unknown cells whose value follows from the relations once every other cell is known:
    ``e_h`` lies in the row space of the relations restricted to the unknown cells."""
    columns = list(dict.fromkeys(unknown))
    if not columns or not relations:
        return set()
    matrix = _matrix(relations, columns)
    rank = np.linalg.matrix_rank(matrix) if matrix.size else 0
    result = set()
    for n, cell in enumerate(columns):
        unit = np.zeros(len(columns))
        unit[n] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            result.add(cell)
    return result


def suppress(
    cells: dict[Hashable, int | None],
    relations: list[Relation],
    *,
    virtual: Iterable[Hashable] = (),
) -> tuple[set[Hashable], set[Hashable]]:
    """``(primary, secondary)``: the shown cells to hide.

    ``cells`` are the counts a reader would see (None: no figure); ``virtual`` cells are never
    shown but take part in the relations (the households outside a numerator): they are protected
    when small. Every hidden cell, and every small virtual one, ends up underivable."""
    virtual = set(virtual)
    primary = {c for c, v in cells.items() if c not in virtual and is_small(v)}
    protected_virtual = {c for c in virtual if is_small(cells.get(c))}
    hidden = set(primary)
    # A small complement hides its numerator at once (the rule's first point; marked "hidden").
    for _total, parts in relations:
        for part in parts:
            if part in protected_virtual:
                hidden |= {p for p in parts if p != part and p not in virtual and cells.get(p) is not None}
    relevant = [r for r in relations if all(c in cells for c in (r[0], *r[1]))]
    while True:
        unknown = hidden | virtual | {c for c, v in cells.items() if v is None}
        exposed = {c for c in determined(relevant, unknown) if c in hidden or c in protected_virtual}
        if not exposed:
            return primary, hidden - primary
        candidate = _next_to_hide(exposed, relevant, cells, hidden | virtual)
        if candidate is None:  # nothing left to hide in those relations: hide every shown cell
            more = {c for c, v in cells.items() if c not in virtual and v is not None} - hidden
            if not more:
                return primary, hidden - primary
            hidden |= more
            continue
        hidden.add(candidate)


def _next_to_hide(exposed, relations, cells, unknown) -> Hashable | None:
    """The smallest shown part (then total) of a relation with an exposed cell: hiding it leaves
    two unknowns in that relation."""
    best = None
    for total, parts in relations:
        if not ({total, *parts} & exposed):
            continue
        for rank, group in ((0, parts), (1, [total])):
            for cell in group:
                value = cells.get(cell)
                if cell in unknown or value is None:
                    continue
                key = (rank, value == 0, value)
                if best is None or key < best[0]:
                    best = (key, cell)
    return best[1] if best else None
