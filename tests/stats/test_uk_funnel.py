"""Funnel-plot control limits (jamlik.stats._funnel).

Expected values are rows of PHEindicatormethods' own test outputs
(tests/testthat/testdata_funnel_*_outputs.csv, ukhsa-collaboration/PHEindicatormethods).
PHE finds the Poisson limits by bisection stopping at 1e-7, so its ratio/rate limits
differ from exact chi-square quantiles by up to ~5e-5 relative: rtol is 1e-4 there.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.errors import ArgumentError
from jamlik.stats._funnel import funnel_limits

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uk"
LIMITS = ["lower_95", "upper_95", "lower_99_8", "upper_99_8"]

# testdata_funnel_prop_outputs.csv: Population, Lower2s, Upper2s, Lower3s, Upper3s
# (multiplier 100, baseline 80.642448 = pooled average of testdata_funnel_prop_inputs).
PROPORTION_ROWS = [
    (1, 3.204264, 100, 0, 100),
    (2, 25.885383, 100, 0, 100),
    (3, 35.933491, 100, 10.150815, 100),
    (18, 62.390093, 98.894803, 51.864359, 100),
    (41, 68.548635, 92.73626, 61.574398, 99.710497),
    (1008, 78.203374, 83.081521, 76.796814, 84.488082),
    (31477, 80.205974, 81.078922, 79.954269, 81.330627),
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),
]
PROPORTION_AXIS_START = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 27]
PROPORTION_AXIS_END = [72486, 80452, 89294, 99108, 110000]

# testdata_funnel_ratio_outputs.csv: Observed_events, then the *_count limits.
RATIO_ROWS = [
    (1, -0.820519779, 38.49774946, -0.891697652, 998.4532721),
    (2, -0.723171418, 7.257315569, -0.821887662, 43.05093268),
    (10, -0.456236795, 1.085337156, -0.585646331, 2.37778507),
    (100, -0.17781286, 0.229044681, -0.258843765, 0.390406755),
    (716, -0.070639465, 0.077488421, -0.107903929, 0.125516964),
]
RATIO_AXIS_END = [569, 596, 624, 653, 684, 716]

# testdata_funnel_rate_outputs.csv (dsr per 100,000, years_of_data = 3): Events,
# the four limits and lower_2s_population_1_year.
RATE_ROWS = [
    (1, 20.85059119, 4588.535848, 12.58170943, 116108.569, 1598.675694),
    (2, 32.15975314, 959.2695538, 20.69168143, 5117.48863, 2072.984403),
    (30, 81.37793899, 172.1843853, 68.22532023, 219.6184891, 12288.34267),
    (151, 99.05306578, 137.1793935, 90.90803922, 151.4121686, 50814.51335),
    (1360, 110.158048, 122.6021934, 106.9073359, 126.5084525, 411529.9259),
]


def test_proportion_limits_match_phe():
    rows = np.array(PROPORTION_ROWS)
    # One pseudo-area carrying PHE's published baseline as its proportion.
    got = funnel_limits([80.642448], [100], multiplier=100, points=rows[:, 0])
    np.testing.assert_allclose(got[LIMITS].to_numpy(), rows[:, 1:], atol=2e-6)
    assert got["baseline"].iloc[0] == pytest.approx(80.642448)


def test_proportion_axis_matches_phe():
    # Smallest and largest denominators in testdata_funnel_prop_inputs.csv (Fylde PCT
    # 16386, Sutton and Merton PCT 102950) fix PHE's 100-point axis.
    got = funnel_limits([10000, 60000], [16386, 102950], multiplier=100)["population"]
    assert len(got) == 100
    assert got.iloc[:20].tolist() == PROPORTION_AXIS_START
    assert got.iloc[-5:].tolist() == PROPORTION_AXIS_END


@pytest.mark.parametrize("ratio_type", ["count", "isr"])
def test_ratio_limits_match_phe(ratio_type):
    rows = np.array(RATIO_ROWS)
    want = rows[:, 1:] if ratio_type == "count" else (rows[:, 1:] + 1) * 100
    got = funnel_limits(rows[:, 0], np.ones(len(rows)), statistic="ratio",
                        ratio_type=ratio_type, points=rows[:, 0])  # fmt: skip
    np.testing.assert_allclose(got[LIMITS].to_numpy(), want, rtol=1e-4, atol=1e-6)
    assert got["baseline"].iloc[0] == (0 if ratio_type == "count" else 100)


def test_ratio_axis_matches_phe():
    # Smallest and largest expected counts in testdata_funnel_ratio_inputs.csv.
    got = funnel_limits([1, 1], [4.293052052, 706.7669173], statistic="ratio")["observed"]
    assert got.iloc[:33].tolist() == list(range(1, 34))
    assert got.iloc[-6:].tolist() == RATIO_AXIS_END


def test_dsr_rate_limits_and_axis_match_phe():
    data = pd.read_csv(FIXTURES / "phe_funnel_rate_inputs.csv")  # testdata_funnel_rate_input_funnels.csv
    got = funnel_limits(data["ev"], rate=data["rate"], statistic="rate", rate_type="dsr",
                        multiplier=1e5, years_of_data=3)  # fmt: skip
    assert len(got) == 100 and got["events"].iloc[-1] == 1360
    assert got["baseline"].iloc[0] == pytest.approx(116.1720835, abs=5e-8)
    rows = np.array(RATE_ROWS)
    picked = got.set_index("events").loc[rows[:, 0]]
    np.testing.assert_allclose(picked[LIMITS].to_numpy(), rows[:, 1:5], rtol=1e-4)
    np.testing.assert_allclose(picked["lower_95_population_per_year"], rows[:, 5], rtol=1e-4)


def test_crude_rate_with_zero_events_uses_given_denominator():
    events = np.array([0, 10, 30])
    pop = np.array([5000.0, 10000, 20000])
    got = funnel_limits(events, pop, rate=events / pop * 1e5, statistic="rate",
                        rate_type="crude", multiplier=1e5, years_of_data=1, points=[40])  # fmt: skip
    assert got["baseline"].iloc[0] == pytest.approx(40 / 35000 * 1e5)


@settings(max_examples=100, deadline=None)
@given(n=st.floats(1, 1e6), share=st.floats(0.001, 0.999))
def test_proportion_limits_nest_around_baseline(n, share):
    got = funnel_limits([share * 1000], [1000], multiplier=1, points=[n]).iloc[0]
    assert got["lower_99_8"] <= got["lower_95"] <= share + 1e-12
    assert share - 1e-12 <= got["upper_95"] <= got["upper_99_8"] <= 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"statistic": "mean"}, "statistic måste vara en av proportion, ratio, rate, fick 'mean'"),
        ({"multiplier": -1}, "multiplier måste vara ett tal > 0, fick -1"),
        ({"points": [0, 5]}, "points måste vara > 0"),
        ({"denominator": [10, 0]}, "denominator måste vara > 0"),
        ({"numerator": [11, 1]}, "numerator måste ligga mellan 0 och denominator"),
        ({"numerator": [1]}, "numerator och denominator måste ha samma längd"),
        ({"numerator": [np.nan, 1]}, "numerator och denominator får inte sakna värden för andelar"),
        ({"numerator": []}, "numerator måste vara en icke-tom följd av tal"),
        ({"statistic": "ratio", "ratio_type": "smr"}, "ratio_type måste vara en av count, isr, fick 'smr'"),
        ({"statistic": "ratio", "denominator": None}, "denominator (förväntat antal) krävs för kvoter"),
        ({"statistic": "ratio", "denominator": [1, -1]}, "denominator (förväntat antal) måste vara > 0"),
        ({"statistic": "rate", "years_of_data": 1}, "rate krävs för statistic='rate'"),
        ({"statistic": "rate", "rate": [1, 2], "rate_type": "age", "years_of_data": 1},
         "rate_type måste vara en av dsr, crude, fick 'age'"),
        ({"statistic": "rate", "rate": [1, 2]}, "years_of_data måste vara ett tal > 0, fick None"),
        ({"statistic": "rate", "rate": [1], "years_of_data": 1}, "numerator och rate måste ha samma längd"),
        ({"statistic": "rate", "rate": [1, 2], "numerator": [-1, 2], "years_of_data": 1},
         "numerator måste vara ≥ 0 och finnas för alla områden"),
        ({"statistic": "rate", "rate": [1, 2], "numerator": [0, 2], "denominator": None, "years_of_data": 1},
         "denominator krävs för områden med 0 händelser"),
        ({"statistic": "rate", "rate": [np.nan, 2], "years_of_data": 1},
         "rate måste finnas för alla områden med händelser"),
    ],
)  # fmt: skip
def test_argument_errors(kwargs, message):
    options = {"numerator": [5, 1], "denominator": [10, 10], **kwargs}
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        funnel_limits(options.pop("numerator"), options.pop("denominator"), **options)
