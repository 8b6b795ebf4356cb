"""The small-number rule and the disclosure rules share one core (jamlik.stats.small_counts)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.errors import ArgumentError
from jamlik.stats import (
    SMALL_NUMERATOR, apply_small_numbers, primary_suppression, small_counts, small_numbers,
)

counts = st.lists(st.one_of(st.integers(0, 200).map(float), st.just(np.nan)),
                  min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(counts, st.integers(1, 50))
def test_small_counts_is_exactly_one_to_minimum(values, minimum):
    x = np.array(values)
    small = small_counts(x, minimum)
    for value, flagged in zip(values, small):
        # small ⇔ a known count from 1 up to minimum − 1; 0 and unknown are never small
        assert flagged == (not np.isnan(value) and 1 <= value < minimum)
    # the disclosure rule is the same test
    assert np.array_equal(primary_suppression(x, min_count=minimum), small)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=1, max_size=30),
       st.integers(0, 20), st.integers(0, 60), st.booleans())
def test_small_numbers_never_lets_a_small_count_through(pairs, k, m, proportion):
    x = np.array([min(a, b) for a, b in pairs], dtype=float)
    n = np.array([max(a, b) for a, b in pairs], dtype=float)
    out = small_numbers(x, n, min_numerator=k, min_denominator=m, proportion=proportion)
    expected = small_counts(n, m) if m else np.zeros(len(x), bool)
    if k:
        expected |= small_counts(x, k, complements=(n - x) if proportion else None)
    assert np.array_equal(out["suppressed"].to_numpy(), expected)
    # every withheld row has a reason naming its threshold and not the count
    assert out.loc[out["suppressed"], "reason"].str.startswith("färre än ").all()
    assert out.loc[~out["suppressed"], "reason"].isna().all()
    # raising a threshold never shows a value that was withheld
    stricter = small_numbers(x, n, min_numerator=k + 1, min_denominator=m + 1,
                             proportion=proportion)
    assert not (out["suppressed"] & ~stricter["suppressed"]).any()


def test_a_share_of_almost_all_reveals_the_few_left_out():
    out = small_numbers([98, 50], [100, 100], min_numerator=5, proportion=True)
    assert out["suppressed"].tolist() == [True, False]
    assert out["reason"][0] == SMALL_NUMERATOR.format(k=5)


def test_apply_blanks_values_and_keeps_the_reason():
    frame = pd.DataFrame({"value": [10.0, 50.0, np.nan], "se": [1.0, 2.0, np.nan],
                          "lower": [8.0, 46.0, np.nan], "upper": [12.0, 54.0, np.nan],
                          "numerator": [3.0, 50.0, np.nan], "denominator": [30.0, 100.0, 4.0],
                          "population": [30.0, 100.0, 4.0], "kind": "proportion",
                          "suppressed": [False, False, True],
                          "suppression_reason": [None, None, ".."]})
    out = apply_small_numbers(frame, min_numerator=5, min_denominator=5)
    assert out["suppressed"].tolist() == [True, False, True]
    assert out["suppression_reason"].tolist() == [
        "färre än 5 i täljaren (regeln om små tal)", None, ".."]  # its own reason is kept
    assert out.loc[0, ["value", "se", "lower", "upper", "numerator", "denominator"]].isna().all()
    assert out.loc[1, "value"] == 50.0
    assert apply_small_numbers(frame) is frame  # the rule off: nothing copied
    with pytest.raises(ArgumentError, match="min_denominator måste vara None eller ett tal ≥ 0"):
        apply_small_numbers(frame, min_denominator=-1)
