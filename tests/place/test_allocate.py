"""Allocation by need: exact whole-kronor totals, floors, caps and pace of change."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.errors import ArgumentError
from jamlik.place import allocate, need_index
from jamlik.place import largest_remainder


def test_formula_by_hand():
    # B = 1 000 000, α = 0.4; n = (100, 300), w = (2, 1): Σn = 400, Σnw = 500.
    result = allocate([100, 300], [2, 1], 1_000_000, alpha=0.4, areas=["A", "B"])
    a = 1_000_000 * (0.6 * 100 / 400 + 0.4 * 200 / 500)
    assert result["target"].tolist() == pytest.approx([a, 1_000_000 - a])
    assert result["allocation"].tolist() == [310_000, 690_000]
    assert result["base"].tolist() == pytest.approx([150_000, 450_000])


def test_largest_remainder_rule_and_ties():
    # 100 kr in three equal parts: 33.33 each; the one left over goes to the first listed.
    assert largest_remainder(np.array([100 / 3] * 3), 100, np.full(3, np.inf)).tolist() == [
        34, 33, 33]
    assert largest_remainder(np.array([10.2, 10.7, 9.1]), 30, np.full(3, np.inf)).tolist() == [
        10, 11, 9]


def test_floor_binds_and_the_rest_is_rescaled():
    result = allocate([100, 100, 100], [1, 1, 1], 900, alpha=0, floor=[400, np.nan, np.nan])
    assert result["allocation"].tolist() == [400, 250, 250]
    assert result["bound"].tolist() == ["floor", "", ""]


def test_pace_of_change_limits_movement():
    result = allocate([100, 100], [3, 1], 1000, alpha=1, last_year=[500, 500],
                      max_decrease=0.1, max_increase=0.1)
    assert result["allocation"].tolist() == [550, 450]
    assert result["bound"].tolist() == ["pace", "pace"]


def test_need_index_respects_polarity():
    indicators = pd.DataFrame({"poverty": [10.0, 30.0], "employment": [80.0, 40.0]})
    result = need_index(indicators, [100, 100], weights={"poverty": 1, "employment": 1},
                        polarity={"poverty": "lower_better", "employment": "higher_better"})
    # poverty ratios 0.5, 1.5 (mean 20); employment mean 60: 60/80, 60/40.
    assert result["need"].tolist() == pytest.approx([(0.5 + 0.75) / 2, (1.5 + 1.5) / 2])
    assert result["weight_poverty"].tolist() == [0.5, 0.5]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"floor": [800, 300]}, "golven .* kräver 1100 kr, mer än budgeten 1000 kr"),
    ({"cap": [300, 300]}, "taken .* tillåter bara 600 kr"),
    ({"floor": [500, 0], "cap": [400, 1000]}, "området 'A': den lägsta tillåtna"),
    ({"alpha": 1.5}, "alpha måste ligga mellan 0 och 1"),
])
def test_impossible_constraints_are_named(kwargs, message):
    arguments = {"alpha": 0.5, "areas": ["A", "B"], **kwargs}
    with pytest.raises(ArgumentError, match=message):
        allocate([100, 100], [1, 1], 1000, **arguments)


@st.composite
def scenarios(draw):
    size = draw(st.integers(1, 12))
    population = np.array(draw(st.lists(st.integers(0, 5000), min_size=size, max_size=size)),
                          float)
    if population.sum() == 0:
        population[0] = 1
    need = np.array(draw(st.lists(st.floats(0.1, 5), min_size=size, max_size=size)))
    budget = draw(st.integers(0, 10**9))
    alpha = draw(st.floats(0, 1))
    last_year = np.array(draw(st.lists(st.integers(0, 10**8), min_size=size, max_size=size)),
                         float)
    share = budget / size
    floor = np.array([draw(st.one_of(st.just(np.nan), st.floats(0, share).map(np.floor)))
                      for _ in range(size)])
    cap = np.array([draw(st.one_of(st.just(np.nan), st.floats(share, 3 * share + 1)
                                   .map(np.ceil))) for _ in range(size)])
    pace = draw(st.one_of(st.none(), st.floats(0, 0.5)))
    return population, need, budget, alpha, floor, cap, last_year, pace


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_allocation_sums_exactly_and_respects_bounds(scenario):
    population, need, budget, alpha, floor, cap, last_year, pace = scenario
    try:
        result = allocate(population, need, budget, alpha=alpha, floor=floor, cap=cap,
                          last_year=last_year, max_decrease=pace, max_increase=pace)
    except ArgumentError as error:
        # Only when the bounds cannot meet the budget.
        assert "budgeten" in str(error) or "lägsta tillåtna" in str(error)
        return
    allocation = result["allocation"].to_numpy()
    assert allocation.dtype.kind == "i" and allocation.sum() == budget
    assert (allocation >= np.nan_to_num(floor, nan=0) - 1e-9).all()
    assert (allocation <= np.nan_to_num(cap, nan=np.inf)).all()
    if pace is not None:
        assert (allocation >= np.ceil(last_year * (1 - pace) - 1e-9)).all()
        assert (allocation <= np.floor(last_year * (1 + pace) + 1e-9)).all()
    # Rounding moves no area by a whole krona or more.
    assert (np.abs(allocation - result["exact"]) < 1).all()
    # Unconstrained areas keep the formula's proportions.
    free = (result["bound"] == "").to_numpy() & (result["target"] > 0).to_numpy()
    if free.sum() >= 2:
        ratio = result["exact"][free] / result["target"][free]
        assert np.allclose(ratio, ratio.iloc[0], rtol=1e-6)
