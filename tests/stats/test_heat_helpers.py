"""Builders of small HEAT Plus tables, shared by the test_heat_* modules (no tests here)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).parent.parent / "fixtures" / "heat"


def heat_table(rows: pd.DataFrame | dict, **columns: object) -> pd.DataFrame:
    """A HEAT Plus table: ``rows`` plus constant ``columns`` and template defaults."""
    frame = pd.DataFrame(rows).copy()
    defaults = {
        "setting": "Malmö", "date": 2023, "source": "SCB", "indicator_abbr": "ind",
        "indicator_name": "Indikator", "dimension": "dim", "favourable_indicator": 1,
        "indicator_scale": 100, "ordered_dimension": 0, "subgroup_order": 0,
        "reference_subgroup": 0,
    }  # fmt: skip
    for name, value in {**defaults, **columns}.items():
        if name not in frame.columns:
            frame[name] = value
    if "subgroup" not in frame.columns:
        frame["subgroup"] = [f"g{i:02d}" for i in range(len(frame))]
    return frame


def ordered5(**columns: object) -> pd.DataFrame:
    """healthequal's ordered test data (5 subgroups, scale 100, favourable)."""
    data = pd.read_csv(FIXTURES / "healthequal_ordered5.csv")
    return heat_table(data, ordered_dimension=1, **columns)


def nonordered25(*, reference: bool = True, **columns: object) -> pd.DataFrame:
    """healthequal's non-ordered test data (25 subgroups, scale 100, favourable)."""
    data = pd.read_csv(FIXTURES / "healthequal_nonordered25.csv")
    if not reference:
        data["reference_subgroup"] = 0
    return heat_table(data, **columns)


def row(result: pd.DataFrame, measure: str) -> pd.Series:
    """The single result row of ``measure``."""
    rows = result[result["measure"] == measure]
    assert len(rows) == 1, rows
    return rows.iloc[0]
