"""The exact reductions of the maximal covering model leave its optimum unchanged."""

from itertools import combinations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

from jamlik.place import maximal_covering
from jamlik.place._reduce import greedy, local_search, reduce_covering

X0, Y0 = 319_000.0, 6_399_000.0


@st.composite
def covers(draw):
    """A random 0/1 coverage with repeated rows and columns (so every reduction fires)."""
    n = draw(st.integers(1, 10))
    m = draw(st.integers(1, 7))
    base = np.array(draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m),
                                  min_size=n, max_size=n)), dtype=float)
    repeat_row = draw(st.integers(0, n - 1))
    repeat_col = draw(st.integers(0, m - 1))
    matrix = np.c_[np.r_[base, base[[repeat_row]]], np.r_[base, base[[repeat_row]]][:,
                                                                                   [repeat_col]]]
    weight = np.array(draw(st.lists(st.integers(0, 20), min_size=n + 1, max_size=n + 1)), float)
    p = draw(st.integers(0, m + 1))
    key = np.array(draw(st.lists(st.sampled_from("AB"), min_size=m + 1, max_size=m + 1)))
    return sparse.csr_array(matrix), weight, p, key


def _best(matrix: np.ndarray, weight: np.ndarray, bonus: np.ndarray, p: int, key=None):
    best = -1.0
    for chosen in combinations(range(matrix.shape[1]), p):
        if key is not None and set(key) - {key[j] for j in chosen}:
            continue
        reached = matrix[:, list(chosen)].sum(axis=1) > 0
        best = max(best, weight[reached].sum() + bonus[list(chosen)].sum())
    return best


def test_a_candidate_with_weight_only_it_reaches_is_never_left_out():
    """Found by hypothesis in a full run: candidates 0 and 1 each alone reach a row and
    share a third; with two sites the optimum takes both (weight 3). Dropping 1 as
    "dominated" by 0 (its shared rows a subset, its own weight no larger) left 2."""
    cover = sparse.csr_array(np.array([[1, 0], [0, 1], [1, 1]], dtype=float))
    weight = np.ones(3)
    reduced = reduce_covering(cover, weight, np.arange(3))
    assert sorted(reduced.keep) == [0, 1]
    assert _best(reduced.groups.toarray(), reduced.weight, reduced.bonus, 2, None) == 3


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(covers(), st.booleans(), st.booleans())
def test_reduced_model_has_the_same_optimum(instance, fold, by_key):
    cover, weight, p, key = instance
    m = cover.shape[1]
    p = min(p, m)
    rows = np.flatnonzero((np.diff(cover.indptr) > 0) & (weight > 0))
    reduced = reduce_covering(cover, weight, rows, candidate_key=key if by_key else None,
                              fold=fold)
    original = _best(cover.toarray(), weight, np.zeros(m), p, key if by_key else None)
    count = min(p, len(reduced.keep))
    kept_key = key[reduced.keep] if by_key else None
    assert _best(reduced.groups.toarray(), reduced.weight, reduced.bonus, count,
                 kept_key) == original
    # every left-out candidate is dominated by a kept one (of its key): the rows it
    # shares with others are a subset, and it alone reaches nothing
    dense = cover.toarray()[rows] > 0
    alone = dense.sum(axis=1) == 1 if fold else np.zeros(len(rows), bool)
    shared, own = dense & ~alone[:, None], (dense & alone[:, None]).T @ weight[rows]
    for j in sorted(set(range(m)) - set(reduced.keep)):
        assert own[j] == 0
        assert any((shared[:, j] <= shared[:, k]).all()
                   and (not by_key or key[j] == key[k]) for k in reduced.keep)
    if not fold:
        assert reduced.bonus.sum() == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(covers())
def test_local_search_is_a_swap_optimum_at_least_as_good_as_greedy(instance):
    cover, weight, p, _key = instance
    rows = np.flatnonzero((np.diff(cover.indptr) > 0) & (weight > 0))
    reduced = reduce_covering(cover, weight, rows)
    k = len(reduced.keep)
    p = min(p, k)

    def value(chosen):
        reached = reduced.groups @ chosen.astype(float) > 0
        return reduced.weight[reached].sum() + reduced.bonus[chosen].sum()

    first = greedy(reduced, p)
    better = local_search(reduced, first)
    assert better.sum() == p and value(better) >= value(first)
    for out in np.flatnonzero(better):
        for into in np.flatnonzero(~better):
            swapped = better.copy()
            swapped[out], swapped[into] = False, True
            assert value(swapped) <= value(better) + 1e-9


def test_exactly_p_sites_even_when_dominated_candidates_fill_up():
    """Three candidates at one spot and one far away: two are dominated, p = 4 is all."""
    demand = np.array([[X0, Y0], [X0 + 5000, Y0]])
    candidates = np.array([[X0, Y0], [X0, Y0], [X0, Y0], [X0 + 5000, Y0]])
    result = maximal_covering(demand, [3.0, 4.0], candidates, radius=100, sites=4)
    assert result.status == "optimal" and list(result.chosen) == [0, 1, 2, 3]
    two = maximal_covering(demand, [3.0, 4.0], candidates, radius=100, sites=2)
    assert two.objective == 7 and len(two.chosen) == 2 and 3 in two.chosen


def test_districts_keep_their_own_candidates():
    """A candidate dominated by one in another district still serves its own district."""
    demand = np.array([[X0, Y0], [X0 + 50, Y0]])
    candidates = np.array([[X0, Y0], [X0 + 20, Y0]])
    result = maximal_covering(demand, [1.0, 1.0], candidates, radius=100, sites=2,
                              candidate_district=["A", "B"], min_per_district=True)
    assert list(result.chosen) == [0, 1]
    one = maximal_covering(demand, [1.0, 1.0], candidates, radius=100, sites=1,
                           candidate_district=["A", "B"], min_per_district=True)
    assert one.reason is not None and "2 distrikt" in one.reason


def test_a_run_stopped_by_its_time_limit_keeps_a_swap_optimal_answer_and_a_true_gap():
    rng = np.random.default_rng(5)
    demand = rng.uniform(0, 8000, (3000, 2)) + [X0, Y0]
    candidates = rng.uniform(0, 8000, (300, 2)) + [X0, Y0]
    weight = rng.integers(1, 50, 3000).astype(float)
    quick = maximal_covering(demand, weight, candidates, radius=600, sites=12, time_limit=1e-3)
    assert len(quick.chosen) == 12
    covered = (np.hypot(*(demand[:, None, :] - candidates[quick.chosen][None]).T) <= 600)
    assert quick.objective == weight[covered.T.any(axis=1)].sum()
    proven = maximal_covering(demand, weight, candidates, radius=600, sites=12)
    assert proven.status == "optimal" and proven.objective >= quick.objective
    if quick.status != "optimal":
        # the reported gap bounds the distance to the optimum
        assert quick.gap >= 0
        assert proven.objective <= quick.objective * (1 + quick.gap) + 1e-6
