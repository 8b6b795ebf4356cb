"""The equality report's figure: the gap between areas per period, with its interval.

Dots with 95 % interval bars (never captioned as bars), a line at zero for "no gap",
the measure's unit on the axis, and "Exempeldata" inside the image when the data are
examples, so that a cropped figure still says so.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ._charts import FONT, watermark

__all__ = ["area_map", "decomposition_chart", "gap_chart"]

WATERMARK = {"sv": "EXEMPELDATA", "en": "EXAMPLE DATA"}


def gap_chart(points: pd.DataFrame, *, measure: str, unit: str, period_title: str,
              lang: str = "sv", example: bool = False) -> dict[str, Any]:
    """A Vega-Lite spec: ``points`` (period, value, lower, upper) as dots and interval bars."""
    frame = points[["period", "value", "lower", "upper"]].copy()
    frame["period"] = frame["period"].astype(str).str.replace("-", "–")
    order = frame["period"].tolist()
    x = alt.X("period:N", sort=order, title=period_title, axis=alt.Axis(labelAngle=0))
    y_title = f"{measure} ({unit})" if unit else measure
    base = alt.Chart(frame)
    layers = [
        alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#636363",
                                                            strokeDash=[4, 3]).encode(
            y=alt.Y("zero:Q")),
        base.mark_rule(color="#2166ac", strokeWidth=2).encode(x=x, y=alt.Y(
            "lower:Q", title=y_title, scale=alt.Scale(zero=True)), y2="upper:Q"),
        base.mark_line(color="#2166ac", strokeWidth=1).encode(x=x, y="value:Q"),
        base.mark_point(filled=True, size=70, color="#2166ac").encode(x=x, y="value:Q"),
    ]
    chart = alt.layer(*layers).properties(width=380, height=180)
    spec = chart.configure(font=FONT, background="white").configure_view(stroke=None).to_dict()
    return watermark(spec, WATERMARK[lang]) if example else spec


def decomposition_chart(table: pd.DataFrame, *, axis_title: str, band_title: str,
                        cause_title: str | None = None, lang: str = "sv",
                        example: bool = False) -> dict[str, Any]:
    """Horizontal bars: each age band's contribution (years) to the life-expectancy gap,
    stacked by cause when ``table`` has more than one; youngest band at the top."""
    frame = table[["age_band", "cause", "contribution"]].copy()
    order = list(dict.fromkeys(frame["age_band"]))
    y = alt.Y("age_band:N", sort=order, title=band_title)
    x = alt.X("contribution:Q", title=axis_title)
    causes = frame["cause"].nunique()
    color = (alt.Color("cause:N", title=cause_title, legend=alt.Legend(orient="bottom"),
                       scale=alt.Scale(scheme="tableau10")) if causes > 1
             else alt.value("#2166ac"))
    bars = alt.Chart(frame).mark_bar().encode(y=y, x=x, color=color)
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#636363").encode(
        x="zero:Q")
    chart = alt.layer(bars, zero).properties(width=380, height=14 * len(order))
    spec = chart.configure(font=FONT, background="white").configure_view(stroke=None).to_dict()
    return watermark(spec, WATERMARK[lang]) if example else spec


def area_map(features: list[dict], *, title: str, lang: str = "sv", example: bool = False,
             fit: list[list[float]] | None = None, width: int = 420) -> dict[str, Any]:
    """A choropleth of ``features`` (GeoJSON with ``properties.value``; areas without a
    value are grey) fitted to ``fit`` (``[[west, south], [east, north]]``, where people
    live; shapes beyond it are cut at the frame), for print; the legend names the unit."""
    data = alt.Data(values={"type": "FeatureCollection", "features": features},
                    format=alt.DataFormat(property="features", type="json"))
    projection = {"type": "mercator"}
    if fit:
        projection["fit"] = {"type": "Feature", "properties": {},
                             "geometry": {"type": "MultiPoint", "coordinates": fit}}
    base = alt.Chart(data).project(**projection)
    fill = alt.condition("isValid(datum.properties.value)", alt.Color(
        "properties.value:Q", title=title, scale=alt.Scale(scheme="viridis", reverse=True),
        legend=alt.Legend(orient="bottom", gradientLength=260)), alt.value("#d9d9d9"))
    chart = base.mark_geoshape(stroke="white", strokeWidth=0.4, clip=True).encode(
        color=fill).properties(
        width=width, height=int(width * 0.8))
    spec = chart.configure(font=FONT, background="white").configure_view(stroke=None).to_dict()
    return watermark(spec, WATERMARK[lang]) if example else spec
