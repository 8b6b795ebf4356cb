"""gap_trend: change and weighted slope checked by independent arithmetic, and verdicts."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from jamlik.errors import ArgumentError
from jamlik.stats._trend import gap_trend

Z95 = norm.ppf(0.975)


def series(measure, values, ses, years=(2016, 2017, 2018, 2019), **extra):
    return pd.DataFrame({"measure": measure, "date": list(years)[: len(values)],
                         "value": values, "se": ses, **extra})


def row(out, name):
    return out[out["measure"] == name].iloc[0]


def test_change_and_slope_against_polyfit():
    t = np.array([2016.0, 2017.0, 2018.0, 2019.0])
    y = np.array([10.0, 8.0, 7.0, 5.0])
    se = np.array([1.0, 0.5, 0.5, 1.0])
    out = gap_trend(series("D", y, se))
    change = row(out, "change")
    assert change["value"] == pytest.approx(-5.0)
    assert change["se"] == pytest.approx(math.sqrt(2.0))
    assert change["lower"] == pytest.approx(-5.0 - Z95 * math.sqrt(2.0))
    # numpy's polyfit with weights 1/se and an unscaled covariance is the known-variance WLS.
    coef, cov = np.polyfit(t - 2016, y, 1, w=1 / se, cov="unscaled")
    slope = row(out, "slope")
    assert slope["value"] == pytest.approx(coef[0], rel=1e-12)
    assert slope["se"] == pytest.approx(math.sqrt(cov[0, 0]), rel=1e-12)
    assert slope["upper"] == pytest.approx(coef[0] + Z95 * math.sqrt(cov[0, 0]), rel=1e-12)
    assert (out["verdict"] == "minskar").all() and (out["verdict_en"] == "closing").all()
    assert out["n_periods"].tolist() == [4, 4]
    assert out["period_first"].tolist() == [2016, 2016]
    assert out["period_last"].tolist() == [2019, 2019]
    assert out["null_value"].tolist() == [0.0, 0.0]
    assert list(out.columns[:9]) == ["source_measure", "measure", "value", "se", "lower",
                                     "upper", "confidence", "method", "reason"]


def test_slope_by_hand_equal_weights():
    # Equal se = 1, t = 0, 1, 2: slope = Σ(t - 1)y / Σ(t - 1)² = (y2 - y0)/2, se = 1/√2.
    out = gap_trend(series("SII", [3.0, 5.0, 9.0], [1.0, 1.0, 1.0], years=(2000, 2001, 2002)))
    slope = row(out, "slope")
    assert slope["value"] == pytest.approx(3.0)
    assert slope["se"] == pytest.approx(1 / math.sqrt(2))
    assert slope["verdict"] == "ökar" and slope["verdict_en"] == "widening"


@pytest.mark.parametrize(
    ("measure", "values", "verdict", "verdict_en"),
    [
        ("SII", [-8.0, -2.0], "minskar", "closing"),  # negative SII toward 0 closes
        ("SII", [-2.0, -8.0], "ökar", "widening"),
        ("D", [6.0, 1.0], "minskar", "closing"),
        ("D", [1.0, 6.0], "ökar", "widening"),
        ("R", [1.5, 1.1], "minskar", "closing"),  # ratios close toward 1
        ("RII", [0.6, 0.95], "minskar", "closing"),
        ("RII", [0.9, 0.5], "ökar", "widening"),
        ("D", [0.0, 5.0], "ökar", "widening"),  # no gap at the start: any move widens
        ("D", [5.0, 4.0], "ingen tydlig förändring", "no clear change"),
        ("life_expectancy", [80.0, 84.0], "ökar", "increasing"),  # no null: the value
        ("life_expectancy", [84.0, 80.0], "minskar", "decreasing"),
        ("life_expectancy", [80.0, 80.5], "ingen tydlig förändring", "no clear change"),
    ],
)
def test_verdicts(measure, values, verdict, verdict_en):
    se = [0.1, 0.1] if measure in ("R", "RII") else [1.0, 1.0]
    out = gap_trend(series(measure, values, se))
    change = row(out, "change")
    assert (change["verdict"], change["verdict_en"]) == (verdict, verdict_en)


def test_verdict_at_the_edge_of_significance():
    # change 2.8 with se √2: z·se = 2.7718 < 2.8 (significant); at 2.7 it is not.
    assert row(gap_trend(series("D", [5.0, 7.8], [1.0, 1.0])), "change")["verdict"] == "ökar"
    edge = row(gap_trend(series("D", [5.0, 7.7], [1.0, 1.0])), "change")
    assert edge["verdict"] == "ingen tydlig förändring"
    assert edge["lower"] < 0 < edge["upper"]


def test_null_value_override():
    data = series("index", [3.0, 1.2], [0.2, 0.2])
    plain = row(gap_trend(data), "change")
    assert (plain["verdict_en"], math.isnan(plain["null_value"])) == ("decreasing", True)
    assert row(gap_trend(data, null_value=1.0), "change")["verdict_en"] == "closing"
    assert row(gap_trend(data, null_value={"index": 4.0}), "change")["verdict_en"] == "widening"


def test_se_from_symmetric_interval():
    z90 = norm.ppf(0.95)
    data = pd.DataFrame({"measure": "D", "date": [2015, 2020], "value": [4.0, 2.0],
                         "lower": [4.0 - z90 * 0.5, 2.0 - z90 * 0.3],
                         "upper": [4.0 + z90 * 0.5, 2.0 + z90 * 0.3], "confidence": 0.9})
    change = row(gap_trend(data), "change")
    assert change["se"] == pytest.approx(math.hypot(0.5, 0.3))


def test_se_of_ratio_from_log_interval():
    # R with log-scale se 0.1: limits R·exp(±z·0.1); delta method se = R·0.1.
    r = np.array([1.6, 1.2])
    data = pd.DataFrame({"measure": "R", "date": [2015, 2020], "value": r,
                         "lower": r * np.exp(-Z95 * 0.1), "upper": r * np.exp(Z95 * 0.1),
                         "confidence": 0.95})
    change = row(gap_trend(data), "change")
    assert change["se"] == pytest.approx(math.hypot(0.16, 0.12))


def test_suppressed_values_are_left_out():
    data = series("D", [5.0, np.nan, 3.0, 2.0], [1.0, np.nan, 1.0, 1.0])
    out = gap_trend(data)
    assert out["n_periods"].tolist() == [3, 3]
    direct = gap_trend(data.dropna())
    np.testing.assert_allclose(out["value"], direct["value"])


def test_fewer_than_two_periods():
    out = gap_trend(series("D", [5.0, np.nan], [1.0, np.nan]))
    assert out["value"].isna().all()
    assert (out["reason"] == "färre än två perioder med värde").all()
    assert out["verdict"].isna().all()


def test_missing_se_in_the_middle_stops_only_the_slope():
    out = gap_trend(series("D", [5.0, 4.0, 3.0], [1.0, np.nan, 1.0]))
    assert row(out, "change")["value"] == pytest.approx(-2.0)
    slope = row(out, "slope")
    assert math.isnan(slope["value"])
    assert slope["reason"] == "standardfel saknas eller är 0 för en period som behövs"


def test_ranges_and_dates_as_periods():
    ranges = pd.DataFrame({"measure": "D", "date": ["2011–2013", "2014-2016", "2017–2019"],
                           "value": [6.0, 4.0, 2.0], "se": [1.0, 1.0, 1.0]})
    assert row(gap_trend(ranges), "slope")["value"] == pytest.approx(-2.0 / 3.0)
    dates = ranges.assign(date=pd.to_datetime(["2012-01-01", "2015-01-01", "2018-01-01"]))
    assert row(gap_trend(dates), "slope")["value"] == pytest.approx(-2.0 / 3.0, rel=1e-3)
    text_dates = ranges.assign(date=["2012-01-01", "2015-01-01", "2018-01-01"])
    assert row(gap_trend(text_dates), "slope")["value"] == pytest.approx(-2.0 / 3.0, rel=1e-3)


def test_groups_are_independent_and_keyed():
    rng = np.random.default_rng(5)
    frames = []
    for area in ("A", "B", "C"):
        for measure in ("SII", "RII"):
            frames.append(pd.DataFrame({
                "area": area, "measure": measure, "date": [2015, 2017, 2019, 2021],
                "value": rng.normal(2, 1, 4), "se": rng.uniform(0.2, 1, 4)}))
    data = pd.concat(frames, ignore_index=True).sample(frac=1, random_state=2)
    out = gap_trend(data, by="area")
    assert list(out.columns[:3]) == ["area", "source_measure", "measure"]
    assert len(out) == 12
    for (area, measure), part in data.groupby(["area", "measure"]):
        alone = gap_trend(part, by="area")
        mine = out[(out["area"] == area) & (out["source_measure"] == measure)]
        np.testing.assert_allclose(mine["value"], alone["value"], rtol=1e-12)
        t = part["date"].to_numpy(float)
        coef = np.polyfit(t, part["value"], 1, w=1 / part["se"])
        assert row(mine, "slope")["value"] == pytest.approx(coef[0], rel=1e-10)


def raises(message):
    return pytest.raises(ArgumentError, match="^" + re.escape(message) + "$")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"confidence": 95}, "confidence måste vara ett tal mellan 0 och 1, fick 95"),
        ({"by": "area"}, "saknade kolumner i data: 'area'"),
        ({"period": "year"}, "saknade kolumner i data: 'year'"),
        ({"null_value": "0"},
         "null_value måste vara None, ett tal eller en ordlista mått → tal, fick '0'"),
        ({"null_value": {"D": "noll"}}, "null_value för 'D' måste vara ett tal, fick 'noll'"),
    ],
)
def test_bad_options(options, message):
    with raises(message):
        gap_trend(series("D", [1.0, 2.0], [1.0, 1.0]), **options)


def test_bad_data():
    with raises("data måste vara en pandas DataFrame, fick dict"):
        gap_trend({"a": 1})
    with raises("data behöver kolumnen 'se' eller kolumnerna 'lower' och 'upper'"):
        gap_trend(series("D", [1.0, 2.0], [1.0, 1.0]).drop(columns="se"))
    with raises("data har inga rader"):
        gap_trend(series("D", [1.0, 2.0], [1.0, 1.0]).iloc[:0])
    with raises("flera rader för samma period för measure='D': 2016"):
        gap_trend(series("D", [1.0, 2.0], [1.0, 1.0], years=(2016, 2016)))
    with raises("date måste vara år, datum eller perioder som '2017–2019', fick 'förra året'"):
        gap_trend(series("D", [1.0, 2.0], [1.0, 1.0], years=("2016", "förra året")))
    with raises("value måste vara ett tal, fick 'hög'"):
        gap_trend(series("D", [1.0, "hög"], [1.0, 1.0]))
    no_conf = series("D", [1.0, 2.0], [np.nan, 1.0]).assign(lower=[0.0, 1.0], upper=[2, 3])
    with raises("kolumnen 'confidence' behövs för att räkna fram se ur lower och upper"):
        gap_trend(no_conf)
    with raises("confidence måste vara ett tal mellan 0 och 1, fick 95"):
        gap_trend(no_conf.assign(confidence=95))


def test_crossing_the_null_compares_sizes():
    # SII -4 → +4: a significant move, but the gap is as large as before, reversed.
    same = row(gap_trend(series("SII", [-4.0, 4.0], [1.0, 1.0])), "change")
    assert same["verdict_en"] == "no clear change"
    assert same["lower"] > 0
    # -4 → +2: the gap shrank from 4 to 2 while crossing; -2 → +4 grew from 2 to 4.
    assert row(gap_trend(series("SII", [-4.0, 2.0], [1.0, 1.0])), "change")[
        "verdict_en"] == "closing"
    assert row(gap_trend(series("SII", [-2.0, 4.0], [1.0, 1.0])), "change")[
        "verdict_en"] == "widening"
    # Slope: fitted line 3, 1, -1, -3 at 2016-2019 (exact data), |−3| = |3|: no change;
    line = row(gap_trend(series("D", [3.0, 1.0, -1.0, -3.0], [0.5] * 4)), "slope")
    assert line["value"] == pytest.approx(-2.0)
    assert line["verdict_en"] == "no clear change"
    # Ratios crossing 1 compare |ln R|: 1.2 → 0.82 widens (ln 1.2 = 0.182 < 0.198 =
    # |ln 0.82|) although 0.82 is nearer 1 on the raw scale; 1.25 → 0.85 closes
    # (0.223 > 0.163).
    assert row(gap_trend(series("R", [1.2, 0.82], [0.05, 0.05])), "change")[
        "verdict_en"] == "widening"
    assert row(gap_trend(series("R", [1.25, 0.85], [0.05, 0.05])), "change")[
        "verdict_en"] == "closing"
