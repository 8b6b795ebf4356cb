"""The Platser page (public) and the scenario page (analysts only)."""

from __future__ import annotations

import pytest

from .conftest import copy_db, login, make_client

pytestmark = pytest.mark.xdist_group("web")


@pytest.fixture(scope="module")
def places_db(demo_db_file, tmp_path_factory) -> str:
    """The web tests' store with the demo's example sites, access and scenarios."""
    from jamlik.demo._places import load_demo_places
    from jamlik.store import connect

    url = copy_db(demo_db_file, tmp_path_factory.mktemp("places"))
    engine = connect(url)
    load_demo_places(engine)
    engine.dispose()
    return url


@pytest.fixture
def places_client(places_db, tmp_path):
    from pathlib import Path

    return make_client(copy_db(Path(places_db.removeprefix("sqlite:///")), tmp_path / "db"))


def test_the_public_page_shows_sites_access_and_downloads(places_client):
    page = places_client.get("/platser?kind=family_centre")
    assert page.status_code == 200
    text = page.text
    assert "Platser och tillgång" in text and "exempeldata" in text
    assert "Antal platser i staden: 15." in text
    assert 'id="spec-platser-karta"' in text and "Hjällbo" in text
    csv = places_client.get("/platser?kind=family_centre&tabell=tillgang&format=csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Område,Kod,Barn 0–5 år,Medelavstånd")
    assert len(lines) == 1 + 147
    # the demo's gap: districts with over a thousand young children and no family centre near
    import csv as csv_module

    rows = list(csv_module.DictReader(lines))
    far = {r["Område"] for r in rows if float(r["Barn 0–5 år"]) > 1000
           and float(r["Andel längre bort än gränsen (%)"]) >= 50}
    assert {"Hjällbo östra", "Hammarkullen centrala"} <= far, far
    # children are spread inside each area: areas straddling the threshold get a share
    # between 0 and 100 %, not all or nothing
    shares = [float(r["Andel längre bort än gränsen (%)"]) for r in rows]
    assert sum(0 < s < 100 for s in shares) >= 10
    sites = places_client.get("/platser?kind=library&tabell=platser&format=csv")
    assert len(sites.text.strip().splitlines()) == 1 + 16
    english = places_client.get("/platser?kind=library&lang=en")
    assert "Places and access" in english.text and "Library" in english.text


def _spec(html: str, name: str) -> dict:
    import json
    import re

    found = re.search(rf'<script type="application/json" id="spec-{name}">(.*?)</script>', html,
                      re.S)
    return json.loads(found.group(1).replace("<\\/", "</"))


def test_the_maps_are_valid_vega_lite_with_every_area_and_site(places_client, tmp_path):
    import altair as alt
    import vl_convert

    spec = _spec(places_client.get("/platser?kind=library").text, "platser-karta")
    alt.Chart.from_dict(spec).to_dict(validate=True)
    areas, values, sites = spec["layer"][0]["data"]["values"], spec["layer"][1], spec["layer"][2]
    assert len(areas) == 147 and values["encoding"]["color"]["field"] == "properties.band"
    assert len(sites["data"]["values"]) == 16
    assert all(11.7 < p["lon"] < 12.2 and 57.6 < p["lat"] < 57.9
               for p in sites["data"]["values"])  # Göteborg, in WGS84
    svg = vl_convert.vegalite_to_svg({**spec, "width": 400})
    assert svg.count("<path") > 147


def test_an_unknown_kind_or_city_is_a_404_naming_what_there_is(places_client):
    kind = places_client.get("/platser?kind=pool")
    assert kind.status_code == 404 and "Platstypen pool finns inte." in kind.text
    assert "family_centre (Familjecentral)" in kind.text
    city = places_client.get("/platser?municipality=9999")
    assert city.status_code == 404
    assert "Kommunen 9999 finns inte bland kommunerna med områden." in city.text


