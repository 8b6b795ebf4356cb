"""Life expectancy for areas computed from imported deaths and population.

When a city imports deaths and mean population by age (dimension ``alder``, one
subgroup per age interval, named by its start: ``0``, ``1-4``, ``5-9``, …,
``90+``), :func:`compute_life_expectancy` builds jamlik's Chiang II life table
with the rules of Public Health England (:func:`jamlik.stats.life_expectancy`)
for every area and period, and saves the result as observations of a life
expectancy indicator, each with its open age band: a change from 85+ to 90+
changes the value by itself and must not pass for a trend.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
from sqlalchemy import Engine

__all__ = ["AGE_DIMENSION", "compute_life_expectancy"]

AGE_DIMENSION = "alder"
_START = re.compile(r"^\s*(\d+)")


def _age_start(code: str) -> float:
    match = _START.match(str(code))
    return float(match.group(1)) if match else np.nan


def _years(period: str) -> float:
    from jamlik.schema import parse_period

    _, _, start, end = parse_period(period)
    return round(((end - start).days + 1) / 365.25)


def _inputs(engine: Engine, deaths: str, population: str) -> pd.DataFrame:
    from jamlik.errors import ArgumentError
    from jamlik.store import export_frame

    frame = export_frame(engine, indicators=[deaths, population])
    frame = frame[(frame["dimension"] == AGE_DIMENSION) & frame["value"].notna()]
    found = set(frame["indicator"])
    for code, role in ((deaths, "dödsfall"), (population, "medelfolkmängd")):
        if code not in found:
            raise ArgumentError(f"indikatorn {code!r} ({role} efter ålder, dimension "
                                f"'{AGE_DIMENSION}') finns inte i databasen")
    frame = frame.assign(age_from=frame["subgroup"].map(_age_start))
    bad = frame["age_from"].isna()
    if bad.any():
        raise ArgumentError(f"åldersgruppen {frame.loc[bad, 'subgroup'].iloc[0]!r} börjar inte "
                            "med en ålder (väntade t.ex. '0', '1-4', '90+')")
    keys = ["area_version", "area_code", "area_name", "period", "age_from"]
    wide = frame.pivot_table(index=keys, columns="indicator", values="value",
                             aggfunc="first").reset_index()
    wide = wide.dropna(subset=[deaths, population])
    years = {p: _years(p) for p in wide["period"].unique()}
    # the population is a mean per year; a period of several years is pooled
    wide["person_years"] = wide[population] * wide["period"].map(years)
    return wide.rename(columns={deaths: "deaths"})


def compute_life_expectancy(
    engine: Engine,
    *,
    deaths: str = "dodsfall",
    population: str = "medelfolkmangd",
    indicator: str = "medellivslangd_berakning",
    indicator_name: str = "Medellivslängd vid födseln (beräknad ur dödsfall och folkmängd)",
):
    """Compute life expectancy at birth per area and period and save it as one batch.

    Parameters
    ----------
    engine
        The store.
    deaths, population
        Indicator codes of deaths (count) and mean population by age (dimension
        ``alder``); each area and period needs the same interval starts, the last
        of which is the open band (85 or 90; the table is abridged or single-year).
    indicator, indicator_name
        Code and name of the life expectancy indicator written.

    Returns
    -------
    jamlik.store.BatchResult
        The batch of computed observations (value, se, 95 % limits, ``open_age_band``,
        suppressed with PHE's reason where the population is too small).

    Raises
    ------
    ArgumentError
        A missing indicator, an age group without a start age, inconsistent ages.
    """
    from jamlik.ingest import check_frame
    from jamlik.stats import life_expectancy
    from jamlik.store import write_batch

    data = _inputs(engine, deaths, population)
    open_band = data.groupby(["area_version", "area_code", "period"])["age_from"].transform("max")
    parts = []
    for band, part in data.groupby(open_band):
        structure = "abridged" if set(part["age_from"]) & {5.0} and 2.0 not in set(
            part["age_from"]) else "single"
        result = life_expectancy(part.assign(age_from=part["age_from"].astype(int)),
                                 area="area_code", sex=None, by=["area_version", "period"],
                                 population="person_years", deaths="deaths",
                                 open_band=int(band), age_structure=structure)
        parts.append(result.assign(open_age_band=int(band)))
    results = pd.concat(parts, ignore_index=True)
    missing = results["value"].isna()
    frame = pd.DataFrame({
        "indicator": indicator, "indicator_name": indicator_name, "unit": "år",
        "polarity": "higher_better", "kind": "life_expectancy", "scale": 1.0,
        "area_version": results["area_version"], "area_code": results["area_code"],
        "period": results["period"], "value": results["value"], "se": results["se"],
        "lower": results["lower"], "upper": results["upper"],
        "confidence": results["confidence"], "suppressed": missing.to_numpy(),
        "suppression_reason": results["reason"].where(missing, None),
        "open_age_band": pd.array(results["open_age_band"], dtype="Int64"),
        "source": results["method"].fillna("Chiang II (PHE)"),
    })
    frame = check_frame(frame, file="livslängdsberäkning")
    content = pd.util.hash_pandas_object(data, index=False).values.tobytes()
    digest = hashlib.sha256(f"life:{indicator}:".encode() + content).hexdigest()
    return write_batch(engine, frame, format="computed", file_hash=digest,
                       source=f"beräknad av jamlik ur {deaths} och {population}")
