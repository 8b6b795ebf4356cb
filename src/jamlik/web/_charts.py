"""Vega-Lite specifications of the charts (rendered in the browser by vega-embed).

Specs are plain dictionaries (the page is built per request, and altair adds
nothing but time there); the tests validate them against the Vega-Lite schema
with altair. ARIA output of Vega is switched off: each chart sits in a
``role="img"`` container with a text label, and its table alternative follows it.
"""

from __future__ import annotations

import math
from typing import Any

from ._i18n import gettext as _

__all__ = ["COMPARISON", "caterpillar", "choropleth", "group_bars", "profile_dots", "trend"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier, never fetched

#: colours of the comparison with the city; all ≥ 3:1 against white (WCAG 1.4.11)
COMPARISON = {"better": "#0a5fa3", "similar": "#6b6b6b", "worse": "#b3470a",
              "higher": "#5b3d99", "lower": "#2f7d32", "none": "#9a9a9a"}
SHAPES = {"better": "triangle-up", "similar": "circle", "worse": "square",
          "higher": "triangle-up", "lower": "triangle-down", "none": "circle"}


def _config() -> dict:
    return {"aria": False, "font": "system-ui, sans-serif", "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1b1b1b",
                     "titleColor": "#1b1b1b"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1b1b1b",
                       "titleColor": "#1b1b1b", "orient": "bottom"}}


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    return [{k: _clean(r.get(k)) for k in keys} for r in rows]


def _comparison_scale(labels: dict[str, str]) -> tuple[dict, dict]:
    present = list(labels)
    return ({"domain": [labels[k] for k in present], "range": [COMPARISON[k] for k in present]},
            {"domain": [labels[k] for k in present], "range": [SHAPES[k] for k in present]})


def choropleth(features: list[dict], *, unit: str, scheme: str = "blues") -> dict:
    """A map of areas coloured by value; areas without a value are grey."""
    return {
        "$schema": SCHEMA, "width": "container", "height": 460, "config": _config(),
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "layer": [
            {"mark": {"type": "geoshape", "fill": "#e6e6e6", "stroke": "#ffffff",
                      "strokeWidth": 0.6}},
            {"transform": [{"filter": "isValid(datum.properties.value)"}],
             "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6},
             "encoding": {
                 "color": {"field": "properties.value", "type": "quantitative",
                           "title": unit, "scale": {"scheme": scheme}},
                 "tooltip": [
                     {"field": "properties.name", "type": "nominal", "title": _("Område")},
                     {"field": "properties.value", "type": "quantitative", "title": unit,
                      "format": ".1f"},
                     {"field": "properties.comparison", "type": "nominal",
                      "title": _("Jämfört med staden")}]}},
        ],
    }


def caterpillar(rows: list[dict], *, unit: str, city_value: float | None,
                labels: dict[str, str], show_names: bool) -> dict:
    """Areas ranked by value with their 95 % intervals and the city's value as a line."""
    colour, shape = _comparison_scale(labels)
    x = {"field": "name", "type": "nominal", "sort": {"field": "rank"}, "title": _("Område"),
         "axis": {"labels": show_names, "ticks": show_names, "labelAngle": -60,
                  "labelLimit": 140}}
    layers: list[dict] = [
        {"mark": {"type": "rule", "strokeWidth": 1.5},
         "encoding": {"x": x, "y": {"field": "lower", "type": "quantitative", "title": unit,
                                    "scale": {"zero": False}},
                      "y2": {"field": "upper"},
                      "color": {"field": "comparison", "type": "nominal", "scale": colour,
                                "legend": None}}},
        {"mark": {"type": "point", "filled": True, "size": 45},
         "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"},
                      "color": {"field": "comparison", "type": "nominal", "scale": colour,
                                "title": _("Jämfört med staden")},
                      "shape": {"field": "comparison", "type": "nominal", "scale": shape,
                                "title": _("Jämfört med staden")},
                      "tooltip": [
                          {"field": "name", "title": _("Område")},
                          {"field": "value", "type": "quantitative", "format": ".1f",
                           "title": unit},
                          {"field": "lower", "type": "quantitative", "format": ".1f",
                           "title": _("Nedre gräns")},
                          {"field": "upper", "type": "quantitative", "format": ".1f",
                           "title": _("Övre gräns")},
                          {"field": "comparison", "title": _("Jämfört med staden")}]}},
    ]
    if city_value is not None and not math.isnan(city_value):
        layers.append({"data": {"values": [{"city": city_value}]},
                       "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#1b1b1b"},
                       "encoding": {"y": {"field": "city", "type": "quantitative"}}})
    return {"$schema": SCHEMA, "width": "container", "height": 320, "config": _config(),
            "data": {"values": _records(rows, ("name", "value", "lower", "upper", "comparison",
                                               "rank"))},
            "layer": layers}