def test_the_scenario_page_is_for_analysts_only(places_client):
    anonymous = places_client.get("/arbete/scenarier", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/logga-in?next=/arbete/scenarier"
    token = login(places_client, "rapportor")
    assert places_client.get("/arbete/scenarier").status_code == 403
    posted = places_client.post("/arbete/scenarier", data={
        "csrf_token": token, "model": "allocation", "alpha": "0.5", "budget": "1000"})
    assert posted.status_code == 403


def test_an_analyst_runs_compares_and_saves_scenarios(places_client):
    token = login(places_client, "analytiker")
    page = places_client.get("/arbete/scenarier")
    assert page.status_code == 200
    assert "Exempel: familjestöd 20 mnkr, α = 0,5" in page.text
    assert "Exempel: tre nya familjecentraler inom 1 km" in page.text
    no_csrf = places_client.post("/arbete/scenarier", data={"model": "mclp"})
    assert no_csrf.status_code == 403
    bad = places_client.post("/arbete/scenarier", data={
        "csrf_token": token, "model": "allocation", "alpha": "1,5", "budget": "1000000",
        "municipality": "1480"})
    assert bad.status_code == 422 and "Ange ett tal mellan 0 och 1." in bad.text
    nowhere = places_client.post("/arbete/scenarier", data={
        "csrf_token": token, "model": "allocation", "alpha": "0.5", "budget": "1000000",
        "municipality": "9999"})
    assert nowhere.status_code == 422 and "Välj en stad." in nowhere.text
    unnamed = places_client.post("/arbete/scenarier", data={
        "csrf_token": token, "model": "mclp", "kind": "family_centre", "sites": "2",
        "radius": "1000", "action": "save", "municipality": "1480"})
    assert unnamed.status_code == 422 and "Ge scenariot ett namn" in unnamed.text
    saved = places_client.post("/arbete/scenarier", data={
        "csrf_token": token, "model": "mclp", "kind": "family_centre", "sites": "2",
        "radius": "1000", "action": "save", "name": "Två nya i Angered",
        "municipality": "1480"},
        follow_redirects=False)
    assert saved.status_code == 303
    shown = places_client.get(saved.headers["location"])
    assert "Två nya i Angered" in shown.text and "Valda nya platser" in shown.text
    table = places_client.get("/arbete/scenarier?tabell=scenarier&format=csv")
    assert "Två nya i Angered" in table.text and "analytiker" in table.text
    allocation = places_client.get("/arbete/scenarier?visa=1&tabell=fordelning&format=csv")
    rows = allocation.text.lstrip("\ufeff").splitlines()
    header = rows[0].split(",")
    column = header.index("Tilldelning (kr)")
    assert sum(float(r.split(",")[column]) for r in rows[1:]) == 20_000_000


def test_the_maps_fit_where_the_children_live_and_the_whole_city_is_a_click_away(
        places_client):
    """The archipelago must not shrink Göteborg to a corner; outer areas are still drawn."""
    page = places_client.get("/platser?kind=family_centre")
    spec = _spec(page.text, "platser-karta")
    fit = spec["projection"]["fit"]["geometry"]["coordinates"]
    whole_page = places_client.get("/platser?kind=family_centre&karta=hela")
    whole = _spec(whole_page.text, "platser-karta")["projection"]["fit"]["geometry"][
        "coordinates"]
    (west, south), (east, north) = fit
    (w_west, w_south), (w_east, w_north) = whole
    assert w_west <= west and w_south <= south and east <= w_east and north <= w_north
    assert (east - west) * (north - south) < 0.8 * (w_east - w_west) * (w_north - w_south)
    assert len(spec["layer"][0]["data"]["values"]) == 147  # every area is still drawn
    assert all(layer["mark"].get("clip") for layer in spec["layer"])
    assert "Visa hela kommunen" in page.text and "karta=hela" in page.text
    assert "Visa kartan där invånarna bor" in whole_page.text
    token = login(places_client, "analytiker")
    assert token
    shown = places_client.get("/arbete/scenarier?visa=1")
    assert "fit" in _spec(shown.text, "scenario-karta")["projection"]


def test_allocation_scenarios_with_weights_and_floor_side_by_side_and_in_the_report(
        places_client):
    from jamlik.reports._scenarios import saved_scenarios, scenario_chapter

    token = login(places_client, "analytiker")
    page = places_client.get("/arbete/scenarier")
    assert 'name="w_ekonomiskt_bistand"' in page.text and "Behovsindex: vikter" in page.text
    none = places_client.post("/arbete/scenarier", data={
        "csrf_token": token, "model": "allocation", "alpha": "0.5", "budget": "1000000",
        "municipality": "1480", "w_ekonomiskt_bistand": "0", "w_trangboddhet": "0"})
    assert none.status_code == 422 and "Minst en vikt måste vara större än 0." in none.text
    saved = places_client.post("/arbete/scenarier", data={
        "csrf_token": token, "model": "allocation", "alpha": "1", "budget": "20000000",
        "municipality": "1480", "w_ekonomiskt_bistand": "1", "w_trangboddhet": "0",
        "floor": "200", "action": "save", "name": "Bara bistånd, golv 200 kr"},
        follow_redirects=False)
    assert saved.status_code == 303, saved.text
    shown = places_client.get(saved.headers["location"])
    assert "golv 200 kr per barn" in shown.text and "ekonomiskt_bistand 1,00" in shown.text
    assert "Fördelningar sida vid sida" in shown.text
    table = places_client.get("/arbete/scenarier?tabell=fordelningar&format=csv")
    import csv as csv_module

    rows = list(csv_module.DictReader(table.text.lstrip("\ufeff").splitlines()))
    assert len(rows) == 147
    mine = "Bara bistånd, golv 200 kr"
    example = "Exempel: familjestöd 20 mnkr, α = 0,5"
    assert {mine, example} <= set(rows[0])
    assert min(float(r[mine]) for r in rows) >= 200 - 1  # the floor, to whole kronor
    assert any(float(r[mine]) != float(r[example]) for r in rows)
    english = places_client.get(saved.headers["location"] + "&lang=en")
    assert "Allocations side by side" in english.text and "floor SEK 200 per child" in english.text
    chapter = scenario_chapter(saved_scenarios(places_client.app.state.engine),
                               lambda words: words, "sv")
    assert any(row[0] == "Bara bistånd, golv 200 kr" and row[1] == "fördelning"
               for row in chapter["table"]["rows"])
