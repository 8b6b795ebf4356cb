"""jamlik's large-group variants of D and R (D_Q, R_Q, D_D, R_D, D_P, R_P).

These are jamlik's own measures; HEAT Plus and healthequal have no such variant
(WHOequity/HEAT-Measures ``R/calc-d.R``/``calc-r.R``, healthequal 1.0.0 ``d()``/
``r()``), so no published values exist. They are checked against independent
implementations written here (a loop that fills each tail subgroup by subgroup;
weighted percentiles by sorting, cumsum and ``np.interp``), against numpy's
Hazen percentile (Hyndman & Fan 1996, type 5) for equal populations, against
values worked out by hand, and by properties.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats
from test_heat_helpers import heat_table, row

from jamlik.errors import ArgumentError
from jamlik.stats._heat import LARGE_GROUP_MEASURES, MEASURES, summary_measures
from jamlik.stats._heat._applicability import NOT_APPLICABLE

Z = 1.959963984540054
TAILS = {"D_Q": 0.2, "R_Q": 0.2, "D_D": 0.1, "R_D": 0.1}
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- independent implementations -------------------------------------------------


def reference_tails(est, se, pop, fraction):
    """D and R of the tails by filling each tail from its extreme, subgroup by subgroup."""
    n = len(est)
    need = fraction * sum(pop)

    def fill(order):
        coef, left = [0.0] * n, need
        for j in order:
            take = min(pop[j], left)
            coef[j] = take / need
            left -= take
            if left <= 0:
                break
        return coef

    ascending = sorted(range(n), key=lambda j: est[j])
    low, high = fill(ascending), fill(ascending[::-1])
    mean_low = sum(c * y for c, y in zip(low, est))
    mean_high = sum(c * y for c, y in zip(high, est))
    d_se = math.sqrt(sum((h - lo) ** 2 * s**2 for h, lo, s in zip(high, low, se)))
    r = mean_high / mean_low
    log_se = math.sqrt(
        sum((h / mean_high - lo / mean_low) ** 2 * s**2 for h, lo, s in zip(high, low, se))
    )
    return {
        "D": (mean_high - mean_low, d_se, mean_high - mean_low - Z * d_se),
        "R": (r, r * log_se, r * math.exp(-Z * log_se)),
    }


def reference_percentiles(est, pop, quantiles=(0.1, 0.9)):
    """Weighted percentiles: midpoints of the cumulative population, np.interp between."""
    est, pop = np.asarray(est, float), np.asarray(pop, float)
    keep = pop > 0
    order = np.argsort(est[keep])
    y, w = est[keep][order], pop[keep][order]
    position = (np.cumsum(w) - w / 2) / w.sum()
    return [float(np.interp(q, position, y)) for q in quantiles]


def _frame(est, se, pop, **columns):
    return heat_table({"estimate": est, "se": se, "population": pop}, **columns)


def _random_stratum(rng, size, *, indicator="ind", favourable=1):
    pop = rng.integers(50, 20_000, size).astype(float)
    pop[rng.integers(0, size)] = 0.0  # a district without residents carries no weight
    return _frame(
        rng.uniform(5, 95, size),
        rng.uniform(0.3, 4.0, size),
        pop,
        indicator_abbr=indicator,
        favourable_indicator=favourable,
    )


# --- values against the independent implementations ------------------------------


def test_worked_example_by_hand():
    # docs/heat-measures.md: 36 districts of equal population, estimates 41..76, SE 2.
    # A fifth is 7.2 districts: bottom (41+…+47 + 0.2·48)/7.2 = 317.6/7.2,
    # top (70+…+76 + 0.2·69)/7.2 = 524.8/7.2; the tails are disjoint, so
    # SE(D)² = 2 · 4 · (7 + 0.2²)/7.2².
    frame = _frame(40.0 + np.arange(1, 37), 2.0, 1000)
    result = summary_measures(frame, measures=["D_Q", "R_Q", "D_D", "D"])
    low, high = 317.6 / 7.2, 524.8 / 7.2
    se_d = math.sqrt(8 * 7.04) / 7.2
    got = row(result, "D_Q")
    assert got["value"] == pytest.approx(high - low, rel=1e-12)
    assert got["se"] == pytest.approx(se_d, rel=1e-12)
    assert got[["lower", "upper"]].tolist() == pytest.approx(
        [high - low - Z * se_d, high - low + Z * se_d], rel=1e-9
    )
    assert row(result, "R_Q")["value"] == pytest.approx(524.8 / 317.6, rel=1e-12)
    log_se = 2 * math.sqrt(7.04) / 7.2 * math.hypot(1 / high, 1 / low)
    assert row(result, "R_Q")["se"] == pytest.approx(524.8 / 317.6 * log_se, rel=1e-12)
    assert row(result, "D_D")["reason"] == "kräver fler än 60 undergrupper"
    assert row(result, "D")["value"] == 35.0  # HEAT's D is untouched: 76 − 41


def test_percentile_example_by_hand_and_numpy_hazen():
    # 120 equal districts 1..120: the 10th percentile sits at position 0.1·120 + 0.5 = 12.5
    # (Hyndman & Fan type 5, numpy method="hazen"), the 90th at 108.5.
    est = np.arange(1.0, 121.0)
    frame = _frame(est, 1.0, 500, indicator_scale=1000)
    result = summary_measures(frame, measures=["D_P", "R_P"], rng=1)
    p10, p90 = np.percentile(est, [10, 90], method="hazen")
    assert (p10, p90) == (12.5, 108.5)
    assert row(result, "D_P")["value"] == pytest.approx(p90 - p10, rel=1e-12)
    assert row(result, "R_P")["value"] == pytest.approx(p90 / p10, rel=1e-12)


def test_equal_populations_match_numpy_hazen_on_random_data():
    rng = np.random.default_rng(4)
    for size in (101, 137, 250):
        est = rng.normal(40, 10, size)
        result = summary_measures(
            _frame(est, 1.0, 10, indicator_scale=1000), measures=["D_P", "R_P"], rng=1
        )
        p10, p90 = np.percentile(est, [10, 90], method="hazen")
        assert row(result, "D_P")["value"] == pytest.approx(p90 - p10, rel=1e-12)
        assert row(result, "R_P")["value"] == pytest.approx(p90 / p10, rel=1e-12)


@pytest.mark.parametrize("favourable", [1, 0])
def test_random_strata_match_the_loop(favourable):
    rng = np.random.default_rng(11 + favourable)
    sizes = [31, 47, 61, 89, 101, 147, 230]
    frames = [
        _random_stratum(rng, size, indicator=f"i{k}", favourable=favourable)
        for k, size in enumerate(sizes)
    ]
    # Ties at the tail boundaries: the tie order (subgroup name, as the loop's stable sort
    # over rows in name order) decides which SEs enter, not the value.
    tied = _random_stratum(rng, 90, indicator=f"i{len(sizes)}", favourable=favourable)
    frames.append(tied.assign(estimate=tied["estimate"].round(-1)))
    result = summary_measures(
        pd.concat(frames, ignore_index=True), measures=list(LARGE_GROUP_MEASURES), rng=3
    )
    for k, frame in enumerate(frames):
        got = result[result["indicator_abbr"] == f"i{k}"].set_index("measure")
        est, se, pop = (frame[c].tolist() for c in ("estimate", "se", "population"))
        for measure, fraction in TAILS.items():
            if len(est) <= (30 if fraction == 0.2 else 60):
                assert got.loc[measure, "reason"].startswith("kräver fler än")
                continue
            value, se_ref, lower = reference_tails(est, se, pop, fraction)[measure[0]]
            assert got.loc[measure, "value"] == pytest.approx(value, rel=1e-10)
            assert got.loc[measure, "se"] == pytest.approx(se_ref, rel=1e-9)
            assert got.loc[measure, "lower"] == pytest.approx(lower, rel=1e-9)
        if len(est) > 100:
            p10, p90 = reference_percentiles(est, pop)
            assert got.loc["D_P", "value"] == pytest.approx(p90 - p10, rel=1e-10)
            assert got.loc["R_P", "value"] == pytest.approx(p90 / p10, rel=1e-10)
        else:
            assert got.loc["D_P", "reason"] == "kräver fler än 100 undergrupper"


def test_percentile_interval_matches_an_independent_monte_carlo():
    # Both simulate HEAT's truncated normal draws (here scipy's truncnorm) and take the
    # 2.5/97.5 % points of D_P. 20,000 draws each; the Monte Carlo SE of such a limit is
    # about 0.02 SD of the simulated values, so the limits must agree within 0.15 SD and
    # the simulated SEs within 4 %.
    rng = np.random.default_rng(8)
    size, draws = 110, 20_000
    est = rng.uniform(2, 30, size)
    se = rng.uniform(0.5, 3.0, size)
    pop = rng.integers(100, 5000, size).astype(float)
    frame = _frame(est, se, pop)
    got = row(summary_measures(frame, measures=["D_P"], rng=5, reps=draws), "D_P")
    x = stats.truncnorm.rvs(
        -est / se, (100 - est) / se, loc=est, scale=se, size=(draws, size), random_state=9
    )
    sims = np.array([np.subtract(*reference_percentiles(d, pop, (0.9, 0.1))) for d in x])
    sd = sims.std(ddof=1)
    lower, upper = np.quantile(sims, [0.025, 0.975])
    assert abs(got["lower"] - lower) < 0.15 * sd
    assert abs(got["upper"] - upper) < 0.15 * sd
    assert got["se"] == pytest.approx(sd, rel=0.04)
    assert got["method"] == f"simulering ({draws} dragningar, percentilintervall)"


# --- applicability and modes -------------------------------------------------------


def test_reasons():
    rng = np.random.default_rng(2)
    few = _random_stratum(rng, 30, indicator="a")
    ordered = _random_stratum(rng, 40, indicator="b").assign(
        ordered_dimension=1, subgroup_order=np.arange(1, 41)
    )
    estimated = _random_stratum(rng, 35, indicator="c")
    estimated.loc[:4, "estimate"] = np.nan  # 30 of 35 estimated (86 %)
    under85 = _random_stratum(rng, 40, indicator="d")
    under85.loc[:6, "estimate"] = np.nan  # 33 of 40 = 82.5 %
    no_pop = _random_stratum(rng, 40, indicator="e")
    no_pop.loc[3, "population"] = np.nan
    frame = pd.concat([few, ordered, estimated, under85, no_pop], ignore_index=True)
    result = summary_measures(frame, measures=["D_Q"]).set_index("indicator_abbr")["reason"]
    assert result.to_dict() == {
        "a": "kräver fler än 30 undergrupper",
        "b": "kräver icke-ordnad dimension",
        "c": "kräver fler än 30 undergrupper med skattning",
        "d": "under 85 % av undergrupperna har en skattning",
        "e": "saknar populationsandel (population saknas eller är 0)",
    }
    # The CLI hides "not defined for this dimension", not "could not be computed here".
    assert "kräver fler än 30 undergrupper" in NOT_APPLICABLE
    assert "kräver fler än 100 undergrupper" in NOT_APPLICABLE
    assert "kräver fler än 30 undergrupper med skattning" not in NOT_APPLICABLE


def test_missing_se_only_matters_inside_the_tails():
    est = 40.0 + np.arange(40)
    se = np.full(40, 1.0)
    se[20] = np.nan  # a middle district
    middle = row(summary_measures(_frame(est, se, 100), measures=["D_Q"]), "D_Q")
    assert np.isfinite(middle["lower"]) and middle["reason"] is None
    se[0] = np.nan  # the lowest district
    tail = row(summary_measures(_frame(est, se, 100), measures=["D_Q"]), "D_Q")
    assert tail["value"] == middle["value"] and np.isnan(tail["lower"])
    assert tail["reason"] == "saknar standardfel för någon undergrupp; inget konfidensintervall"


def test_zero_worst_tail_cannot_give_a_ratio():
    est = np.r_[np.zeros(10), np.arange(1.0, 31)]
    result = summary_measures(_frame(est, 1.0, 100), measures=["R_Q", "D_Q"])
    assert row(result, "D_Q")["value"] == pytest.approx(np.mean(np.arange(23.0, 31)) - 0)
    assert row(result, "R_Q")["reason"] == (
        "kräver positiva skattningar: en kvot och dess intervall på log-skala är inte definierade "
        "när en skattning är 0 eller negativ"
    )


def test_default_modes():
    frame = _random_stratum(np.random.default_rng(3), 120)
    ours = summary_measures(frame, rng=1)
    assert ours["measure"].tolist() == [*MEASURES, *LARGE_GROUP_MEASURES]
    assert ours.set_index("measure").loc[list(LARGE_GROUP_MEASURES), "value"].notna().all()
    heat = summary_measures(frame, compat="heat", rng=1)
    assert heat["measure"].tolist() == list(MEASURES)
    # The extra measures do not change HEAT's 21 (the same draws serve the simulations).
    only21 = summary_measures(frame, measures=list(MEASURES), rng=1)
    pd.testing.assert_frame_equal(ours.iloc[: len(MEASURES)], only21)
    assert len(MEASURES) == 21 and set(LARGE_GROUP_MEASURES).isdisjoint(MEASURES)


def test_codes_any_case():
    frame = _random_stratum(np.random.default_rng(3), 40)
    result = summary_measures(frame, measures=["r_q", "d", "D_q"])
    assert result["measure"].tolist() == ["D", "D_Q", "R_Q"]


def test_heat_mode_refuses_jamlik_measures():
    frame = _random_stratum(np.random.default_rng(3), 40)
    message = (
        "compat='heat' återger HEAT Plus, som saknar 'd_q', 'R_P' "
        "(jamliks mått för många undergrupper); använd compat=None"
    )
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        summary_measures(frame, compat="heat", measures=["D", "d_q", "R_P"])


def test_unknown_code_lists_every_valid_measure():
    message = ("okänt mått: 'D_X' (giltiga mått: "
               + ", ".join((*MEASURES, *LARGE_GROUP_MEASURES)) + ")")
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        summary_measures(_random_stratum(np.random.default_rng(3), 40), measures=["D_Q", "D_X"])


# --- properties ----------------------------------------------------------------------


@st.composite
def large_strata(draw):
    """One to three non-ordered strata with 31-130 districts each."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    frames = [
        _random_stratum(
            rng,
            draw(st.integers(31, 130)),
            indicator=f"i{k}",
            favourable=draw(st.sampled_from([0, 1])),
        )
        for k in range(draw(st.integers(1, 3)))
    ]
    return pd.concat(frames, ignore_index=True).assign(indicator_scale=1000)


