"""The one verdict function: non-overlapping periods, the se used, words from the interval."""

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import ArgumentError
from jamlik.stats import gap_verdict


def _series(values, se=0.5, measure="SII", starts=(2010, 2015, 2020), span=4):
    return pd.DataFrame({"measure": measure, "start_date": list(starts),
                         "end_date": [s + span for s in starts],
                         "period": [f"{s}–{s + span}" for s in starts],
                         "value": values, "se": se})


def test_weighted_slope_against_a_hand_computation():
    d = _series([9.0, 7.0, 4.0], se=[1.0, 0.5, 1.0])
    out = gap_verdict(d).iloc[0]
    t = np.array([2012.5, 2017.5, 2022.5])
    w = 1 / np.array([1.0, 0.5, 1.0]) ** 2
    tbar = np.sum(w * t) / w.sum()
    slope = np.sum(w * (t - tbar) * d["value"]) / np.sum(w * (t - tbar) ** 2)
    assert out["value"] == pytest.approx(slope)
    assert out["se"] == pytest.approx(1 / np.sqrt(np.sum(w * (t - tbar) ** 2)))
    assert out["verdict"] == "closing" and out["verdict_sv"] == "skillnaden minskar"


def test_negative_gaps_mirror_and_neutral_means_the_gap_shrinks():
    assert gap_verdict(_series([-9.0, -7.0, -5.0]))["verdict"].iloc[0] == "closing"
    assert gap_verdict(_series([-5.0, -7.0, -9.0]))["verdict"].iloc[0] == "widening"
    assert gap_verdict(_series([5.0, 5.2, 4.9]))["verdict"].iloc[0] == "none"


def test_a_gap_that_changes_side_is_no_verdict_on_its_size():
    out = gap_verdict(_series([-5.0, 0.0, 5.0])).iloc[0]
    assert out["verdict"] == "none"
    assert out["reason"] == "skillnaden byter riktning under perioden; storleken kan inte jämföras"


def test_overlapping_periods_are_left_out_counting_back_from_the_newest():
    rolling = _series([9.0, 8.6, 8.2, 7.8, 7.4, 7.0, 6.6, 6.2, 5.8, 5.4, 5.0],
                      starts=range(2010, 2021))
    out = gap_verdict(rolling).iloc[0]
    assert out["periods"] == ["2010–2014", "2015–2019", "2020–2024"]
    assert out["n_overlapping_dropped"] == 8 and out["n_periods"] == 3


def test_ratio_measures_trend_on_the_log_scale_from_their_limits():
    d = _series([2.0, 1.6, 1.28], measure="RII").drop(columns="se")
    d["lower"], d["upper"], d["confidence"] = d["value"] / 1.1, d["value"] * 1.1, 0.95
    out = gap_verdict(d).iloc[0]
    assert out["value"] == pytest.approx(np.log(0.8) / 5)
    assert out["fitted_first"] == pytest.approx(2.0)
    assert out["verdict"] == "closing" and "ln-skala" in out["method"]


def test_extra_variation_widens_the_interval():
    wobbly = _series([9.0, 5.0, 9.5, 4.0, 8.0, 3.0], se=0.3,
                     starts=(2000, 2004, 2008, 2012, 2016, 2020), span=3)
    out = gap_verdict(wobbly).iloc[0]
    assert "uppskalad" in out["method"] and out["verdict"] == "none"


def test_too_few_periods_and_missing_values():
    d = _series([9.0, np.nan, 7.0], se=[0.5, 0.5, 0.0])
    out = gap_verdict(d).iloc[0]
    assert out["verdict"] is None or pd.isna(out["verdict"])
    assert out["reason"] == "färre än två icke-överlappande perioder med värde och standardfel"


