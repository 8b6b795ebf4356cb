"""Agreement between coders: Cohen's kappa (two coders) and Fleiss' kappa (any number).

Cohen's kappa (Cohen 1960) compares two coders' labels of the same items:
``κ = (p_o − p_e) / (1 − p_e)`` with ``p_o`` the share of items given the same label and
``p_e = Σ_k p_{1k} p_{2k}`` the agreement expected from each coder's own label shares.

Fleiss' kappa (Fleiss 1971) takes, for each of N items, how many of the n raters chose
each of k categories: ``P_i = (Σ_j n_ij² − n) / (n(n − 1))``, ``P̄ = mean P_i``,
``p_j = Σ_i n_ij / (N n)``, ``P̄_e = Σ_j p_j²`` and ``κ = (P̄ − P̄_e) / (1 − P̄_e)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = ["cohen_kappa", "fleiss_kappa"]


def _result(observed: float, expected: float, items: int, raters: int, method: str) -> dict:
    kappa = np.nan if expected == 1 else (observed - expected) / (1 - expected)
    return {"kappa": float(kappa), "observed": float(observed), "expected": float(expected),
            "items": int(items), "raters": int(raters), "method": method}


def cohen_kappa(first, second) -> dict:
    """Cohen's kappa of two coders' labels of the same items.

    Parameters
    ----------
    first, second : sequence of shape (N,)
        The labels (any hashable values) the two coders gave item 1 … N.

    Returns
    -------
    dict
        ``kappa``, ``observed`` (p_o), ``expected`` (p_e), ``items``, ``raters`` (2),
        ``method`` ("cohen"). Kappa is NaN when p_e = 1 (both coders used one label only).

    Raises
    ------
    ArgumentError
        Sequences of different length, or empty.

    Examples
    --------
    Two readers of 50 grant proposals (20 yes–yes, 5 yes–no, 10 no–yes, 15 no–no):

    >>> a = ["ja"] * 25 + ["nej"] * 25
    >>> b = ["ja"] * 20 + ["nej"] * 5 + ["ja"] * 10 + ["nej"] * 15
    >>> round(cohen_kappa(a, b)["kappa"], 6)
    0.4
    """
    first, second = pd.Series(list(first), dtype=object), pd.Series(list(second), dtype=object)
    if len(first) != len(second):
        raise ArgumentError(f"first och second måste vara lika långa, fick {len(first)} och "
                            f"{len(second)}")
    if not len(first):
        raise ArgumentError("väntade minst ett kodat svar")
    observed = float((first.to_numpy() == second.to_numpy()).mean())
    shares = pd.concat([first.value_counts(normalize=True).rename("a"),
                        second.value_counts(normalize=True).rename("b")], axis=1).fillna(0)
    expected = float((shares["a"] * shares["b"]).sum())
    return _result(observed, expected, len(first), 2, "cohen")


def fleiss_kappa(counts) -> dict:
    """Fleiss' kappa from how many raters put each item in each category.

    Parameters
    ----------
    counts : array of shape (N, k)
        ``counts[i, j]`` raters who put item i in category j; every row sums to the same
        number of raters n ≥ 2.

    Returns
    -------
    dict
        ``kappa``, ``observed`` (P̄), ``expected`` (P̄_e), ``items`` (N), ``raters`` (n),
        ``method`` ("fleiss").

    Raises
    ------
    ArgumentError
        Not a 2-D table of counts ≥ 0, rows with different numbers of raters, fewer than
        two raters.
    """
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2 or not table.size:
        raise ArgumentError("counts: väntade en tabell med en rad per svar och en kolumn per "
                            "kategori")
    if (table < 0).any() or (table != np.round(table)).any():
        raise ArgumentError("counts: väntade heltal ≥ 0")
    raters = table.sum(axis=1)
    if not (raters == raters[0]).all():
        raise ArgumentError("counts: varje svar måste ha lika många kodare")
    n = raters[0]
    if n < 2:
        raise ArgumentError(f"counts: väntade minst två kodare per svar, fick {n:g}")
    agreement = ((table ** 2).sum(axis=1) - n) / (n * (n - 1))
    shares = table.sum(axis=0) / table.sum()
    return _result(agreement.mean(), float((shares ** 2).sum()), len(table), int(n), "fleiss")
