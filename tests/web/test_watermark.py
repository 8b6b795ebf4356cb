"""Example data is marked inside every chart and map image (issue 9): the watermark is
part of the rendered SVG of each kind of chart, drawn once per view (a profile row is a
view), and the data are unchanged."""

import json

import pytest
import vl_convert

from jamlik.web import _charts

ROWS = [{"name": "A", "rank": 1, "value": 80.0, "lower": 78.0, "upper": 82.0,
         "comparison": "better", "period": "2020", "group": "Kvinnor", "indicator": "x",
         "difference": 3.0, "difference_lower": 1.0, "difference_upper": 5.0, "unit": "år"},
        {"name": "B", "rank": 2, "value": 70.0, "lower": 68.0, "upper": 72.0,
         "comparison": "worse", "period": "2021", "group": "Män", "indicator": "y",
         "difference": -3.0, "difference_lower": -5.0, "difference_upper": -1.0,
         "unit": "procentenheter"}]
SQUARE = {"type": "Feature", "properties": {"name": "A", "value": 80.0, "comparison": "better"},
          "geometry": {"type": "Polygon", "coordinates": [[[11.9, 57.7], [12.0, 57.7],
                                                           [12.0, 57.8], [11.9, 57.8],
                                                           [11.9, 57.7]]]}}


def _specs():
    labels = {"better": "Bättre", "worse": "Sämre"}
    return {
        "map": _charts.choropleth([SQUARE], unit="år"),
        "caterpillar": _charts.caterpillar(ROWS, unit="år", city_value=75.0, labels=labels,
                                          show_names=True),
        "trend": _charts.trend(ROWS, title="SII", null_value=0.0),
        "groups": _charts.group_dots(ROWS, unit="år"),
        "profile": _charts.profile_dots(ROWS, labels=labels),
    }


@pytest.mark.parametrize("name", ["map", "caterpillar", "trend", "groups", "profile"])
def test_every_chart_kind_carries_the_mark_once(name):
    spec = _specs()[name]
    marked = _charts.watermark(spec, "Exempeldata")
    svg = vl_convert.vegalite_to_svg(json.loads(json.dumps(marked)))
    # once per view: the profile has one row (with its own axis) per indicator
    assert svg.count(">Exempeldata<") == len(spec.get("vconcat", [spec]))
    plain = vl_convert.vegalite_to_svg(json.loads(json.dumps(spec)))
    assert "Exempeldata" not in plain
