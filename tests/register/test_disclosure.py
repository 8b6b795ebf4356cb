"""Primary and secondary cell suppression (stats.primary_suppression / secondary_suppression)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.errors import ArgumentError
from jamlik.stats import primary_suppression, secondary_suppression


def test_primary_withholds_one_to_four_and_small_complements_but_not_zero():
    counts = np.array([0, 1, 4, 5, 100, 100])
    complements = np.array([0, 0, 0, 0, 2, 0])
    assert primary_suppression(counts, min_count=5, complements=complements).tolist() == [
        False, True, True, False, True, False]
    with pytest.raises(ArgumentError, match="min_count måste vara ett heltal ≥ 1, fick 0"):
        primary_suppression(counts, min_count=0)


def relation(total, parts, number=0):
    return [(number, total, "total")] + [(number, p, "part") for p in parts]


def members(*relations):
    return pd.DataFrame([row for rel in relations for row in rel],
                        columns=["relation", "cell", "role"])


def test_a_lone_withheld_part_takes_the_smallest_other_part_with_it():
    # total 0 = parts 1, 2, 3; part 2 is withheld by the primary rule.
    counts = np.array([60, 30, 3, 27])
    result = secondary_suppression(members(relation(0, [1, 2, 3])), counts,
                                   np.array([False, False, True, False]))
    assert result.tolist() == [False, False, True, True]


def test_suppression_propagates_through_crossing_relations():
    # A 2×2 table with margins: cells 0..3 = (a1, a2, b1, b2), rows 4 (a), 5 (b),
    # columns 6 (1), 7 (2), grand total 8.
    counts = np.array([3, 40, 50, 60, 43, 110, 53, 100, 153])
    rels = members(relation(4, [0, 1], 0), relation(5, [2, 3], 1), relation(6, [0, 2], 2),
                   relation(7, [1, 3], 3), relation(8, [4, 5], 4), relation(8, [6, 7], 5))
    primary = counts < 5
    result = secondary_suppression(rels, counts, primary)
    assert result.tolist() == [True, True, True, True, False, False, False, False, False]


def test_a_withheld_total_with_every_part_shown_is_protected_too():
    counts = np.array([4, 2, 2])
    result = secondary_suppression(members(relation(0, [1, 2])), counts,
                                   np.array([True, False, False]))
    assert result.sum() == 2 and result[0]


def test_a_relation_without_a_total_is_no_equation():
    rels = pd.DataFrame({"relation": [0, 0], "cell": [0, 1], "role": ["part", "part"]})
    assert secondary_suppression(rels, np.array([3, 50]), np.array([True, False])).tolist() == [
        True, False]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_no_relation_is_left_with_exactly_one_unknown(data):
    """Random hierarchies: a grand total, groups, and parts crossed with a dimension."""
    groups = data.draw(st.integers(1, 4))
    parts = data.draw(st.integers(1, 5))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    leaf = rng.integers(0, 12, size=(groups, parts))
    counts = [leaf.sum()]                         # cell 0: grand total
    group_cells = list(range(1, groups + 1))
    counts += leaf.sum(axis=1).tolist()
    leaf_cells = np.arange(groups * parts).reshape(groups, parts) + len(counts)
    counts += leaf.ravel().tolist()
    rels = [relation(0, group_cells, 0)]
    rels += [relation(group_cells[g], leaf_cells[g].tolist(), 1 + g) for g in range(groups)]
    table = members(*rels)
    counts = np.array(counts)
    result = secondary_suppression(table, counts, primary_suppression(counts, min_count=5))
    assert (result >= primary_suppression(counts, min_count=5)).all()
    for _, rel in table.groupby("relation"):
        assert result[rel["cell"].to_numpy()].sum() != 1
