"""Indicators from register microdata: one ibis expression per area level, then tidy rows.

The engine aggregates person-years into cells (area × year × every subgroup column) with
conditional sums for every indicator at once: counts of the population and of the
numerator for proportions; count, sum and sum of squares for means. Everything after that
(pooling years, totals and breakdowns, estimates and standard errors, disclosure control)
works on those cells in pandas, identically whatever the engine.
"""

from __future__ import annotations

from functools import reduce

import numpy as np
import pandas as pd

from jamlik.errors import InputError
from jamlik.stats import PRIMARY, SECONDARY, primary_suppression, secondary_suppression

from ._definitions import Condition, Definitions, IndicatorDefinition

__all__ = ["aggregate_cells", "compute_indicators", "indicator_rows"]

TOTAL = "total"


def _condition(table, condition: Condition):
    column = (table.year - table.birth_year) if condition.column == "age" else table[condition.column]
    if condition.values is not None:
        return column.isin(list(condition.values))
    tests = []
    if condition.low is not None:
        tests.append(column >= condition.low)
    if condition.high is not None:
        tests.append(column <= condition.high)
    return reduce(lambda left, right: left & right, tests) if tests else column.notnull()


def _all(table, conditions) -> object:
    return reduce(lambda left, right: left & right, (_condition(table, c) for c in conditions))


def check_columns(table, definitions: Definitions, *, file: str | None) -> None:
    """Every column the definitions read exists in the persons file."""
    have = set(table.columns)
    missing = sorted(definitions.columns() - have)
    if missing:
        raise InputError(f"kolumnen {missing[0]!r} saknas; definitionerna behöver "
                         f"{', '.join(sorted(definitions.columns()))}", file=file, row=1,
                         column=missing[0])


def aggregate_cells(table, definitions: Definitions, level: str):
    """The ibis expression that aggregates every indicator of ``level`` in one pass."""
    area = definitions.areas[level]
    indicators = [i for i in definitions.indicators if level in i.areas]
    keys = [table[area.column].cast("string").name("area"), table.year.name("year")]
    keys += [table[group.column].cast("string").name(f"g_{name}")
             for name, group in definitions.subgroups.items()]
    metrics = {}
    for indicator in indicators:
        population = _all(table, indicator.population)
        if indicator.kind == "proportion":
            counted = population & _all(table, indicator.numerator)
            metrics[f"{indicator.code}__n"] = population.ifelse(1, 0).sum()
            metrics[f"{indicator.code}__k"] = counted.ifelse(1, 0).sum()
        else:
            value = table[indicator.mean].cast("float64")
            known = population & value.notnull()
            metrics[f"{indicator.code}__n"] = known.ifelse(1, 0).sum()
            metrics[f"{indicator.code}__s"] = known.ifelse(value, 0.0).sum()
            metrics[f"{indicator.code}__q"] = known.ifelse(value * value, 0.0).sum()
    return table.group_by(keys).aggregate(**metrics)


def _periods(years: pd.Series, pool: int) -> pd.Series:
    """Non-overlapping blocks of ``pool`` years ending at the last year; incomplete
    leading blocks are dropped (NaN), so every period pools the same number of years."""
    years = years.astype(int)
    if pool == 1:
        return years.astype(str)
    last = years.max()
    block = (last - years) // pool
    first_year = years.min()
    end = last - block * pool
    start = end - pool + 1
    label = start.astype(str) + "-" + end.astype(str)
    return label.where(start >= first_year)


def indicator_rows(cells: pd.DataFrame, definitions: Definitions, level: str,
                   indicator: IndicatorDefinition) -> pd.DataFrame:
    """Tidy rows (total and one breakdown per ``by``) of one indicator at one level."""
    columns = [c for c in cells.columns if c.startswith(f"{indicator.code}__")]
    frame = cells[["area", "year", *[f"g_{n}" for n in definitions.subgroups], *columns]].copy()
    frame.columns = [c.split("__", 1)[1] if c.startswith(f"{indicator.code}__") else c
                     for c in frame.columns]
    frame["period"] = _periods(frame["year"], indicator.pool_years)
    frame = frame[frame["period"].notna()]
    sums = [c for c in ("n", "k", "s", "q") if c in frame.columns]
    pieces = [frame.groupby(["area", "period"], as_index=False)[sums].sum().assign(
        dimension=TOTAL, subgroup=TOTAL, subgroup_name=None, dimension_name=None)]
    for name in indicator.by:
        group = definitions.subgroups[name]
        part = frame.groupby(["area", "period", f"g_{name}"], as_index=False)[sums].sum()
        known = {str(key): value for key, value in group.values.items()}
        unknown = sorted(set(part[f"g_{name}"].dropna()) - set(known))
        if unknown:
            raise InputError(f"kolumnen {group.column!r} har värdet {unknown[0]!r} som "
                             f"definitionerna inte känner (kända: {', '.join(known)})",
                             column=group.column)
        part = part[part[f"g_{name}"].notna()]
        values = part.pop(f"g_{name}")
        pieces.append(part.assign(
            dimension=name, dimension_name=group.name,
            subgroup=values.map({key: code for key, (code, _) in known.items()}),
            subgroup_name=values.map({key: text for key, (_, text) in known.items()})))
    rows = pd.concat(pieces, ignore_index=True)
    return _estimates(rows[rows["n"] > 0].reset_index(drop=True), definitions, level, indicator)


