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

__all__ = ["gap_chart"]

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
