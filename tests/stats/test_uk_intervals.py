"""Wilson, Clopper–Pearson, Byar and exact Poisson intervals (jamlik.stats._intervals)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from jamlik.errors import ArgumentError
from jamlik.stats._intervals import proportion_ci, rate_ci

# Published output of PHEindicatormethods 2.x, vignette "Introduction to
# PHEindicatormethods" (inst/doc/Introduction_to_PHEindicatormethods.html, CRAN build,
# stored copy in r-hub2/some-psychogenic-africanporcupine-PHEindicatormethods):
# the printed data frame df (obs, pop) and phe_proportion()/phe_rate() results.
OBS = [27, 22, 80, 53, 37, 84, 89, 85]
POP = [106, 113, 150, 193, 159, 122, 101, 196]
WILSON_95 = [
    (0.1813642, 0.3452262), (0.1322333, 0.2772229), (0.4536625, 0.6113395),
    (0.2165053, 0.3415146), (0.1738037, 0.3042162), (0.6016542, 0.7638851),
    (0.8037295, 0.9307128), (0.3662266, 0.5036703),
]  # fmt: skip
WILSON_998_PERCENT = [
    (14.81031, 40.18735), (10.54176, 33.15448), (40.92696, 65.34069), (18.77465, 38.27289),
    (14.61350, 34.95622), (54.93185, 80.03596), (74.76217, 94.88987), (32.98917, 54.36182),
]  # fmt: skip
BYAR_95_PER_100000 = [
    (16782.04, 37061.41), (12196.90, 29477.68), (42288.58, 66378.77), (20568.85, 35920.56),
    (16382.37, 32076.16), (54917.70, 85245.02), (70764.64, 108438.96), (34639.24, 53625.01),
]  # fmt: skip
BYAR_998_PER_100 = [
    (12.926737, 44.59202), (9.074329, 36.05431), (36.773690, 74.46881), (17.249087, 41.24758),
    (13.193195, 37.70884), (47.933814, 95.39407), (62.029689, 120.99575), (30.260955, 59.97329),
]  # fmt: skip


def test_wilson_matches_phe_vignette_95():
    got = proportion_ci(OBS, POP)
    np.testing.assert_allclose(got[["lower", "upper"]].to_numpy(), WILSON_95, atol=5e-8)
    np.testing.assert_allclose(got["value"], np.array(OBS) / POP)
    assert set(got["method"]) == {"wilson"}


def test_wilson_matches_phe_vignette_998_as_percent():
    got = proportion_ci(OBS, POP, confidence=0.998, multiplier=100)
    np.testing.assert_allclose(got[["lower", "upper"]].to_numpy(), WILSON_998_PERCENT, atol=5e-6)


def test_byar_matches_phe_vignette_rates():
    got = rate_ci(OBS, POP)
    np.testing.assert_allclose(got[["lower", "upper"]].to_numpy(), BYAR_95_PER_100000, atol=5e-3)
    got = rate_ci(OBS, POP, confidence=0.998, multiplier=100)
    np.testing.assert_allclose(got[["lower", "upper"]].to_numpy(), BYAR_998_PER_100, atol=5e-6)
    assert set(got["method"]) == {"byar"}


@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.998])
def test_exact_proportion_equals_beta_quantiles(confidence):
    # Independent route: Clopper–Pearson as beta quantiles (the code uses F quantiles).
    x = np.array([0, 1, 5, 17, 50, 99, 100])
    n = np.full(7, 100)
    alpha = 1 - confidence
    want_low = np.where(x > 0, stats.beta.ppf(alpha / 2, x, n - x + 1), 0.0)
    want_up = np.where(x < n, stats.beta.ppf(1 - alpha / 2, x + 1, n - x), 1.0)
    got = proportion_ci(x, n, confidence=confidence, method="exact")
    np.testing.assert_allclose(got["lower"], want_low, atol=1e-10)
    np.testing.assert_allclose(got["upper"], want_up, atol=1e-10)


def test_wilson_equals_score_test_inversion():
    # Independent route: the Wilson interval is the set of p not rejected by the score
    # test, so each limit solves (x/n - p)^2 = z^2 p (1 - p) / n.
    x, n, z = 7, 40, stats.norm.ppf(0.975)
    score = lambda p: (x / n - p) ** 2 - z**2 * p * (1 - p) / n  # noqa: E731
    low = optimize.brentq(score, 1e-12, x / n)
    up = optimize.brentq(score, x / n, 1 - 1e-12)
    got = proportion_ci([x], [n]).iloc[0]
    assert got["lower"] == pytest.approx(low, abs=1e-10)
    assert got["upper"] == pytest.approx(up, abs=1e-10)


def _poisson_limits(x, confidence):
    # Independent route: solve the Poisson tail equations numerically.
    a = (1 - confidence) / 2
    up = optimize.brentq(lambda m: stats.poisson.cdf(x, m) - a, 1e-9, 10 * x + 50)
    low = 0.0 if x == 0 else optimize.brentq(lambda m: stats.poisson.sf(x - 1, m) - a, 1e-12, x)
    return low, up


@pytest.mark.parametrize("x", [0, 1, 4, 9, 10, 35])
def test_exact_rate_equals_poisson_tail_solution(x):
    low, up = _poisson_limits(x, 0.95)
    got = rate_ci([x], [1], method="exact", multiplier=1).iloc[0]
    assert got["lower"] == pytest.approx(low, abs=1e-8)
    assert got["upper"] == pytest.approx(up, rel=1e-8)


def test_byar_rule_uses_exact_below_ten_events():
    got = rate_ci([9, 10], [1000, 1000], multiplier=1000)
    assert got["method"].tolist() == ["exact", "byar"]
    low, up = _poisson_limits(9, 0.95)
    assert got["lower"].iloc[0] == pytest.approx(low, rel=1e-8)
    assert got["upper"].iloc[0] == pytest.approx(up, rel=1e-8)


def test_byar_within_two_per_mille_of_exact_from_ten_events():
    # PHE technical guide "Confidence intervals" (2018), p. 6: Byar's 95 % limits are
    # within 0.2 % of exact for numerators of 10 or more.
    x = np.arange(10, 400)
    byar = rate_ci(x, np.ones_like(x), multiplier=1)
    exact = rate_ci(x, np.ones_like(x), method="exact", multiplier=1)
    assert (np.abs(byar["lower"] / exact["lower"] - 1) < 0.002).all()
    assert (np.abs(byar["upper"] / exact["upper"] - 1) < 0.002).all()


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(1, 10_000),
    share=st.floats(0, 1),
    confidence=st.floats(0.5, 0.999),
    method=st.sampled_from(["wilson", "exact"]),
)
def test_proportion_interval_contains_estimate(n, share, confidence, method):
    x = round(share * n)
    got = proportion_ci([x], [n], confidence=confidence, method=method).iloc[0]
    assert 0 <= got["lower"] <= got["value"] + 1e-12
    assert got["value"] - 1e-12 <= got["upper"] <= 1


@settings(max_examples=200, deadline=None)
@given(
    x=st.integers(0, 100_000),
    n=st.floats(1, 1e7),
    confidence=st.floats(0.5, 0.999),
    method=st.sampled_from(["byar", "exact"]),
)
def test_rate_interval_contains_estimate(x, n, confidence, method):
    got = rate_ci([x], [n], confidence=confidence, method=method).iloc[0]
    assert got["lower"] <= got["value"] * (1 + 1e-12) <= got["upper"] * (1 + 1e-12)
    assert got["lower"] >= 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion_ci([1], [2], confidence=95),
         "confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick 95"),
        (lambda: proportion_ci([1], [2], confidence="0.95"),
         "confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick '0.95'"),
        (lambda: proportion_ci([1], [2], method="wald"),
         "method måste vara en av wilson, exact, fick 'wald'"),
        (lambda: proportion_ci([1], [2], multiplier=0),
         "multiplier måste vara ett tal > 0, fick 0"),
        (lambda: proportion_ci([3], [2]), "numerator får inte vara större än denominator"),
        (lambda: proportion_ci([-1], [2]), "numerator måste vara ≥ 0, fick -1"),
        (lambda: proportion_ci([1, 2], [2]),
         "numerator och denominator måste ha samma längd, fick 2 och 1"),
        (lambda: proportion_ci([1], [0]), "denominator måste vara > 0"),
        (lambda: proportion_ci([np.nan], [2]), "numerator får inte sakna värden"),
        (lambda: rate_ci([1], [2], method="wilson"),
         "method måste vara en av byar, exact, fick 'wilson'"),
        (lambda: rate_ci([[1]], [[2]]), "count måste vara en följd av tal"),
    ],
)  # fmt: skip
def test_argument_errors(call, message):
    with pytest.raises(ArgumentError, match=f"^{__import__('re').escape(message)}$"):
        call()
