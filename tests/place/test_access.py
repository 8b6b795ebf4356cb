"""Access: 2SFCA against PySAL's independent implementation and a hand-worked case."""

import numpy as np
import pandas as pd
import pytest
from access.fca import two_stage_fca as pysal_two_stage_fca

from jamlik.errors import ArgumentError
from jamlik.place import access_by_area, distance_matrix, two_step_fca

X0, Y0 = 319_000.0, 6_399_000.0


def test_hand_worked_two_step():
    # Two sites of 10 places; A (100 people) reaches both, B (300) only the second.
    demand = np.array([[X0, Y0], [X0 + 2000, Y0]])
    sites = np.array([[X0 - 500, Y0], [X0 + 1000, Y0]])
    result = two_step_fca(demand, [100, 300], sites, [10, 10], 1000)
    # R1 = 10/100, R2 = 10/400; A = R1 + R2, B = R2.
    assert result == pytest.approx([0.1 + 0.025, 0.025])


def _pysal(demand, population, sites, capacity, radius, weight_fn=None):
    cost = distance_matrix(demand, sites)
    origin, dest = np.meshgrid(np.arange(len(demand)), np.arange(len(sites)), indexing="ij")
    cost_df = pd.DataFrame({"origin": origin.ravel(), "dest": dest.ravel(), "cost": cost.ravel()})
    demand_df = pd.DataFrame({"geoid": np.arange(len(demand)), "demand": population})
    supply_df = pd.DataFrame({"supply": capacity}, index=pd.Index(np.arange(len(sites))))
    series = pysal_two_stage_fca(demand_df, supply_df, cost_df, max_cost=radius,
                                 weight_fn=weight_fn)
    return series.reindex(np.arange(len(demand))).fillna(0).to_numpy()


@pytest.mark.parametrize("decay", [None, "gaussian", "linear"])
def test_two_step_matches_pysal_access(decay):
    rng = np.random.default_rng(14)
    demand = rng.uniform(0, 5000, (120, 2)) + [X0, Y0]
    sites = rng.uniform(0, 5000, (15, 2)) + [X0, Y0]
    population = rng.integers(0, 400, 120).astype(float)
    capacity = rng.integers(5, 60, 15).astype(float)
    radius = 1200.0
    weight_fn = None
    if decay == "gaussian":
        floor = np.exp(-0.5)
        weight_fn = lambda d: (np.exp(-0.5 * (d / radius) ** 2) - floor) / (1 - floor)  # noqa: E731
    elif decay == "linear":
        weight_fn = lambda d: 1 - d / radius  # noqa: E731
    ours = two_step_fca(demand, population, sites, capacity, radius, decay=decay)
    theirs = _pysal(demand, population, sites, capacity, radius, weight_fn)
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)
    assert (ours > 0).sum() > 20  # the comparison is not between zeros


def test_access_by_area_counts_people_beyond_the_threshold():
    demand = pd.DataFrame({
        "x": [X0, X0 + 600, X0 + 3000, X0], "y": [Y0, Y0, Y0, Y0],
        "weight": [10.0, 30.0, 60.0, 5.0], "area": ["A", "A", "B", "B"],
        "group": ["0-5", "0-5", "0-5", "0-5"]})
    sites = pd.DataFrame({"x": [X0], "y": [Y0], "kind": ["bibliotek"], "capacity": [20.0]})
    result = access_by_area(demand, sites, threshold=500).set_index("area")
    assert result.loc["A", "population"] == 40
    assert result.loc["A", "mean_distance"] == pytest.approx((0 * 10 + 600 * 30) / 40)
    assert result.loc["A", "beyond"] == 30 and result.loc["A", "share_beyond"] == 0.75
    assert result.loc["B", "beyond"] == 60 and result.loc["B", "median_distance"] == 3000
    # 20 places shared by the 15 people within 500 m: 20/15 per person → ×1000.
    assert result.loc["A", "fca_per_1000"] == pytest.approx(1000 * (10 * 20 / 15) / 40)


def test_bad_decay_is_named():
    with pytest.raises(ArgumentError, match="decay måste vara en av none, gaussian, linear"):
        two_step_fca([[X0, Y0]], [1], [[X0, Y0]], [1], 100, decay="cubic")
