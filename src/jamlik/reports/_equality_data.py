"""Collecting the equality report (jämlikhetsrapport) from the store.

Per target area of the programme and each indicator linked to it: the
municipality's level per period, the gap between its areas (the stored headline
measure, SII across areas ranked by an area index, as on the web pages) and between
groups (D between the groups of each dimension), each with its interval and the
one verdict of :func:`jamlik.stats.gap_verdict` over the report's periods; the
areas that differ from the municipality at 99.8 % (funnel limits, with the number
of flags expected by chance); and the programme's activities in the target area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from jamlik.errors import ArgumentError, NotFoundError, option
from jamlik.program import current_tree, only_programme, programme_activities
from jamlik.schema import TOTAL
from jamlik.stats import funnel_flags, gap_verdict
from jamlik.store import (
    Area, AreaVersion, Dimension, Indicator, IndicatorTargetArea, Observation, Period,
    Programme, Subgroup, current_measures,
)

__all__ = ["EqualityData", "collect_equality", "report_periods", "AREA_DIMENSION_CODE"]

AREA_DIMENSION_CODE = "omrade"
HEADLINE = "SII"
GROUP_MEASURE = "D"
PERIOD_COUNT = 3


@dataclass
class EqualityData:
    """What the equality report shows, with stored codes (labels come at rendering)."""

    programme: Any
    municipality: tuple[str, str]  # (code, name)
    periods: list[tuple[int, int]]  # the report's periods (first year, last year)
    sections: list[dict[str, Any]]
    is_example: bool
    compiled: dt.date = field(default_factory=dt.date.today)
    area_id: int | None = None  # the municipality's area
    decomposition: dict[str, Any] | None = None  # _equality_decompose.collect_decomposition
    commentary: dict[str, dict] = field(default_factory=dict)  # newest per section key


def _municipality(conn, programme, wanted: str | None) -> tuple[int, str, str]:
    """(area id, code, name) of the municipality: ``wanted``, else the programme's own."""
    code = wanted or (programme.details or {}).get("municipality")
    if code is None:
        raise ArgumentError(f"programmet säger inte vilken kommun det gäller; ange "
                            f"{option('municipality')} (t.ex. 1480)")
    row = conn.execute(select(Area.id, Area.code, Area.name).join(AreaVersion)
                       .where(Area.code == str(code), AreaVersion.level == "kommun")).first()
    if row is None:
        raise NotFoundError(f"kommunen {code} finns inte bland områdena")
    return row.id, row.code, row.name


def report_periods(text: str | None, measures: pd.DataFrame) -> list[tuple[int, int]]:
    """The report's periods as (first year, last year), oldest first.

    ``text`` is ``"2013-2016,2017-2020,2021-2024"`` (a single year counts as a
    period); by default the last :data:`PERIOD_COUNT` four-year periods ending with
    the newest year that has results, as Göteborg's reports compare them.
    """
    if text is None:
        newest = max(pd.Timestamp(d).year for d in measures["end_date"])
        return [(newest - 4 * k - 3, newest - 4 * k) for k in range(PERIOD_COUNT - 1, -1, -1)]
    spans = []
    for part in (p.strip() for p in text.split(",")):
        bounds = part.replace("–", "-").split("-")
        if not part or len(bounds) > 2 or not all(b.strip().isdigit() and len(b.strip()) == 4
                                                   for b in bounds):
            raise ArgumentError(f"{option('periods')}: väntade år eller årsintervall som "
                                f"2013-2016, åtskilda med komma, fick {part!r}")
        first, last = int(bounds[0]), int(bounds[-1])
        if last < first:
            raise ArgumentError(f"{option('periods')}: {part} slutar före sin början")
        spans.append((first, last))
    spans.sort()
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:])):
        raise ArgumentError(f"{option('periods')}: perioderna får inte överlappa")
    return spans


