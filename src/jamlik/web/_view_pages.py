"""The overview (headline gaps) and the area profile (every indicator against the city)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.stats import measure_unit

from . import _charts, _compare
from ._flags import LEVEL, area_flags
from ._i18n import gettext as _
from ._i18n import language, pick, reason, term
from ._tables import Column, Table, number
from ._view_indicator import measure_name, polarity_text, shown_name

__all__ = ["area_profile", "headline"]


def _last(rows: pd.DataFrame, measure: str, *, with_value: bool = True):
    """The newest row of ``measure`` (with a value), or None."""
    if rows.empty:
        return None
    found = rows[(rows["measure"] == measure)
                 & (rows["value"].notna() if with_value else True)]
    return found.iloc[-1] if len(found) else None


def _field(row, name: str):
    return row[name] if row is not None else None


def headline_card(row, frame: pd.DataFrame, gaps: pd.DataFrame, setting: str) -> dict:
    """One indicator's card: the city's value, the SII between its areas ranked by
    their area index (value, interval, unit, ranking), its verdict and the range."""
    city = frame[(frame["area"] == setting) & (frame["dimension"] == "total")
                 & frame["value"].notna()]
    last = city.iloc[-1] if len(city) else None
    here = gaps[(gaps["area_code"] == setting) & (gaps["dimension"] == "omrade")] \
        if not gaps.empty else gaps
    absolute, relative = _compare.gap_measures(False, "omrade")
    gap, ratio, spread = (_last(here, m) for m in (absolute, relative, "range"))
    newest = _last(here, absolute, with_value=False)  # its reason when not published
    verdict = None
    if gap is not None:
        found = _compare.gap_verdicts(here[here["measure"] == absolute])
        verdict = found.iloc[0] if len(found) else None
    estimated = verdict is not None and verdict["slope"] == verdict["slope"]
    return {
        "indicator": {"text": pick(row.name, row.name_en), "href": f"/indikatorer/{row.code}"},
        "code": row.code, "unit": term(row.unit),
        "is_example": bool(row.is_example), "polarity": polarity_text(row.polarity),
        "period": _field(last, "period"), "value": _field(last, "value"),
        "lower": _field(last, "lower"), "upper": _field(last, "upper"),
        "gap_period": _field(gap, "period"), "gap": _field(gap, "value"),
        "gap_lower": _field(gap, "lower"), "gap_upper": _field(gap, "upper"),
        "gap_unit": _compare.unit_text(absolute, row.unit),
        "ranked_by": _compare.ranking_text(_field(newest, "ranked_by")),
        "gap_reason": (reason(_field(newest, "reason")) or _("inte beräknad")) if gap is None
        else None,
        "ratio": _field(ratio, "value"), "ratio_lower": _field(ratio, "lower"),
        "ratio_upper": _field(ratio, "upper"),
        "range": _field(spread, "value"), "range_unit": _compare.unit_text("range", row.unit),
        "verdict_key": verdict["verdict"] if estimated else None,
        "verdict": verdict["text"] if verdict is not None else _compare.verdict_text(
            None, None, None),
        "slope": verdict["slope"] if estimated else None,
        "slope_lower": verdict["lower"] if estimated else None,
        "slope_upper": verdict["upper"] if estimated else None,
        "slope_unit": _compare.unit_text(absolute, row.unit, per_year=True),
        "trend_periods": (_("%(first)s till %(last)s, %(n)d perioder som inte överlappar") % {
            "first": verdict["period_first"], "last": verdict["period_last"],
            "n": verdict["n_periods"]} if estimated else None),
    }


def headline(meta: pd.DataFrame, frames: dict, measures: dict, setting: str,
             city_name: str) -> dict:
    """Per indicator: the city's latest value, the gap between its areas and its trend."""
    rows = [headline_card(row, frames[row.code], measures[row.code], setting)
            for row in meta.itertuples()]
    table = Table(
        "skillnader", _("Skillnader mellan områden i %(city)s") % {"city": city_name},
        [Column("indicator", _("Indikator"), "link"), Column("unit", _("Enhet")),
         Column("period", _("Senaste period")),
         Column("value", _("Stadens värde"), "number"),
         Column("gap", measure_name("SII"), "number"),
         Column("gap_lower", _("Nedre gräns (95 %)"), "number"),
         Column("gap_upper", _("Övre gräns (95 %)"), "number"),
         Column("gap_unit", _("Enhet för SII")),
         Column("ranked_by", _("Områdena rangordnade efter")),
         Column("ratio", measure_name("RII"), "number", 2),
         Column("range", _("Spridning (största − minsta områdesvärde)"), "number"),
         Column("trend_periods", _("Trendperioder")),
         Column("slope", _("Förändring av SII per år"), "number", 2),
         Column("slope_unit", _("Enhet för förändringen")),
         Column("verdict", _("Är skillnaden på väg att minska?"))],
        rows, example=bool(meta["is_example"].any()) if len(meta) else False,
        row_header="indicator", note=headline_note())
    return {"rows": rows, "table": table}


