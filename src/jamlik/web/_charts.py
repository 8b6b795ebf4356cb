"""Vega-Lite specifications of the charts (rendered in the browser by vega-embed).

Specs are plain dictionaries (the page is built per request, and altair adds
nothing but time there); the tests validate them against the Vega-Lite schema
with altair. ARIA output of Vega is switched off: each chart sits in a
``role="img"`` container with a text label, and its table alternative follows it.
"""

from __future__ import annotations

import math
from typing import Any

from jamlik.reports import watermark

from ._i18n import gettext as _

__all__ = ["COMPARISON", "caterpillar", "choropleth", "funnel", "group_dots", "profile_dots",
           "trend", "watermark"]

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
                       "titleColor": "#1b1b1b", "orient": "bottom", "titleLimit": 400,
                       "labelLimit": 300}}


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


def choropleth(features: list[dict], *, unit: str, scheme: str = "blues",
               fit: list[list[float]] | None = None, flags: list[dict] | None = None,
               labels: dict[str, str] | None = None, geometry_url: str | None = None) -> dict:
    """A map of areas coloured by value (with a colour legend); areas without a value are grey.

    ``fit`` is ``[[west, south], [east, north]]``: the view is fitted to that extent
    (where people live, see :func:`jamlik.web._geo.populated_extent`) and shapes
    reaching beyond it are cut at the frame, so a large sparsely peopled area does not
    shrink the city to a corner. ``flags`` are points (``longitude, latitude,
    comparison``) marking the areas flagged at 99.8 %, with a shape legend.

    With ``geometry_url`` (a same-origin GeoJSON FeatureCollection whose features'
    properties hold ``code`` and ``name``, :func:`jamlik.web._geometry.geojson`) the
    shapes are fetched from there, once for every page that draws them, and
    ``features`` carry no geometry: their properties are joined to the shapes by
    area code (a Vega ``lookup``), so the page carries the values only.
    """
    projection: dict = {"type": "mercator"}
    data: dict = {"values": features}
    join: list[dict] = []
    if geometry_url is not None:
        data = {"url": geometry_url, "format": {"type": "json", "property": "features"}}
        # a shape without a row of values gets properties null, shown grey (isValid)
        join = [{"lookup": "properties.code", "from": {
            "data": {"values": [{"code": f["properties"]["code"],
                                 "properties": f["properties"]} for f in features]},
            "key": "code", "fields": ["properties"]}, "default": {"value": None}}]
    if fit:
        projection["fit"] = {"type": "MultiPoint", "coordinates": fit}
    layers: list[dict] = [
        {"mark": {"type": "geoshape", "fill": "#e6e6e6", "stroke": "#ffffff",
                  "strokeWidth": 0.6, "clip": True}},
        {"transform": [*join, {"filter": "isValid(datum.properties.value)"}],
         "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6, "clip": True},
         "encoding": {
             "color": {"field": "properties.value", "type": "quantitative",
                       "title": unit, "scale": {"scheme": scheme},
                       "legend": {"orient": "bottom", "direction": "horizontal",
                                  "gradientLength": 220}},
             "tooltip": [
                 {"field": "properties.name", "type": "nominal", "title": _("Område")},
                 {"field": "properties.value", "type": "quantitative", "title": unit,
                  "format": ".1f"},
                 {"field": "properties.comparison", "type": "nominal",
                  "title": _("Jämfört med staden (99,8 %)")}]}},
    ]
    if flags and labels:
        colour, shape = _comparison_scale(labels)
        title = _("Flaggade områden (99,8 %)")
        layers.append({
            "data": {"values": _records(flags, ("name", "longitude", "latitude",
                                                "comparison"))},
            # a dark outline tells the symbol from light and dark fills alike
            "mark": {"type": "point", "filled": True, "size": 120, "stroke": "#1b1b1b",
                     "strokeWidth": 1.2, "opacity": 1, "clip": True},
            "encoding": {
                "longitude": {"field": "longitude", "type": "quantitative"},
                "latitude": {"field": "latitude", "type": "quantitative"},
                # fill, not color: the colour scale is the map's values
                "fill": {"field": "comparison", "type": "nominal", "scale": colour,
                         "title": title},
                "shape": {"field": "comparison", "type": "nominal", "scale": shape,
                          "title": title},
                "tooltip": [{"field": "name", "title": _("Område")},
                            {"field": "comparison", "title": _("Jämfört med staden (99,8 %)")}]}})
    return {"$schema": SCHEMA, "width": "container", "height": 460, "config": _config(),
            "data": data, "projection": projection, "layer": layers}


