"""Directly and indirectly standardised rates (jamlik.stats._standardise)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from jamlik.errors import ArgumentError
from jamlik.stats._result import RESULT_COLUMNS
from jamlik.stats._standardise import ESP2013, dsr, isr

BANDS = list(ESP2013)


def vignette_frame() -> pd.DataFrame:
    # PHEindicatormethods 2.x DSR vignette, section "Calculating DSRs when there are
    # zero deaths in some age bands" (inst/doc/DSR-vignette.R / .html): pops2 and
    # deaths2; the 10-14, 15-19 and 20-24 bands have no deaths (NA after the join).
    pop = [30, 35, 35, 35, 40, 40, 45, 50, 50, 50, 60, 60, 70, 75, 70, 60, 20, 20, 15]
    deaths = dict(zip([0, 5, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
                      [1, 1, 1, 1, 3, 3, 3, 3, 10, 10, 10, 10, 8, 8, 8, 8]))  # fmt: skip
    count = [deaths.get(a, np.nan) for a in range(0, 95, 5)]
    return pd.DataFrame({"age_band": BANDS, "population": pop, "count": count})


def test_esp2013_is_phe_vector():
    # PHEindicatormethods data-raw/LoadTestdata.R: esp2013 <- c(5000, 5500, ..., 1000).
    assert list(ESP2013.values()) == [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000,
                                      7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500,
                                      1000]  # fmt: skip
    assert BANDS[0] == "0-4" and BANDS[-2:] == ["85-89", "90+"]
    assert sum(ESP2013.values()) == 100000


def test_dsr_matches_phe_vignette():
    # Published output: total_count 88, total_pop 860, value 8283.016,
    # lowercl 6570.819, uppercl 10289.65, 95%, method Dobson.
    got = dsr(vignette_frame())
    assert list(got.columns[: len(RESULT_COLUMNS)]) == list(RESULT_COLUMNS)
    row = got.iloc[0]
    assert row["count"] == 88 and row["population"] == 860
    assert row["value"] == pytest.approx(8283.016, abs=5e-4)
    assert row["lower"] == pytest.approx(6570.819, abs=5e-4)
    assert row["upper"] == pytest.approx(10289.65, abs=5e-3)
    assert row["method"] == "Dobson" and row["measure"] == "dsr" and row["reason"] is None


def test_dsr_two_levels_give_one_row_each_and_nest():
    got = dsr(vignette_frame(), confidence=(0.95, 0.998))
    assert got["confidence"].tolist() == [0.95, 0.998]
    assert got["value"].nunique() == 1
    assert got["lower"].iloc[1] < got["lower"].iloc[0] < got["upper"].iloc[0] < got["upper"].iloc[1]


def test_dsr_is_keyed_by_band_not_row_order():
    frame = vignette_frame()
    shuffled = frame.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(dsr(frame), dsr(shuffled))


def test_dsr_suppressed_below_ten_events():
    frame = vignette_frame().assign(count=0.0)
    frame.loc[3, "count"] = 9
    row = dsr(frame).iloc[0]
    assert np.isnan(row["value"]) and np.isnan(row["lower"]) and np.isnan(row["upper"])
    assert row["reason"] == "färre än 10 händelser: DSR redovisas inte (PHE)"
    assert row["count"] == 9


def test_dsr_groups_and_custom_standard():
    a = vignette_frame().assign(area="A")
    b = vignette_frame().assign(area="B", count=lambda d: d["count"].fillna(0) * 2)
    got = dsr(pd.concat([b, a]), by="area")
    assert got["area"].tolist() == ["A", "B"]
    assert got["value"].iloc[1] == pytest.approx(2 * got["value"].iloc[0])
    flat = {band: 1.0 for band in BANDS}
    one = dsr(a, standard=flat, multiplier=1).iloc[0]
    rates = a["count"].fillna(0) / a["population"]
    assert one["value"] == pytest.approx(rates.mean())


def test_dsr_infant_split_of_esp2013():
    # Splitting 0-4 into <1 and 1-4 with the same age-specific rate must not change it.
    frame = vignette_frame().fillna(0)
    split = pd.concat([
        pd.DataFrame({"age_band": ["<1", "1-4"], "population": [6.0, 24.0], "count": [0.2, 0.8]}),
        frame.iloc[1:],
    ])  # fmt: skip
    assert dsr(split)["value"].iloc[0] == pytest.approx(dsr(frame)["value"].iloc[0])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.iloc[:-2], "åldersband saknas i data: 85-89, 90+"),
        (lambda d: pd.concat([d, d.iloc[[0]].assign(age_band="95+")]),
         "åldersband som saknas i standardpopulationen: 95+"),
        (lambda d: pd.concat([d, d.iloc[[4]]]), "åldersband förekommer flera gånger: 20-24"),
        (lambda d: d.assign(population=0), "kolumnen 'population' måste vara > 0"),
        (lambda d: d.assign(count=-1), "kolumnen 'count' måste vara ≥ 0"),
        (lambda d: d.drop(columns="count"), "kolumnen 'count' (count) finns inte i df"),
    ],
)  # fmt: skip
def test_dsr_data_errors(change, message):
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        dsr(change(vignette_frame()))


def test_dsr_group_named_in_missing_band_error():
    frame = pd.concat([vignette_frame().assign(area="A"), vignette_frame().assign(area="B")])
    frame = frame[~((frame["area"] == "B") & (frame["age_band"] == "0-4"))]
    with pytest.raises(ArgumentError, match=re.escape("åldersband saknas i data för {'area': 'B'}: 0-4")):
        dsr(frame, by="area")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"standard": "esp1976"},
         "standard måste vara 'esp2013' eller en mappning åldersband → folkmängd, fick 'esp1976'"),
        ({"standard": [1, 2]},
         "standard måste vara 'esp2013' eller en mappning åldersband → folkmängd, fick list"),
        ({"confidence": (0.95, 0.99, 0.998)}, "confidence får vara en eller två nivåer, fick 3"),
        ({"confidence": (0.95, 0.95)}, "confidence får inte innehålla samma nivå två gånger"),
        ({"multiplier": -5}, "multiplier måste vara ett tal > 0, fick -5"),
        ({"by": "area"}, "kolumnen 'area' (by[0]) finns inte i df"),
    ],
)  # fmt: skip
def test_dsr_argument_errors(kwargs, message):
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        dsr(vignette_frame(), **kwargs)


def test_dsr_requires_dataframe():
    with pytest.raises(ArgumentError, match="^df måste vara en pandas DataFrame, fick list$"):
        dsr([1, 2])


def reference() -> pd.DataFrame:
    return pd.DataFrame({"age_band": BANDS[::-1], "count": np.arange(19, 0, -1) * 10.0,
                         "population": np.full(19, 10000.0)})  # fmt: skip


def _exact(o, confidence=0.95):
    a = (1 - confidence) / 2
    up = optimize.brentq(lambda m: stats.poisson.cdf(o, m) - a, 1e-9, 10 * o + 50)
    low = 0.0 if o == 0 else optimize.brentq(lambda m: stats.poisson.sf(o - 1, m) - a, 1e-12, o)
    return low, up


def test_isr_ratio_uses_reference_rates_by_band():
    frame = vignette_frame()
    ref = reference()
    rate = dict(zip(ref["age_band"], ref["count"] / ref["population"]))
    expected = sum(rate[b] * n for b, n in zip(frame["age_band"], frame["population"]))
    row = isr(frame, reference=ref).iloc[0]
    assert row["expected"] == pytest.approx(expected)
    assert row["value"] == pytest.approx(88 / expected)
    # Byar's limits (O = 88 ≥ 10) are within 0.2 % of exact Poisson limits / E.
    low, up = _exact(88)
    assert row["lower"] == pytest.approx(low / expected, rel=2e-3)
    assert row["upper"] == pytest.approx(up / expected, rel=2e-3)
    assert row["method"] == "byar"


def test_isr_small_counts_exact_and_rate_scale():
    frame = vignette_frame().assign(count=0.0)
    frame.loc[0, "count"] = 4
    ref = reference()
    row = isr(frame, reference=ref, statistic="rate", confidence=0.9).iloc[0]
    low, up = _exact(4, 0.9)
    ref_rate = ref["count"].sum() / ref["population"].sum() * 100000
    assert row["method"] == "exact" and row["measure"] == "isr_rate"
    assert row["lower"] == pytest.approx(low / row["expected"] * ref_rate, rel=1e-8)
    assert row["upper"] == pytest.approx(up / row["expected"] * ref_rate, rel=1e-8)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"statistic": "smr"}, "statistic måste vara en av ratio, rate, fick 'smr'"),
        ({"reference": {"0-4": 1}},
         "reference måste vara en DataFrame med åldersband, antal och folkmängd, fick dict"),
        ({"reference": reference().iloc[1:]}, "åldersband som saknas i reference: 90+"),
    ],
)  # fmt: skip
def test_isr_errors(kwargs, message):
    options = {"reference": reference(), **kwargs}
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        isr(vignette_frame(), **options)


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 500), min_size=19, max_size=19),
    pops=st.lists(st.integers(1, 100_000), min_size=19, max_size=19),
    confidence=st.floats(0.8, 0.999),
)
def test_dsr_interval_contains_estimate(counts, pops, confidence):
    frame = pd.DataFrame({"age_band": BANDS, "count": counts, "population": pops})
    row = dsr(frame, confidence=confidence).iloc[0]
    if sum(counts) < 10:
        assert np.isnan(row["value"])
    else:
        assert row["lower"] <= row["value"] <= row["upper"]