def headline_note() -> str:
    """How the overview's gap and verdict are made, in words."""
    return _("Skillnaden mellan områden är lutningsindex (SII): den skattade skillnaden "
             "mellan det mest och det minst socioekonomiskt utsatta området när områdena "
             "rangordnats efter ett områdesindex (befolkningsviktad regression på rang, PHE:s "
             "metod). Ett positivt SII betyder att de mest utsatta områdena har det sämre; RII "
             "är motsvarande kvot. Spridningen, största minus minsta områdesvärde, beskriver "
             "bara spannet: den har inget intervall och blir större av slumpen. Trenden är en "
             "inversvariansviktad linjär trend av SII över perioder som inte överlappar, med "
             "varje periods standardfel; skillnaden minskar eller ökar bara när "
             "95 %-intervallet för lutningen utesluter 0, annars är det ingen påvisbar "
             "förändring.")


def area_profile(area, meta: pd.DataFrame, frames: dict) -> dict:
    """Every indicator for one area against its city (parent), with the test stated.

    The flag is the one the indicator page shows for this area (the same call of
    :func:`_flags.area_flags` on all the city's areas at that period); the difference
    is in the indicator's own unit (percentage points for per cent), in the chart and
    in the table alike.
    """
    rows = [found for row in meta.itertuples()
            if (found := _profile_row(area, row, frames[row.code])) is not None]
    example = any(r["is_example"] for r in rows)
    table = Table(
        "profil", _("%(area)s jämfört med %(city)s") % {"area": area.name,
                                                        "city": area.parent_name or "–"},
        [Column("indicator", _("Indikator"), "link"), Column("period", _("Period")),
         Column("unit", _("Enhet")), Column("value", _("Områdets värde"), "number"),
         Column("lower", _("Nedre gräns (95 %)"), "number"),
         Column("upper", _("Övre gräns (95 %)"), "number"),
         Column("city", _("Stadens värde"), "number"),
         Column("difference", _("Skillnad mot staden"), "number"),
         Column("difference_unit", _("Skillnadens enhet")),
         Column("polarity", _("Riktning")),
         Column("comparison", _("Jämfört med staden (99,8 %)"))],
        rows, example=example, row_header="indicator",
        note=_("Skillnaden är områdets värde minus stadens, i indikatorns egen enhet "
               "(procentenheter för andelar); diagrammet visar samma skillnad med områdets "
               "95 %-intervall flyttat lika mycket."))
    labels = {**_compare.comparison_labels("higher_better"),
              **_compare.comparison_labels(None)}
    used = {r["comparison_key"] for r in rows}
    chart_rows = [{**r, "indicator": r["name"], "unit": r["difference_unit"]} for r in rows]
    chart = _charts.profile_dots(chart_rows, labels={k: v for k, v in labels.items()
                                                     if k in used}) if rows else None
    if chart is not None and example:
        chart = _charts.watermark(chart, _("Exempeldata"))
    return {"rows": rows, "table": table, "chart": chart, "chance": _chance(rows)}


def _profile_row(area, row, frame: pd.DataFrame) -> dict | None:
    """One indicator's latest value for ``area`` against its city, flagged as on the
    indicator page (the same call on all the city's areas at that period)."""
    mine = frame[(frame["area"] == area.code) & (frame["version"] == area.version)
                 & (frame["dimension"] == "total") & frame["value"].notna()]
    if mine.empty:
        return None
    last = mine.iloc[-1]
    city = frame[(frame["area"] == area.parent) & (frame["dimension"] == "total")
                 & (frame["period"] == last["period"])]
    city_value = float(city["value"].iloc[0]) if len(city) else np.nan
    siblings = frame[(frame["parent"] == area.parent) & (frame["dimension"] == "total")
                     & (frame["period"] == last["period"])].reset_index(drop=True)
    flags = area_flags(siblings, city_value, polarity=row.polarity, kind=row.kind,
                       scale=row.scale)
    here = np.flatnonzero((siblings["area"] == area.code).to_numpy()
                          & (siblings["version"] == area.version).to_numpy())
    comparison = flags.keys[here[0]] if len(here) else "none"
    labels = _compare.comparison_labels(row.polarity)
    name = shown_name(pick(row.name, row.name_en), bool(row.is_example))
    return {
        "indicator": {"text": name,
                      "href": f"/indikatorer/{row.code}?municipality={area.parent}"
                      f"&period={last['period']}"},
        "name": name, "code": row.code, "unit": term(row.unit),
        "difference_unit": term(measure_unit("D", row.unit)),
        "is_example": bool(row.is_example), "period": last["period"],
        "value": last["value"], "lower": last["lower"], "upper": last["upper"],
        "city": city_value, "difference": last["value"] - city_value,
        "difference_lower": last["lower"] - city_value,
        "difference_upper": last["upper"] - city_value,
        "comparison": labels[comparison], "comparison_key": comparison,
        "polarity": polarity_text(row.polarity), "compared": flags.compared,
    }


def _chance(rows: list[dict]) -> str:
    """How many of the area's indicators are flagged, and how many chance alone would flag."""
    compared = [r for r in rows if r["comparison_key"] != "none"]
    flagged = sum(r["comparison_key"] in ("better", "worse", "higher", "lower") for r in compared)
    per_city = max((r["compared"] for r in rows), default=0)
    return _("Området är flaggat för %(flagged)d av %(n)d indikatorer på 99,8 %%-nivån; av slump "
             "väntas %(expected)s sådana flaggor. Över stadens %(areas)d områden väntas "
             "%(city)s flaggor per indikator av slump.") % {
        "flagged": flagged, "n": len(compared),
        "expected": number((1 - LEVEL) * len(compared), 3, language()),
        "areas": per_city, "city": number((1 - LEVEL) * per_city, 1, language())}