def trend(rows: list[dict], *, title: str, series: str | None = None,
          null_value: float | None = None) -> dict:
    """A value over periods with its 95 % band; several series when ``series`` is given."""
    x = {"field": "period", "type": "ordinal", "title": _("Period"), "sort": None,
         "axis": {"labelAngle": -45}}
    colour = ({"color": {"field": series, "type": "nominal", "title": None,
                         "scale": {"scheme": "dark2"}}} if series else {})
    layers: list[dict] = [
        {"mark": {"type": "area", "opacity": 0.2},
         "encoding": {"x": x, "y": {"field": "lower", "type": "quantitative", "title": title,
                                    "scale": {"zero": False}},
                      "y2": {"field": "upper"}, **colour}},
        {"mark": {"type": "line", "point": True, "strokeWidth": 2},
         "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"}, **colour,
                      "tooltip": [{"field": "period", "title": _("Period")},
                                  *([{"field": series, "title": _("Grupp")}] if series else []),
                                  {"field": "value", "type": "quantitative", "format": ".2f",
                                   "title": title},
                                  {"field": "lower", "type": "quantitative", "format": ".2f",
                                   "title": _("Nedre gräns")},
                                  {"field": "upper", "type": "quantitative", "format": ".2f",
                                   "title": _("Övre gräns")}]}},
    ]
    if null_value is not None:
        layers.append({"data": {"values": [{"null": null_value}]},
                       "mark": {"type": "rule", "strokeDash": [2, 3], "color": "#595959"},
                       "encoding": {"y": {"field": "null", "type": "quantitative"}}})
    keys = ("period", "value", "lower", "upper") + ((series,) if series else ())
    return {"$schema": SCHEMA, "width": "container", "height": 260, "config": _config(),
            "data": {"values": _records(rows, keys)}, "layer": layers}


def group_bars(rows: list[dict], *, unit: str) -> dict:
    """The value of each subgroup as a dot with its 95 % interval."""
    y = {"field": "group", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelLimit": 220}}
    return {
        "$schema": SCHEMA, "width": "container", "height": 34 * max(len(rows), 1),
        "config": _config(),
        "data": {"values": _records(rows, ("group", "value", "lower", "upper"))},
        "layer": [
            {"mark": {"type": "rule", "color": "#1b1b1b", "strokeWidth": 1.5},
             "encoding": {"y": y, "x": {"field": "lower", "type": "quantitative",
                                        "title": unit, "scale": {"zero": False}},
                          "x2": {"field": "upper"}}},
            {"mark": {"type": "point", "filled": True, "size": 90, "color": "#0a5fa3"},
             "encoding": {"y": y, "x": {"field": "value", "type": "quantitative"},
                          "tooltip": [{"field": "group", "title": _("Grupp")},
                                      {"field": "value", "type": "quantitative",
                                       "format": ".1f", "title": unit}]}},
        ],
    }


def profile_dots(rows: list[dict], *, labels: dict[str, str]) -> dict:
    """Each indicator's difference from the city, in per cent of the city's value."""
    colour, shape = _comparison_scale(labels)
    y = {"field": "indicator", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelLimit": 320}}
    title = _("Skillnad mot staden (% av stadens värde)")
    return {
        "$schema": SCHEMA, "width": "container", "height": 34 * max(len(rows), 1),
        "config": _config(),
        "data": {"values": _records(rows, ("indicator", "relative", "relative_lower",
                                           "relative_upper", "comparison"))},
        "layer": [
            {"data": {"values": [{"zero": 0}]}, "mark": {"type": "rule", "color": "#1b1b1b"},
             "encoding": {"x": {"field": "zero", "type": "quantitative"}}},
            {"mark": {"type": "rule", "strokeWidth": 1.5},
             "encoding": {"y": y, "x": {"field": "relative_lower", "type": "quantitative",
                                        "title": title},
                          "x2": {"field": "relative_upper"},
                          "color": {"field": "comparison", "type": "nominal", "scale": colour,
                                    "legend": None}}},
            {"mark": {"type": "point", "filled": True, "size": 70},
             "encoding": {"y": y, "x": {"field": "relative", "type": "quantitative"},
                          "color": {"field": "comparison", "type": "nominal", "scale": colour,
                                    "title": _("Jämfört med staden")},
                          "shape": {"field": "comparison", "type": "nominal", "scale": shape,
                                    "title": _("Jämfört med staden")},
                          "tooltip": [{"field": "indicator", "title": _("Indikator")},
                                      {"field": "relative", "type": "quantitative",
                                       "format": ".1f", "title": title}]}},
        ],
    }


#: Keys of a Vega-Lite spec that belong to the whole chart, not to one layer.
_TOP_LEVEL = ("$schema", "width", "height", "config", "title", "autosize", "padding",
              "background", "params", "resolve")


def watermark(spec: dict, text: str) -> dict:
    """``spec`` with ``text`` (e.g. "Exempeldata") written across the middle of the plot.

    The mark is part of the image itself, so a cropped screenshot or a downloaded
    PNG/SVG of a chart or map of invented values still says so (issue 9). The text
    layer has its own one-row data, so it is drawn once whatever the chart's data.
    """
    stamp = {"data": {"values": [{"stamp": text}]},
             "mark": {"type": "text", "fontSize": 30, "fontWeight": "bold", "angle": 340,
                      "opacity": 0.22, "color": "#5c5c5c", "align": "center",
                      "baseline": "middle"},
             "encoding": {"text": {"field": "stamp", "type": "nominal"},
                          "x": {"value": {"expr": "width / 2"}},
                          "y": {"value": {"expr": "height / 2"}}}}
    outer = {key: value for key, value in spec.items() if key in _TOP_LEVEL}
    inner = {key: value for key, value in spec.items() if key not in _TOP_LEVEL}
    if "layer" in inner and "mark" not in inner:
        return {**outer, **inner, "layer": [*inner["layer"], stamp]}
    return {**outer, "layer": [inner, stamp]}  # a single view (a map keeps its projection)
