"""Computing gap measures for stored indicators (``jamlik measure``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from jamlik.deprecation import renamed

__all__ = ["compute_measures", "gap_trends"]


def compute_measures(
    engine: Engine,
    *,
    indicators: list[str] | None = None,
    municipalities: list[str] | None = None,
    measures: list[str] | None = None,
    compat: str | None = None,
    confidence: float = 0.95,
    seed: int = 2018,
    reps: int = 100,
    settings: list[str] | None = None,
) -> tuple[int, pd.DataFrame]:
    """Compute every applicable WHO HEAT measure for stored indicators and save them.

    ``municipalities`` limits the areas whose gaps are measured (codes such as
    ``1480``; all by default); ``settings`` is its deprecated old name (HEAT's word).
    Returns ``(run_id, results)``; ``results`` has readable area keys
    (``area_version``, ``area_code``) instead of the internal setting key.
    """
    settings = renamed(municipalities, settings, new="municipalities", old="settings",
                       where="compute_measures")
    # imported here so that ``import jamlik`` stays light (scipy loads on first use)
    from jamlik.stats import summary_measures
    from jamlik.store import heat_table, save_measures

    table = heat_table(engine, indicators=indicators, settings=settings)
    parameters = {"indicators": indicators, "settings": settings, "measures": measures,
                  "compat": compat or "jamlik", "confidence": confidence, "seed": seed,
                  "reps": reps}
    if table.empty:
        return save_measures(engine, pd.DataFrame(), parameters=parameters), pd.DataFrame()
    results = summary_measures(table, measures=measures, compat=compat, confidence=confidence,
                               rng=np.random.default_rng(seed), reps=reps)
    run_id = save_measures(engine, results, parameters=parameters)
    keys = results["setting"].str.split("|", n=1, expand=True)
    readable = results.drop(columns=["setting", "source"]).rename(
        columns={"indicator_abbr": "indicator", "date": "period"})
    readable.insert(0, "area_code", keys[1])
    readable.insert(0, "area_version", keys[0])
    return run_id, readable


def gap_trends(
    engine: Engine,
    *,
    indicators: list[str] | None = None,
    municipalities: list[str] | None = None,
    measures: list[str] | None = None,
    confidence: float = 0.95,
    settings: list[str] | None = None,
) -> pd.DataFrame:
    """Is each saved gap closing? :func:`jamlik.stats.gap_trend` on the current measures.

    ``municipalities`` limits the areas (codes); ``settings`` is its deprecated old name.

    Overlapping periods (rolling five-year spans such as 2010–2014, 2011–2015) share
    data, so their changes are not independent; only a non-overlapping series,
    counted back from the latest period, enters the trend.
    """
    from jamlik.stats import gap_trend, non_overlapping
    from jamlik.store import current_measures

    settings = renamed(municipalities, settings, new="municipalities", old="settings",
                       where="gap_trends")
    saved = current_measures(engine, indicators=indicators)
    if settings:
        saved = saved[saved["area_code"].isin(settings)]
    if measures:
        saved = saved[saved["measure"].str.upper().isin([m.upper() for m in measures])]
    saved = saved[saved["value"].notna()]
    if saved.empty:
        return pd.DataFrame()
    keys = ["indicator", "area_version", "area_code", "area_name", "dimension"]
    saved = non_overlapping(saved, by=[*keys, "measure"])
    return gap_trend(saved.drop(columns=["start_date", "end_date", "run_id"]), by=keys,
                     period="period", confidence=confidence)

