"""The charts of the annual summary: Vega-Lite specs (altair) rendered offline with
vl-convert, as SVG for HTML and PDF and as PNG for Word.

Colours are told apart without red–green vision (blue, orange, red, greys), and
every bar carries its count as text, so no chart depends on colour alone.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import altair as alt
import pandas as pd

from jamlik.program.catalogue import label, text

__all__ = ["goal_chart", "status_chart", "to_svg", "to_png", "watermark", "FONT"]

FONT = "DejaVu Sans"
GOAL_COLOURS = {"good": "#2166ac", "some": "#f4a582", "none": "#b2182b", "missing": "#bababa"}
STATUS_COLOURS = {"not_started": "#d9d9d9", "ongoing": "#92c5de", "completed": "#2166ac",
                  "paused": "#f4a582", "cancelled": "#b2182b", "not_reported": "#636363"}


def _goal_label(key: str, lang: str) -> str:
    return text("not_assessed", lang) if key == "missing" else label("goal_attainment", key, lang)


def _status_label(key: str, lang: str) -> str:
    return text("not_reported", lang) if key == "not_reported" else label("status", key, lang)


def goal_chart(counts: dict[str, int], lang: str = "sv") -> dict[str, Any]:
    """Bars of self-assessed goal attainment (good, some, none, not assessed)."""
    frame = pd.DataFrame({"key": list(GOAL_COLOURS),
                          "label": [_goal_label(k, lang) for k in GOAL_COLOURS],
                          "count": [counts.get(k, 0) for k in GOAL_COLOURS]})
    domain = frame["label"].tolist()
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=domain, title=None, axis=alt.Axis(labelFontSize=12)),
        x=alt.X("count:Q", title=text("count", lang),
                axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(domain=[0, max(1, int(frame["count"].max()) + 1)])))
    bars = base.mark_bar().encode(color=alt.Color(
        "label:N", legend=None, scale=alt.Scale(domain=domain, range=list(GOAL_COLOURS.values()))))
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(text="count:Q")
    return _finish(alt.layer(bars, labels).properties(width=360, height=130))


def status_chart(rows: list[dict[str, Any]], lang: str = "sv") -> dict[str, Any]:
    """Stacked bars: the activities of each target area by status (and not reported)."""
    records = []
    for row in rows:
        for order, key in enumerate(STATUS_COLOURS):
            if row["counts"].get(key, 0):
                records.append({"target": row["code"], "status": _status_label(key, lang),
                                "order": order, "count": row["counts"][key]})
    frame = pd.DataFrame(records, columns=["target", "status", "order", "count"])
    domain = [_status_label(k, lang) for k in STATUS_COLOURS]
    chart = alt.Chart(frame).mark_bar(stroke="white", strokeWidth=0.5).encode(
        y=alt.Y("target:N", title=None, sort=[row["code"] for row in rows]),
        x=alt.X("sum(count):Q", title=text("count", lang),
                axis=alt.Axis(format="d", tickMinStep=1)),
        color=alt.Color("status:N", title=None, scale=alt.Scale(
            domain=domain, range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(orient="bottom", columns=3, labelFontSize=11)),
        order=alt.Order("order:Q"),
        tooltip=["target:N", "status:N", "count:Q"],
    ).properties(width=420, height=28 * max(len(rows), 1))
    return _finish(chart)


def _finish(chart: alt.TopLevelMixin) -> dict[str, Any]:
    return chart.configure(font=FONT, background="white").configure_view(
        stroke=None).to_dict()


@functools.lru_cache(maxsize=256)
def _svg(spec_json: str, lang: str) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(json.loads(spec_json),
                               format_locale="sv-SE" if lang == "sv" else "en-US")


def to_svg(spec: dict[str, Any], lang: str = "sv") -> str:
    """The chart as SVG text (identical specs are rendered once)."""
    return _svg(json.dumps(spec, sort_keys=True), lang)


def to_png(spec: dict[str, Any], lang: str = "sv", scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, ``scale`` times the size in CSS pixels (sharp in print)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=scale,
                               format_locale="sv-SE" if lang == "sv" else "en-US")


#: Keys of a Vega-Lite spec that belong to the whole chart, not to one layer.
_TOP_LEVEL = ("$schema", "width", "height", "config", "title", "autosize", "padding",
              "background", "params", "resolve", "spacing")


def watermark(spec: dict, text: str) -> dict:
    """``spec`` with ``text`` (e.g. "Exempeldata") written across the middle of the plot.

    The mark is part of the image itself, so a cropped screenshot or a downloaded
    PNG/SVG of a chart or map of invented values still says so (issue 9); the web app's charts and maps and the reports' figures all use it. The text
    layer has its own one-row data, so it is drawn once whatever the chart's data.
    """
    stamp = {"data": {"values": [{"stamp": text}]},
             "mark": {"type": "text", "fontSize": 30, "fontWeight": "bold", "angle": 340,
                      "opacity": 0.22, "color": "#5c5c5c", "align": "center",
                      "baseline": "middle"},
             "encoding": {"text": {"field": "stamp", "type": "nominal"},
                          "x": {"value": {"expr": "width / 2"}},
                          "y": {"value": {"expr": "height / 2"}}}}
    if "vconcat" in spec:  # one mark in each row (of fixed size): a cropped row still says so
        return {**spec, "vconcat": [_stamped(part, {
            **stamp, "mark": {**stamp["mark"], "fontSize": 16, "angle": 0},
            "encoding": {**stamp["encoding"], "x": {"value": part["width"] / 2},
                         "y": {"value": part["height"] / 2}}}) for part in spec["vconcat"]]}
    return _stamped(spec, stamp)


def _stamped(spec: dict, stamp: dict) -> dict:
    outer = {key: value for key, value in spec.items() if key in _TOP_LEVEL}
    inner = {key: value for key, value in spec.items() if key not in _TOP_LEVEL}
    if "layer" in inner and "mark" not in inner:
        return {**outer, **inner, "layer": [*inner["layer"], stamp]}
    return {**outer, "layer": [inner, stamp]}  # a single view (a map keeps its projection)
