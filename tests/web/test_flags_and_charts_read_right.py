"""Areas against the city at 99.8 % in every view (issue 9, item 4) and charts and maps
that read right (issue 10, kind 14): the flags of the map, the ranking, the funnel plot
and the area profile are those of ``stats.funnel_flags``; the expected number of chance
flags is stated; legends for colour and shape; dots not captioned as bars; the area
profile's chart and table show the same difference; the map is fitted to where people
live; "(exempeldata)" is said once per item; the funnel plot in Swedish and English."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import vl_convert

from jamlik.stats import compare_with_benchmark, funnel_flags
from jamlik.web import _charts, _geo
from jamlik.web._i18n import reset_language, use_language

pytestmark = pytest.mark.xdist_group("web")

CITY = "1480"
INDICATOR = "gymnasiebehorighet"  # a proportion with counts: the funnel applies
FLAGGED = ("better", "worse", "higher", "lower")


@pytest.fixture(scope="module")
def snapshot(demo_db_file):
    from jamlik.store import connect
    from jamlik.web._service import Service

    engine = connect(f"sqlite:///{demo_db_file}")
    yield Service(engine).snapshot()
    engine.dispose()


def _view(snapshot, code=INDICATOR, lang="sv", **options):
    token = use_language(lang)
    try:
        return snapshot.indicator(code, setting=CITY, period=None, dimension=None, **options)
    finally:
        reset_language(token)


def _independent_flags(snapshot, code, period):
    """funnel_flags on the store's counts, called here without the web layer."""
    frame = snapshot.frame(code)
    now = frame[(frame["parent"] == CITY) & (frame["dimension"] == "total")
                & (frame["period"] == period) & frame["numerator"].notna()]
    city = frame[(frame["area"] == CITY) & (frame["dimension"] == "total")
                 & (frame["period"] == period)]["value"].iloc[0]
    found = funnel_flags(now["numerator"], now["denominator"], statistic="proportion",
                         multiplier=100, target=city / 100)
    direction = {"above": "better", "below": "worse", "within": "similar"}  # higher is better
    return dict(zip(now["area"], found["flag_99_8"].map(direction))), found, now, city


def test_every_view_flags_the_areas_that_funnel_flags_flags_at_99_8(snapshot):
    view = _view(snapshot)
    expected, found, now, city = _independent_flags(snapshot, INDICATOR, view["period"])
    ranking = {r["code"]: r["comparison_key"] for r in view["tables"]["rangordning"].rows}
    assert ranking == expected
    funnel = {r["code"]: r["comparison_key"] for r in view["tables"]["tratt"].rows}
    assert funnel == expected
    # the limits of the funnel's table are funnel_flags' limits, area by area
    by_code = dict(zip(now["area"], found["upper_99_8"]))
    assert all(r["upper_99_8"] == pytest.approx(by_code[r["code"]])
               for r in view["tables"]["tratt"].rows)
    # the map marks exactly the flagged areas
    spec = next(c["spec"] for c in view["charts"] if c["id"] == "karta")
    marks = next(layer for layer in spec["layer"] if "longitude" in layer.get("encoding", {}))
    names = {r["code"]: r["name"] for r in view["tables"]["rangordning"].rows}
    assert sorted(m["name"] for m in marks["data"]["values"]) == sorted(
        names[c] for c, k in expected.items() if k in FLAGGED)
    # the old rule (the area's 95 % interval against the city) flags many more
    flagged = sum(k in FLAGGED for k in expected.values())
    old = compare_with_benchmark(now["lower"], now["upper"], city, "higher_better")
    assert 0 < flagged < int(np.isin(old, FLAGGED).sum())


def test_the_area_profile_shows_the_flag_of_the_indicator_page(snapshot):
    view = _view(snapshot)
    expected, *_ = _independent_flags(snapshot, INDICATOR, view["period"])
    for code in [c for c, k in expected.items() if k in FLAGGED][:2] + [
            next(c for c, k in expected.items() if k == "similar")]:
        profile = snapshot.area("RegSO_2025", code)
        row = next(r for r in profile["rows"] if r["code"] == INDICATOR)
        assert row["comparison_key"] == expected[code]


def test_the_expected_number_of_chance_flags_is_stated_beside_the_flags(public_client):
    page = public_client.get(f"/indikatorer/{INDICATOR}").text
    # 147 districts × 0.002 = 0.294
    assert re.search(r"\d+ av 147 områden skiljer sig från staden på 99,8 %-nivån; av slump "
                     r"väntas 0,3 sådana flaggor", page)
    assert "överspridning φ =" in page and "DerSimonian–Laird" in page
    english = public_client.get(f"/indikatorer/{INDICATOR}?lang=en").text
    assert re.search(r"\d+ of 147 areas differ from the city at the 99.8 % level; chance "
                     r"alone would give 0.3 such flags", english)
    public_client.cookies.clear()  # the language is remembered; the client is shared
    area = public_client.get("/omraden/RegSO_2025/1480R001").text
    assert "indikatorer på 99,8 %-nivån; av slump väntas 0,014 sådana flaggor" in area