def stored_for(measures: pd.DataFrame, spans: list[tuple[int, int]]) -> dict[tuple, str]:
    """For each report period, the stored period that stands for it, newest first: the
    latest one lying within it (for yearly data, the period's last year with data), else
    the latest longer span ending within it before the next chosen one starts (five-year
    means 2010-2014, 2015-2019, 2020-2024 for 2013-2016, 2017-2020, 2021-2024), so that
    the chosen periods never share data."""
    stored = measures.drop_duplicates("period")[["period", "start_date", "end_date"]].copy()
    stored["first"] = [pd.Timestamp(d).year for d in stored["start_date"]]
    stored["last"] = [pd.Timestamp(d).year for d in stored["end_date"]]
    out, before = {}, None
    for span in sorted(spans, reverse=True):
        ends = stored[(stored["last"] >= span[0]) & (stored["last"] <= span[1])]
        if before is not None:
            ends = ends[ends["last"] < before]
        inside = ends[ends["first"] >= span[0]]
        pick = inside if len(inside) else ends
        if len(pick):
            chosen = pick.sort_values(["last", "first"]).iloc[-1]
            out[span] = chosen["period"]
            before = chosen["first"]
    return out


def collect_equality(engine: Engine, *, programme_id: int | None = None,
                     periods: str | None = None,
                     municipality: str | None = None) -> EqualityData:
    """Read everything the equality report shows (see the module's description)."""
    with engine.connect() as conn:
        if programme_id is None:
            programme_id = only_programme(conn)
        programme = conn.execute(select(Programme).where(Programme.id == programme_id)).first()
        if programme is None:
            raise NotFoundError(f"inget program med id {programme_id}")
        area_id, code, name = _municipality(conn, programme, municipality)
        tree = current_tree(conn, programme_id)
        links = conn.execute(select(IndicatorTargetArea.target_area_id,
                                    IndicatorTargetArea.indicator_id)).all()
        indicator_rows = {row.id: row for row in conn.execute(select(Indicator))}
        measures = current_measures(conn, area_ids=[area_id])
        dimensions = dict(conn.execute(select(Dimension.code, Dimension.name)).all())
    if measures.empty:
        raise NotFoundError(f"inga beräknade skillnadsmått för {name}; kör 'jamlik measure'")
    spans = report_periods(periods, measures)
    activities = programme_activities(engine, programme_id)
    sections, example = [], False
    for target in tree:
        indicators = [indicator_rows[row.indicator_id] for row in links
                      if row.target_area_id == target["id"]]
        blocks = [_indicator_block(engine, indicator, measures, spans, area_id)
                  for indicator in sorted(indicators, key=lambda i: i.name)]
        example |= any(i.is_example for i in indicators)
        strategy_ids = {s["id"] for s in target["strategies"]}
        members = [a for a in activities if strategy_ids & set(a.strategy_ids)]
        example |= any(a.is_example for a in members)
        for block in blocks:
            for gap in block["group_gaps"]:
                gap["dimension_name"] = dimensions.get(gap["dimension"]) or gap["dimension"]
        sections.append({"code": target["code"], "name": target["name"], "indicators": blocks,
                         "activities": members})
    return EqualityData(programme=programme, municipality=(code, name), periods=spans,
                        sections=sections, is_example=example, area_id=area_id)


def _indicator_block(engine: Engine, indicator, measures: pd.DataFrame,
                     spans: list[tuple[int, int]], area_id: int) -> dict[str, Any]:
    mine = measures[measures["indicator_id"] == indicator.id]
    stands = stored_for(mine, spans) if len(mine) else {}
    periods = [stands[span] for span in spans if span in stands]
    mine = mine[mine["period"].isin(periods)]
    if not periods:
        return {"indicator": indicator, "stands_for": {}, "level": pd.DataFrame(),
                "area_gap": _series(mine, AREA_DIMENSION_CODE, HEADLINE), "group_gaps": [],
                "outliers": {"rows": [], "reason": "inga beräknade mått under perioderna"}}
    return {
        "indicator": indicator, "stands_for": stands,
        "level": _levels(engine, indicator.id, area_id, periods),
        "area_gap": _series(mine, AREA_DIMENSION_CODE, HEADLINE),
        "group_gaps": [_series(mine, dimension, GROUP_MEASURE)
                       for dimension in sorted(set(mine["dimension"]) - {AREA_DIMENSION_CODE})],
        "outliers": _outliers(engine, indicator, area_id, periods[-1]),
    }


