"""The overview (headline gaps) and the area profile (every indicator against the city)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.stats import compare_with_benchmark

from . import _charts, _compare
from ._i18n import gettext as _
from ._i18n import pick, term
from ._tables import Column, Table
from ._view_indicator import measure_name, polarity_text

__all__ = ["area_profile", "headline"]


def headline(meta: pd.DataFrame, frames: dict, measures: dict, setting: str,
             city_name: str) -> dict:
    """Per indicator: the city's latest value, the gap between its areas and its trend."""
    rows = []
    for row in meta.itertuples():
        frame, gaps = frames[row.code], measures[row.code]
        city = frame[(frame["area"] == setting) & (frame["dimension"] == "total")
                     & frame["value"].notna()]
        last = city.iloc[-1] if len(city) else None
        here = gaps[(gaps["area_code"] == setting) & (gaps["dimension"] == "omrade")] \
            if not gaps.empty else gaps
        absolute, relative = _compare.gap_measures(False, "omrade")
        gap_rows = here[here["measure"] == absolute] if not here.empty else here
        gap_rows = gap_rows[gap_rows["value"].notna()] if not gap_rows.empty else gap_rows
        gap = gap_rows.iloc[-1] if len(gap_rows) else None
        verdict = None
        if len(gap_rows) >= 2:
            found = _compare.gap_verdicts(here[here["measure"] == absolute])
            verdict = found.iloc[0] if len(found) else None
        rel = here[(here["measure"] == relative) & here["value"].notna()] \
            if not here.empty else here
        rel_last = rel.iloc[-1] if len(rel) else None
        rows.append({
            "indicator": {"text": pick(row.name, row.name_en), "href": f"/indikatorer/{row.code}"},
            "code": row.code, "unit": term(row.unit),
            "is_example": bool(row.is_example), "polarity": polarity_text(row.polarity),
            "period": last["period"] if last is not None else None,
            "value": last["value"] if last is not None else None,
            "lower": last["lower"] if last is not None else None,
            "upper": last["upper"] if last is not None else None,
            "gap_period": gap["period"] if gap is not None else None,
            "gap": gap["value"] if gap is not None else None,
            "gap_lower": gap["lower"] if gap is not None else None,
            "gap_upper": gap["upper"] if gap is not None else None,
            "ratio": rel_last["value"] if rel_last is not None else None,
            "verdict_key": verdict["verdict"] if verdict is not None else None,
            "verdict": _compare.verdict_text(verdict["verdict"]) if verdict is not None
            else _("För få perioder"),
            "slope": verdict["slope"] if verdict is not None else None,
            "slope_lower": verdict["lower"] if verdict is not None else None,
            "slope_upper": verdict["upper"] if verdict is not None else None,
            "trend_periods": (_("%(first)s till %(last)s") % {
                "first": verdict["period_first"], "last": verdict["period_last"]}
                if verdict is not None else None),
        })
    table = Table(
        "skillnader", _("Skillnader mellan områden i %(city)s") % {"city": city_name},
        [Column("indicator", _("Indikator"), "link"), Column("unit", _("Enhet")),
         Column("period", _("Senaste period")),
         Column("value", _("Stadens värde"), "number"),
         Column("gap", measure_name("SII"), "number"),
         Column("gap_lower", _("Nedre gräns (95 %)"), "number"),
         Column("gap_upper", _("Övre gräns (95 %)"), "number"),
         Column("ratio", measure_name("RII"), "number", 2),
         Column("trend_periods", _("Trendperiod")),
         Column("slope", _("Förändring av SII per år"), "number", 2),
         Column("verdict", _("Är skillnaden på väg att minska?"))],
        rows, example=bool(meta["is_example"].any()) if len(meta) else False,
        row_header="indicator",
        note=_("D är skillnaden mellan områdets högsta och lägsta värde och R kvoten mellan "
               "dem (WHO HEAT). Trenden är en inversvariansviktad linjär regression av D över "
               "perioderna; skillnaden minskar eller ökar bara när 95 %-intervallet för "
               "lutningen utesluter 0."))
    return {"rows": rows, "table": table}


def area_profile(area, meta: pd.DataFrame, frames: dict) -> dict:
    """Every indicator for one area against its city (parent), with the test stated."""
    rows = []
    for row in meta.itertuples():
        frame = frames[row.code]
        mine = frame[(frame["area"] == area.code) & (frame["version"] == area.version)
                     & (frame["dimension"] == "total") & frame["value"].notna()]
        if mine.empty:
            continue
        last = mine.iloc[-1]
        city = frame[(frame["area"] == area.parent) & (frame["dimension"] == "total")
                     & (frame["period"] == last["period"])]
        city_value = float(city["value"].iloc[0]) if len(city) else np.nan
        comparison = compare_with_benchmark(np.array([last["lower"]]),
                                            np.array([last["upper"]]), city_value,
                                            row.polarity)[0]
        labels = _compare.comparison_labels(row.polarity)
        scale = city_value if city_value else np.nan
        rows.append({
            "indicator": {"text": pick(row.name, row.name_en),
                          "href": f"/indikatorer/{row.code}?municipality={area.parent}"
                          f"&period={last['period']}"},
            "name": pick(row.name, row.name_en), "code": row.code,
            "unit": term(row.unit),
            "is_example": bool(row.is_example), "period": last["period"],
            "value": last["value"], "lower": last["lower"], "upper": last["upper"],
            "city": city_value, "difference": last["value"] - city_value,
            "relative": 100 * (last["value"] / scale - 1),
            "relative_lower": 100 * (last["lower"] / scale - 1),
            "relative_upper": 100 * (last["upper"] / scale - 1),
            "comparison": labels[comparison], "comparison_key": comparison,
            "polarity": polarity_text(row.polarity),
        })
    example = any(r["is_example"] for r in rows)
    table = Table(
        "profil", _("%(area)s jämfört med %(city)s") % {"area": area.name,
                                                        "city": area.parent_name or "–"},
        [Column("indicator", _("Indikator"), "link"), Column("period", _("Period")),
         Column("unit", _("Enhet")), Column("value", _("Områdets värde"), "number"),
         Column("lower", _("Nedre gräns (95 %)"), "number"),
         Column("upper", _("Övre gräns (95 %)"), "number"),
         Column("city", _("Stadens värde"), "number"),
         Column("difference", _("Skillnad"), "number"),
         Column("polarity", _("Riktning")), Column("comparison", _("Jämfört med staden"))],
        rows, example=example, row_header="indicator")
    labels = {**_compare.comparison_labels("higher_better"),
              **_compare.comparison_labels(None)}
    used = {r["comparison_key"] for r in rows}
    chart_rows = [{**r, "indicator": r["name"]} for r in rows]
    chart = _charts.profile_dots(chart_rows, labels={k: v for k, v in labels.items()
                                                     if k in used}) if rows else None
    if chart is not None and example:
        chart = _charts.watermark(chart, _("Exempeldata"))
    return {"rows": rows, "table": table, "chart": chart}
