"""compat="heat" versus the default: every documented difference, and HEAT's rules.

The HEAT Plus behaviour checked here is read from the HEAT Plus engine
(WHOequity/HEAT-Measures, R/calc-*.R and R/utils.R) and healthequal 1.0.0
(R/*.R); docs/heat-measures.md quotes the lines and gives the worked examples.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_heat_helpers import heat_table, nonordered25, ordered5, row

from jamlik.stats._heat import summary_measures


def _both(frame, measures, **kwargs):
    return (
        summary_measures(frame, compat="heat", measures=measures, rng=3, **kwargs),
        summary_measures(frame, measures=measures, rng=3, **kwargs),
    )


@pytest.mark.parametrize("measure", ["TI", "MLD"])
def test_ti_mld_se_scaled_with_value(measure):
    heat, ours = _both(nonordered25(), [measure])
    assert row(heat, measure)["value"] == row(ours, measure)["value"]
    assert row(ours, measure)["se"] == pytest.approx(1000 * row(heat, measure)["se"], rel=1e-12)


def test_paf_se_in_percent():
    heat, ours = _both(ordered5(), ["PAF", "PAR"])
    assert row(ours, "PAF")["se"] == pytest.approx(100 * row(heat, "PAF")["se"], rel=1e-12)
    # PAR's SE (μ·SE(AF)) is on the right scale in HEAT already.
    assert row(ours, "PAR")["se"] == row(heat, "PAR")["se"]


def test_sii_counts_rounded_in_heat():
    # HEAT fits round(y/scale·⌈N⌉) out of ⌈N⌉: equal estimates of 33.3 % give
    # 2/7, 4/13 and 34/101, hence an SII of 7.14 points where there is no gap.
    frame = heat_table(
        {"estimate": [33.3, 33.3, 33.3], "population": [7, 13, 101], "subgroup_order": [1, 2, 3]},
        ordered_dimension=1,
    )
    heat, ours = _both(frame, ["SII"])
    assert row(heat, "SII")["value"] == pytest.approx(7.143033, rel=1e-6)
    assert row(ours, "SII")["value"] == pytest.approx(0, abs=1e-9)


def test_rii_se_reported_on_ratio_scale():
    heat, ours = _both(ordered5(), ["RII"])
    log_se = row(heat, "RII")["se"]  # HEAT reports the SE of ln RII
    ours_row = row(ours, "RII")
    lower = np.exp(
        np.log(ours_row["value"]) - 1.959963984540054 * ours_row["se"] / ours_row["value"]
    )
    assert ours_row["lower"] == pytest.approx(lower, rel=1e-12)
    assert log_se == pytest.approx(0.07644001, rel=1e-6)


def test_mdru_mdrw_heat_interval_is_that_of_mdbu_mdbw():
    heat, ours = _both(nonordered25(), ["MDBU", "MDBW", "MDRU", "MDRW"], reps=200)
    for ref, best in (("MDRU", "MDBU"), ("MDRW", "MDBW")):
        assert (
            row(heat, ref)[["lower", "upper"]].tolist()
            == row(heat, best)[["lower", "upper"]].tolist()
        )
        # So HEAT's interval does not even contain its own value; ours, which
        # simulates the distance to the reference, does.
        assert not row(heat, ref)["lower"] <= row(heat, ref)["value"] <= row(heat, ref)["upper"]
        assert row(ours, ref)["lower"] < row(ours, ref)["value"] < row(ours, ref)["upper"]


def test_mdmu_heat_interval():
    # Scale 100: HEAT keeps a draw only if every value is ≤ 1, so no interval.
    heat = summary_measures(nonordered25(), compat="heat", measures=["MDMU"], rng=3)
    assert np.isnan(row(heat, "MDMU")[["lower", "upper"]].astype(float)).all()
    # Other scales: the simulated MDMU is multiplied by the scale once more.
    frame = nonordered25(indicator_scale=1000)
    heat, ours = _both(frame, ["MDMU"], reps=200)
    np.testing.assert_allclose(
        row(heat, "MDMU")[["lower", "upper"]].astype(float),
        1000 * row(ours, "MDMU")[["lower", "upper"]].astype(float),
        rtol=1e-6,
    )


def test_bgsd_heat_centres_draws_on_observed_mean():
    # Σp(x−c)² is smallest at the draw's own weighted mean, so HEAT's replicates,
    # centred on the observed mean, are never below ours (same draws).
    heat, ours = _both(nonordered25(), ["BGSD", "COV"], reps=400)
    assert row(ours, "BGSD")["lower"] <= row(heat, "BGSD")["lower"]
    assert row(ours, "BGSD")["upper"] <= row(heat, "BGSD")["upper"]


def test_simulated_se_only_by_default():
    heat, ours = _both(nonordered25(), ["BGSD"])
    assert np.isnan(row(heat, "BGSD")["se"])
    assert row(ours, "BGSD")["se"] > 0


def test_paf_interval_bounded_at_zero():
    # Ordered, favourable: the most advantaged group (72) is below the average
    # (75.67), so PAF and PAR are set to 0. HEAT centres a symmetric interval on
    # that 0; ours bounds the interval of the unset value at 0.
    frame = heat_table(
        {
            "estimate": [70.0, 85.0, 72.0],
            "se": [2.0, 2.0, 2.0],
            "population": [1000, 1000, 1000],
            "subgroup_order": [1, 2, 3],
        },
        ordered_dimension=1,
    )
    heat, ours = _both(frame, ["PAF", "PAR"])
    for measure in ("PAF", "PAR"):
        assert row(heat, measure)["value"] == row(ours, measure)["value"] == 0
        assert row(heat, measure)["lower"] == -row(heat, measure)["upper"] < 0
        assert row(ours, measure)[["lower", "upper"]].tolist() == [0.0, 0.0]


def test_mdmu_heat_needs_population_ours_uses_setting_average():
    frame = nonordered25(setting_average=67.0).assign(population=np.nan)
    heat, ours = _both(frame, ["MDMU", "IDISU"])
    assert row(heat, "MDMU")["reason"] == "saknar populationsandel (population saknas eller är 0)"
    estimates = frame["estimate"].to_numpy()
    assert row(ours, "MDMU")["value"] == pytest.approx(np.mean(np.abs(estimates - 67.0)))
    for result in (heat, ours):
        assert row(result, "IDISU")["value"] == pytest.approx(
            100 * np.mean(np.abs(estimates - 67.0)) / 67.0
        )


# --- HEAT's choice of the two subgroups of D and R (same in both modes) ---------


@pytest.mark.parametrize(
    ("estimates", "ordered", "favourable", "reference", "d"),
    [
        # non-ordered, no reference: highest − lowest, favourable or not
        ([50, 70, 60], 0, 1, None, 20),
        ([50, 70, 60], 0, 0, None, 20),
        # ordered: most advantaged − most disadvantaged (favourable), reverse (adverse)
        ([50, 70, 60], 1, 1, None, 10),
        ([50, 70, 60], 1, 0, None, -10),
        # reference flagged: reference − lowest other (favourable),
        # highest other − reference (adverse)
        ([50, 70, 60], 0, 1, 2, 10),
        ([50, 70, 60], 0, 0, 0, 20),
        # the reference rule also applies to an ordered dimension
        ([50, 70, 60], 1, 1, 1, 20),
    ],
)
def test_difference_pair_rules(estimates, ordered, favourable, reference, d):
    ref = [0, 0, 0]
    if reference is not None:
        ref[reference] = 1
    frame = heat_table(
        {"estimate": estimates, "subgroup_order": [1, 2, 3], "reference_subgroup": ref},
        ordered_dimension=ordered,
        favourable_indicator=favourable,
    )
    for compat in ("heat", None):
        result = summary_measures(frame, compat=compat, measures=["D", "R"])
        assert row(result, "D")["value"] == d


def test_binary_dimension_gets_only_pairwise_and_impact_measures():
    frame = heat_table(
        {
            "estimate": [80.0, 84.0],
            "se": [1.0, 1.0],
            "population": [100, 120],
            "subgroup": ["Kvinnor", "Män"],
        },
        dimension="Kön",
    )
    result = summary_measures(frame).set_index("measure")
    computed = set(result.index[result["value"].notna()])
    assert computed == {"D", "R", "PAF", "PAR"}
    assert result.loc["BGV", "reason"] == "kräver fler än två undergrupper"
    assert result.loc["SII", "reason"] == "kräver ordnad dimension"


def test_missing_estimates_rules():
    # HEAT computes the complex measures only if ≥ 85 % of subgroups have an estimate.
    frame = nonordered25()
    frame.loc[[0, 1, 2, 3], "estimate"] = np.nan  # 21 of 25 = 84 %
    result = summary_measures(frame, measures=["BGV", "D"]).set_index("measure")
    assert result.loc["BGV", "reason"] == "under 85 % av undergrupperna har en skattning"
    assert np.isfinite(result.loc["D", "value"])
    # Ordered: D needs the two extreme subgroups.
    frame = ordered5()
    frame.loc[4, "estimate"] = np.nan
    result = summary_measures(frame, measures=["D"]).set_index("measure")
    assert result.loc["D", "reason"] == (
        "saknar skattning för den lägsta eller högsta undergruppen i ordningen"
    )


def test_impact_without_population_uses_setting_average_and_has_no_interval():
    frame = ordered5(setting_average=40.0).assign(population=np.nan)
    result = summary_measures(frame, measures=["PAF", "PAR", "SII"]).set_index("measure")
    assert result.loc["PAR", "value"] == 20.0  # most advantaged 60 − setting average 40
    assert result.loc["PAF", "value"] == 50.0
    assert np.isnan(result.loc["PAR", "lower"])
    assert result.loc["PAR", "reason"] == "saknar population; inget konfidensintervall"
    assert result.loc["SII", "reason"] == "saknar populationsandel (population saknas eller är 0)"


def test_impact_interval_needs_shares():
    # Walter's SE counts cases y/scale·N; a mean of 20 days with scale 1 is no share.
    frame = heat_table(
        {"estimate": [18.0, 25.0, 31.0], "population": [100, 100, 100]},
        indicator_scale=1,
        favourable_indicator=0,
    )
    result = summary_measures(frame, measures=["PAR"]).set_index("measure")
    assert result.loc["PAR", "value"] == pytest.approx(18 - 74 / 3)
    assert result.loc["PAR", "reason"] == (
        "Walters standardfel kräver andelar (0 ≤ estimate ≤ indicator_scale) och en "
        "referensgrupp med skattning över 0; inget konfidensintervall"
    )