def test_dates_as_periods_and_groups():
    d = pd.concat([_series([9.0, 7.0, 5.0]).assign(indicator="a"),
                   _series([5.0, 7.0, 9.0]).assign(indicator="b")])
    d["start_date"] = pd.to_datetime(d["start_date"].astype(str) + "-01-01")
    d["end_date"] = pd.to_datetime(d["end_date"].astype(str) + "-12-31")
    out = gap_verdict(d, by="indicator")
    assert out["verdict"].tolist() == ["closing", "widening"]
    assert out["value"].iloc[0] == pytest.approx(-0.4, rel=1e-3)


@pytest.mark.parametrize("frame, kwargs, message", [
    (_series([1.0, 2.0, 3.0]).drop(columns="end_date"), {}, "saknade kolumner i measures: 'end_date'"),
    (_series([1.0, 2.0, 3.0]).drop(columns="se"), {},
     "measures behöver kolumnen 'se' eller kolumnerna 'lower' och 'upper'"),
    (_series([1.0, 2.0, 3.0]), {"confidence": 2},
     "confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick 2"),
])
def test_messages(frame, kwargs, message):
    with pytest.raises(ArgumentError) as caught:
        gap_verdict(frame, **kwargs)
    assert str(caught.value) == message


def test_units_of_measures_and_slopes():
    from jamlik.stats import measure_unit
    assert measure_unit("D", "procent") == "procentenheter"
    assert measure_unit("D_Q1Q5", "procent", lang="en") == "percentage points"
    assert measure_unit("SII", "procent", per_year=True) == "procentenheter per år"
    assert measure_unit("Q1", "procent") == "procent"
    # the English word the pages show for "procent" (British "per cent") is a percentage too
    assert measure_unit("SII", "per cent", lang="en", per_year=True) == "percentage points per year"
    assert measure_unit("SII", "år") == "år"
    assert measure_unit("R_Q1Q5", "procent") == "kvot"
    assert measure_unit("RII", "år", per_year=True) == "ln(kvot) per år"
    assert measure_unit("BGV", "procent") == "(procentenheter) i kvadrat"
    assert measure_unit("D", None, lang="en") == "units"
    with pytest.raises(ArgumentError) as caught:
        measure_unit("XYZ", "procent")
    assert str(caught.value) == "okänt mått för enhet: 'XYZ'"


def test_dated_calendar_years_are_one_year_apart_leap_years_included():
    """Periods stored as dates (1 January to 31 December, as the store keeps them) end at
    the end of their last day: the middles are 2019.5, 2020.5, 2021.5 whether or not the
    year has 366 days, so the slope equals the one on plain years exactly."""
    import datetime as dt

    years = [2019, 2020, 2021, 2023, 2024]
    values = [10.0, 9.0, 8.5, 7.0, 6.5]
    dated = pd.DataFrame({"measure": "D", "period": [str(y) for y in years],
                          "start_date": [dt.date(y, 1, 1) for y in years],
                          "end_date": [dt.date(y, 12, 31) for y in years],
                          "value": values, "se": 0.5})
    plain = dated.assign(start_date=years, end_date=years)
    got = gap_verdict(dated).iloc[0]
    coefficients = np.polyfit(years, values, 1)  # equal weights: the OLS slope
    assert got["value"] == pytest.approx(coefficients[0], rel=1e-12)
    assert got["value"] == pytest.approx(gap_verdict(plain).iloc[0]["value"], rel=1e-12)
    stamps = dated.assign(start_date=pd.to_datetime(dated["start_date"]),
                          end_date=pd.to_datetime(dated["end_date"]))
    assert gap_verdict(stamps).iloc[0]["value"] == pytest.approx(coefficients[0], rel=1e-12)


def test_the_fifths_gap_has_its_null_value():
    """D_Q1Q5 (most minus least deprived fifth) closes toward 0, R_Q1Q5 toward 1."""
    assert gap_verdict(_series([9.0, 7.0, 5.0], measure="D_Q1Q5"))["verdict"].iloc[0] == "closing"
    ratio = gap_verdict(_series([1.9, 1.6, 1.3], se=0.02, measure="R_Q1Q5")).iloc[0]
    assert ratio["verdict"] == "closing" and "ln" in ratio["method"]
