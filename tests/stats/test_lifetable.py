"""Life expectancy (Chiang II, PHE's method) against published values and an independent
loop implementation of the textbook formulas."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from jamlik.stats._lifetable import REASON_SMALL, REASON_WIDE, life_expectancy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "life"
ABRIDGED = [0, 1, *range(5, 95, 5)]


def phe_example() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "phe_example.csv")


def reference_table(pop, deaths, ages, *, a0=0.1):
    """Textbook Chiang (1984, ch. 9-10) life table, one interval at a time.

    Written independently of the vectorised code: survivors forwards, then person-years,
    expectancy and the variance sum backwards, each with its own loop. The open interval
    has e = 1/M and variance 1/(D M²) (Silcocks et al. 2001).
    Returns (e, se) lists.
    """
    k = len(ages)
    survivors = [1.0]
    qs = []
    for i in range(k - 1):
        n = ages[i + 1] - ages[i]
        a = a0 if ages[i] == 0 else 0.5
        m = deaths[i] / pop[i]
        q = n * m / (1 + (1 - a) * n * m)
        q = min(q, 1.0)
        qs.append(q)
        survivors.append(survivors[-1] * (1 - q))
    m_open = deaths[-1] / pop[-1]
    years_lived = [0.0] * k
    years_lived[-1] = survivors[-1] / m_open
    for i in range(k - 1):
        n = ages[i + 1] - ages[i]
        a = a0 if ages[i] == 0 else 0.5
        dead = survivors[i] - survivors[i + 1]
        years_lived[i] = n * (survivors[i + 1] + a * dead)
    e = [0.0] * k
    total = 0.0
    for i in reversed(range(k)):
        total += years_lived[i]
        e[i] = total / survivors[i]
    var_sum = survivors[-1] ** 2 / (deaths[-1] * m_open**2)
    se = [0.0] * k
    se[-1] = math.sqrt(var_sum) / survivors[-1]
    for i in reversed(range(k - 1)):
        n = ages[i + 1] - ages[i]
        a = a0 if ages[i] == 0 else 0.5
        q = qs[i]
        var_q = q * q * (1 - q) / deaths[i] if deaths[i] > 0 else 0.0
        var_sum += survivors[i] ** 2 * ((1 - a) * n + e[i + 1]) ** 2 * var_q
        se[i] = math.sqrt(var_sum) / survivors[i]
    return e, se


def test_phe_worked_example_all_ages():
    # Source: PHEindicatormethods tests/testthat/testLifeExpectancy.R, df1 and answer1
    # (ukhsa-collaboration/PHEindicatormethods), the example of PHE's life expectancy
    # calculator (Fingertips technical guidance, "PH methods"): e0 = 80.16960813,
    # 95 % CI 79.88268548-80.45653078. PHE's calculator computes the interval with
    # z = 1.96, so value ± 1.96·se must match to 1e-6; with the exact z the limits
    # move by 1.8e-5 relative to the half-width.
    expected = pd.read_csv(FIXTURES / "phe_example_expected.csv")
    out = life_expectancy(phe_example(), area=None, sex=None, age="all")
    assert out["age"].tolist() == expected["age"].tolist()
    np.testing.assert_allclose(out["value"], expected["value"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(out["value"] - 1.96 * out["se"], expected["lower"], atol=1e-6)
    np.testing.assert_allclose(out["value"] + 1.96 * out["se"], expected["upper"], atol=1e-6)
    np.testing.assert_allclose(out["lower"], expected["lower"], atol=2e-5)
    np.testing.assert_allclose(out["upper"], expected["upper"], atol=2e-5)
    assert out["reason"].isna().all()
    assert set(out["method"]) == {"Chiang II, Silcocks 90+"}
    assert set(out["measure"]) == {"life_expectancy"}


def test_phe_example_at_birth_golden():
    # Same source: life expectancy at birth 80.16960813, interval 79.88268548-80.45653078.
    out = life_expectancy(phe_example(), area=None, sex=None)
    row = out.iloc[0]
    assert row["age"] == 0
    assert abs(row["value"] - 80.16960813) < 1e-6
    assert abs(row["value"] - 1.96 * row["se"] - 79.88268548) < 1e-6
    assert abs(row["value"] + 1.96 * row["se"] - 80.45653078) < 1e-6
    assert row["confidence"] == 0.95


def test_phe_requested_ages_5_and_25():
    # PHEindicatormethods test6 (le_age = c(5, 25)): answer1 rows 3 and 7.
    out = life_expectancy(phe_example(), area=None, sex=None, age=[25, 5])
    assert out["age"].tolist() == [5, 25]
    np.testing.assert_allclose(out["value"], [75.44193645, 55.78835987], atol=1e-6)


def test_phe_wide_interval_suppressed():
    # Source: PHEindicatormethods testLifeExpectancy.R, df_widecis_plus "Area 2" and
    # answer_widecis (95 % columns, computed with qnorm(0.975)): values up to age 35,
    # NA from 40 on where the interval is wider than 20 years (limits still published).
    data = pd.read_csv(FIXTURES / "phe_wide_ci.csv")
    out = life_expectancy(data[["age_from", "population", "deaths"]], area=None, sex=None,
                          age="all")
    shown = data["value"].notna().to_numpy()
    np.testing.assert_allclose(out["value"][shown], data["value"][shown], atol=1e-6)
    np.testing.assert_allclose(out["lower"][shown], data["lower"][shown], atol=1e-6)
    np.testing.assert_allclose(out["upper"][shown], data["upper"][shown], atol=1e-6)
    assert out["value"][~shown].isna().all() and out["lower"][~shown].isna().all()
    assert (out["reason"][~shown] == REASON_WIDE).all()
    assert out["reason"][shown].isna().all()
    # The se is kept for suppressed ages: PHE's published limits give it back.
    z = norm.ppf(0.975)
    np.testing.assert_allclose(
        out["se"][~shown], (data["upper"] - data["lower"])[~shown] / (2 * z), rtol=1e-8
    )


def test_wide_interval_kept_without_suppression():
    data = pd.read_csv(FIXTURES / "phe_wide_ci.csv")
    out = life_expectancy(data[["age_from", "population", "deaths"]], area=None, sex=None,
                          age=[40], le_suppress=False)
    # PHE's published limits at 40: -1.60695210 to 50.29765396, midpoint = the value.
    assert abs(out["value"].iloc[0] - (-1.60695210 + 50.29765396) / 2) < 1e-6
    assert pd.isna(out["reason"].iloc[0])


def test_phe_low_population_suppressed():
    # Source: PHEindicatormethods testLifeExpectancy.R, df_low_pops: total population
    # below 5,000, PHE returns NA for every age.
    data = pd.DataFrame({
        "age_from": ABRIDGED,
        "population": [128, 152, 120, 176, 194, 180, 145, 149, 107, 185, 165, 109, 100, 122,
                       133, 189, 123, 121, 147, 138],
        "deaths": [58, 93, 78, 94, 59, 71, 80, 73, 69, 72, 91, 69, 78, 71, 54, 91, 82, 53,
                   50, 84],
    })
    out = life_expectancy(data, area=None, sex=None, age="all")
    assert out["value"].isna().all() and out["se"].isna().all()
    assert (out["reason"] == REASON_SMALL).all()
    kept = life_expectancy(data, area=None, sex=None, le_suppress=False)
    assert np.isfinite(kept["value"].iloc[0])


def test_population_of_exactly_5000_is_suppressed():
    data = phe_example()
    data["population"] = [250] * 20  # total 5,000: PHE suppresses "<= 5000"
    data["deaths"] = [2] * 19 + [40]
    out = life_expectancy(data, area=None, sex=None)
    assert out["reason"].iloc[0] == REASON_SMALL
    data.loc[0, "population"] = 251
    assert pd.isna(life_expectancy(data, area=None, sex=None)["reason"].iloc[0])


def test_row_order_and_band_order_do_not_matter():
    # PHEindicatormethods df2: the same data with the 65 band moved to the end.
    data = phe_example()
    shuffled = data.sample(frac=1, random_state=3)
    a = life_expectancy(data, area=None, sex=None, age="all")
    b = life_expectancy(shuffled, area=None, sex=None, age="all")
    pd.testing.assert_frame_equal(a, b)


def test_many_groups_match_one_group_at_a_time():
    rng = np.random.default_rng(7)
    base = phe_example()
    frames = []
    for area in range(12):
        for sex in ("1", "2"):
            part = base.copy()
            part["population"] = (part["population"] * rng.uniform(0.2, 1.5)).round()
            part["deaths"] = np.minimum(rng.poisson(part["deaths"] * 0.8), part["population"])
            part["area"] = f"A{area:02d}"
            part["sex"] = sex
            frames.append(part)
    data = pd.concat(frames, ignore_index=True).sample(frac=1, random_state=1)
    together = life_expectancy(data, age=[0, 65])
    assert list(together.columns[:3]) == ["area", "sex", "age"]
    for (area, sex), part in data.groupby(["area", "sex"]):
        alone = life_expectancy(part, age=[0, 65])
        mine = together[(together["area"] == area) & (together["sex"] == sex)]
        np.testing.assert_allclose(mine["value"], alone["value"], rtol=1e-12)
        np.testing.assert_allclose(mine["se"], alone["se"], rtol=1e-12)


def test_abridged_90_matches_loop_reference():
    data = phe_example()
    e, se = reference_table(data["population"].tolist(), data["deaths"].tolist(), ABRIDGED)
    out = life_expectancy(data, area=None, sex=None, age="all")
    np.testing.assert_allclose(out["value"], e, rtol=1e-10)
    np.testing.assert_allclose(out["se"], se, rtol=1e-10)


def test_open_band_85_matches_loop_reference():
    data = phe_example()
    merged = data[data["age_from"] < 85].copy()
    top = data[data["age_from"] >= 85].sum()
    merged.loc[len(merged)] = {"age_from": 85, "population": top["population"],
                               "deaths": top["deaths"]}
    ages = [0, 1, *range(5, 90, 5)]
    e, se = reference_table(merged["population"].tolist(), merged["deaths"].tolist(), ages)
    out = life_expectancy(merged, area=None, sex=None, age="all", open_band=85)
    assert out["age"].tolist() == ages
    np.testing.assert_allclose(out["value"], e, rtol=1e-10)
    np.testing.assert_allclose(out["se"], se, rtol=1e-10)
    assert set(out["method"]) == {"Chiang II, Silcocks 85+"}
    # Closing the table earlier changes e0 only a little for this population.
    assert abs(out["value"].iloc[0] - 80.16960813) < 0.2


def test_single_year_ages_match_loop_reference():
    rng = np.random.default_rng(11)
    ages = list(range(0, 101))
    rate = 0.004 * np.exp(0.085 * (np.array(ages) - 40)) + 0.0004
    rate[0] = 0.003
    pop = rng.integers(800, 1500, size=len(ages)).astype(float)
    pop[-1] = 400
    deaths = np.minimum(rng.poisson(rate * pop), pop).astype(float)
    deaths[-1] = max(deaths[-1], 1)
    data = pd.DataFrame({"age_from": ages, "population": pop, "deaths": deaths})
    e, se = reference_table(pop.tolist(), deaths.tolist(), ages)
    out = life_expectancy(data, area=None, sex=None, age="all", age_structure="single",
                          open_band=100, le_suppress=False)
    np.testing.assert_allclose(out["value"], e, rtol=1e-10)
    np.testing.assert_allclose(out["se"], se, rtol=1e-10)
    assert set(out["method"]) == {"Chiang II, Silcocks 100+, ettårsklasser"}


def test_single_open_band_alone_is_one_over_rate():
    # With everyone in one open interval e = 1/M and se = 1/(M sqrt(D)) (Silcocks).
    data = pd.DataFrame({"age_from": [0, 1], "population": [10000.0, 50000.0],
                         "deaths": [0, 500]})
    out = life_expectancy(data, area=None, sex=None, age=1, age_structure="single",
                          open_band=1)
    assert out["value"].iloc[0] == pytest.approx(100.0)
    assert out["se"].iloc[0] == pytest.approx(100.0 / math.sqrt(500))


def test_pooled_periods_equal_summed_data():
    data = phe_example()
    years = []
    for year, share in ((2019, 0.3), (2020, 0.3), (2021, 0.4)):
        part = data.copy()
        part["year"] = year
        part["population"] = (part["population"] * share).round()
        part["deaths"] = (part["deaths"] * share).round()
        years.append(part)
    stacked = pd.concat(years, ignore_index=True)
    summed = stacked.groupby("age_from", as_index=False)[["population", "deaths"]].sum()
    pooled = life_expectancy(stacked, area=None, sex=None, pool="year", age="all")
    direct = life_expectancy(summed, area=None, sex=None, age="all")
    np.testing.assert_allclose(pooled["value"], direct["value"], rtol=1e-12)
    np.testing.assert_allclose(pooled["se"], direct["se"], rtol=1e-12)
    assert set(pooled["method"]) == {
        "Chiang II, Silcocks 90+, 3 perioder sammanslagna (befolkning = personår)"
    }


def test_by_columns_are_keys():
    data = phe_example()
    data["area"], data["sex"] = "X", "2"
    two = pd.concat([data.assign(period="2015–2019"), data.assign(period="2020–2024")])
    out = life_expectancy(two, by="period", age=65)
    assert list(out.columns[:4]) == ["area", "sex", "period", "age"]
    assert out["period"].tolist() == ["2015–2019", "2020–2024"]
    np.testing.assert_allclose(out["value"], [18.76856852] * 2, atol=1e-6)


def test_confidence_level_uses_normal_quantile():
    out = life_expectancy(phe_example(), area=None, sex=None, confidence=0.998)
    z = norm.ppf(0.999)
    row = out.iloc[0]
    assert row["upper"] - row["value"] == pytest.approx(z * row["se"], rel=1e-12)
    assert row["confidence"] == 0.998


def test_zero_population_band_gives_reason():
    data = phe_example()
    data.loc[data["age_from"] == 20, ["population", "deaths"]] = 0
    out = life_expectancy(data, area=None, sex=None, age=[0, 65])
    assert out["value"].isna().all() and out["se"].isna().all()
    assert (out["reason"] == "befolkningen är 0 i åldersgruppen 20: livslängd kan inte beräknas"
            ).all()


def test_no_deaths_in_open_band_gives_reason():
    data = phe_example()
    data.loc[data["age_from"] == 90, "deaths"] = 0
    out = life_expectancy(data, area=None, sex=None, le_suppress=False)
    assert pd.isna(out["value"].iloc[0])
    assert out["reason"].iloc[0] == (
        "inga dödsfall i den öppna åldersgruppen 90+: livslängd kan inte beräknas"
    )


def test_everyone_dead_before_an_age():
    # D > P/(n a) makes q = 1 (PHE's rule): nobody reaches the next age.
    data = phe_example()
    data.loc[data["age_from"] == 80, "deaths"] = 23000  # 5 * 0.5 * 23000 > 23306
    out = life_expectancy(data, area=None, sex=None, age=[80, 85], le_suppress=False)
    assert np.isfinite(out["value"].iloc[0])
    assert pd.isna(out["value"].iloc[1])
    assert out["reason"].iloc[1] == "ingen i livstabellen överlever till åldern 85"


def test_large_input_is_fast():
    # The benchmark's size: 6,000 areas × 2 sexes × 3 periods (720,000 rows). The
    # vectorised code needs about a second; a loop per group would need minutes.
    import time

    base = phe_example()
    groups = 6000 * 2 * 3
    data = pd.DataFrame({
        "area": np.repeat(np.arange(6000), 120),
        "sex": np.tile(np.repeat([1, 2], 60), 6000),
        "period": np.tile(np.repeat([2019, 2020, 2021], 20), 12000),
        "age_from": np.tile(base["age_from"], groups),
        "population": np.tile(base["population"] // 40, groups),
        "deaths": np.tile(base["deaths"] // 40, groups),
    })
    start = time.perf_counter()
    out = life_expectancy(data, by="period", age=[0, 65])
    assert time.perf_counter() - start < 20
    assert len(out) == groups * 2
    first = life_expectancy(data[(data["area"] == 0) & (data["sex"] == 1)
                                 & (data["period"] == 2019)], by="period", age=[0, 65])
    np.testing.assert_allclose(out["value"].to_numpy().reshape(-1, 2),
                               np.tile(first["value"].to_numpy(), (groups, 1)), rtol=1e-12)
