"""Arriaga's decomposition of a life-expectancy gap by age band and cause.

Checked against an independent algorithm: stepwise replacement of one population's
death rates by the other's, interval by interval from the oldest to the youngest
(Andreev, Shkolnikov and Begun 2002), which needs nothing but life expectancy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.errors import ArgumentError
from jamlik.stats import decompose_life_expectancy_gap, life_expectancy

AGES = np.array([0, 1, *range(5, 95, 5)])
# PHE's worked example of the life-expectancy calculator (also in life_expectancy's docs)
POP = np.array([7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601,
                50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936], float)
DEATHS = np.array([17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872,
                   1390, 1605, 1936, 1937])


def _e0(pop, deaths) -> float:
    frame = pd.DataFrame({"age_from": AGES, "population": pop, "deaths": deaths})
    out = life_expectancy(frame, area=None, sex=None, le_suppress=False)
    return float(out["value"].iloc[0])


def stepwise_replacement(pop1, deaths1, pop2, deaths2) -> np.ndarray:
    """Contributions by replacing population 1's rates with 2's, oldest interval first.

    An interval is replaced by taking population 2's deaths and population: e_0
    depends on them only through the rate M_x = D_x / P_x."""
    pop, deaths = pop1.astype(float).copy(), deaths1.copy()
    before = _e0(pop, deaths)
    out = np.zeros(AGES.size)
    for position in range(AGES.size - 1, -1, -1):
        pop[position], deaths[position] = pop2[position], deaths2[position]
        after = _e0(pop, deaths)
        out[position] = after - before
        before = after
    return out


def _two(pop2, deaths2) -> pd.DataFrame:
    return pd.concat([
        pd.DataFrame({"group": "Q5", "age_from": AGES, "population": POP, "deaths": DEATHS}),
        pd.DataFrame({"group": "Q1", "age_from": AGES, "population": pop2, "deaths": deaths2}),
    ], ignore_index=True)


def test_equals_stepwise_replacement_and_sums_to_the_gap():
    rng = np.random.default_rng(20261129)
    deaths2 = rng.poisson(DEATHS * 1.35).clip(1)
    out = decompose_life_expectancy_gap(_two(POP, deaths2), reference="Q1", comparison="Q5")
    expected = stepwise_replacement(POP, deaths2, POP, DEATHS)
    np.testing.assert_allclose(out["contribution"], expected, rtol=1e-9, atol=1e-11)
    gap = _e0(POP, DEATHS) - _e0(POP, deaths2)
    assert out["gap"].iloc[0] == pytest.approx(gap, abs=1e-10)
    assert out["contribution"].sum() == pytest.approx(gap, abs=1e-10)
    assert list(out["age_band"][:3]) == ["0", "1–4", "5–9"] and out["age_band"].iloc[-1] == "90+"
    assert out["share"].sum() == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.5, 2.0), min_size=AGES.size, max_size=AGES.size))
def test_any_rate_change_decomposes_exactly(factors):
    deaths2 = np.maximum(np.round(DEATHS * np.array(factors)), 1).astype(int)
    deaths2 = np.minimum(deaths2, POP.astype(int))
    out = decompose_life_expectancy_gap(_two(POP, deaths2), reference="Q5", comparison="Q1")
    np.testing.assert_allclose(out["contribution"],
                               stepwise_replacement(POP, DEATHS, POP, deaths2),
                               rtol=1e-8, atol=1e-10)


def test_an_interval_with_equal_rates_contributes_nothing():
    deaths2 = DEATHS.copy()
    deaths2[10] *= 2  # only ages 45-49 differ
    out = decompose_life_expectancy_gap(_two(POP, deaths2), reference="Q1", comparison="Q5")
    nonzero = out.loc[out["contribution"].abs() > 1e-12, "age_band"].tolist()
    assert nonzero == ["45–49"]


def test_causes_split_each_age_band_by_their_share_of_the_rate_difference():
    rng = np.random.default_rng(7)
    deaths2 = DEATHS + rng.poisson(40, AGES.size)
    circulatory1, circulatory2 = DEATHS // 2, deaths2 // 2 + 10

    def rows(group, pop, deaths, circulatory):
        return [pd.DataFrame({"group": group, "cause": "Cirkulation", "age_from": AGES,
                              "population": pop, "deaths": circulatory}),
                pd.DataFrame({"group": group, "cause": "Övrigt", "age_from": AGES,
                              "population": pop, "deaths": deaths - circulatory})]

    frame = pd.concat(rows("Q5", POP, DEATHS, circulatory1) + rows("Q1", POP, deaths2,
                                                                   circulatory2))
    out = decompose_life_expectancy_gap(frame, reference="Q1", comparison="Q5", cause="cause")
    by_age = decompose_life_expectancy_gap(_two(POP, deaths2), reference="Q1",
                                           comparison="Q5")
    summed = out.groupby("age_from", sort=True)["contribution"].sum().to_numpy()
    np.testing.assert_allclose(summed, by_age["contribution"], rtol=1e-10, atol=1e-12)
    circulatory = out[out["cause"] == "Cirkulation"].set_index("age_from")["contribution"]
    share = (circulatory2 - circulatory1) / (deaths2 - DEATHS)
    np.testing.assert_allclose(circulatory.to_numpy(),
                               by_age["contribution"].to_numpy() * share, rtol=1e-10)
    assert "orsaker efter andel" in out["method"].iloc[0]


@pytest.mark.parametrize(("change", "message"), [
    ({"reference": "Q9"}, "reference='Q9' finns inte i kolumnen group (finns: Q1, Q5)"),
    ({"comparison": "Q1"}, "reference och comparison måste vara två olika grupper"),
])
def test_unknown_or_equal_groups_are_refused(change, message):
    arguments = {"reference": "Q1", "comparison": "Q5", **change}
    with pytest.raises(ArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decompose_life_expectancy_gap(_two(POP, DEATHS), **arguments)


def test_a_population_that_differs_between_causes_is_refused():
    frame = pd.concat([
        pd.DataFrame({"group": g, "cause": c, "age_from": AGES,
                      "population": POP + (5 if (g, c) == ("Q1", "b") else 0),
                      "deaths": DEATHS // 2}) for g in ("Q1", "Q5") for c in ("a", "b")])
    with pytest.raises(ArgumentError, match="population skiljer sig mellan orsakerna för "
                                            "group=Q1, ålder 0"):
        decompose_life_expectancy_gap(frame, reference="Q1", comparison="Q5", cause="cause")


def test_missing_ages_get_the_life_table_message():
    frame = _two(POP, DEATHS)
    with pytest.raises(ArgumentError, match="åldrar saknas för group='Q1': 40"):
        decompose_life_expectancy_gap(frame[frame["age_from"] != 40], reference="Q1",
                                      comparison="Q5")
