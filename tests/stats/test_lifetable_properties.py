"""Property tests of life_expectancy (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.stats._lifetable import life_expectancy

AGES = [0, 1, *range(5, 95, 5)]


@st.composite
def tables(draw, groups=st.integers(1, 3)):
    """Abridged tables with deaths at most 30 % of population (so no q is capped at 1:
    the cap is at 40 % for 5-year bands) and at least one death in the open band."""
    frames = []
    for g in range(draw(groups)):
        pop = draw(st.lists(st.integers(2_000, 60_000), min_size=20, max_size=20))
        share = draw(st.lists(st.floats(0.0, 0.3), min_size=20, max_size=20))
        deaths = [int(p * s) for p, s in zip(pop, share)]
        deaths[-1] = max(deaths[-1], 1)
        frames.append(pd.DataFrame({"area": f"A{g}", "sex": "1", "age_from": AGES,
                                    "population": pop, "deaths": deaths}))
    return pd.concat(frames, ignore_index=True)


@settings(max_examples=40, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(data, random):
    order = list(range(len(data)))
    random.shuffle(order)
    a = life_expectancy(data, age="all", le_suppress=False)
    b = life_expectancy(data.iloc[order], age="all", le_suppress=False)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=60, deadline=None)
@given(tables(groups=st.just(1)), st.integers(0, 19), st.integers(1, 500))
def test_more_deaths_lower_life_expectancy_at_birth(data, band, extra):
    before = life_expectancy(data, le_suppress=False)["value"].iloc[0]
    more = data.copy()
    # Stay below the cap D ≤ P/(n a) (40 % of P for 5-year bands) and D ≤ P.
    room = int(0.35 * more.loc[band, "population"]) - more.loc[band, "deaths"]
    more.loc[band, "deaths"] += max(1, min(extra, room))
    after = life_expectancy(more, le_suppress=False)["value"].iloc[0]
    assert after < before


@settings(max_examples=30, deadline=None)
@given(tables(), st.floats(0.5, 0.999))
def test_interval_contains_value_and_grows_with_level(data, level):
    narrow = life_expectancy(data, age="all", confidence=level, le_suppress=False)
    wide = life_expectancy(data, age="all", confidence=0.9995, le_suppress=False)
    assert (narrow["lower"] <= narrow["value"]).all()
    assert (narrow["value"] <= narrow["upper"]).all()
    assert (wide["upper"] - wide["lower"] >= narrow["upper"] - narrow["lower"]).all()
    assert np.isfinite(narrow["value"]).all()
