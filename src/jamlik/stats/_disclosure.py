"""Disclosure control for tables of counts: primary and secondary cell suppression.

Statistics from person-level data must not reveal a small group. The primary rule
withholds a cell whose count (or the count of its complement) is between 1 and
``min_count − 1``; the secondary rule then withholds further cells wherever a sum would
let a reader recover a withheld one by subtraction: in every additive relation (a total
and its subgroups; a municipality and the areas within it), a single withheld member
is joined by the member with the smallest count, until no relation has exactly one.

This is the "at least two suppressed cells per marginal" heuristic of Statistics
Sweden's and Eurostat's guidance (Hundepool et al., *Statistical Disclosure Control*,
Wiley 2012, §4.2 and §5.4); it protects against recovery from one relation at a time,
not against linear programming over many (for that, use τ-ARGUS). For small tables,
:func:`recoverable_cells` finds every withheld cell that the relations *together* still
determine exactly (a linear-algebra audit), so that a caller can withhold more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = ["PRIMARY", "SECONDARY", "primary_suppression", "recoverable_cells",
           "secondary_suppression"]

PRIMARY = "färre än {k} personer (primär röjandekontroll)"
SECONDARY = "skyddar en undertryckt cell i samma summa (sekundär röjandekontroll)"


def primary_suppression(counts: np.ndarray, *, min_count: int = 5,
                        complements: np.ndarray | None = None) -> np.ndarray:
    """Which cells the primary rule withholds.

    Parameters
    ----------
    counts : array of shape (n,)
        Persons behind each cell (a denominator, or a numerator).
    min_count : int
        The threshold: counts ``1 … min_count − 1`` are withheld; 0 is not (an empty cell
        reveals nobody), but a cell whose ``complements`` count is ``1 … min_count − 1``
        is (a share of 98 % among 100 reveals the two who are not counted).
    complements : array of shape (n,), optional
        For proportions: denominator − numerator.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
    """
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ArgumentError(f"min_count måste vara ett heltal ≥ 1, fick {min_count!r}")
    counts = np.asarray(counts, dtype=float)
    small = (counts > 0) & (counts < min_count)
    if complements is not None:
        complements = np.asarray(complements, dtype=float)
        small |= (complements > 0) & (complements < min_count)
    return small


def secondary_suppression(members: pd.DataFrame, counts: np.ndarray,
                          suppressed: np.ndarray, *, max_rounds: int = 50) -> np.ndarray:
    """Extend a suppression pattern so that no additive relation reveals a withheld cell.

    Parameters
    ----------
    members : DataFrame with columns ``relation``, ``cell``, ``role``
        One row per membership: ``cell`` is a position in ``counts``, ``relation`` any
        hashable id of an additive relation, ``role`` ``"total"`` or ``"part"``. A cell can
        belong to many relations (a DeSO's women are parts of the DeSO's total and of the
        municipality's women).
    counts : array of shape (n,)
        Persons behind each cell; the smallest unsuppressed part is withheld next.
    suppressed : array of bool, shape (n,)
        The primary pattern.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        The pattern after secondary suppression (a superset of ``suppressed``).
    """
    missing = {"relation", "cell", "role"} - set(members.columns)
    if missing:
        raise ArgumentError(f"members saknar kolumnerna {sorted(missing)}")
    result = np.asarray(suppressed, dtype=bool).copy()
    counts = np.asarray(counts, dtype=float)
    totals = members[members["role"] == "total"].drop_duplicates("relation")
    # A relation without a known total is no equation: nothing can be recovered from it.
    members = members[members["relation"].isin(totals["relation"])]
    relation = members["relation"].to_numpy()
    cell = members["cell"].to_numpy().astype(int)
    is_part = (members["role"] == "part").to_numpy()
    for _ in range(max_rounds):
        hidden = result[cell]
        unknowns = pd.Series(hidden).groupby(relation).sum()
        exposed = unknowns[unknowns == 1].index.to_numpy()
        if not len(exposed):
            return result
        # Withhold the smallest visible part of each exposed relation (its total if none).
        open_ = np.isin(relation, exposed) & ~hidden
        candidates = pd.DataFrame({"relation": relation[open_], "cell": cell[open_],
                                   "total": ~is_part[open_], "count": counts[cell[open_]]})
        if candidates.empty:
            return result
        chosen = candidates.sort_values(["relation", "total", "count", "cell"]).drop_duplicates(
            "relation")["cell"].to_numpy()
        result[chosen] = True
    raise ArgumentError(f"sekundär röjandekontroll blev inte klar på {max_rounds} varv")


def recoverable_cells(members: pd.DataFrame, suppressed: np.ndarray, *,
                      tolerance: float = 1e-9) -> np.ndarray:
    """Which withheld cells the published cells and all relations together determine.

    Every relation says ``total − Σ parts = 0``. With the visible cells known, the
    withheld ones are the unknowns of a linear system; a withheld cell is recovered
    exactly when it takes the same value in every solution, i.e. when its coordinate
    is zero in every vector of the null space of the system's matrix.

    Parameters
    ----------
    members : DataFrame with columns ``relation``, ``cell``, ``role``
        As for :func:`secondary_suppression`.
    suppressed : array of bool, shape (n,)
        The pattern to audit.
    tolerance : float
        Below this a null-space coordinate counts as zero.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        True for withheld cells that can be recovered by differencing (any number of
        relations at once).

    Notes
    -----
    Dense singular value decomposition: meant for the tables of one survey question
    (hundreds of cells), not for registers of millions.
    """
    hidden = np.flatnonzero(np.asarray(suppressed, dtype=bool))
    result = np.zeros(len(suppressed), dtype=bool)
    if not len(hidden):
        return result
    totals = set(members.loc[members["role"] == "total", "relation"])
    members = members[members["relation"].isin(totals)]
    column = {cell: i for i, cell in enumerate(hidden)}
    relations = {relation: i for i, relation in enumerate(pd.unique(members["relation"]))}
    matrix = np.zeros((max(len(relations), 1), len(hidden)))
    for relation, cell, role in members[["relation", "cell", "role"]].itertuples(index=False):
        if int(cell) in column:
            matrix[relations[relation], column[int(cell)]] += 1.0 if role == "total" else -1.0
    _u, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > tolerance * max(1.0, singular.max(initial=0.0))).sum())
    null = vt[rank:]
    free = np.abs(null).max(axis=0, initial=0.0) > 1e-7 if len(null) else np.zeros(len(hidden),
                                                                                     dtype=bool)
    result[hidden[~free]] = True
    return result