def _run(frame):
    return summary_measures(frame, measures=list(LARGE_GROUP_MEASURES), rng=7, reps=20)


@SETTINGS
@given(frame=large_strata(), seed=st.integers(0, 2**32 - 1))
def test_row_order_does_not_matter(frame, seed):
    shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(_run(frame), _run(shuffled))


@SETTINGS
@given(frame=large_strata(), level=st.floats(0.5, 900))
def test_all_equal_subgroups_give_zero_and_one(frame, level):
    result = _run(frame.assign(estimate=level)).set_index("measure")
    computed = result[result["value"].notna()]
    assert len(computed) >= 2  # at least D_Q and R_Q of every stratum
    for measure, value in computed["value"].items():
        assert value == pytest.approx(0.0 if measure[0] == "D" else 1.0, abs=1e-9)


@SETTINGS
@given(frame=large_strata(), factor=st.sampled_from([0.1, 2.5, 10.0]))
def test_indicator_scale_changes_units_of_d_only(frame, factor):
    scaled = frame.assign(
        estimate=frame["estimate"] * factor,
        se=frame["se"] * factor,
        indicator_scale=frame["indicator_scale"] * factor,
    )
    base, got = _run(frame).set_index("measure"), _run(scaled).set_index("measure")
    columns = ["value", "se", "lower", "upper"]
    for measure in LARGE_GROUP_MEASURES:
        power = 1 if measure[0] == "D" else 0
        np.testing.assert_allclose(
            got.loc[[measure], columns].to_numpy(float),
            base.loc[[measure], columns].to_numpy(float) * factor**power,
            rtol=1e-4,  # the simulation draws in single precision
        )


@SETTINGS
@given(frame=large_strata())
def test_tails_are_nested_between_heats_d_and_zero(frame):
    # Mean of the top tenth ≥ mean of the top fifth, and both ≤ the maximum (likewise
    # at the bottom): HEAT's D (max − min here) ≥ D_D ≥ D_Q ≥ 0, whatever the direction.
    result = summary_measures(frame, measures=["D", "D_Q", "D_D", "R_Q"])
    for _, got in result.groupby("indicator_abbr"):
        value = got.set_index("measure")["value"]
        assert value["D"] + 1e-9 >= value["D_Q"] >= -1e-12
        assert value["R_Q"] >= 1 - 1e-12
        if np.isfinite(value["D_D"]):
            assert value["D"] + 1e-9 >= value["D_D"] >= value["D_Q"] - 1e-9


def test_direction_of_the_indicator_does_not_change_the_value():
    # As HEAT's D/R for a non-ordered dimension (highest − lowest): best − worst for a
    # favourable indicator, worst − best for an adverse one.
    frame = _random_stratum(np.random.default_rng(6), 120)
    favourable = _run(frame.assign(favourable_indicator=1))
    adverse = _run(frame.assign(favourable_indicator=0))
    pd.testing.assert_frame_equal(favourable, adverse)
