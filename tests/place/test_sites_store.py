"""Sites imported into the store, and access to them written as indicators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import InputError
from jamlik.jobs import (
    allocation_scenario, area_points, export_sites, import_sites, placement_scenario,
    store_access,
)
from jamlik.place import access_by_area
from jamlik.jobs._sites import area_shapes
from jamlik.store import connect, current_sites, export_frame, list_batches


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """Göteborg's real RegSO areas, invented children 0–5 and two kinds of example sites."""
    from jamlik.demo._geography import load_geography
    from jamlik.demo._places import children, children_frame
    from jamlik.store import write_batch

    engine = connect(f"sqlite:///{tmp_path_factory.mktemp('sites') / 'store.db'}")
    load_geography(engine)
    points = area_points(engine, municipality="1480")
    counts = children(points, np.random.default_rng(1))
    write_batch(engine, children_frame(points, counts), format="demo", source="test",
                file_hash="children", is_example=True)
    return engine, points, counts


def _cells(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows).astype(str)
    return frame.set_axis(range(len(frame)))


GOOD = [{"id": "B1", "name": "Stadsbiblioteket", "x": "319700", "y": "6399900", "capacity": "60"},
        {"id": "B2", "name": "Angereds bibliotek", "x": "328900", "y": "6410600",
         "capacity": "40"}]


@pytest.mark.parametrize("change, message", [
    ({"x": "11,97"}, "test.csv: rad 3, kolumn 'x': 12 ligger utanför Sverige i SWEREF 99 TM "
                   "(väntade 181896–1086313 m)"),
    ({"id": "B1"}, "test.csv: rad 3, kolumn 'id': id 'B1' finns redan på rad 2"),
    ({"name": ""}, "test.csv: rad 3, kolumn 'name': väntade ett värde, fick en tom cell"),
    ({"capacity": "-3"}, "test.csv: rad 3, kolumn 'capacity': väntade ett tal ≥ 0, fick '-3'"),
    ({"valid_from": "1 maj"},
     "test.csv: rad 3, kolumn 'valid_from': väntade ett datum ÅÅÅÅ-MM-DD, fick '1 maj'"),
])
def test_a_bad_row_is_named_and_nothing_is_written(tmp_path, change, message):
    engine = connect(f"sqlite:///{tmp_path / 'store.db'}")
    rows = [dict(GOOD[0], valid_from=""), dict(GOOD[1], valid_from="", **{})]
    rows[1].update(change)
    with pytest.raises(InputError) as raised:
        import_sites(engine, _cells(rows), file="test.csv", kind="library")
    assert str(raised.value).startswith(message)
    assert current_sites(engine).empty and list_batches(engine) == []


def test_missing_columns_are_named(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'store.db'}")
    with pytest.raises(InputError, match="saknade kolumner: 'name'"):
        import_sites(engine, _cells([{"id": "a", "x": "1", "y": "2"}]), file="t.csv",
                     kind="library")


def test_import_export_round_trip_and_area_found(city, tmp_path):
    engine, _points, _counts = city
    result = import_sites(engine, _cells(GOOD), file="bib.csv", kind="library",
                          kind_name="Bibliotek")
    assert (result.inserted, result.revised) == (2, 0)
    exported = export_sites(engine, kind="library")
    assert exported["id"].tolist() == ["B1", "B2"]
    assert exported["x"].tolist() == [319700.0, 328900.0]
    # Stadsbiblioteket lies in Göteborg's centre: a RegSO area of Göteborg is found
    assert all(code.startswith("1480R") for code in exported["area"])
    again = import_sites(engine, exported.drop(columns=["kind", "is_example"]).astype(str)
                         .replace({"None": "", "nan": ""}), file="export.csv", kind="library")
    assert again.batch_id is None and again.unchanged == 2


