"""Simulation intervals: distribution of the draws, seeds, and an independent check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from test_heat_helpers import heat_table, nonordered25, row

from jamlik.stats._heat import summary_measures
from jamlik.stats._heat._common import Context
from jamlik.stats._heat._prepare import build_strata
from jamlik.stats._heat._simulate import Draws, quantiles
from jamlik.stats._heat._validate import clean_frame

REPS = 20_000


def _block(frame):
    return build_strata(clean_frame(frame)).blocks[0]


@pytest.mark.parametrize(("scale", "upper"), [(100, 100.0), (1000, np.inf)])
def test_draws_follow_the_truncated_normal(scale, upper):
    # HEAT redraws values below 0 (and above 100 when the scale is 100): the draws
    # are a truncated normal. 20,000 draws; the mean must match scipy's truncnorm
    # within 5 Monte Carlo SEs, and no draw may leave the range.
    frame = heat_table(
        {"estimate": [2.0, 50.0, 97.0], "se": [3.0, 5.0, 4.0], "population": [10, 20, 30]},
        indicator_scale=scale,
    )
    ctx = Context("jamlik", 0.95, 1.96, REPS, np.random.default_rng(5))
    draws = Draws(_block(frame), ctx, np.random.Generator(np.random.SFC64(11))).x[0]
    assert draws.min() >= 0 and draws.max() <= upper
    for j, (mean, sd) in enumerate([(2.0, 3.0), (50.0, 5.0), (97.0, 4.0)]):
        a, b = (0 - mean) / sd, (upper - mean) / sd
        dist = stats.truncnorm(a, b, loc=mean, scale=sd)
        assert abs(draws[:, j].mean() - dist.mean()) < 5 * dist.std() / np.sqrt(REPS)


def test_far_tail_uses_inverse_cdf():
    # An estimate 30 SEs below 0 would almost never be redrawn into range.
    frame = heat_table(
        {"estimate": [-30.0, 10.0, 20.0], "se": [1.0, 1.0, 1.0], "population": [10, 20, 30]},
        indicator_scale=1000,
    )
    ctx = Context("jamlik", 0.95, 1.96, 2000, np.random.default_rng(5))
    x = Draws(_block(frame), ctx, np.random.Generator(np.random.SFC64(1))).x[0, :, 0]
    assert (x >= 0).all() and x.mean() < 0.1  # truncnorm mean there is about 0.033


def test_quantiles_are_r_type_7():
    values = np.array([[3.0, 1.0, 2.0, 10.0, np.nan]])
    lower, upper = quantiles(values, 0.9)
    expected = np.quantile([1.0, 2.0, 3.0, 10.0], [0.05, 0.95])  # numpy "linear" = type 7
    assert [lower[0], upper[0]] == pytest.approx(expected.tolist())


def test_interval_matches_independent_monte_carlo():
    # MDBW's 95 % interval from 20,000 draws against one computed here with
    # scipy.stats.truncnorm and an independent generator. Tolerance: 5 % of the
    # interval width (0.7), about 4 SDs of the difference of two such estimates
    # (repeated runs vary by SD ≈ 0.12 in the upper limit, 0.05 in the lower).
    frame = nonordered25(reference=False)
    result = summary_measures(frame, measures=["MDBW"], rng=21, reps=REPS)
    est, se = frame["estimate"].to_numpy(float), frame["se"].to_numpy(float)
    p = frame["population"].to_numpy(float)
    p /= p.sum()
    ok = se > 0
    x = np.repeat(est[None, :], REPS, axis=0)
    a, b = -est[ok] / se[ok], (100 - est[ok]) / se[ok]
    x[:, ok] = stats.truncnorm.rvs(
        a,
        b,
        loc=est[ok],
        scale=se[ok],
        size=(REPS, ok.sum()),
        random_state=np.random.RandomState(99),
    )
    mdbw = np.abs(x.max(axis=1, keepdims=True) - x) @ p
    expected = np.quantile(mdbw, [0.025, 0.975])
    got = row(result, "MDBW")
    width = expected[1] - expected[0]
    assert abs(got["lower"] - expected[0]) < 0.05 * width
    assert abs(got["upper"] - expected[1]) < 0.05 * width
    assert got["se"] == pytest.approx(mdbw.std(ddof=1), rel=0.03)


def test_same_seed_same_result_and_generator_accepted():
    frame = nonordered25()
    first = summary_measures(frame, rng=4)
    pd.testing.assert_frame_equal(first, summary_measures(frame, rng=4))
    pd.testing.assert_frame_equal(first, summary_measures(frame, rng=np.random.default_rng(4)))
    other = summary_measures(frame, rng=5)
    assert not np.allclose(first["lower"].fillna(0), other["lower"].fillna(0))


def test_confidence_level_used_by_simulation():
    frame = nonordered25()
    wide = row(summary_measures(frame, measures=["BGSD"], rng=2, reps=2000), "BGSD")
    narrow = row(
        summary_measures(frame, measures=["BGSD"], rng=2, reps=2000, confidence=0.5), "BGSD"
    )
    assert wide["lower"] < narrow["lower"] < narrow["upper"] < wide["upper"]
    assert narrow["confidence"] == 0.5


def test_many_strata_in_chunks_match_one_by_one_distribution():
    # Strata are simulated in chunks on threads; each stratum's interval must not
    # depend on its neighbours beyond Monte Carlo noise: 300 copies of one stratum
    # give intervals whose spread is small and centred on a 20,000-draw run.
    base = nonordered25(reference=False)
    copies = pd.concat([base.assign(setting=f"s{i:03d}") for i in range(300)], ignore_index=True)
    many = summary_measures(copies, measures=["MDMW"], rng=8, reps=200)
    single = row(summary_measures(base, measures=["MDMW"], rng=9, reps=REPS), "MDMW")
    assert many["lower"].nunique() > 250  # independent draws per stratum
    assert many["lower"].mean() == pytest.approx(single["lower"], rel=0.02)
    assert many["upper"].mean() == pytest.approx(single["upper"], rel=0.02)


def test_no_se_no_simulation_interval():
    frame = nonordered25()
    frame.loc[3, "se"] = np.nan
    result = summary_measures(frame, measures=["BGSD", "BGV"], rng=1).set_index("measure")
    for measure in ("BGSD", "BGV"):
        assert np.isfinite(result.loc[measure, "value"])
        assert np.isnan(result.loc[measure, "lower"])
        assert result.loc[measure, "reason"] == (
            "saknar standardfel för någon undergrupp; inget konfidensintervall"
        )