def _estimates(rows: pd.DataFrame, definitions, level, indicator) -> pd.DataFrame:
    area = definitions.areas[level]
    n = rows["n"].to_numpy(float)
    if indicator.kind == "proportion":
        k = rows["k"].to_numpy(float)
        share = k / n
        value, se = share * indicator.scale, np.sqrt(share * (1 - share) / n) * indicator.scale
        numerator, denominator = k, n
    else:
        mean = rows["s"].to_numpy(float) / n
        variance = np.where(n > 1, (rows["q"].to_numpy(float) - n * mean ** 2) / np.maximum(n - 1, 1),
                            np.nan)
        value, se = mean, np.sqrt(np.maximum(variance, 0) / n)
        numerator, denominator = np.full(len(n), np.nan), np.full(len(n), np.nan)
    return pd.DataFrame({
        "indicator": indicator.code, "indicator_name": indicator.name,
        "indicator_name_en": indicator.name_en, "unit": indicator.unit, "scale": indicator.scale,
        "polarity": indicator.polarity, "kind": indicator.kind,
        "indicator_source": definitions.source,
        "area_code": rows["area"].astype(str), "area_version": area.version,
        "area_level": area.level, "period": rows["period"].astype(str),
        "dimension": rows["dimension"], "dimension_name": rows["dimension_name"],
        "subgroup": rows["subgroup"], "subgroup_name": rows["subgroup_name"],
        "value": value, "numerator": numerator, "denominator": denominator, "se": se,
        "population": n, "suppressed": False, "suppression_reason": None,
        "source": f"{definitions.source}, {indicator.code}",
    })


def _relations(rows: pd.DataFrame, definitions: Definitions) -> pd.DataFrame:
    """Additive relations: a total and its subgroups; a municipality and its areas.

    Returns the memberships (``relation``, ``cell``, ``role``) that
    :func:`jamlik.stats.secondary_suppression` takes; ``cell`` is a row position.
    """
    cell = np.arange(len(rows))
    place = ["indicator", "area_level", "area_code", "period"]
    is_total = (rows["dimension"] == TOTAL).to_numpy()
    # Subgroups of a dimension add up to the total of the same indicator, area and period.
    relation = rows.groupby([*place, "dimension"], sort=False).ngroup().to_numpy()
    place_id = rows.groupby(place, sort=False).ngroup().to_numpy()
    total_of_place = pd.Series(cell[is_total], index=place_id[is_total])
    parts = pd.DataFrame({"relation": relation[~is_total], "cell": cell[~is_total],
                          "role": "part"})
    first = parts.drop_duplicates("relation")
    totals = pd.DataFrame({"relation": first["relation"].to_numpy(),
                           "cell": total_of_place.reindex(place_id[first["cell"]]).to_numpy(),
                           "role": "total"}).dropna()
    frames = [parts, totals.astype({"cell": int})]
    offset = relation.max() + 1 if len(relation) else 0
    if any(area.level == "kommun" for area in definitions.areas.values()):
        # Lower levels add up to their municipality (a RegSO/DeSO code starts with it).
        parent = np.where(rows["area_level"] == "kommun", rows["area_code"],
                          rows["area_code"].str[:4])
        keyed = rows.assign(_parent=parent)
        same = ["indicator", "period", "dimension", "subgroup", "_parent"]
        inner = (rows["area_level"] != "kommun").to_numpy()
        group = keyed[inner].groupby([*same, "area_level"], sort=False).ngroup().to_numpy()
        frames.append(pd.DataFrame({"relation": group + offset, "cell": cell[inner],
                                    "role": "part"}))
        tops = keyed[~inner].set_index(same).index
        firsts = keyed[inner].assign(_relation=group).drop_duplicates("_relation")
        where = tops.get_indexer(firsts.set_index(same).index)
        found = where >= 0
        frames.append(pd.DataFrame({"relation": firsts["_relation"].to_numpy()[found] + offset,
                                    "cell": cell[~inner][where[found]], "role": "total"}))
    return pd.concat(frames, ignore_index=True)


def _disclose(rows: pd.DataFrame, definitions: Definitions) -> pd.DataFrame:
    k = definitions.min_count
    n = rows["population"].to_numpy(float)
    numerator = rows["numerator"].to_numpy(float)
    proportion = (rows["kind"] == "proportion").to_numpy()
    primary = primary_suppression(n, min_count=k)
    primary |= proportion & primary_suppression(np.nan_to_num(numerator), min_count=k,
                                                complements=np.nan_to_num(n - numerator))
    pattern = secondary_suppression(_relations(rows, definitions), n, primary)
    rows = rows.copy()
    rows.loc[pattern, ["value", "numerator", "denominator", "se", "population"]] = np.nan
    rows["suppressed"] = pattern
    rows.loc[primary, "suppression_reason"] = PRIMARY.format(k=k)
    rows.loc[pattern & ~primary, "suppression_reason"] = SECONDARY
    return rows


def compute_indicators(table, definitions: Definitions, *, file: str | None = None,
                       progress=None) -> pd.DataFrame:
    """Every indicator of ``definitions`` from the persons ``table`` (an ibis table).

    Returns jamlik's long format (one row per indicator, area, period and subgroup) with
    numerators, denominators (persons or person-years when years are pooled), standard
    errors, and disclosure control applied: withheld cells have no value and say why.
    """
    check_columns(table, definitions, file=file)
    pieces = []
    for level in definitions.areas:
        if not any(level in indicator.areas for indicator in definitions.indicators):
            continue
        cells = aggregate_cells(table, definitions, level).to_pandas()
        for indicator in definitions.indicators:
            if level in indicator.areas:
                pieces.append(indicator_rows(cells, definitions, level, indicator))
        if progress is not None:
            progress(level)
    rows = pd.concat(pieces, ignore_index=True)
    rows = rows.sort_values(["indicator", "area_level", "area_code", "period", "dimension",
                             "subgroup"], kind="stable").reset_index(drop=True)
    return _disclose(rows, definitions)
