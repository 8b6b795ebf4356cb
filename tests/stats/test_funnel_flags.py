"""Funnel flags at 99.8 % with the overdispersion check and adjustment (Spiegelhalter 2005),
against hand computations and a simulation of 147 districts."""

import numpy as np
import pytest
from scipy import stats

from jamlik.errors import ArgumentError
from jamlik.stats import funnel_flags, funnel_limits


def test_unadjusted_limits_equal_phes_funnel_limits():
    x, n = np.array([30, 45, 60, 52]), np.array([100, 150, 200, 160])
    out = funnel_flags(x, n, adjustment="none")
    phe = funnel_limits(x, n, points=n)
    for label in ("lower_95", "upper_95", "lower_99_8", "upper_99_8"):
        np.testing.assert_allclose(out[label], phe[label], rtol=1e-12)


def test_dispersion_and_dersimonian_laird_by_hand():
    rng = np.random.default_rng(4)
    n = rng.integers(200, 900, 40).astype(float)
    p = np.clip(0.3 + rng.normal(0, 0.05, 40), 0.01, 0.99)
    x = rng.binomial(n.astype(int), p).astype(float)
    out = funnel_flags(x, n, adjustment="additive")
    theta = x.sum() / n.sum()
    s2 = theta * (1 - theta) / n
    z = (x / n - theta) / np.sqrt(s2)
    lo, hi = np.quantile(z, [0.1, 0.9])
    phi = np.mean(np.clip(z, lo, hi) ** 2)
    w = 1 / s2
    tau2 = (40 * phi - 39) / (w.sum() - (w**2).sum() / w.sum())
    assert out["phi"].iloc[0] == pytest.approx(phi)
    assert out["tau2"].iloc[0] == pytest.approx(tau2 * 100**2)
    upper = theta + stats.norm.ppf(0.999) * np.sqrt(s2 + tau2)
    np.testing.assert_allclose(out["upper_99_8"], upper * 100)
    mult = funnel_flags(x, n, adjustment="multiplicative")
    np.testing.assert_allclose(mult["upper_95"],
                               100 * (theta + stats.norm.ppf(0.975) * np.sqrt(phi * s2)))


def test_chance_flags_on_147_alike_and_on_147_overdispersed_districts():
    rng = np.random.default_rng(5)
    n = np.maximum(rng.lognormal(np.log(5500), 0.45, 147) * 0.011, 5).round()
    alike, spread, spread_adjusted = [], [], []
    for _ in range(100):
        x = rng.binomial(n.astype(int), 0.8)
        out = funnel_flags(x, n)
        alike.append((out["flag_99_8"] != "within").sum())
        p = np.clip(0.8 + rng.normal(0, 0.06, 147), 0, 1)
        x = rng.binomial(n.astype(int), p)
        spread.append((funnel_flags(x, n, adjustment="none")["flag_99_8"] != "within").sum())
        spread_adjusted.append((funnel_flags(x, n)["flag_99_8"] != "within").sum())
    assert out["expected_flags_99_8"].iloc[0] == pytest.approx(0.294)
    assert np.mean(alike) < 0.8  # about 0.3 by chance
    # Winsorising makes φ̂ and τ̂² err low (Spiegelhalter 2005 accepts this for
    # robustness to outliers): adjusted flags are about 1.6, against 6.7 unadjusted.
    assert np.mean(spread) > 5 and np.mean(spread_adjusted) < np.mean(spread) / 2.5


def test_auto_adjusts_only_when_overdispersed():
    x, n = np.array([50, 52, 48, 51, 49]), np.full(5, 100)
    assert funnel_flags(x, n)["adjustment"].iloc[0] == "none"
    wide = funnel_flags(np.array([10, 30, 50, 70, 90] * 4), np.full(20, 100))
    assert wide["adjustment"].iloc[0] == "additive" and bool(wide["overdispersed"].iloc[0])


@pytest.mark.parametrize("kwargs, message", [
    ({"statistic": "mean"}, "statistic måste vara en av proportion, rate, ratio, fick 'mean'"),
    ({"adjustment": "both"},
     "adjustment måste vara en av auto, none, multiplicative, additive, fick 'both'"),
])
def test_messages(kwargs, message):
    with pytest.raises(ArgumentError) as caught:
        funnel_flags([1, 2, 3], [10, 10, 10], **kwargs)
    assert str(caught.value) == message
    with pytest.raises(ArgumentError) as caught:
        funnel_flags([1, np.nan, 3], [10, 10, 10])
    assert str(caught.value) == ("numerator och denominator får inte sakna värden "
                                 "(lämna undertryckta områden utanför)")
