"""Location models: optima against brute force on small instances and spopt on medium ones."""

from itertools import combinations

import numpy as np
import pulp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spopt.locate import LSCP, MCLP, PMedian

from jamlik.errors import ArgumentError
from jamlik.place import (
    coverage_by_district, distance_matrix, maximal_covering, p_median, set_covering,
)

X0, Y0 = 319_000.0, 6_399_000.0


@st.composite
def instances(draw):
    n = draw(st.integers(1, 9))
    m = draw(st.integers(1, 6))
    e = draw(st.integers(0, 2))
    coords = st.integers(0, 20).map(lambda v: v * 100.0)
    point = st.tuples(coords, coords)
    demand = np.array(draw(st.lists(point, min_size=n, max_size=n))) + [X0, Y0]
    candidates = np.array(draw(st.lists(point, min_size=m, max_size=m))) + [X0, Y0]
    existing = np.array(draw(st.lists(point, min_size=e, max_size=e))).reshape(e, 2) + [X0, Y0]
    weight = np.array(draw(st.lists(st.integers(0, 50), min_size=n, max_size=n)), float)
    radius = draw(st.sampled_from([150.0, 400.0, 800.0]))
    p = draw(st.integers(0, m))
    districts = np.array(draw(st.lists(st.sampled_from("ABC"), min_size=m, max_size=m)), object)
    existing_districts = np.array(draw(st.lists(st.sampled_from("ABC"), min_size=e,
                                                max_size=e)), object)
    return demand, weight, candidates, existing, radius, p, districts, existing_districts


def _feasible_sets(m, p, districts, existing_districts, per_district):
    needed = set(districts) - set(existing_districts)
    for chosen in combinations(range(m), p):
        if per_district and not needed <= {districts[j] for j in chosen}:
            continue
        yield chosen


def _covered(demand, sites, radius):
    if len(sites) == 0:
        return np.zeros(len(demand), bool)
    return (distance_matrix(demand, sites) <= radius).any(axis=1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans())
def test_maximal_covering_matches_brute_force(instance, per_district):
    demand, weight, candidates, existing, radius, p, districts, existing_districts = instance
    best = max((weight[_covered(demand, np.r_[existing, candidates[list(chosen)]], radius)].sum()
                for chosen in _feasible_sets(len(candidates), p, districts, existing_districts,
                                             per_district)), default=None)
    result = maximal_covering(demand, weight, candidates, radius=radius, sites=p,
                              existing=existing, candidate_district=districts,
                              existing_district=existing_districts,
                              min_per_district=per_district)
    if best is None:
        assert result.status == "infeasible" and result.reason
        return
    assert result.status == "optimal" and result.gap == 0
    assert len(result.chosen) == p
    assert result.objective == pytest.approx(best)
    assert weight[result.covered_after].sum() == pytest.approx(best)
    if per_district:
        assert set(districts) - set(existing_districts) <= set(districts[result.chosen])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_set_covering_matches_brute_force(instance):
    demand, weight, candidates, existing, radius, _, districts, existing_districts = instance
    need = weight > 0
    best = None
    for size in range(len(candidates) + 1):
        for chosen in combinations(range(len(candidates)), size):
            if _covered(demand, np.r_[existing, candidates[list(chosen)]], radius)[need].all():
                best = size
                break
        if best is not None:
            break
    result = set_covering(demand, candidates, radius=radius, existing=existing, weight=weight)
    if best is None:
        assert result.status == "infeasible" and "ingen kandidat inom" in result.reason
        return
    assert result.status == "optimal" and result.objective == best == len(result.chosen)
    assert result.covered_after[need].all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_p_median_matches_brute_force(instance):
    demand, weight, candidates, existing, _, p, districts, existing_districts = instance
    if len(existing) == 0 and p == 0:
        p = 1
    best = min((weight * distance_matrix(demand, np.r_[existing, candidates[list(c)]]).min(axis=1)
                ).sum() for c in combinations(range(len(candidates)), p))
    result = p_median(demand, weight, candidates, sites=p, existing=existing)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(best, rel=1e-7, abs=1e-6)
    assert (weight * result.distance_after).sum() == pytest.approx(best, rel=1e-7, abs=1e-6)


def _medium(seed, n=300, m=40):
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 6000, (n, 2)) + [X0, Y0]
    candidates = rng.uniform(0, 6000, (m, 2)) + [X0, Y0]
    weight = rng.integers(1, 100, n).astype(float)
    return demand, candidates, weight


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp")


def _highs():
    return pulp.HiGHS(msg=False)


def test_maximal_covering_matches_spopt_with_existing_sites():
    demand, candidates, weight = _medium(1)
    existing, candidates = candidates[:3], candidates[3:]
    ours = maximal_covering(demand, weight, candidates, radius=700, sites=6, existing=existing)
    everything = np.r_[existing, candidates]
    predefined = np.r_[np.ones(3, int), np.zeros(len(candidates), int)]
    theirs = MCLP.from_cost_matrix(distance_matrix(demand, everything), weight, 700, 9,
                                   predefined_facilities_arr=predefined).solve(_highs())
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(theirs.problem.objective.value())
    assert ours.objective > ours.covered_before @ weight  # new sites did add coverage


def test_set_covering_matches_spopt():
    demand, candidates, weight = _medium(2, n=200, m=60)
    ours = set_covering(demand, candidates, radius=1500)
    theirs = LSCP.from_cost_matrix(distance_matrix(demand, candidates), 1500).solve(_highs())
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(theirs.problem.objective.value())


def test_p_median_matches_spopt():
    demand, candidates, weight = _medium(3, n=150, m=25)
    ours = p_median(demand, weight, candidates, sites=4)
    theirs = PMedian.from_cost_matrix(distance_matrix(demand, candidates), weight, 4).solve(
        _highs())
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(theirs.problem.objective.value(), rel=1e-7)


def test_minimum_coverage_per_district_is_met():
    demand, candidates, weight = _medium(4)
    district = np.where(demand[:, 0] < X0 + 1500, "väst", "öst")
    free = maximal_covering(demand, weight, candidates, radius=1000, sites=3)
    before = coverage_by_district(free, weight, district=district).set_index("district")
    assert before.loc["väst", "share_after"] < 0.2  # the unconstrained optimum neglects väst
    fair = maximal_covering(demand, weight, candidates, radius=1000, sites=3,
                            demand_district=district, min_coverage=0.2)
    assert fair.status == "optimal"
    table = coverage_by_district(fair, weight, district=district).set_index("district")
    assert (table["share_after"] >= 0.2 - 1e-9).all()
    assert fair.objective < free.objective
    impossible = maximal_covering(demand, weight, candidates, radius=1000, sites=3,
                                  demand_district=district, min_coverage=0.3)
    assert impossible.status == "infeasible" and impossible.chosen.size == 0


def test_coverage_by_district_sums():
    demand, candidates, weight = _medium(5, n=60, m=10)
    district = np.array(["A", "B", "C"] * 20)
    result = maximal_covering(demand, weight, candidates, radius=800, sites=2)
    table = coverage_by_district(result, weight, district=district).set_index("district")
    assert table.loc["alla", "covered_after"] == pytest.approx(result.objective)
    assert table.loc[["A", "B", "C"], "weight"].sum() == pytest.approx(weight.sum())


def test_sites_out_of_range():
    with pytest.raises(ArgumentError, match="sites måste vara ett heltal 0–1"):
        maximal_covering([[X0, Y0]], [1], [[X0, Y0]], radius=10, sites=2)
