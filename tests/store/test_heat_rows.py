"""One tidy → HEAT conversion: the store's measure input and the template writer agree."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik import import_file, parse_file
from jamlik.heat import TEMPLATE_COLUMNS, heat_rows
from jamlik.ingest import write_heat_template
from jamlik.store import heat_table

HEADER = ("indicator,polarity,scale,area_code,area_version,period,dimension,dimension_ordered,"
          "subgroup,subgroup_order,reference_subgroup,value,se,lower,upper,confidence,"
          "population,source,suppressed,suppression_reason\n")
ROWS = """\
le,higher_better,1,1480,Kommun_2025,2023,,,,,,81.2,0.2,,,,600000,SCB,,
le,higher_better,1,1480,Kommun_2025,2023,kon,0,kvinnor,,1,83.0,0.3,,,,300000,SCB,,
le,higher_better,1,1480,Kommun_2025,2023,kon,0,man,,0,79.4,,78.8,80.0,0.95,300000,SCB,,
le,higher_better,1,1480,Kommun_2025,2023,utb,1,lag,1,0,78.0,0.4,,,,200000,SCB,,
le,higher_better,1,1480,Kommun_2025,2023,utb,1,mellan,2,0,81.0,0.4,,,,200000,SCB,,
le,higher_better,1,1480,Kommun_2025,2023,utb,1,hog,3,0,84.5,0.4,,,,200000,SCB,,
fattig,lower_better,100,1480,Kommun_2025,2022,kon,0,kvinnor,,1,12.5,0.5,,,,300000,SCB,,
fattig,lower_better,100,1480,Kommun_2025,2022,kon,0,man,,0,,,,,,300000,SCB,1,för få
"""
KEY = ["indicator_abbr", "date", "dimension", "subgroup"]
SAME = ["estimate", "se", "ci_lb", "ci_ub", "population", "setting_average",
        "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
        "reference_subgroup"]


def test_store_and_template_give_the_same_table(store, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    import_file(path, engine=store)
    stored = heat_table(store).sort_values(KEY).reset_index(drop=True)
    written = write_heat_template(parse_file(path)[2]).sort_values(KEY).reset_index(drop=True)
    assert len(stored) == len(written) == 7  # the total is the setting average, not a row
    assert (stored["setting"] == "Kommun_2025|1480").all() and (written["setting"] == "1480").all()
    for column in SAME:
        left = pd.to_numeric(stored[column], errors="coerce").astype(float)
        right = pd.to_numeric(written[column], errors="coerce").astype(float)
        assert np.array_equal(left, right, equal_nan=True), column
    le = stored["indicator_abbr"] == "le"
    assert (stored.loc[le, "setting_average"] == 81.2).all()
    assert stored.loc[~le, "setting_average"].isna().all()
    assert stored.loc[~le, "estimate"].isna().sum() == 1  # suppressed: a row without estimate
    # HEAT's rule: 0 in a dimension that is not ordered, 1..k in an ordered one
    assert sorted(written.loc[written["dimension"] == "utb", "subgroup_order"]) == [1, 2, 3]
    assert (written.loc[written["dimension"] == "kon", "subgroup_order"] == 0).all()


def test_heat_rows_rules():
    frame = pd.DataFrame({
        "indicator": ["a", "a", "a", "b"], "period": ["2020"] * 4,
        "dimension": ["total", "kon", "kon", "kon"], "subgroup": ["total", "k", "m", "k"],
        "subgroup_name": [None, "Kvinnor", None, None], "value": [5.0, 4.0, 6.0, 1.0],
        "se": np.nan, "lower": np.nan, "upper": np.nan, "population": np.nan,
        "confidence": np.nan, "polarity": ["neutral", "neutral", "neutral", None],
        "scale": [np.nan] * 4, "dimension_ordered": [None] * 4, "subgroup_order": np.nan,
        "reference_subgroup": [None, True, None, None],
    })
    rows = heat_rows(frame, setting=pd.Series(["X"] * 4), source="s")
    assert list(rows.columns) == [*TEMPLATE_COLUMNS, "confidence"]
    assert rows["subgroup"].tolist() == ["Kvinnor", "m", "k"]
    assert rows["setting_average"].tolist()[:2] == [5.0, 5.0] and np.isnan(rows["setting_average"][2])
    assert rows["favourable_indicator"].tolist() == ["neutral", "neutral", 1]
    assert rows["indicator_scale"].tolist() == [1.0, 1.0, 1.0]
    assert rows["reference_subgroup"].tolist() == [1, 0, 0]
    assert rows["subgroup_order"].tolist() == [0.0, 0.0, 0.0]
    codes = heat_rows(frame, setting=pd.Series(["X"] * 4), source="s", labels="codes")
    assert codes["subgroup"].tolist() == ["k", "m", "k"]