def funnel(points: list[dict], limits: list[dict], *, unit: str, size_title: str,
           target: float, labels: dict[str, str]) -> dict:
    """A funnel plot: each area's value against its size, the city's value as a line and
    the 95 % and 99.8 % limits (dashed and solid), coloured and shaped by the flag.

    ``points``: ``name, size, value, comparison``; ``limits``: ``size, limit, level,
    side`` (one row per area and limit, as :func:`jamlik.stats.funnel_flags` gives
    them at each area's size, so the lines pass through the limits actually used).
    """
    colour, shape = _comparison_scale(labels)
    x = {"field": "size", "type": "quantitative", "title": size_title}
    level_title = _("Kontrollgräns")
    return {
        "$schema": SCHEMA, "width": "container", "height": 380, "config": _config(),
        "layer": [
            {"data": {"values": _records(limits, ("size", "limit", "level", "side"))},
             "mark": {"type": "line", "color": "#595959", "strokeWidth": 1.3},
             "encoding": {"x": x, "y": {"field": "limit", "type": "quantitative",
                                        "title": unit, "scale": {"zero": False}},
                          "detail": {"field": "side"},
                          "strokeDash": {"field": "level", "type": "nominal",
                                         "title": level_title, "scale": {
                                             "domain": [_("95 %"), _("99,8 %")],
                                             "range": [[5, 4], [1, 0]]}}}},
            {"data": {"values": [{"target": target, "what": _("Stadens värde")}]},
             "mark": {"type": "rule", "color": "#000000", "strokeWidth": 2.5},
             "encoding": {"y": {"field": "target", "type": "quantitative"},
                          "tooltip": [{"field": "target", "type": "quantitative",
                                       "format": ".1f", "title": _("Stadens värde")}]}},
            {"data": {"values": _records(points, ("name", "size", "value", "comparison"))},
             "mark": {"type": "point", "filled": True, "size": 55, "opacity": 0.9},
             "encoding": {
                 "x": x, "y": {"field": "value", "type": "quantitative"},
                 "color": {"field": "comparison", "type": "nominal", "scale": colour,
                           "title": _("Jämfört med staden (99,8 %)")},
                 "shape": {"field": "comparison", "type": "nominal", "scale": shape,
                           "title": _("Jämfört med staden (99,8 %)")},
                 "tooltip": [{"field": "name", "title": _("Område")},
                             {"field": "size", "type": "quantitative", "format": ",.0f",
                              "title": size_title},
                             {"field": "value", "type": "quantitative", "format": ".1f",
                              "title": unit},
                             {"field": "comparison", "title": _("Jämfört med staden (99,8 %)")}]}},
        ]}


def caterpillar(rows: list[dict], *, unit: str, city_value: float | None,
                labels: dict[str, str], show_names: bool) -> dict:
    """Areas ranked by value with their 95 % intervals and the city's value as a line.

    Colour and shape are the area's flag at 99.8 % (:func:`jamlik.web._flags.area_flags`),
    with a legend; the value axis need not start at zero (dots, not bars).
    """
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
                                "title": _("Jämfört med staden (99,8 %)")}}},
        {"mark": {"type": "point", "filled": True, "size": 45},
         "encoding": {"x": x, "y": {"field": "value", "type": "quantitative"},
                      "color": {"field": "comparison", "type": "nominal", "scale": colour,
                                "title": _("Jämfört med staden (99,8 %)")},
                      "shape": {"field": "comparison", "type": "nominal", "scale": shape,
                                "title": _("Jämfört med staden (99,8 %)")},
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


def group_dots(rows: list[dict], *, unit: str) -> dict:
    """The value of each subgroup as a dot with its 95 % interval (dots, not bars: the
    value axis need not start at zero)."""
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


def profile_dots(rows: list[dict], *, labels: dict[str, str], width: int = 480) -> dict:
    """Each indicator's difference from the city in the indicator's own unit.

    One row per indicator, each with its own axis (``unit`` of the difference, e.g.
    "procentenheter" or "år"): differences in different units never share an axis.
    ``rows``: ``indicator, unit, difference, difference_lower, difference_upper,
    comparison``; the interval is the area's 95 % interval less the city's value.
    Colour and shape are the flag at 99.8 %, with a legend.
    """
    colour, shape = _comparison_scale(labels)
    title = _("Jämfört med staden (99,8 %)")
    charts = []  # a fixed width: Vega-Lite fits only single views to their container
    for row in rows:
        axis = _("Skillnad mot staden, %(unit)s") % {"unit": row.get("unit") or _("enheter")}
        y = {"field": "indicator", "type": "nominal", "title": None,
             "axis": {"labelLimit": 380, "labelFontSize": 12}}
        charts.append({
            "height": 26, "width": width,
            "data": {"values": _records([row], ("indicator", "difference", "difference_lower",
                                                "difference_upper", "comparison"))},
            "layer": [
                {"data": {"values": [{"zero": 0}]}, "mark": {"type": "rule", "color": "#1b1b1b"},
                 "encoding": {"x": {"field": "zero", "type": "quantitative"}}},
                {"mark": {"type": "rule", "strokeWidth": 1.5},
                 "encoding": {"y": y, "x": {"field": "difference_lower", "type": "quantitative",
                                            "title": axis, "axis": {"tickCount": 6}},
                              "x2": {"field": "difference_upper"},
                              "color": {"field": "comparison", "type": "nominal",
                                        "scale": colour, "title": title}}},
                {"mark": {"type": "point", "filled": True, "size": 70},
                 "encoding": {"y": y, "x": {"field": "difference", "type": "quantitative"},
                              "color": {"field": "comparison", "type": "nominal",
                                        "scale": colour, "title": title},
                              "shape": {"field": "comparison", "type": "nominal",
                                        "scale": shape, "title": title},
                              "tooltip": [{"field": "indicator", "title": _("Indikator")},
                                          {"field": "difference", "type": "quantitative",
                                           "format": ".1f", "title": axis}]}},
            ]})
    return {"$schema": SCHEMA, "config": _config(), "vconcat": charts, "spacing": 14,
            "resolve": {"scale": {"x": "independent"}}}