def _series(measures: pd.DataFrame, dimension: str, measure: str) -> dict[str, Any]:
    """One gap over the report's periods with the verdict on its trend."""
    rows = measures[(measures["dimension"] == dimension) & (measures["measure"] == measure)
                    & measures["value"].notna()]
    rows = rows.sort_values("start_date").reset_index(drop=True)
    verdict = None
    if len(rows):
        verdict = gap_verdict(rows[["measure", "value", "se", "lower", "upper", "confidence",
                                    "start_date", "end_date", "period"]]).iloc[0].to_dict()
    first = rows.iloc[0] if len(rows) else None
    return {"dimension": dimension, "measure": measure, "points": rows,
            "unit": first["unit"] if first is not None else None,
            "ranked_by": first["ranked_by"] if first is not None else None,
            "method": first["method"] if first is not None else None, "verdict": verdict}


def _levels(engine: Engine, indicator_id: int, area_id: int, periods: list[str]) -> pd.DataFrame:
    """The municipality's own value (all groups together) per report period."""
    query = (select(Period.code.label("period"), Observation.value, Observation.lower,
                    Observation.upper, Observation.suppressed)
             .join(Period, Period.id == Observation.period_id)
             .join(Subgroup, Subgroup.id == Observation.subgroup_id)
             .join(Dimension, Dimension.id == Subgroup.dimension_id)
             .where(Observation.indicator_id == indicator_id, Observation.area_id == area_id,
                    Observation.superseded_by_batch_id.is_(None), Subgroup.code == TOTAL,
                    Period.code.in_(periods)))
    with engine.connect() as conn:
        found = pd.DataFrame(conn.execute(query).mappings().all(),
                             columns=["period", "value", "lower", "upper", "suppressed"])
    order = {p: i for i, p in enumerate(periods)}
    return found.sort_values("period", key=lambda s: s.map(order)).reset_index(drop=True)


def _outliers(engine: Engine, indicator, area_id: int, period: str) -> dict[str, Any]:
    """Districts outside the 99.8 % funnel limits in the latest period (proportions)."""
    if indicator.kind != "proportion":
        return {"rows": [], "reason": "ingen trattgraf: bara för andelar med täljare och nämnare"}
    parent = aliased(Area)
    query = (select(Area.name, Observation.numerator, Observation.denominator)
             .join(parent, parent.id == Area.parent_id)
             .join(Observation, Observation.area_id == Area.id)
             .join(Period, Period.id == Observation.period_id)
             .join(Subgroup, Subgroup.id == Observation.subgroup_id)
             .where(parent.id == area_id, Observation.indicator_id == indicator.id,
                    Period.code == period, Subgroup.code == TOTAL,
                    Observation.superseded_by_batch_id.is_(None),
                    Observation.numerator.is_not(None), Observation.denominator > 0))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    if len(rows) < 3:
        return {"rows": [], "reason": "färre än tre områden med täljare och nämnare"}
    flags = funnel_flags([r.numerator for r in rows], [r.denominator for r in rows])
    out = [{"area": r.name, "value": f.value, "flag": f.flag_99_8}
           for r, f in zip(rows, flags.itertuples(index=False)) if f.flag_99_8 != "within"]
    return {"rows": sorted(out, key=lambda r: (r["flag"], -r["value"])), "reason": None,
            "areas": len(rows), "expected": float(flags["expected_flags_99_8"].iloc[0]),
            "method": str(flags["method"].iloc[0])}
