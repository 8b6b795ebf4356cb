"""One interval policy (counts, then the source's limits, then clipped Wald) and the
small-number rule, against published Wilson limits and PHE's Byar/exact rule."""

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import ArgumentError
from jamlik.stats import interval_policy, rate_ci, small_numbers


def _texts(column):
    return [None if pd.isna(v) else v for v in column]


def test_wilson_from_counts_matches_newcombes_published_limits():
    # Newcombe 1998 (Stat Med 17:857), method 3: 81/263 → 0.2553–0.3662, 0/20 → 0–0.1611
    out = interval_policy([np.nan, np.nan], numerator=[81, 0], denominator=[263, 20],
                          multiplier=1)
    assert out[["lower", "upper"]].round(4).values.tolist() == [[0.2553, 0.3662], [0.0, 0.1611]]
    assert set(out["method"]) == {"Wilson (ur täljare och nämnare)"}


def test_35_of_35_is_not_a_zero_width_wald_interval():
    out = interval_policy([100.0], numerator=[35], denominator=[35], se=[0.0]).iloc[0]
    assert (round(out.lower, 1), out.upper) == (90.1, 100.0)


def test_rates_use_byar_from_10_events_and_exact_below():
    out = interval_policy([np.nan, np.nan], numerator=[5, 40], denominator=[1000, 1000],
                          kind="rate", multiplier=1000)
    expected = rate_ci([5, 40], [1000, 1000], multiplier=1000)
    np.testing.assert_allclose(out[["lower", "upper"]], expected[["lower", "upper"]])
    assert out["method"].tolist() == ["exakt Poisson (ur antal och nämnare)",
                                      "Byar (ur antal och nämnare)"]


def test_order_of_preference_and_reasons():
    out = interval_policy(
        [50.0, 50.0, 3.0, 2.0, 99.9, 8.0],
        lower=[45, np.nan, np.nan, np.nan, np.nan, np.nan],
        upper=[55, np.nan, np.nan, np.nan, np.nan, np.nan],
        se=[9.0, 2.0, 0.0, 3.0, np.nan, np.nan])
    assert _texts(out["method"])[:4] == [
        "källans konfidensgränser", "Wald (värde ± z·se, sista utväg)", None,
        "Wald (värde ± z·se, sista utväg)"]
    assert out["lower"].iloc[3] == 0.0  # clipped to the possible range
    assert _texts(out["reason"])[2:] == [
        "intervall okänt: standardfelet är 0 och ger ett intervall utan bredd", None,
        "intervall okänt: varken täljare och nämnare, källans gränser eller standardfel",
        "intervall okänt: varken täljare och nämnare, källans gränser eller standardfel"]
    wald_above = interval_policy([100.0], se=[0.01]).iloc[0]
    assert wald_above.upper == 100.0 and wald_above.lower < 100.0


def test_wald_that_collapses_at_the_bound_is_refused():
    out = interval_policy([100.0], se=[1e-300]).iloc[0]
    assert np.isnan(out.lower) and out.reason == (
        "intervall okänt: Wald-intervallet ryms inte inom möjliga värden")


def test_mean_indicators_never_get_count_intervals_or_clipping():
    out = interval_policy([-2.0], numerator=[3], denominator=[10], se=[1.0], kind="mean").iloc[0]
    assert out.method == "Wald (värde ± z·se, sista utväg)" and out.lower < -3.9


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "share"}, "kind måste vara en av proportion, rate, mean, fick 'share'"),
    ({"multiplier": -1}, "multiplier måste vara ett tal > 0, fick -1"),
    ({"confidence": 95}, "confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick 95"),
    ({"se": [1, 2]}, "se måste ha samma längd som value, fick 2 och 1"),
    ({"numerator": [6], "denominator": [5]},
     "numerator får inte vara större än denominator för andelar (rad 0: 6 av 5)"),
])
def test_policy_messages(kwargs, message):
    with pytest.raises(ArgumentError) as caught:
        interval_policy([1.0], **kwargs)
    assert str(caught.value) == message


def test_small_number_rule():
    out = small_numbers([2, 40, np.nan, 4], [20, 100, 10, 50], min_numerator=5,
                        min_denominator=30)
    assert out["suppressed"].tolist() == [True, False, True, True]
    # the reason names the threshold, never the count it withholds
    assert _texts(out["reason"]) == ["färre än 30 i nämnaren (regeln om små tal)", None,
                                      "färre än 30 i nämnaren (regeln om små tal)",
                                      "färre än 5 i täljaren (regeln om små tal)"]
    assert not small_numbers([1], [1])["suppressed"].any()  # rule off by default
    with pytest.raises(ArgumentError) as caught:
        small_numbers([1], [1], min_numerator=-1)
    assert str(caught.value) == "min_numerator måste vara None eller ett tal ≥ 0, fick -1"
