"""Exact reductions of the maximal covering model, and a strong first incumbent.

Before HiGHS sees an MCLP, the model is made as small as it can be without
changing its optimum:

1. demand already covered by an existing site, covered by no candidate, or of
   weight 0 cannot change the objective and is left out;
2. demand points reached by exactly the same candidates (and in the same district,
   when districts matter) are one row with their weights summed;
3. a row reached by one candidate only is ``y_g = x_j`` at the optimum, so its
   weight moves into ``x_j``'s objective coefficient and the row goes
   (not with ``min_coverage``, whose rows need the ``y_g``);
4. a candidate ``j`` whose rows are a subset of another candidate ``k``'s, and that
   has no folded weight of its own (a coefficient of 0), is dominated: swapping
   ``j`` for ``k`` never loses weight, and with both chosen ``j`` adds nothing
   (with ``min_per_district`` only within the same district), so ``j`` is left
   out. Dominance is a strict partial order (ties broken by position), so every
   left-out candidate has a kept one that dominates it.

The same reductions are the classic ones for covering problems (e.g. Toregas &
ReVelle 1973, "Binary logic solutions to a class of location problem",
*Geographical Analysis* 5: 145–155, for row and column dominance); they matter
because HiGHS spends its time on the LP relaxation, whose size they cut.

The incumbent is the greedy solution improved by best-improvement 1-swaps
(Teitz & Bart 1968's vertex substitution), each swap evaluated for all pairs at
once with one sparse product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = ["Reduced", "local_search", "merge_rows", "reduce_covering"]


@dataclass(frozen=True)
class Reduced:
    """An MCLP after the reductions.

    Attributes
    ----------
    groups : scipy.sparse.csr_array, shape ``(g, k)``
        Which kept candidate reaches which merged row (rows reached by one
        candidate only are folded into ``bonus`` unless ``fold`` was False).
    weight : numpy.ndarray, shape ``(g,)``
        Summed weight of each row.
    bonus : numpy.ndarray, shape ``(k,)``
        Weight that each kept candidate alone reaches (folded rows).
    keep : numpy.ndarray of int, shape ``(k,)``
        Position of each kept candidate among all candidates.
    rows : numpy.ndarray of int, shape ``(g,)``
        One original demand position of each row (for its district).
    """

    groups: sparse.csr_array
    weight: np.ndarray
    bonus: np.ndarray
    keep: np.ndarray
    rows: np.ndarray


def merge_rows(cover: sparse.csr_array, key_extra=None) -> tuple[np.ndarray, np.ndarray]:
    """Group rows with the same pattern (and extra key): (group of each row, first row)."""
    cover = sparse.csr_array(cover)
    cover.sort_indices()
    keys: dict = {}
    group = np.empty(cover.shape[0], dtype=np.int64)
    first = []
    for row in range(cover.shape[0]):
        pattern = cover.indices[cover.indptr[row]:cover.indptr[row + 1]].tobytes()
        key = (pattern, None if key_extra is None else key_extra[row])
        found = keys.get(key)
        if found is None:
            found = keys[key] = len(first)
            first.append(row)
        group[row] = found
    return group, np.asarray(first, dtype=np.int64)


def _dominated(groups: sparse.csc_array, bonus: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Candidates dominated by another of the same key: rows ⊆ and no bonus of its own
    (strictly, ties broken by position). A bonus is weight only that candidate reaches,
    so a candidate with one is never dominated: with p ≥ 2 the optimum may need both
    it and the candidate whose rows hold its rows (found by hypothesis: dropping it
    lost a unit of weight)."""
    pattern = (groups != 0).astype(np.int32)
    size = np.asarray(pattern.sum(axis=0)).ravel()
    shared = sparse.coo_array(pattern.T @ pattern)
    j, k, count = shared.row, shared.col, shared.data
    strict = (size[k] > size[j]) | (bonus[k] > bonus[j]) | ((size[k] == size[j])
                                                           & (bonus[k] == bonus[j]) & (k < j))
    hit = (j != k) & (count == size[j]) & (bonus[j] <= 0) & (key[j] == key[k]) & strict
    out = np.zeros(len(size), dtype=bool)
    out[j[hit]] = True
    # A candidate reaching no row and no bonus is dominated by any other of its key,
    # except the first such one of a key where every candidate is empty.
    empty = (size == 0) & (bonus <= 0)
    for value in np.unique(key[empty]):
        members = np.flatnonzero(key == value)
        if (~empty[members]).any():
            out[members[empty[members]]] = True
        else:
            out[members[1:]] = True
    return out


