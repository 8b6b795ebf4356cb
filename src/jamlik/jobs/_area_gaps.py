"""The headline gaps between a city's districts, computed for stored indicators.

For every indicator, city (an area with sub-areas) and period, :func:`area_gaps`
ranks the districts by an area index and computes :func:`jamlik.stats.area_gap`
(SII, RII, the most and least deprived fifths, the range), with the ranking, the
method, the unit and the reason for any value not given. The index of a district
is, in order: its own ``area_index`` attribute (a city's own or an imported index,
named by ``area_index_name``), else Statistics Sweden's områdestyp 2022 for RegSO
2025 areas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine

__all__ = ["AREA_TYPE_RANKING", "area_gaps", "district_index", "reason_templates"]

AREA_TYPE_RANKING = "SCB:s områdestyp 2022 (1 = stora socioekonomiska utmaningar)"
#: Why no gap is published when some districts' values carry no uncertainty at all: the
#: regression behind SII/RII weights every district by its variance (Low & Low 2004).
REASON_NO_UNCERTAINTY = ("osäkerhet saknas för {missing} av {total} områden med värde "
                         "(varken standardfel, gränser eller täljare och nämnare)")
#: Any other refusal of the statistics function, with its own message as the detail.
REASON_FAILED = "kan inte beräknas: {detail}"
_KINDS = {"proportion": "proportion", "rate": "rate"}


def reason_templates() -> tuple[str, ...]:
    """Every reason stored with a value that is not published: those of
    :func:`jamlik.stats.reason_templates` and the jobs' own, as ``str.format`` templates."""
    from jamlik.stats import reason_templates as statistics

    return (*statistics(), REASON_NO_UNCERTAINTY, REASON_FAILED)


def district_index(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The index value and the name of the ranking for each row of :func:`area_table`."""
    from jamlik.data import regso_area_types

    types = regso_area_types()
    values, names = [], []
    for version, code, attributes in zip(table["version"], table["area"],
                                         table["area_attributes"]):
        own = (attributes or {}).get("area_index")
        if own is not None:
            values.append(float(own))
            names.append(str((attributes or {}).get("area_index_name", "stadens områdesindex")))
        elif version == "RegSO_2025" and code in types:
            values.append(float(types[code]))
            names.append(AREA_TYPE_RANKING)
        else:
            values.append(np.nan)
            names.append(AREA_TYPE_RANKING)
    return np.array(values, dtype=float), np.array(names, dtype=object)


def _without_uncertainty(work: pd.DataFrame, counted: pd.Series) -> tuple[int, int]:
    """How many districts with a value and an index have no standard error, no limits
    and no counts, of how many with a value and an index."""
    usable = work["value"].notna() & work["area_index"].notna()
    known = (counted | (work["se"] >= 0) | (work["lower"].notna() & work["upper"].notna()))
    return int((usable & ~known).sum()), int(usable.sum())


def _one(part: pd.DataFrame, ranked_by: str) -> pd.DataFrame:
    from jamlik.errors import ArgumentError
    from jamlik.stats import AREA_GAP_MEASURES, area_gap, measure_unit, result_frame

    first = part.iloc[0]
    kind = _KINDS.get(first["kind"], "mean")
    scale = float(first["scale"]) if pd.notna(first["scale"]) and first["scale"] > 0 else 1.0
    counted = part["numerator"].notna() & part["denominator"].notna()
    options = dict(value="value", se="se", lower="lower", upper="upper", index="area_index",
                   population="population", ranked_by=ranked_by, multiplier=scale,
                   polarity=first["polarity"] if first["polarity"] in (
                       "higher_better", "lower_better", "neutral") else "neutral")
    if kind != "mean" and counted.any():
        options.update(numerator="numerator", denominator="denominator")
    work = part.copy()
    unweighted = work["population"].isna() | ~(work["population"] > 0)
    if unweighted.all():  # no populations at all: the districts are weighted alike
        work["population"] = 1.0
        ranked_by = f"{ranked_by}; befolkning saknas, områdena vägs lika"
    else:  # a district without a population cannot be weighted: it counts as missing
        work.loc[unweighted, ["value", "numerator"]] = np.nan
        work.loc[unweighted, "population"] = 1.0
    options["ranked_by"] = ranked_by
    missing, total = _without_uncertainty(work, counted)
    if missing:
        reason = REASON_NO_UNCERTAINTY.format(missing=missing, total=total)
        out = result_frame([dict(measure=m, reason=reason, ranked_by=ranked_by)
                            for m in AREA_GAP_MEASURES])
        out["unit"] = [measure_unit(m, first["unit"]) for m in out["measure"]]
        return out
    try:
        out = area_gap(work, kind=kind, **options)
    except ArgumentError as error:  # e.g. a district value without any uncertainty
        out = result_frame([dict(measure=m, reason=REASON_FAILED.format(detail=error),
                                 ranked_by=ranked_by) for m in AREA_GAP_MEASURES])
    out["unit"] = [measure_unit(m, first["unit"]) for m in out["measure"]]
    return out


def area_gaps(engine: Engine, *, indicators: list[str] | None = None,
              settings: list[str] | None = None) -> pd.DataFrame:
    """Gaps between districts for stored indicators, in :func:`save_measures`' shape.

    Returns one row per indicator, city, period and measure of
    :data:`jamlik.stats.AREA_GAP_MEASURES`, with ``setting`` ("VERSION|CODE"),
    ``date`` (period code), ``indicator_abbr``, ``dimension`` ("omrade"),
    the result columns, ``ranked_by`` and ``unit``.
    """
    from jamlik.store import AREA_DIMENSION, area_table

    table = area_table(engine, indicators=indicators, settings=settings)
    if table.empty:
        return pd.DataFrame()
    table["area_index"], table["ranked_by"] = district_index(table)
    # A suppressed row has no value: it counts against the 85 % rule as missing.
    table.loc[table["suppressed"].fillna(False).astype(bool), ["value", "numerator"]] = np.nan
    frames = []
    for (indicator, setting, period), part in table.groupby(
            ["indicator", "setting", "period"], sort=True):
        # a gap between areas needs two sub-areas, and an index that ranks them
        if len(part) < 2 or part["area_index"].isna().all():
            continue
        ranked_by = part["ranked_by"].mode().iloc[0]
        result = _one(part, ranked_by)
        frames.append(result.assign(indicator_abbr=indicator, setting=setting, date=period,
                                    dimension=AREA_DIMENSION))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
