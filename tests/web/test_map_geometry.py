"""The map's shapes are one cached, simplified file per area version and zoom, not part of
every indicator page (issue 12, item 5), and pages that show one city of every indicator
read only that city's rows after a data change, with the same values."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
import shapely

from jamlik.web import _geometry

from .conftest import login

pytestmark = pytest.mark.xdist_group("web")

INDICATOR = "medellivslangd"


def _map_spec(page: str) -> dict:
    found = re.search(r'id="spec-karta">(.*?)</script>', page, re.S)
    assert found, "no map on the page"
    return json.loads(found.group(1))


def _joined(spec: dict) -> list[dict]:
    layer = next(layer for layer in spec["layer"] if layer.get("transform"))
    lookup = layer["transform"][0]
    assert lookup["lookup"] == "properties.code" and lookup["from"]["key"] == "code"
    return lookup["from"]["data"]["values"]


def test_the_page_names_the_shapes_file_instead_of_carrying_it(public_client):
    page = public_client.get(f"/indikatorer/{INDICATOR}")
    assert page.status_code == 200
    assert '"Polygon"' not in page.text and '"MultiPolygon"' not in page.text  # no shape
    spec = _map_spec(page.text)
    url = spec["data"]["url"]
    assert re.fullmatch(r"/geometri/RegSO_2025/1480/\d+\.geojson\?v=[0-9a-f]{16}", url)
    rows = _joined(spec)
    answer = public_client.get(url)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/geo+json")
    assert "immutable" in answer.headers["cache-control"]
    assert answer.headers["etag"] == f'"{url.rsplit("=", 1)[1]}"'
    shapes = answer.json()["features"]
    # every shape has its row of values, joined by area code
    assert {f["properties"]["code"] for f in shapes} == {r["code"] for r in rows}
    assert len(rows) == 147 and sum(r["properties"]["value"] is not None for r in rows) > 100
    # the fit and the flags' symbols are computed on the server, from the same shapes
    assert len(spec["projection"]["fit"]["coordinates"]) == 2
    # another indicator's page at the same zoom names the same file: fetched once
    other = _map_spec(public_client.get("/indikatorer/tillit").text)["data"]["url"]
    assert other.split("/")[:4] == url.split("/")[:4]


def test_a_browser_that_has_the_file_gets_304_signed_in_or_not(public_client):
    url = _map_spec(public_client.get(f"/indikatorer/{INDICATOR}").text)["data"]["url"]
    tag = public_client.get(url).headers["etag"]
    for _ in range(2):  # the app, then the response cache
        again = public_client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == tag
    # without the tag in the address it is kept for minutes only
    plain = public_client.get(url.split("?")[0])
    assert plain.status_code == 200 and "immutable" not in plain.headers["cache-control"]
    login(public_client, "analytiker")
    try:
        signed = public_client.get(url)
        assert signed.status_code == 200 and signed.headers["etag"] == tag
        assert "x-jamlik-cache" not in signed.headers
        assert public_client.get(url, headers={"If-None-Match": tag}).status_code == 304
    finally:
        public_client.cookies.clear()


@pytest.mark.parametrize("path", ["/geometri/RegSO_1999/1480/11.geojson",
                                  "/geometri/RegSO_2025/9999/11.geojson",
                                  "/geometri/RegSO_2025/1480/40.geojson"])
def test_an_unknown_version_municipality_or_zoom_is_404(public_client, path):
    assert public_client.get(path).status_code == 404


def test_the_whole_municipality_is_a_coarser_file_than_where_people_live(public_client):
    near = _map_spec(public_client.get(f"/indikatorer/{INDICATOR}").text)
    whole = _map_spec(public_client.get(f"/indikatorer/{INDICATOR}?karta=hela").text)
    zoom = [int(re.search(r"/(\d+)\.geojson", s["data"]["url"]).group(1)) for s in (near, whole)]
    assert zoom[0] > zoom[1]
    for spec, level in zip((near, whole), zoom):
        (west, south), (east, north) = spec["projection"]["fit"]["coordinates"]
        # a pixel of the 460-pixel-high map, in degrees of latitude (Mercator)
        pixel = max((east - west) / _geometry.MAP_WIDTH * math.cos(math.radians(south)),
                    (north - south) / _geometry.MAP_HEIGHT)
        assert _geometry.tolerance(level) <= pixel / 2  # never coarser than half a pixel


def test_the_map_renders_from_the_file(public_client):
    import vl_convert

    spec = _map_spec(public_client.get(f"/indikatorer/{INDICATOR}").text)
    shapes = public_client.get(spec["data"]["url"]).json()
    inline = {**spec, "width": 500,
              "data": {"values": shapes, "format": {"type": "json", "property": "features"}}}
    svg = vl_convert.vegalite_to_svg(inline)
    assert svg.count("<path") > 2 * len(shapes["features"])  # grey and coloured areas


def _square(x, y, size=1.0):
    return {"type": "Polygon", "coordinates": [[[x, y], [x, y + size], [x + size, y + size],
                                                [x + size, y], [x, y]]]}


def test_simplification_keeps_shared_boundaries_and_every_area():
    step = _geometry.tolerance(9)
    # two neighbours sharing a wiggly edge (wiggles far below the tolerance) and a
    # tiny island smaller than the tolerance; a fourth area has no shape
    edge = [[1.0 + (step / 100 if i % 2 else 0.0), i / 1000] for i in range(1001)]
    left = {"type": "Polygon", "coordinates": [[[0.0, 0.0], [0.0, 1.0], *edge[::-1],
                                                [0.0, 0.0]]]}
    right = {"type": "Polygon", "coordinates": [[*edge, [2.0, 1.0], [2.0, 0.0], edge[0]]]}
    areas = pd.DataFrame({"code": ["A", "B", "C", "D"], "name": ["a", "b", "c", "d"],
                          "version": ["V"] * 4,
                          "geometry": [left, right, _square(5, 5, step / 2), None]})
    found = _geometry.shapes_of(areas)["V"]
    assert found.codes == ["A", "B", "C"]  # an area without a shape is not in the file
    body, tag = _geometry.geojson(found, 9)
    shapes = {f["properties"]["code"]: shapely.from_geojson(json.dumps(f["geometry"]))
              for f in json.loads(body)["features"]}
    assert not shapes["C"].is_empty  # an area never disappears
    a, b = shapes["A"], shapes["B"]
    assert a.is_valid and b.is_valid
    assert len(a.exterior.coords) < 100  # most of the 1,001 points of the wiggles are gone
    assert a.intersection(b).area == pytest.approx(0, abs=1e-9)  # no overlap
    assert a.intersection(b).length > 0.99  # no gap: they meet along the whole edge
    assert a.area + b.area == pytest.approx(2.0, abs=1e-3)
    # outer rings clockwise: d3-geo reads a counter-clockwise ring as the whole globe
    assert not shapely.is_ccw(a.exterior) and not shapely.is_ccw(b.exterior)
    assert _geometry.geojson(found, 9) == (body, tag)  # made once, then kept
    again = _geometry.shapes_of(areas.assign(name=["x", "b", "c", "d"]))["V"]
    assert again.digest != found.digest  # new names or boundaries: a new file


def test_the_populated_view_is_the_same_from_measured_shapes():
    from jamlik.web import _geo

    shapes = {"town": _square(12.0, 57.75, 0.125), "suburb": _square(12.125, 57.75, 0.125),
              "sea": _square(11.0, 57.0, 1.0)}
    areas = pd.DataFrame({"code": list(shapes), "name": list(shapes),
                          "version": ["V"] * 3, "geometry": list(shapes.values())})
    measured = _geometry.shapes_of(areas)["V"]
    for population in ({"town": 600, "suburb": 400, "sea": 5},
                       {"town": 600, "suburb": 400, "sea": 50}, {}):
        assert measured.populated_extent(population) == _geo.populated_extent(shapes,
                                                                              population)
    assert measured.extent() == _geo.extent(list(shapes.values()))


def test_one_citys_rows_read_alone_are_the_whole_frames_rows(backend_public_client):
    """The overview and area page read only their city's totals after a data change; they
    are the very rows (values, intervals, suppression) of the whole frames."""
    from jamlik.web._service import Service

    engine = backend_public_client.app.state.engine
    cold = Service(engine).snapshot()
    warm = Service(engine).snapshot()
    codes = list(warm.indicators()["code"])
    whole = {code: warm.frame(code) for code in codes}
    compared = 0
    for sub_areas in (False, True):
        alone = cold.local_frames("1480", sub_areas=sub_areas)
        filtered = warm.local_frames("1480", sub_areas=sub_areas)  # from the whole frames
        for code in codes:
            keep = whole[code]["area"].eq("1480")
            if sub_areas:
                keep |= whole[code]["parent"].eq("1480")
            keep &= whole[code]["dimension"].eq("total")
            expected = whole[code][keep].reset_index(drop=True)
            compared += len(expected)
            for found in (alone[code], filtered[code]):
                if expected.empty:  # e.g. deaths by age only: no totals to read
                    assert found.empty, code
                    continue
                pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    assert compared > 1000  # most indicators have the city's and its districts' totals
    # the pages built either way show the same
    fresh = Service(engine).snapshot()

    def shown(snapshot):
        return json.dumps([snapshot.overview("1480")["rows"],
                           snapshot.area("RegSO_2025", "1480R001")["rows"]], default=str)

    assert shown(fresh) == shown(warm)