def test_stored_access_equals_the_place_function(city):
    engine, points, counts = city
    import_sites(engine, _cells(GOOD), file="bib.csv", kind="library")
    result = store_access(engine, kind="library", municipality="1480", threshold=2000,
                          radius=3000)
    sites = current_sites(engine, kind="library")
    points = result["points"]
    # the points are spread inside the areas, each area's children shared among them
    np.testing.assert_allclose(points.groupby("district")["weight"].sum().loc[
        city[1]["area"]].to_numpy(), counts, rtol=1e-12)
    expected = access_by_area(
        pd.DataFrame({"x": points["x"], "y": points["y"], "weight": points["weight"],
                      "area": points["district"]}),
        sites[["x", "y", "capacity"]], threshold=2000, radius=3000).set_index("area")
    stored = export_frame(engine, indicators=result["indicators"])
    regso = stored[stored["area_version"] == "RegSO_2025"].pivot(
        index="area_code", columns="indicator", values="value")
    np.testing.assert_allclose(regso["tillgang_library_avstand"],
                               expected.loc[regso.index, "mean_distance"], rtol=1e-12)
    np.testing.assert_allclose(regso["tillgang_library_langt"],
                               100 * expected.loc[regso.index, "share_beyond"], rtol=1e-12)
    np.testing.assert_allclose(regso["tillgang_library_2sfca"],
                               expected.loc[regso.index, "fca_per_1000"], rtol=1e-12)
    assert len(regso) == len(city[1])
    city_row = stored[(stored["area_code"] == "1480")
                      & (stored["indicator"] == "tillgang_library_langt")]
    far = np.min(np.hypot(points["x"].to_numpy()[:, None] - sites["x"].to_numpy(),
                          points["y"].to_numpy()[:, None] - sites["y"].to_numpy()), axis=1) > 2000
    assert city_row["value"].iloc[0] == pytest.approx(
        100 * points["weight"][far].sum() / counts.sum(), rel=1e-12)
    assert "punkter slumpade jämnt inom områdenas gränser" in city_row["source"].iloc[0]
    # the gap between areas is measured like any other indicator's
    share = result["measures"][result["measures"]["indicator"] == "tillgang_library_langt"]
    assert {"SII", "RII"} <= set(share["measure"])
    assert np.isfinite(share.set_index("measure").loc["SII", "value"])
    assert store_access(engine, kind="library", municipality="1480", threshold=2000,
                        radius=3000, measure=False)["batch"].already_imported


def test_an_area_straddling_the_threshold_gets_a_share_between_0_and_100(city):
    """One point per area could only say 0 % or 100 %; spread points say how many."""
    engine, points, counts = city
    shapes = area_shapes(engine, municipality="1480")
    wide = points["area"].iloc[int(np.argmax(counts))]  # the area with most children
    centre = shapes[wide].representative_point()
    threshold = round(0.5 * shapes[wide].area ** 0.5)  # well inside the area's extent
    site = [{"id": "F1", "name": "Mitt i", "x": f"{centre.x:.0f}", "y": f"{centre.y:.0f}",
             "capacity": "30"}]
    import_sites(engine, _cells(site), file="fc.csv", kind="family_centre")
    result = store_access(engine, kind="family_centre", municipality="1480",
                          threshold=threshold, measure=False)
    share = result["table"].set_index("area").loc[wide, "share_beyond"]
    assert 0 < share < 1
    stored = export_frame(engine, indicators=["tillgang_family_centre_langt"])
    value = stored.set_index("area_code").loc[wide, "value"]
    assert 0 < value < 100 and value == pytest.approx(100 * share)
    # the same seed gives the same points, so re-running changes nothing
    again = store_access(engine, kind="family_centre", municipality="1480",
                         threshold=threshold, measure=False)
    assert again["batch"].already_imported
    pd.testing.assert_frame_equal(again["points"], result["points"])


def test_scenarios_on_the_store(city):
    engine, points, counts = city
    import_sites(engine, _cells(GOOD), file="bib.csv", kind="library")
    placement = placement_scenario(engine, kind="library", municipality="1480", sites=2,
                                   radius=1500)
    results = placement["results"]
    assert results["status"] == "optimal" and len(results["chosen"]) == 2
    assert results["covered_weight"] > results["covered_weight_before"]
    assert results["total_weight"] == pytest.approx(counts.sum())
    with pytest.raises(Exception, match="behovsindikatorn 'ekonomiskt_bistand'"):
        allocation_scenario(engine, municipality="1480", budget=1_000_000, alpha=0.5)
    from jamlik.ingest import check_frame
    from jamlik.store import write_batch

    need = np.linspace(1, 3, len(points))
    write_batch(engine, check_frame(pd.DataFrame({
        "indicator": "behov", "polarity": "lower_better", "kind": "index",
        "area_code": points["area"], "area_version": "RegSO_2025", "period": "2024",
        "value": need})), format="test", source="test", file_hash="behov")
    allocation = allocation_scenario(engine, municipality="1480", budget=1_000_001, alpha=1.0,
                                     need={"behov": 1.0})
    table = pd.DataFrame(allocation["results"]["allocation"])
    assert table["allocation"].sum() == 1_000_001
    # with alpha = 1 every krona follows children × need (rounded to whole kronor)
    exact = 1_000_001 * counts * need / (counts * need).sum()
    assert np.abs(table["allocation"].to_numpy() - exact).max() < 1
