"""The linear-algebra audit of a suppression pattern finds what single sums cannot."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.stats import recoverable_cells, secondary_suppression


def table(rows: int, columns: int) -> tuple[pd.DataFrame, int]:
    """Members of a rows × columns table with row and column totals; inner cell (r, c) is
    ``r * columns + c``, then the row totals, then the column totals."""
    inner = rows * columns
    members = []
    for r in range(rows):
        members.append((f"r{r}", inner + r, "total"))
        members += [(f"r{r}", r * columns + c, "part") for c in range(columns)]
    for c in range(columns):
        members.append((f"c{c}", inner + rows + c, "total"))
        members += [(f"c{c}", r * columns + c, "part") for r in range(rows)]
    return pd.DataFrame(members, columns=["relation", "cell", "role"]), inner + rows + columns


def test_a_rectangle_is_safe_a_lone_pair_is_not():
    members, size = table(2, 2)
    pattern = np.zeros(size, bool)
    pattern[[0, 1, 2, 3]] = True
    assert not recoverable_cells(members, pattern).any()
    pattern[:] = False
    pattern[[0, 1]] = True  # row 0 hidden, but each column then has one unknown
    assert recoverable_cells(members, pattern).tolist()[:4] == [True, True, False, False]


def test_a_bridge_between_two_safe_rectangles_is_found():
    """Every row and column has two or more withheld cells (so the one-sum rule is content),
    yet the cell joining two rectangles lies on no cycle and is determined."""
    members, size = table(4, 4)
    pattern = np.zeros(size, bool)
    rectangles = [0 * 4 + 0, 0 * 4 + 1, 1 * 4 + 0, 1 * 4 + 1,
                  2 * 4 + 2, 2 * 4 + 3, 3 * 4 + 2, 3 * 4 + 3]
    bridge = 0 * 4 + 2
    pattern[rectangles + [bridge]] = True
    counts = np.arange(size, dtype=float) + 10
    assert (secondary_suppression(members, counts, pattern) == pattern).all()
    assert np.flatnonzero(recoverable_cells(members, pattern)).tolist() == [bridge]
