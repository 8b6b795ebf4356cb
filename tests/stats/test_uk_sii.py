"""Slope and relative index of inequality (jamlik.stats._sii)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.errors import ArgumentError
from jamlik.stats import _sii
from jamlik.stats._sii import sii

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uk"
REPS = 20_000  # tests use fewer draws than the default 100,000; tolerances allow for it


def le_data() -> pd.DataFrame:
    # PHEindicatormethods tests/testthat/LE_testdata.csv (= package data LE_data),
    # males (Sex 1), GeoCode E06000001-E06000010, copied unchanged.
    return pd.read_csv(FIXTURES / "phe_le_data_males.csv")


def dsr_data() -> pd.DataFrame:
    # PHEindicatormethods tests/testthat/DSR_testdata.csv (= package data DSR_data).
    return pd.read_csv(FIXTURES / "phe_dsr_data.csv")


def test_life_expectancy_sii_matches_phe_vignette():
    # Vignette "Worked examples for phe_sii function", example 1 (PHEindicatormethods
    # 2.x, inst/doc/WorkedExamples_phe_sii.html): phe_sii(LE_data grouped by Sex,
    # GeoCode, value_type = 0, se = SE, confidence = c(0.95, 0.998), 1000 repetitions).
    published = {
        "E06000001": (11.68886, 9.215442, 14.07460), "E06000002": (12.54785, 10.579679, 14.57307),
        "E06000003": (10.05084, 7.820256, 12.30021), "E06000004": (14.85223, 13.029586, 16.66506),
        "E06000005": (11.68095, 9.126462, 14.13962), "E06000006": (12.27526, 10.014238, 14.29402),
        "E06000007": (11.59893, 10.131272, 12.96125), "E06000008": (10.72510, 8.539485, 12.66773),
        "E06000009": (13.59387, 11.385259, 15.63067), "E06000010": (11.20094, 9.667654, 12.58422),
    }  # fmt: skip
    got = sii(le_data(), quantile="Decile", population="Pop", value="LifeExp", se="SE",
              by=["Sex", "GeoCode"], reps=REPS, rng=11, rii=False)  # fmt: skip
    assert got["GeoCode"].tolist() == list(published)
    want = np.array(list(published.values()))
    np.testing.assert_allclose(got["value"], want[:, 0], atol=5e-6)
    # PHE's limits come from only 1,000 draws (Monte Carlo SE ≈ 0.1 year) and ours
    # from 20,000 with another generator: allow 0.4 year.
    np.testing.assert_allclose(got["lower"], want[:, 1], atol=0.4)
    np.testing.assert_allclose(got["upper"], want[:, 2], atol=0.4)
    assert (got["Sex"] == 1).all() and (got["confidence"] == 0.95).all()


def test_transformed_rate_sii_and_rii_match_phe_vignette():
    # Same vignette, example 2: DSR_data grouped by Period, value_type = 1 (rate),
    # lower_cl/upper_cl, transform = TRUE, rii = TRUE, 100,000 repetitions.
    published = np.array([
        (-14.03684, 0.9010655, -17.95990, -10.126662, 0.8752420, 0.9275826),
        (-12.83196, 0.9086641, -16.72001, -8.917710, 0.8827020, 0.9355915),
        (-11.09234, 0.9199455, -14.91251, -7.257354, 0.8939089, 0.9468622),
        (-10.06041, 0.9266342, -13.85842, -6.255091, 0.9003791, 0.9537227),
        (-10.06085, 0.9263086, -13.84260, -6.302576, 0.9000559, 0.9531717),
        (-8.53077, 0.9368534, -12.23824, -4.816133, 0.9106841, 0.9638401),
    ])  # fmt: skip
    got = sii(dsr_data(), quantile="Quintile", population="total_pop", value="value",
              lower="lowercl", upper="uppercl", by="Period", value_type="rate",
              transform=True, reps=REPS, rng=5)  # fmt: skip
    s, r = got[got["measure"] == "sii"], got[got["measure"] == "rii"]
    assert s["Period"].tolist() == list(range(2010, 2016))
    np.testing.assert_allclose(s["value"], published[:, 0], atol=5e-5)
    np.testing.assert_allclose(r["value"], published[:, 1], atol=5e-7)
    # Monte Carlo SE of a 2.5 % order statistic here: ≈0.04 (SII), ≈0.0003 (RII).
    np.testing.assert_allclose(s["lower"], published[:, 2], atol=0.2)
    np.testing.assert_allclose(s["upper"], published[:, 3], atol=0.2)
    np.testing.assert_allclose(r["lower"], published[:, 4], atol=0.0015)
    np.testing.assert_allclose(r["upper"], published[:, 5], atol=0.0015)


def test_ons_england_males_2015_17_life_expectancy_gap():
    # ONS, "Health state life expectancies by national deprivation deciles, England and
    # Wales: 2015 to 2017" (27 March 2019): Figure 3 csv gives male HLE and years in
    # poorer health by IMD 2015 decile (1 = most deprived); LE = their sum. Main points
    # and Table 1 of the 2018-2020 release: SII 9.4 years (LE) and 19.1 years (HLE).
    # Used: those decile values only. Populations are not in that figure: deciles of
    # LSOAs hold about a tenth of the population each, so equal weights are used; no
    # CIs are published there, so se = 0 and only the SII itself is checked.
    poorer = [22.2553, 19.4762, 18.7125, 17.1042, 15.8661, 15.7573, 14.6299, 13.6530,
              13.4281, 12.8712]  # fmt: skip
    hle = [51.7182, 56.6479, 58.7618, 61.6578, 63.8382, 64.6954, 66.4610, 67.9231, 68.8129,
           70.4463]  # fmt: skip
    frame = pd.DataFrame({"quantile": range(1, 11), "population": 1.0, "se": 0.0,
                          "le": np.add(poorer, hle), "hle": hle})  # fmt: skip
    le = sii(frame, value="le", se="se", reps=1000, rng=1, rii=False)["value"].iloc[0]
    healthy = sii(frame, value="hle", se="se", reps=1000, rng=1, rii=False)["value"].iloc[0]
    assert round(le, 1) == 9.4
    assert round(healthy, 1) == 19.1


def test_point_estimates_equal_independent_weighted_fit():
    # Independent route: numpy.polyfit with weights √a on the midpoint ranks.
    frame = le_data().query("GeoCode == 'E06000005'")
    a = frame["Pop"] / frame["Pop"].sum()
    b = a.cumsum() - a / 2
    slope, intercept = np.polyfit(b, frame["LifeExp"], 1, w=np.sqrt(a))
    got = sii(frame, quantile="Decile", population="Pop", value="LifeExp", se="SE",
              reps=1000, rng=0, multiplier=-1)  # fmt: skip
    s, r = got.iloc[0], got.iloc[1]
    assert s["value"] == pytest.approx(-slope)
    assert r["value"] == pytest.approx(intercept / (intercept + slope))  # inverted: m < 0
    assert s["lower"] < s["value"] < s["upper"] and r["lower"] < r["value"] < r["upper"]


def test_transformed_proportion_equals_independent_logit_fit():
    q = np.arange(1, 6)
    p = np.array([0.30, 0.26, 0.22, 0.20, 0.15])
    pop = np.array([900.0, 1100, 1000, 950, 1050])
    low, high = p - 0.03, p + 0.03
    frame = pd.DataFrame({"quantile": q, "population": pop, "value": p, "lower": low,
                          "upper": high})  # fmt: skip
    a = pop / pop.sum()
    slope, intercept = np.polyfit(np.cumsum(a) - a / 2, np.log(p / (1 - p)), 1, w=np.sqrt(a))
    expit = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    got = sii(frame, lower="lower", upper="upper", value_type="proportion", transform=True,
              multiplier=100, reps=2000, rng=4)  # fmt: skip
    assert got["value"].iloc[0] == pytest.approx((expit(intercept + slope) - expit(intercept)) * 100)
    assert got["value"].iloc[1] == pytest.approx(expit(intercept + slope) / expit(intercept))


def test_incomplete_group_gets_reason_not_values():
    frame = le_data()
    frame = frame[~((frame["GeoCode"] == "E06000003") & (frame["Decile"] == 4))]
    got = sii(frame, quantile="Decile", population="Pop", value="LifeExp", se="SE",
              by="GeoCode", reps=1000, rng=2)  # fmt: skip
    bad = got[got["GeoCode"] == "E06000003"]
    assert len(bad) == 2 and bad["value"].isna().all()
    assert set(bad["reason"]) == {"saknar kvantil: 4"}
    assert got["GeoCode"].is_monotonic_increasing


def test_chunked_simulation_equals_single_pass(monkeypatch):
    kwargs = dict(quantile="Decile", population="Pop", value="LifeExp", se="SE",
                  by="GeoCode", reps=1000, confidence=(0.95, 0.998))  # fmt: skip
    whole = sii(le_data(), rng=9, **kwargs)
    monkeypatch.setattr(_sii, "_CHUNK_FLOATS", 1)  # one group per chunk
    pd.testing.assert_frame_equal(whole, sii(le_data(), rng=9, **kwargs))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), order=st.permutations(range(20)))
def test_sii_invariant_to_row_order(seed, order):
    frame = le_data().query("GeoCode in ['E06000001', 'E06000002']").reset_index(drop=True)
    kwargs = dict(quantile="Decile", population="Pop", value="LifeExp", se="SE",
                  by="GeoCode", reps=1000, rng=seed)  # fmt: skip
    pd.testing.assert_frame_equal(sii(frame, **kwargs), sii(frame.iloc[list(order)], **kwargs))


@settings(max_examples=40, deadline=None)
@given(
    level=st.floats(0.01, 0.99),
    pops=st.lists(st.floats(1, 1e6), min_size=5, max_size=12),
    kind=st.sampled_from(["mean", "rate", "proportion", "rate+t", "proportion+t"]),
)
def test_sii_zero_when_all_values_equal(level, pops, kind):
    value_type, _, transformed = kind.partition("+")
    frame = pd.DataFrame({"quantile": range(len(pops)), "population": pops, "value": level,
                          "lower": level * 0.9, "upper": min(level * 1.1, 0.999)})  # fmt: skip
    got = sii(frame, lower="lower", upper="upper", value_type=value_type,
              transform=bool(transformed), reps=1000, rng=0)  # fmt: skip
    assert abs(got["value"].iloc[0]) < 1e-9
    assert got["value"].iloc[1] == pytest.approx(1.0, abs=1e-9)


ARG_ERRORS = [
    ({"value_type": "count"}, "value_type måste vara en av mean, rate, proportion, fick 'count'"),
    ({"transform": "yes"}, "transform måste vara True eller False, fick 'yes'"),
    ({"transform": True}, "transform kräver value_type 'rate' eller 'proportion'"),
    ({"lower": "SE"}, "ange antingen se eller lower och upper, inte båda"),
    ({"se": None}, "ange se eller både lower och upper"),
    ({"value_type": "rate", "transform": True},
     "transform kräver lower och upper (PHE tar inte emot se då)"),
    ({"reps": 999}, "reps måste vara ett heltal ≥ 1000, fick 999"),
    ({"reps": 1000.0}, "reps måste vara ett heltal ≥ 1000, fick 1000.0"),
    ({"rng": "seed"}, "rng måste vara en numpy Generator eller ett heltal (seed), fick str"),
    ({"multiplier": 0}, "multiplier måste vara ett tal ≠ 0, fick 0"),
    ({"confidence": 1.5}, "confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick 1.5"),
    ({"by": ["Area"]}, "kolumnen 'Area' finns inte i df"),
    ({"population": "Deaths2"}, "kolumnen 'Deaths2' (population) finns inte i df"),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "message"), ARG_ERRORS)
def test_argument_errors(kwargs, message):
    options = dict(quantile="Decile", population="Pop", value="LifeExp", se="SE", reps=1000)
    options.update(kwargs)
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        sii(le_data(), **options)


DATA_ERRORS = [
    (lambda d: d.assign(Pop=0), {}, "kolumnen 'Pop' måste vara > 0"),
    (lambda d: d.assign(LifeExp="x"), {}, "kolumnen 'LifeExp' (value) måste vara numerisk utan tomma värden"),
    (lambda d: d.assign(SE=-1), {}, "kolumnen 'SE' måste vara ≥ 0"),
    (lambda d: d, {"value_type": "proportion"}, "kolumnen 'LifeExp' måste ligga mellan 0 och 1 för andelar"),
    (lambda d: d.assign(LifeExp=0), {"value_type": "rate"}, "kolumnen 'LifeExp' måste vara > 0 för kvoter"),
    (lambda d: d.query("Decile < 5"), {}, "antalet kvantiler måste vara mellan 5 och 100, fick 4 (SII och RII kräver en rad per kvantil, t.ex. 5 kvintiler eller 10 deciler)"),
    (lambda d: pd.concat([d, d.iloc[[0]]]), {"by": "GeoCode"}, "samma kvantil förekommer flera gånger i en grupp"),
    (lambda d: d.assign(lo=d.LifeExp + 1, hi=d.LifeExp - 1), {"se": None, "lower": "lo", "upper": "hi"},
     "lower och upper ger inget giltigt standardfel (lower ≤ upper)"),
    (lambda d: d.assign(lo=-0.1, hi=0.5, LifeExp=0.2), {"se": None, "lower": "lo", "upper": "hi", "value_type": "proportion"},
     "lower och upper måste ligga mellan 0 och 1 för andelar"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "kwargs", "message"), DATA_ERRORS)
def test_data_errors(change, kwargs, message):
    options = dict(quantile="Decile", population="Pop", value="LifeExp", se="SE", reps=1000)
    options.update(kwargs)
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        sii(change(le_data()), **options)


def test_requires_dataframe():
    with pytest.raises(ArgumentError, match="^df måste vara en pandas DataFrame, fick dict$"):
        sii({"a": 1}, se="se")
