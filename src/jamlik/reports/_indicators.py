"""The indicators of a target area for the annual summary: latest gap, interval, trend.

The current value of a measure is the one of the newest run in ``measure_result``
per (indicator, area, period, dimension, measure); older runs are history. The
trend and its verdict are :func:`jamlik.stats.gap_verdict`'s, the one the pages,
the API and ``jamlik trend`` give: the trend of each (indicator, area,
dimension, measure) over its non-overlapping periods, with the stored standard
errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, select

from jamlik.stats import gap_verdict
from jamlik.store import Area, AreaVersion, Indicator, current_measures as store_measures

__all__ = ["current_measures", "indicator_lines", "setting_areas", "indicator_rows", "CONFIDENCE"]

CONFIDENCE = 0.95


def current_measures(conn: Connection, indicator_ids: Sequence[int], *,
                     area_ids: Sequence[int] | None = None,
                     measures: Sequence[str] | None = None) -> pd.DataFrame:
    """The newest stored value of each measure of ``indicator_ids``, one row per key."""
    frame = store_measures(conn, indicator_ids=indicator_ids, area_ids=area_ids,
                           measures=measures)
    return frame[["indicator_id", "area_name", "area_id", "period", "start_date", "end_date",
                  "dimension", "measure", "value", "se", "lower", "upper", "confidence",
                  "ranked_by"]]


def indicator_lines(conn: Connection, indicator_ids: Sequence[int], *,
                    area_ids: Sequence[int] | None, measures: Sequence[str]) -> dict[int, list]:
    """Per indicator: one line per (area, dimension, measure) with the latest value and trend.

    A line is a dict with ``area_name, dimension, measure, period, value, lower,
    upper, ranked_by, verdict`` (closing, widening, none or None: see
    :func:`jamlik.stats.gap_verdict`) ``, slope, slope_lower, slope_upper,
    n_periods, reason``.
    """
    frame = current_measures(conn, indicator_ids, area_ids=area_ids, measures=measures)
    frame = frame[frame["value"].notna()].reset_index(drop=True)
    if frame.empty:
        return {}
    keys = ["indicator_id", "area_id", "dimension", "measure"]
    trends = gap_verdict(frame, by=keys[:-1], confidence=CONFIDENCE)
    slopes = trends.set_index([*keys[:-1], "source_measure"])
    latest = frame.sort_values("end_date").groupby(keys, sort=True).tail(1)
    out: dict[int, list] = {}
    order = {m: i for i, m in enumerate(measures)}
    latest = latest.assign(_order=latest["measure"].map(order)).sort_values(
        ["indicator_id", "area_name", "dimension", "_order"])
    for row in latest.itertuples(index=False):
        key = (row.indicator_id, row.area_id, row.dimension, row.measure)
        trend = slopes.loc[key] if key in slopes.index else {}
        out.setdefault(int(row.indicator_id), []).append({
            "area_name": row.area_name, "dimension": row.dimension, "measure": row.measure,
            "period": row.period, "value": row.value, "lower": _none(row.lower),
            "upper": _none(row.upper), "ranked_by": _none(row.ranked_by),
            "verdict": _none(trend.get("verdict")),
            "slope": _none(trend.get("value")), "slope_lower": _none(trend.get("lower")),
            "slope_upper": _none(trend.get("upper")),
            "n_periods": int(trend.get("n_periods", 0)), "reason": _none(trend.get("reason")),
        })
    return out


def _none(value):
    """None for a missing value (pandas gives NaN or None)."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def setting_areas(conn: Connection, programme_name: str, owner: str | None,
                  area_code: str | None) -> list[int] | None:
    """The areas whose gaps the report shows: ``area_code``, else the municipality named in
    the programme's name or owner (e.g. Göteborg), else all (None)."""
    if area_code is not None:
        return list(conn.execute(select(Area.id).where(Area.code == area_code)).scalars())
    text = f"{programme_name} {owner or ''}".casefold()
    found = [row.id for row in conn.execute(
        select(Area.id, Area.name).join(AreaVersion).where(AreaVersion.level == "kommun"))
        if _named(row.name, text)]
    return found or None


def _named(name: str, text: str) -> bool:
    # "Göteborgs Stads program" names Göteborg; a whole-word match keeps "Ale" out of "alla"
    return re.search(rf"\b{re.escape(name.casefold())}s?\b", text) is not None


def indicator_rows(conn: Connection, ids: Sequence[int]) -> dict[int, object]:
    return {row.id: row for row in conn.execute(select(Indicator).where(Indicator.id.in_(ids)))}
