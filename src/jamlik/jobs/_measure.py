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
    from jamlik.stats import se_from_interval, summary_measures
    from jamlik.store import heat_table, save_measures

    table = heat_table(engine, indicators=indicators, settings=settings)
    if not table.empty:
        interval = table.pop("ci_lb"), table.pop("ci_ub"), table.pop("confidence")
        table["se"] = se_from_interval(table["se"], *interval)
    parameters = {"indicators": indicators, "settings": settings, "measures": measures,
                  "compat": compat or "jamlik", "confidence": confidence, "seed": seed,
                  "reps": reps}
    if table.empty:
        return save_measures(engine, pd.DataFrame(), parameters=parameters), pd.DataFrame()
    heat_measures = _heat_measures(measures, compat)
    results = summary_measures(table, measures=heat_measures, compat=compat,
                               confidence=confidence, rng=np.random.default_rng(seed),
                               reps=reps) if heat_measures != [] else pd.DataFrame(
        columns=["setting", "date", "source", "indicator_abbr", "dimension", "measure"])
    if compat != "heat":
        results = _with_area_gaps(engine, results, indicators=indicators, settings=settings,
                                  measures=measures)
    run_id = save_measures(engine, results, parameters=parameters)
    if results.empty:
        return run_id, pd.DataFrame()
    keys = results["setting"].str.split("|", n=1, expand=True)
    readable = results.drop(columns=["setting", "source"], errors="ignore").rename(
        columns={"indicator_abbr": "indicator", "date": "period"})
    readable.insert(0, "area_code", keys[1])
    readable.insert(0, "area_version", keys[0])
    return run_id, readable


def _heat_measures(measures, compat):
    """The HEAT measures among ``measures`` (None: all); the between-area ones are
    computed by :func:`_with_area_gaps`. An unknown name is refused with the valid ones."""
    from jamlik.errors import ArgumentError
    from jamlik.stats import AREA_GAP_MEASURES, LARGE_GROUP_MEASURES, MEASURES

    if measures is None:
        return None
    heat = {m.upper() for m in (*MEASURES, *LARGE_GROUP_MEASURES)}
    area = {m.upper() for m in AREA_GAP_MEASURES} if compat != "heat" else set()
    unknown = [m for m in measures if m.upper() not in heat | area]
    if unknown:
        valid = ", ".join((*MEASURES, *LARGE_GROUP_MEASURES,
                           *(m for m in AREA_GAP_MEASURES if m.upper() in area - heat)))
        raise ArgumentError(f"okänt mått: {', '.join(repr(m) for m in unknown)} "
                            f"(giltiga mått: {valid})")
    return [m for m in measures if m.upper() in heat]


def _with_area_gaps(engine, results, *, indicators, settings, measures):
    """Between districts, the headline gap ranks them by an area index (SII, RII,
    fifths); HEAT's D and R there (max − min of the district values) are replaced by
    the described range."""
    from jamlik.store import AREA_DIMENSION

    from ._area_gaps import area_gaps

    gaps = area_gaps(engine, indicators=indicators, settings=settings)
    if gaps.empty:
        return results
    if measures:
        gaps = gaps[gaps["measure"].str.upper().isin([m.upper() for m in measures])]
    if results.empty:
        return gaps
    between_areas = results["dimension"] == AREA_DIMENSION
    # HEAT's SII/RII need an ordered dimension and are not computed between districts
    results = results[~(between_areas & results["measure"].isin(["D", "R", "SII", "RII"]))]
    return pd.concat([results, gaps], ignore_index=True)


def gap_trends(
    engine: Engine,
    *,
    indicators: list[str] | None = None,
    municipalities: list[str] | None = None,
    measures: list[str] | None = None,
    confidence: float = 0.95,
    settings: list[str] | None = None,
) -> pd.DataFrame:
    """Is each saved gap closing? :func:`jamlik.stats.gap_verdict` on the current measures.

    ``municipalities`` limits the areas (codes); ``settings`` is its deprecated old name.
    The verdict is the one the pages, the API and the annual report give: the trend
    of each measure over its non-overlapping periods (rolling spans share data and
    are left out), with the stored standard errors.

    Returns
    -------
    pandas.DataFrame
        One row per (indicator, area, dimension, measure): the keys,
        ``source_measure``, the slope per year (``value, se, lower, upper``) and
        its ``unit`` (e.g. "procentenheter per år"; ratios are trended as ln R),
        ``verdict`` (closing, widening, none), ``verdict_sv``, ``verdict_en``,
        ``n_periods``, ``periods`` (the periods used, oldest first, comma-separated),
        ``n_overlapping_dropped``, ``method`` and ``reason``; empty when nothing is saved.
    """
    from jamlik.stats import gap_verdict, measure_unit
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
    out = gap_verdict(saved, by=keys, confidence=confidence)
    units = _indicator_units(engine)
    out.insert(out.columns.get_loc("value") + 1, "unit", [
        measure_unit(m, units.get(i), per_year=True)
        for m, i in zip(out["source_measure"], out["indicator"])])
    out["periods"] = [", ".join(map(str, p)) for p in out["periods"]]
    return out


def _indicator_units(engine: Engine) -> dict[str, str | None]:
    from sqlalchemy import select

    from jamlik.store import Indicator

    with engine.connect() as conn:
        return dict(conn.execute(select(Indicator.code, Indicator.unit)).all())
