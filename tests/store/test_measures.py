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
    run, results = compute_measures(city, measures=["D", "R", "SII", "range"])
    by = results.set_index(["dimension", "measure"])["value"]
    # between districts the headline ranks them by SCB's områdestyp: R001 is type 2
    # (84.0), R002 and R003 type 4 (76.5, 81.0); equal populations put the types at
    # ridit ranks 1/6 and 2/3, so SII = (78.75 − 84.0) / (2/3 − 1/6) = −10.5 (by hand)
    assert by[("omrade", "SII")] == pytest.approx(-10.5)
    assert by[("omrade", "range")] == pytest.approx(84.0 - 76.5)
    assert ("omrade", "D") not in by.index  # max − min is only the described range
    assert abs(by[("kon", "D")]) == pytest.approx(83.0 - 79.4)
    saved = current_measures(city)
    assert set(saved["run_id"]) == {run}
    sii = saved.set_index(["dimension", "measure"]).loc[("omrade", "SII")]
    assert sii["ranked_by"].startswith("SCB:s områdestyp 2022") and sii["unit"] == "enheter"  # no unit given
    # a revision of the data and a new run: the newest run is current, the old one is kept
    path = tmp_path / "le2.csv"
    path.write_text(observations().replace("76.5", "78.5"), encoding="utf-8")
    import_file(path, engine=city)
    second, _ = compute_measures(city, measures=["range"])
    now = current_measures(city)
    current = now.set_index(["dimension", "measure"])
    assert current.loc[("omrade", "range"), "value"] == pytest.approx(5.5)
    assert current.loc[("omrade", "range"), "run_id"] == second
    assert current.loc[("omrade", "SII"), "run_id"] == run  # SII was not recomputed
    with city.connect() as conn:
        assert conn.execute(select(func.count()).select_from(MeasureRun)).scalar() == 2
        assert conn.execute(select(func.count()).select_from(MeasureResult)
                            .where(MeasureResult.measure == "range")).scalar() == 2


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
    """Three years of districts whose gap shrinks by 1 a year: the SII rises by 2 (by hand)."""
    from jamlik.jobs import gap_trends
    from jamlik.demo._geography import load_geography

    load_geography(store)
    lines = [f"le,higher_better,{code},RegSO_2025,{year},,,{value + (year - 2020) * step},0.1,20000"
             for year in (2020, 2021, 2022)
             for code, value, step in (("1480R001", 84.0, -0.5), ("1480R002", 76.0, 0.5))]
    path = tmp_path / "le.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    import_file(path, engine=store)
    compute_measures(store, measures=["SII"])
    # R001 (områdestyp 2) and R002 (type 4) at ridit ranks 1/4 and 3/4: SII = 2 × gap
    # one row per series: the slope of jamlik.stats.gap_verdict, the rule of every page,
    # the API and the annual report (no separate first-to-last "change" row any more)
    trends = gap_trends(store, measures=["SII"])
    assert len(trends) == 1
    trend = trends.iloc[0]
    assert (trend["measure"], trend["source_measure"]) == ("slope", "SII")
    assert trend["value"] == pytest.approx(2.0)  # −16 in 2020 to −12 in 2022: toward 0
    assert trend["lower"] > 0 and trend["n_periods"] == 3 and trend["periods"] == "2020, 2021, 2022"
    assert trend["verdict"] == "closing" and trend["verdict_sv"] == "skillnaden minskar"
    assert trend["verdict_en"] == "the gap is closing"
    assert trend["unit"] == "enheter per år"  # the indicator has no unit


def test_suppressed_districts_count_and_neutral_indicators_get_no_directional_measures(
        store, tmp_path):
    """Two of ten districts suppressed: under HEAT's 85 % rule nothing between districts
    is published, with the reason; a neutral indicator's PAF is not applicable."""
    from jamlik.demo._geography import load_geography

    load_geography(store)
    header = ("indicator,polarity,area_code,area_version,period,dimension,subgroup,value,se,"
              "population,suppressed,suppression_reason\n")
    lines = []
    for i in range(1, 11):
        hidden = i <= 2
        value = "" if hidden else f"{70 + i}"
        lines.append(f"x,neutral,1480R{i:03d},RegSO_2025,2023,,,{value},{'' if hidden else 1.0},"
                     f"5000,{int(hidden)},{'färre än 5' if hidden else ''}")
    lines += ["x,neutral,1480,Kommun_2025,2023,kon,kvinnor,75,0.5,300000,0,",
              "x,neutral,1480,Kommun_2025,2023,kon,man,72,0.5,300000,0,"]
    path = tmp_path / "x.csv"
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    import_file(path, engine=store)
    _, results = compute_measures(store)
    between = results[results["dimension"] == "omrade"].set_index("measure")
    assert between["value"].isna().all()
    assert between.loc["BGV", "reason"] == "under 85 % av undergrupperna har en skattning"
    assert between.loc["SII", "reason"] == (
        "under 85 % av områdena har värde och index (2 av 10 saknas eller är undertryckta)")
    sexes = results[results["dimension"] == "kon"].set_index("measure")
    assert sexes.loc["PAF", "reason"] == (
        "gäller inte en neutral indikator: måttet beror på vilken riktning som är bättre")
    assert sexes.loc["D", "value"] == pytest.approx(3.0)


def test_districts_without_any_uncertainty_give_a_reason_a_reader_understands(store, tmp_path):
    """Values with no standard error, limits or counts (distances computed by jamlik access,
    say): no SII/RII is published, and the stored reason says how many districts lack an
    uncertainty (it once leaked the Python caller's "rad 0: standardfel saknas ...")."""
    from jamlik.demo._geography import load_geography

    load_geography(store)
    header = "indicator,polarity,area_code,area_version,period,value,se,population\n"
    lines = [f"avst,lower_better,1480R{i:03d},RegSO_2025,2023,{500 + 40 * i},"
             f"{'0.5' if i <= 3 else ''},5000" for i in range(1, 11)]
    path = tmp_path / "avst.csv"
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    import_file(path, engine=store)
    from jamlik.stats import AREA_GAP_MEASURES

    _, results = compute_measures(store)
    between = results[(results["dimension"] == "omrade")
                      & results["measure"].isin(AREA_GAP_MEASURES)].set_index("measure")
    assert len(between) == len(AREA_GAP_MEASURES)
    assert between["value"].isna().all()
    assert set(between["reason"]) == {
        "osäkerhet saknas för 7 av 10 områden med värde "
        "(varken standardfel, gränser eller täljare och nämnare)"}
