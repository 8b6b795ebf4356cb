"""Summary measures over a table given in parts (jamlik.stats.iter_summary_measures)."""

from __future__ import annotations

import re
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import ArgumentError, InputError
from jamlik.stats import iter_summary_measures, summary_measures

# Measures without simulation: equal whatever the split into parts.
EXACT = ["D", "R", "ACI", "RCI", "SII", "RII", "BGV", "TI", "MLD", "PAF", "PAR"]


def national_part(number: int, *, settings=4, years=3, subgroups=12, seed=0) -> pd.DataFrame:
    """One indicator's HEAT Plus table: setting × year × sex, districts as subgroups."""
    rng = np.random.default_rng(seed + number)
    shape = (settings, years, 2, subgroups)
    s, y, sex, d = np.unravel_index(np.arange(int(np.prod(shape))), shape)
    return pd.DataFrame({
        "setting": np.array([f"{1000 + i}" for i in range(settings)])[s],
        "date": 2010 + y, "source": "test",
        "indicator_abbr": np.array([f"ind{number:02d}_k", f"ind{number:02d}_m"])[sex],
        "dimension": "omrade", "subgroup": np.array([f"d{j:02d}" for j in range(subgroups)])[d],
        "estimate": rng.uniform(20, 80, s.size), "se": rng.uniform(0.5, 3, s.size),
        "population": rng.integers(500, 20000, s.size).astype(float),
        "favourable_indicator": 1, "indicator_scale": 100, "ordered_dimension": 1,
        "subgroup_order": d + 1, "reference_subgroup": 0,
    })  # fmt: skip


def test_parts_give_the_results_of_the_whole_table():
    parts = [national_part(i) for i in range(3)]
    whole = summary_measures(pd.concat(parts, ignore_index=True), measures=EXACT)
    streamed = pd.concat(iter_summary_measures(iter(parts), measures=EXACT), ignore_index=True)
    keys = ["setting", "date", "source", "indicator_abbr", "dimension", "measure"]
    pd.testing.assert_frame_equal(
        streamed.sort_values(keys).reset_index(drop=True),
        whole.sort_values(keys).reset_index(drop=True),
    )


def test_error_names_the_row_of_the_whole_stream():
    parts = [national_part(i) for i in range(3)]
    parts[2]["se"] = parts[2]["se"].astype(object)
    parts[2].loc[5, "se"] = "x"
    with pytest.raises(InputError) as whole:
        summary_measures(pd.concat(parts, ignore_index=True), measures=EXACT)
    with pytest.raises(InputError) as streamed:
        list(iter_summary_measures(parts, measures=EXACT))
    assert streamed.value.row == whole.value.row == 2 * len(parts[0]) + 5 + 2
    assert str(streamed.value) == str(whole.value)


def test_a_measurement_split_across_parts_is_refused():
    part = national_part(0)
    halves = [part.iloc[: len(part) // 2 + 1], part.iloc[len(part) // 2 + 1:]]
    message = ("mätningen {'setting': '1002', 'date': 2010, 'source': 'test', "
               "'indicator_abbr': 'ind00_k', 'dimension': 'omrade'} finns i flera delar "
               "(del 2 och en tidigare); varje mätning måste ligga i en del")  # fmt: skip
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        list(iter_summary_measures(halves, measures=EXACT))


def test_national_stream_is_never_held_all_at_once():
    parts, size = 40, national_part(0, settings=10).memory_usage(deep=True).sum()
    results = rows = 0
    tracemalloc.start()
    try:
        stream = (national_part(i, settings=10) for i in range(parts))
        for out in iter_summary_measures(stream, rng=1, reps=20):
            results += len(out)
            rows += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows == parts and results > 0
    # Holding the parts (or their results) together would take at least twice this; one part's
    # working memory (the HEAT simulation of 10 settings) is a few parts' size.
    ceiling = parts * size / 2
    assert peak < ceiling, f"peak {peak / 2**20:.1f} MB, ceiling {ceiling / 2**20:.1f} MB"