def reduce_covering(cover: sparse.csr_array, weight: np.ndarray, open_rows: np.ndarray, *,
                    district=None, candidate_key=None, fold: bool = True) -> Reduced:
    """Apply reductions 2–4 (see the module) to the rows ``open_rows`` of ``cover``.

    ``district`` (one per demand point) keeps rows of different districts apart;
    ``candidate_key`` (one per candidate) restricts dominance to equal keys.
    """
    cover = sparse.csr_array(cover)
    m = cover.shape[1]
    group, first = merge_rows(cover[open_rows], None if district is None
                              else np.asarray(district, object)[open_rows])
    group_weight = np.bincount(group, weights=weight[open_rows], minlength=len(first))
    groups = sparse.csr_array(cover[open_rows[first]], dtype=float)
    bonus = np.zeros(m)
    if fold:
        single = np.diff(groups.indptr) == 1
        np.add.at(bonus, groups.indices[groups.indptr[:-1][single]], group_weight[single])
        groups, group_weight, first = groups[~single], group_weight[~single], first[~single]
    key = (np.zeros(m, dtype=np.int64) if candidate_key is None
           else np.unique(np.asarray(candidate_key).astype(str), return_inverse=True)[1])
    keep = np.flatnonzero(~_dominated(sparse.csc_array(groups), bonus, key))
    groups = sparse.csr_array(sparse.csc_array(groups)[:, keep])
    return Reduced(groups=groups, weight=group_weight, bonus=bonus[keep], keep=keep,
                   rows=open_rows[first])


def greedy(reduced: Reduced, sites: int) -> np.ndarray:
    """Add the candidate reaching most new weight, ``sites`` times (boolean per kept one).

    Greedy is within 1 − 1/e of the optimum (Nemhauser, Wolsey & Fisher 1978).
    """
    columns = sparse.csc_array(reduced.groups)
    k = columns.shape[1]
    covered = np.zeros(columns.shape[0], dtype=bool)
    chosen = np.zeros(k, dtype=bool)
    for _ in range(min(sites, k)):
        gain = columns.T @ np.where(covered, 0.0, reduced.weight) + reduced.bonus
        gain[chosen] = -np.inf
        best = int(np.argmax(gain))
        chosen[best] = True
        covered[columns.indices[columns.indptr[best]:columns.indptr[best + 1]]] = True
    return chosen


def local_search(reduced: Reduced, chosen: np.ndarray, *, rounds: int = 500) -> np.ndarray:
    """Best-improvement 1-swaps from ``chosen`` until none gains (or ``rounds``).

    The gain of swapping chosen ``j`` for unchosen ``k`` is what ``k`` adds on rows
    nobody covers, minus what only ``j`` covers, plus what only ``j`` covers and
    ``k`` reaches too; the last term for every pair is one sparse product.
    """
    columns = sparse.csc_array(reduced.groups)
    rows = sparse.csr_array(columns)
    weight, bonus = reduced.weight, reduced.bonus
    chosen = chosen.copy()
    for _ in range(rounds):
        inside = np.flatnonzero(chosen)
        if len(inside) == 0 or chosen.all():
            break
        count = rows @ chosen.astype(float)
        alone = np.where(count == 1, weight, 0.0)
        gain = columns.T @ np.where(count == 0, weight, 0.0) + bonus
        loss = columns.T @ alone + bonus
        both = (columns[:, inside].T @ sparse.diags_array(alone) @ columns).toarray()
        delta = gain[None, :] - loss[inside][:, None] + both
        delta[:, chosen] = -np.inf
        out, into = np.unravel_index(int(np.argmax(delta)), delta.shape)
        if delta[out, into] <= 1e-9 * max(1.0, weight.sum()):
            break
        chosen[inside[out]] = False
        chosen[into] = True
    return chosen
