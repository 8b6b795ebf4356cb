"""Cohen's and Fleiss' kappa against published worked examples."""

from __future__ import annotations

import numpy as np
import pytest

from jamlik.errors import ArgumentError
from jamlik.stats import cohen_kappa, fleiss_kappa

# Fleiss' kappa worked example (14 raters, 10 subjects, 5 categories), as tabulated in the
# Wikipedia article "Fleiss' kappa": P̄ = 0.378, P̄e = 0.213, κ = 0.210.
FLEISS = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
          [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
          [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]


def test_fleiss_worked_example():
    result = fleiss_kappa(FLEISS)
    assert round(result["observed"], 3) == 0.378
    assert round(result["expected"], 3) == 0.213
    assert round(result["kappa"], 3) == 0.210
    assert (result["items"], result["raters"]) == (10, 14)
    # P_2 of the example, by hand: (0 + 4 + 36 + 16 + 4 − 14) / (14 · 13) = 46 / 182
    assert round((np.square(FLEISS[1]).sum() - 14) / 182, 3) == 0.253


def test_cohen_worked_example():
    """50 proposals read by two readers: 20 both yes, 15 both no, 5 and 10 disagree:
    p_o = 0.7, p_e = 0.5 · 0.6 + 0.5 · 0.4 = 0.5, κ = 0.4 (Wikipedia, "Cohen's kappa")."""
    a = ["ja"] * 25 + ["nej"] * 25
    b = ["ja"] * 20 + ["nej"] * 5 + ["ja"] * 10 + ["nej"] * 15
    result = cohen_kappa(a, b)
    assert (round(result["observed"], 10), round(result["expected"], 10)) == (0.7, 0.5)
    assert round(result["kappa"], 10) == 0.4
    # the article's next table: 45 yes–yes, 15 yes–no, 25 no–yes, 15 no–no:
    # p_o = 0.6, p_e = 0.6 · 0.7 + 0.4 · 0.3 = 0.54, κ = 0.06 / 0.46 = 0.1304
    a = ["ja"] * 60 + ["nej"] * 40
    b = ["ja"] * 45 + ["nej"] * 15 + ["ja"] * 25 + ["nej"] * 15
    assert round(cohen_kappa(a, b)["kappa"], 4) == 0.1304


def test_two_raters_with_equal_margins_cohen_equals_fleiss():
    a = ["x", "x", "y", "y", "z", "x", "y", "z"]
    b = ["x", "y", "x", "y", "z", "x", "y", "z"]  # the same label shares as a
    counts = [[(l1 == c) + (l2 == c) for c in "xyz"] for l1, l2 in zip(a, b)]
    assert cohen_kappa(a, b)["kappa"] == pytest.approx(fleiss_kappa(counts)["kappa"])


def test_perfect_and_bad_input():
    assert cohen_kappa("aab", "aab")["kappa"] == 1.0
    assert np.isnan(cohen_kappa("aaa", "aaa")["kappa"])
    with pytest.raises(ArgumentError, match="lika långa, fick 2 och 3"):
        cohen_kappa("ab", "abc")
    with pytest.raises(ArgumentError, match="lika många kodare"):
        fleiss_kappa([[1, 1], [2, 1]])
