"""Gap measures computed from the store and saved with history (both backends)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from jamlik import compute_measures, import_file
from jamlik.store._measures import current_measures, heat_table
from jamlik.store._models import MeasureResult, MeasureRun

HEADER = "indicator,polarity,area_code,area_version,period,dimension,subgroup,value,se,population\n"
DISTRICTS = {"1480R001": 84.0, "1480R002": 76.5, "1480R003": 81.0}


def observations(shift=0.0):
    lines = [f"le,higher_better,1480,Kommun_2025,2023,,,{81.2 + shift},0.2,600000",
             f"le,higher_better,1480,Kommun_2025,2023,kon,kvinnor,{83.0 + shift},0.3,300000",
             f"le,higher_better,1480,Kommun_2025,2023,kon,man,{79.4 + shift},0.3,300000"]
    lines += [f"le,higher_better,{code},RegSO_2025,2023,,,{value + shift},0.5,20000"
              for code, value in DISTRICTS.items()]
    return HEADER + "\n".join(lines) + "\n"


@pytest.fixture
def city(store, tmp_path):
    from jamlik.demo._geography import load_geography

    load_geography(store)  # RegSO areas know their municipality
    path = tmp_path / "le.csv"
    path.write_text(observations(), encoding="utf-8")
    import_file(path, engine=store)
    return store


def test_heat_table_has_groups_and_districts(city):
    table = heat_table(city)
    districts = table[table["dimension"] == "omrade"]
    assert sorted(districts["subgroup"]) == [f"RegSO_2025|{c}" for c in sorted(DISTRICTS)]
    assert set(districts["setting"]) == {"Kommun_2025|1480"}
    assert (districts["setting_average"] == 81.2).all()
    sexes = table[table["dimension"] == "kon"]
    assert sorted(sexes["estimate"]) == [79.4, 83.0]


def test_measures_match_direct_arithmetic_and_keep_history(city, tmp_path):
    run, results = compute_measures(city, measures=["D", "R"])
    by = results.set_index(["dimension", "measure"])["value"]
    # between districts: highest minus lowest, highest over lowest (independent arithmetic)
    assert by[("omrade", "D")] == pytest.approx(max(DISTRICTS.values()) - min(DISTRICTS.values()))
    assert by[("omrade", "R")] == pytest.approx(max(DISTRICTS.values()) / min(DISTRICTS.values()))
    assert abs(by[("kon", "D")]) == pytest.approx(83.0 - 79.4)
    saved = current_measures(city)
    assert set(saved["run_id"]) == {run}
    assert saved.set_index(["dimension", "measure"])["value"][("omrade", "D")] == pytest.approx(7.5)
    # a revision of the data and a new run: the newest run is current, the old one is kept
    path = tmp_path / "le2.csv"
    path.write_text(observations().replace("76.5", "78.5"), encoding="utf-8")
    import_file(path, engine=city)
    second, _ = compute_measures(city, measures=["D"])
    now = current_measures(city)
    current = now.set_index(["dimension", "measure"])
    assert current.loc[("omrade", "D"), "value"] == pytest.approx(5.5)
    assert current.loc[("omrade", "D"), "run_id"] == second
    assert current.loc[("omrade", "R"), "run_id"] == run  # R was not recomputed
    with city.connect() as conn:
        assert conn.execute(select(func.count()).select_from(MeasureRun)).scalar() == 2
        assert conn.execute(select(func.count()).select_from(MeasureResult)
                            .where(MeasureResult.measure == "D")).scalar() == 4


def test_an_empty_store_gives_an_empty_run(store):
    run, results = compute_measures(store)
    assert results.empty and isinstance(run, int)
    assert current_measures(store).empty


def test_trends_use_only_non_overlapping_periods():
    import datetime as dt

    from jamlik.stats._trend import non_overlapping

    spans = [(2010, 2014), (2011, 2015), (2015, 2019), (2016, 2020), (2020, 2024)]
    group = pd.DataFrame({"series": "x", "period": [f"{a}-{b}" for a, b in spans],
                          "start_date": [dt.date(a, 1, 1) for a, _ in spans],
                          "end_date": [dt.date(b, 12, 31) for _, b in spans]})
    kept = non_overlapping(group, by=["series"])["period"].tolist()
    assert kept == ["2010-2014", "2015-2019", "2020-2024"]
    years = pd.DataFrame({"series": "x", "period": ["2022", "2023", "2024"],
                          "start_date": [dt.date(y, 1, 1) for y in (2022, 2023, 2024)],
                          "end_date": [dt.date(y, 12, 31) for y in (2022, 2023, 2024)]})
    assert non_overlapping(years, by=["series"])["period"].tolist() == ["2022", "2023", "2024"]


def test_trend_of_a_closing_gap(store, tmp_path):
    """Three years of districts whose gap shrinks by 1 a year: the slope is -1 (by hand)."""
    from jamlik.jobs import gap_trends
    from jamlik.demo._geography import load_geography

    load_geography(store)
    lines = [f"le,higher_better,{code},RegSO_2025,{year},,,{value + (year - 2020) * step},0.1,20000"
             for year in (2020, 2021, 2022)
             for code, value, step in (("1480R001", 84.0, -0.5), ("1480R002", 76.0, 0.5))]
    path = tmp_path / "le.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    import_file(path, engine=store)
    compute_measures(store, measures=["D"])
    trends = gap_trends(store, measures=["D"]).set_index("measure")
    assert trends.loc["slope", "value"] == pytest.approx(-1.0)
    assert trends.loc["change", "value"] == pytest.approx(-2.0)
    assert trends.loc["slope", "verdict"] == "minskar"
    assert trends.loc["slope", "verdict_en"] == "closing"
