"""Shares of closed questions: intervals checked by hand, and disclosure control that never
reveals a group under the threshold — not directly, not by differencing any two (or more)
published tables. The check is independent of the implementation: it rebuilds the tables'
sums from the raw answers and asks, by the rank of the linear system a reader could write
down, whether any small cell is determined by what is published."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.voices import ALL_AREAS, closed_shares

K = 5


def people_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area", "sex", "age_group", "positive"]).assign(
        weight=np.nan)


def _true_cells(people: pd.DataFrame, with_total: bool):
    """Every cell a reader could think of (unknown area/group included) and the sums."""
    area = people["area"].fillna("?")
    areas = sorted(set(area)) + ([ALL_AREAS] if with_total else [])
    dims = {"kon": people["sex"].fillna("?"), "alder": people["age_group"].fillna("?")}
    cells = {}
    for a in areas:
        here = np.ones(len(people), bool) if a == ALL_AREAS else (area == a).to_numpy()
        cells[(a, "total", "total")] = here
        for d, values in dims.items():
            if people[{"kon": "sex", "alder": "age_group"}[d]].notna().any():
                for s in sorted(set(values)):
                    cells[(a, d, s)] = here & (values == s).to_numpy()
    sums = []
    keys = list(cells)
    for a, d in itertools.product(areas, dims):
        parts = [k for k in keys if k[0] == a and k[1] == d]
        if parts:
            sums.append(((a, "total", "total"), parts))
    if with_total:
        for key in [k for k in keys if k[0] == ALL_AREAS]:
            sums.append((key, [k for k in keys if k[0] not in (ALL_AREAS,) and k[1:] == key[1:]]))
    return cells, sums


def determined(people, published: pd.DataFrame, with_total: bool) -> list[tuple]:
    """Small cells (1 … K−1 persons, or chosen / not chosen by 1 … K−1) that the published
    counts and the sums determine exactly."""
    cells, sums = _true_cells(people, with_total)
    keys = list(cells)
    at = {k: i for i, k in enumerate(keys)}
    equations = []
    for total, parts in sums:
        row = np.zeros(len(keys))
        row[at[total]] = 1
        for part in parts:
            row[at[part]] -= 1
        equations.append(row)
    shown = published[~published["suppressed"]]
    for key in zip(shown["area"], shown["dimension"], shown["subgroup"]):
        row = np.zeros(len(keys))
        row[at[key]] = 1
        equations.append(row)
    matrix = np.array(equations).reshape(-1, len(keys))
    rank = np.linalg.matrix_rank(matrix) if len(matrix) else 0
    positive = people["positive"].to_numpy(bool)
    found = []
    for key, members in cells.items():
        n, x = members.sum(), (members & positive).sum()
        small = 0 < n < K or 0 < x < K or 0 < n - x < K
        if small:
            unit = np.zeros(len(keys))
            unit[at[key]] = 1
            if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                found.append(key)
    return found


AREAS = st.sampled_from(["A", "B", "C", "D", None])
SEX = st.sampled_from(["kvinnor", "man", "annat", None])
AGE = st.sampled_from(["16-29", "30-64", "65+", None])
ROWS = st.lists(st.tuples(AREAS, SEX, AGE, st.booleans()), min_size=1, max_size=120)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROWS, st.booleans())
def test_no_small_group_can_be_recovered_from_the_published_tables(rows, with_total):
    people = people_frame(rows)
    published = closed_shares(people, min_count=K, with_total=with_total)
    assert determined(people, published, with_total) == []
    shown = published[~published["suppressed"]]
    left = shown["n"] - shown["x"]
    assert ((shown["n"] >= K) & ((shown["x"] >= K) | (shown["x"] == 0))
            & ((left >= K) | (left == 0))).all()
    assert published.loc[published["suppressed"], ["n", "x", "value"]].isna().all().all()


def test_differencing_the_area_table_and_the_sex_table():
    """Area B has three women. The total of B and its men would give them away; so would
    all areas' women minus the other areas' women: both routes are closed."""
    rows = ([("A", "kvinnor", "30-64", i % 2 == 0) for i in range(30)]
            + [("A", "man", "30-64", i % 3 == 0) for i in range(30)]
            + [("B", "kvinnor", "30-64", True)] * 3
            + [("B", "man", "30-64", i % 2 == 0) for i in range(40)]
            + [("C", "kvinnor", "65+", i % 2 == 0) for i in range(25)]
            + [("C", "man", "65+", i % 2 == 1) for i in range(25)])
    people = people_frame(rows)
    published = closed_shares(people, min_count=K, with_total=True)
    cell = published.set_index(["area", "dimension", "subgroup"])
    assert cell.loc[("B", "kon", "kvinnor"), "suppressed"]
    assert cell.loc[("B", "kon", "kvinnor"), "reason"] == (
        "färre än 5 personer (primär röjandekontroll)")
    # the same area's men and another area's women are withheld with them
    assert cell.loc[("B", "kon", "man"), "suppressed"]
    assert cell.xs("kvinnor", level="subgroup")["suppressed"].sum() >= 2
    assert determined(people, published, True) == []
    # the age table of B: 43 persons, all 30-64 — the same as B's total, not a small group
    assert not cell.loc[("B", "alder", "30-64"), "suppressed"]


def test_wilson_interval_and_weighted_effective_sample_size():
    # 27 of 106 (Newcombe & Altman 2000): 25.47 % (18.14 %–34.52 %)
    rows = [("A", None, None, i < 27) for i in range(106)]
    published = closed_shares(people_frame(rows), min_count=K)
    total = published[(published["area"] == "A") & (published["dimension"] == "total")].iloc[0]
    assert (total["n"], total["x"]) == (106, 27)
    assert np.round([total["value"], total["lower"], total["upper"]], 7).tolist() == [
        0.254717, 0.1813642, 0.3452262]
    # weights 1 and 3 on halves: share = Σwy/Σw, n_eff = (Σw)²/Σw² (Kish)
    people = pd.DataFrame({"area": "A", "sex": None, "age_group": None,
                           "weight": [1.0] * 50 + [3.0] * 50,
                           "positive": [True] * 25 + [False] * 25 + [True] * 40 + [False] * 10})
    row = closed_shares(people, min_count=K).iloc[0]
    assert row["value"] == (25 + 3 * 40) / (50 + 150)
    assert row["n_eff"] == 200 ** 2 / (50 + 9 * 50)
    assert row["n"] == 100
