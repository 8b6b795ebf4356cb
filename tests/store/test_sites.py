"""Sites and scenarios in the store, on SQLite and PostgreSQL: round trip, versions, history."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from jamlik.errors import NotFoundError
from jamlik.store import (
    current_sites, list_scenarios, load_scenario, save_scenario, save_sites,
    site_history, site_kinds,
)


def _sites(**changes) -> pd.DataFrame:
    table = pd.DataFrame({
        "code": ["FC1", "FC2"], "name": ["Familjecentral A", "Familjecentral B"],
        "x": [319_500.0, 322_100.5], "y": [6_399_800.0, 6_405_000.0],
        "capacity": [120.0, None], "area_code": ["1480R001", None],
        "valid_from": [dt.date(2020, 1, 1), None], "valid_to": [None, dt.date(2030, 12, 31)]})
    for column, values in changes.items():
        table[column] = values
    return table


def test_sites_round_trip_and_revisions_keep_history(store):
    first = save_sites(store, _sites(), kind="family_centre", source="a.csv",
                       kind_name="Familjecentral", kind_name_en="Family centre")
    assert (first.inserted, first.revised, first.unchanged) == (2, 0, 0)
    stored = current_sites(store, kind="family_centre")
    assert stored["code"].tolist() == ["FC1", "FC2"]
    assert stored["x"].tolist() == [319_500.0, 322_100.5]
    assert stored.loc[0, "capacity"] == 120.0 and pd.isna(stored.loc[1, "capacity"])
    assert stored.loc[0, "valid_from"] == dt.date(2020, 1, 1)
    assert stored.loc[1, "valid_to"] == dt.date(2030, 12, 31)
    assert site_kinds(store).to_dict(orient="records") == [
        {"code": "family_centre", "name": "Familjecentral", "name_en": "Family centre"}]

    again = save_sites(store, _sites(), kind="family_centre", source="a.csv")
    assert again.batch_id is None and again.unchanged == 2

    moved = save_sites(store, _sites(capacity=[150.0, None]), kind="family_centre",
                       source="b.csv")
    assert (moved.inserted, moved.revised, moved.unchanged) == (0, 1, 1)
    assert current_sites(store, kind="family_centre")["capacity"].iloc[0] == 150.0
    history = site_history(store, kind="family_centre", code="FC1")
    assert history["capacity"].tolist() == [120.0, 150.0]
    assert history["superseded_by_batch_id"].tolist()[0] == moved.batch_id
    assert pd.isna(history["superseded_by_batch_id"].tolist()[1])


def test_sites_open_on_a_day(store):
    save_sites(store, _sites(), kind="library", source="a.csv")
    assert current_sites(store, on=dt.date(2019, 6, 1))["code"].tolist() == ["FC2"]
    assert current_sites(store, on=dt.date(2031, 1, 1))["code"].tolist() == ["FC1"]
    assert current_sites(store, kind="family_centre").empty


def test_scenario_round_trip(store):
    results = {"chosen": ["1480R001"], "covered_weight": 812.0, "gap": 0.0,
               "coverage": [{"district": "1480R001", "share_after": 1.0}]}
    first = save_scenario(store, name="Tre nya", model="mclp", municipality="1480",
                          parameters={"sites": 3, "radius": 1000.0}, results=results,
                          created_by="analytiker")
    second = save_scenario(store, name="Budget", model="allocation", municipality="1480",
                           parameters={"alpha": 0.5}, results={"total": 100})
    loaded = load_scenario(store, first)
    assert loaded["results"] == results and loaded["parameters"]["radius"] == 1000.0
    assert loaded["created_by"] == "analytiker" and loaded["is_example"] is False
    assert list_scenarios(store)["id"].tolist() == [second, first]
    assert list_scenarios(store, model="allocation")["name"].tolist() == ["Budget"]
    with pytest.raises(NotFoundError):
        load_scenario(store, 999)
    with pytest.raises(ValueError):
        save_scenario(store, name="x", model="nope", parameters={}, results={})
