"""The map's geometry is one cached, simplified file, not part of every indicator page."""

from __future__ import annotations

import json

import pandas as pd
import shapely

from jamlik.web._geometry import TOLERANCE, map_geometry


def _map_spec(page: str) -> dict:
    start = page.index('id="spec-karta"')
    start = page.index(">", start) + 1
    return json.loads(page[start:page.index("</script>", start)])


def test_the_page_names_the_geometry_file_instead_of_embedding_it(public_client):
    page = public_client.get("/indikatorer/medellivslangd")
    assert page.status_code == 200
    spec = _map_spec(page.text)
    url = spec["data"]["url"]
    assert url.startswith("/geometri/RegSO_2025/1480.geojson?v=")
    assert '"coordinates"' not in page.text  # no shape travels with the page
    # the values are joined to the shapes by area code
    joined = spec["layer"][1]["transform"][0]
    assert joined["lookup"] == "properties.code"
    rows = joined["from"]["data"]["values"]
    assert len(rows) > 100 and {"code", "properties"} <= set(rows[0])

    answer = public_client.get(url)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/geo+json")
    assert "immutable" in answer.headers["cache-control"]
    shapes = answer.json()["features"]
    assert {f["properties"]["code"] for f in shapes} == {r["code"] for r in rows}
    # another indicator's page names the same file: fetched once for every page
    other = _map_spec(public_client.get("/indikatorer/tillit").text)
    assert other["data"]["url"] == url


def test_a_browser_that_has_the_file_gets_304(public_client):
    url = _map_spec(public_client.get("/indikatorer/medellivslangd").text)["data"]["url"]
    first = public_client.get(url)
    tag = first.headers["etag"]
    again = public_client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    # without the tag in the address it is kept for minutes only
    plain = public_client.get(url.split("?")[0])
    assert plain.status_code == 200 and "immutable" not in plain.headers["cache-control"]


def test_an_unknown_version_or_municipality_is_404(public_client):
    assert public_client.get("/geometri/RegSO_1999/1480.geojson").status_code == 404
    assert public_client.get("/geometri/RegSO_2025/9999.geojson").status_code == 404


def _square(x, y, size=1.0):
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size],
                                                [x, y + size], [x, y]]]}


def test_simplification_keeps_shared_boundaries_and_every_area():
    # two neighbours sharing a wiggly edge (wiggles far below the tolerance) and a
    # tiny island smaller than the tolerance
    wiggle = [[1.0, y / 1000] for y in range(0, 1001)]
    wiggle = [[x + (TOLERANCE / 10 if i % 2 else 0.0), y] for i, (x, y) in enumerate(wiggle)]
    left = {"type": "Polygon", "coordinates": [[[0.0, 0.0], *wiggle, [0.0, 1.0], [0.0, 0.0]]]}
    right = {"type": "Polygon",
             "coordinates": [[*wiggle, [2.0, 1.0], [2.0, 0.0], wiggle[0]]]}
    areas = pd.DataFrame({
        "code": ["A", "B", "C", "D"], "name": ["a", "b", "c", "d"],
        "version": ["V", "V", "V", "V"],
        "geometry": [left, right, _square(5, 5, TOLERANCE / 2), None]})
    found = map_geometry(areas)
    assert found["version"] == "V" and found["codes"] == ["A", "B", "C"]
    shapes = {f["properties"]["code"]: shapely.from_geojson(json.dumps(f["geometry"]))
              for f in json.loads(found["body"])["features"]}
    assert not shapes["C"].is_empty  # an area never disappears
    a, b = shapes["A"], shapes["B"]
    assert a.is_valid and b.is_valid
    assert len(a.exterior.coords) < 200  # most of the 1,001 points of the wiggles are gone
    # neighbours still meet along their whole edge: no gap, no overlap
    assert a.intersection(b).area == 0
    assert a.intersection(b).length > 0.99
    assert abs(a.area + b.area - 2.0) < 1e-6