def test_the_funnel_plot_is_beside_the_map_in_swedish_and_english(public_client):
    page = public_client.get(f"/indikatorer/{INDICATOR}").text
    beside = page[page.index('class="beside"'):page.index('id="diagram-rangordning"')]
    assert 'id="diagram-karta"' in beside and 'id="diagram-tratt"' in beside
    assert "Trattdiagram: områdena mot staden" in beside
    assert "Nedre gräns (99,8 %)" in page  # its table alternative, full width below
    english = public_client.get(f"/indikatorer/{INDICATOR}?lang=en").text
    assert "Funnel plot: the areas against the city" in english
    spec = json.loads(re.search(r'id="spec-tratt">(.*?)</script>', english, re.S).group(1))
    words = json.dumps(spec, ensure_ascii=False)
    assert "Compared with the city (99.8 %)" in words and "Control limit" in words
    for swedish in ("Jämfört", "Område", "Kontrollgräns", "nämnaren", "Stadens"):
        assert swedish not in words
    public_client.cookies.clear()
    # without counts (life expectancy) there is no funnel, and the page says why
    life = public_client.get("/indikatorer/medellivslangd").text
    assert 'id="diagram-tratt"' not in life
    assert "Inget trattdiagram: det kräver täljare och nämnare" in life


def _rendered(spec) -> str:
    return vl_convert.vegalite_to_svg(json.loads(json.dumps({**spec, "width": 500}
                                                            if spec.get("width") == "container"
                                                            else spec)))


def test_charts_of_areas_have_legends_for_colour_and_shape(snapshot):
    view = _view(snapshot)
    for chart in view["charts"]:
        if chart["id"] in ("karta", "rangordning", "tratt"):
            svg = _rendered(chart["spec"])
            legend = ("Flaggade områden (99,8 %)" if chart["id"] == "karta"
                      else "Jämfört med staden (99,8 %)")
            assert f">{legend}<" in svg, chart["id"]
            # each class is shown once in the legend, by colour and shape together
            assert svg.count(">Sämre än staden<") == 1, chart["id"]
    assert ">procent<" in _rendered(next(c["spec"] for c in view["charts"]
                                          if c["id"] == "karta"))  # the value's colour scale
    assert ">Kontrollgräns<" in _rendered(next(c["spec"] for c in view["charts"]
                                                if c["id"] == "tratt"))
    profile = snapshot.area("RegSO_2025", "1480R001")
    assert ">Jämfört med staden (99,8 %)<" in vl_convert.vegalite_to_svg(profile["chart"])


def _layers(spec):
    for key in ("layer", "vconcat"):
        for part in spec.get(key, []):
            yield from _layers(part)
    if "mark" in spec:
        yield spec


def test_bars_start_at_zero_and_dots_are_not_called_bars(snapshot):
    charts = _view(snapshot)["charts"] + _view(snapshot, "medellivslangd")["charts"]
    for chart in charts:
        marks = {(layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"])
                 for layer in _layers(chart["spec"])}
        if "bar" in marks:
            for layer in _layers(chart["spec"]):
                for channel in ("x", "y"):
                    scale = layer.get("encoding", {}).get(channel, {}).get("scale", {})
                    assert scale.get("zero", True) is not False, chart["id"]
        if re.search(r"stapl|bar\b|bars\b", chart["text"], re.I):
            assert "bar" in marks, f"{chart['id']}: {chart['text']}"
    groups = [c for c in charts if c["id"].startswith("grupp-")]
    assert groups and all(c["text"].startswith("Punkter") for c in groups)


def test_the_area_profile_chart_and_table_show_the_same_difference(snapshot):
    profile = snapshot.area("RegSO_2025", "1480R001")
    rows = profile["table"].rows
    views = profile["chart"]["vconcat"]
    assert len(views) == len(rows)
    units = set()
    for row, part in zip(rows, views):
        data = part["data"]["values"][0]
        assert data["difference"] == pytest.approx(row["value"] - row["city"])
        assert data["difference"] == pytest.approx(row["difference"])
        assert data["difference_lower"] == pytest.approx(row["lower"] - row["city"])
        axis = next(layer["encoding"]["x"]["title"] for layer in part["layer"]
                    if layer["encoding"]["x"].get("title"))
        assert axis == f"Skillnad mot staden, {row['difference_unit']}"
        units.add(row["difference_unit"])
    assert units == {"procentenheter", "år"}  # never on one axis:
    assert profile["chart"]["resolve"]["scale"]["x"] == "independent"
    assert "Skillnad mot staden" in [c.label for c in profile["table"].columns]


def test_the_map_is_fitted_to_where_people_live(snapshot):
    view = _view(snapshot)
    spec = next(c["spec"] for c in view["charts"] if c["id"] == "karta")
    (west, south), (east, north) = spec["projection"]["fit"]["coordinates"]
    geometry = snapshot.geometry(CITY)
    (all_west, all_south), (all_east, all_north) = _geo.extent(list(geometry.values()))
    # the southern archipelago (1480R137, 500 km², under 1 % of the people) reaches
    # 11.23° E; the fitted view starts east of it and covers under half the area
    archipelago = _geo.extent([geometry["1480R137"]])
    assert west > archipelago[0][0] + 0.3 and west == pytest.approx(11.69, abs=0.01)
    assert (east - west) * (north - south) < 0.5 * (all_east - all_west) * (all_north - all_south)
    # every other district lies inside the fitted extent; the outer one is still drawn
    inside = _geo.extent([g for code, g in geometry.items() if code != "1480R137"])
    assert [[west, south], [east, north]] == inside
    shapes = [layer for layer in spec["layer"] if layer["mark"]["type"] in ("geoshape", "point")]
    assert len(shapes) == 3 and all(layer["mark"]["clip"] for layer in shapes)
    # all areas are on the map: the shapes file's areas, each joined to its values
    values = next(layer for layer in spec["layer"] if layer.get("transform"))["transform"][0]
    assert len(values["from"]["data"]["values"]) == len(geometry)
    whole = _view(snapshot, whole_map=True)
    spec = next(c["spec"] for c in whole["charts"] if c["id"] == "karta")
    assert spec["projection"]["fit"]["coordinates"] == [[all_west, all_south],
                                                        [all_east, all_north]]


def test_populated_extent_drops_only_the_sparsest_one_per_cent():
    def square(x, y, side):
        return {"type": "Polygon", "coordinates": [[[x, y], [x, y + side], [x + side, y + side],
                                                    [x + side, y], [x, y]]]}

    shapes = {"town": square(12.0, 57.75, 0.125), "suburb": square(12.125, 57.75, 0.125),
              "sea": square(11.0, 57.0, 1.0)}
    # 0.5 % of the people live in the large area: the view holds the town and suburb
    assert _geo.populated_extent(shapes, {"town": 600, "suburb": 400, "sea": 5}) == [
        [12.0, 57.75], [12.25, 57.875]]
    # 5 % live there: it stays in the view
    assert _geo.populated_extent(shapes, {"town": 600, "suburb": 400, "sea": 50}) == [
        [11.0, 57.0], [12.25, 58.0]]
    # without population nothing is dropped on a guess
    assert _geo.populated_extent(shapes, {}) == [[11.0, 57.0], [12.25, 58.0]]


def test_example_data_is_said_once_per_item(public_client):
    page = public_client.get(f"/indikatorer/{INDICATOR}").text
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert heading.count("exempeldata") == 1  # the badge, not also the name
    figures = re.findall(r"<figure.*?</figure>", page, re.S)
    assert len(figures) >= 6
    for figure in figures:
        html = re.sub(r"<script.*?</script>", "", figure, flags=re.S)
        assert html.count('class="example"') == 1, html[:200]
    method = page[page.index('id="metod-rubrik"'):]
    assert "(exempeldata)" not in method
    area = public_client.get("/omraden/RegSO_2025/1480R001").text
    assert "(exempeldata)" not in area


def test_an_unknown_map_view_is_refused(public_client):
    response = public_client.get(f"/indikatorer/{INDICATOR}?karta=halva")
    assert response.status_code == 404
    assert "Kartvyn halva finns inte." in response.text
    assert public_client.get(f"/indikatorer/{INDICATOR}?karta=hela").status_code == 200


def test_the_funnel_chart_is_valid_vega_lite_with_its_watermark():
    import altair as alt

    points = [{"name": n, "size": s, "value": v, "comparison": c} for n, s, v, c in
              (("A", 50, 80.0, "Ingen"), ("B", 100, 60.0, "Sämre"), ("C", 200, 82.0, "Ingen"))]
    limits = [{"size": s, "limit": 80 + sign * k / s ** 0.5, "level": level,
               "side": f"{sign}{level}"}
              for s in (50, 100, 200) for level, k in (("95 %", 60), ("99,8 %", 90))
              for sign in (-1, 1)]
    spec = _charts.funnel(points, limits, unit="procent", size_title="Antal", target=80.0,
                          labels={"similar": "Ingen", "worse": "Sämre"})
    alt.Chart.from_dict(spec).to_dict(validate=True)
    svg = vl_convert.vegalite_to_svg(_charts.watermark({**spec, "width": 400}, "Exempeldata"))
    assert svg.count(">Exempeldata<") == 1
