"""Place and resources on plain tables: where the next site does most good, access, budgets.

The CLI (and later the web app) reads a file into a table of text cells whose
index is each row's place in the file (spreadsheet row = index + 2); these jobs
check every cell, naming file, row and column, run :mod:`jamlik.place` and
return results that say how they were made.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError, InputError
from jamlik.ingest import parse_numbers
from jamlik.place import (
    access_by_area, allocate, check_coordinates, coverage_by_district, maximal_covering,
    p_median, set_covering,
)

__all__ = ["LOCATION_MODELS", "allocation_table", "location_result", "points_table",
           "access_table"]

LOCATION_MODELS = ("mclp", "lscp", "pmedian")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _row(frame: pd.DataFrame, position: int) -> int:
    return int(frame.index[position]) + 2


def numbers(frame: pd.DataFrame, column: str, *, file: str, minimum: float | None = None,
            optional: bool = False) -> np.ndarray:
    """The cells of ``column`` as numbers (jamlik's one cell parser: decimal comma, group spaces).

    Empty cells are ``nan`` when ``optional``; otherwise, and for any cell that
    is not a number (or is below ``minimum``), InputError names the first.
    """
    cells = frame[column].map(_text)
    values, bad = parse_numbers(cells)
    empty = (cells == "").to_numpy()
    wrong = bad | (~empty & ~np.isfinite(values)) | (empty & (not optional))
    if minimum is not None:
        wrong |= np.isfinite(values) & (values < minimum)
    if wrong.any():
        position = int(np.flatnonzero(wrong)[0])
        expected = "ett tal" if minimum is None else f"ett tal ≥ {minimum:g}"
        raise InputError(f"väntade {expected}, fick {cells.iloc[position]!r}", file=file,
                         row=_row(frame, position), column=column)
    return values


def _require(frame: pd.DataFrame, columns, *, file: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError("saknade kolumner: " + ", ".join(repr(c) for c in missing)
                         + f"; filen har {', '.join(repr(c) for c in frame.columns)}",
                         file=file, row=1)


def _texts(frame: pd.DataFrame, column: str, *, file: str, unique: bool = False) -> np.ndarray:
    values = np.array([_text(cell) for cell in frame[column].tolist()], dtype=object)
    empty = np.flatnonzero(values == "")
    if len(empty):
        raise InputError("väntade ett värde, fick en tom cell", file=file,
                         row=_row(frame, int(empty[0])), column=column)
    if unique:
        seen: dict[str, int] = {}
        for position, value in enumerate(values):
            if value in seen:
                raise InputError(f"id {value!r} finns redan på rad {_row(frame, seen[value])}",
                                 file=file, row=_row(frame, position), column=column)
            seen[value] = position
    return values


def points_table(frame: pd.DataFrame, *, file: str, weight: bool = False,
                 crs: str = "EPSG:3006", extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Checked points: ``id, x, y`` (SWEREF 99 TM metres) [, ``weight``] and optional columns.

    Parameters
    ----------
    frame
        Text cells as read from ``file`` (index = file row − 2).
    weight
        Whether a ``weight`` column (≥ 0) is required.
    crs
        ``EPSG:3006`` (x, y in metres) or ``EPSG:4326`` (x = longitude, y = latitude).
    extra
        Optional columns to keep as text (``district``, ``group``, ``kind``) or,
        for ``capacity``, as numbers ≥ 0.
    """
    required = ("id", "x", "y", "weight") if weight else ("id", "x", "y")
    _require(frame, required, file=file)
    xs = numbers(frame, "x", file=file)
    ys = numbers(frame, "y", file=file)
    xy = check_coordinates(xs, ys, crs=crs, file=file, rows=frame.index.to_numpy() + 2)
    table = pd.DataFrame({"id": _texts(frame, "id", file=file, unique="group" not in frame),
                          "x": xy[:, 0], "y": xy[:, 1]})
    if weight:
        table["weight"] = numbers(frame, "weight", file=file, minimum=0)
    for column in extra:
        if column in frame.columns:
            table[column] = (numbers(frame, column, file=file, minimum=0)
                             if column == "capacity" else _texts(frame, column, file=file))
    return table


def location_result(model: str, demand: pd.DataFrame, candidates: pd.DataFrame,
                    existing: pd.DataFrame | None = None, *, radius: float | None,
                    sites: int | None = None, min_per_district: bool = False,
                    metric=None, time_limit: float | None = None) -> dict:
    """Run a location model on checked tables and describe the answer.

    Returns
    -------
    dict
        ``model, chosen`` (candidate ids), ``covered_weight, total_weight,
        covered_weight_before, status, gap, objective, radius, sites, reason,
        method`` and ``coverage``: per district and group, before and after.
    """
    if model not in LOCATION_MODELS:
        raise ArgumentError(f"modellen måste vara en av {', '.join(LOCATION_MODELS)}, "
                            f"fick {model!r}")
    if min_per_district and "district" not in candidates:
        raise ArgumentError("--min-per-district kräver kolumnen 'district' i kandidatfilen")
    existing = existing if existing is not None else pd.DataFrame(columns=["id", "x", "y"])
    common = dict(
        existing=existing[["x", "y"]].to_numpy(float).reshape(-1, 2),
        candidate_district=candidates["district"].to_numpy() if "district" in candidates
        else None,
        existing_district=existing["district"].to_numpy() if "district" in existing else None,
        min_per_district=min_per_district, metric=metric, time_limit=time_limit)
    xy, weight = demand[["x", "y"]].to_numpy(float), demand["weight"].to_numpy(float)
    candidate_xy = candidates[["x", "y"]].to_numpy(float)
    if model == "mclp":
        placement = maximal_covering(xy, weight, candidate_xy, radius=radius, sites=sites,
                                     **common)
    elif model == "lscp":
        placement = set_covering(xy, candidate_xy, radius=radius, weight=weight, **common)
    else:
        placement = p_median(xy, weight, candidate_xy, sites=sites, radius=radius, **common)
    return _describe(placement, demand, candidates, radius, sites)


def _describe(placement, demand, candidates, radius, sites) -> dict:
    weight = demand["weight"].to_numpy(float)
    coverage = coverage_by_district(
        placement, weight, district=demand["district"] if "district" in demand else None,
        group=demand["group"] if "group" in demand else None)
    solved = placement.status in ("optimal", "time_limit") and placement.reason is None
    return {
        "model": placement.model,
        "chosen": candidates["id"].iloc[placement.chosen].tolist(),
        "covered_weight": (float(weight[placement.covered_after].sum())
                           if solved and radius is not None else None),
        "total_weight": float(weight.sum()),
        "covered_weight_before": float(weight[placement.covered_before].sum()),
        "status": placement.status,
        "gap": float(placement.gap) if np.isfinite(placement.gap) else None,
        "objective": float(placement.objective) if np.isfinite(placement.objective) else None,
        "radius": radius,
        "sites": sites,
        "reason": placement.reason,
        "method": _METHODS[placement.model] + " Löst exakt med HiGHS (highspy); gap = "
                  "relativt optimalitetsgap.",
        "seconds": round(placement.seconds, 3),
        "coverage": coverage,
    }


_METHODS = {
    "mclp": "Maximal täckning (Church & ReVelle 1974): p nya platser som täcker mest vikt "
            "inom radien; befintliga platser ligger fast.",
    "lscp": "Minsta täckande mängd (Toregas m.fl. 1971): färrast nya platser så att alla "
            "punkter har en plats inom radien.",
    "pmedian": "p-median (ReVelle & Swain 1970): p nya platser som minimerar viktat avstånd "
               "till närmaste öppna plats.",
}


def access_table(demand: pd.DataFrame, sites: pd.DataFrame, *, threshold: float,
                 radius: float | None = None, decay: str | None = None,
                 metric=None) -> pd.DataFrame:
    """Access per area, group and kind (see :func:`jamlik.place.access_by_area`)."""
    demand = demand.rename(columns={"district": "area"})
    return access_by_area(demand, sites, threshold=threshold, radius=radius, decay=decay,
                          metric=metric)


def allocation_table(frame: pd.DataFrame, *, file: str, budget: int, alphas: list[float],
                     max_decrease: float | None = None,
                     max_increase: float | None = None) -> pd.DataFrame:
    """Allocate ``budget`` over the areas of a need table, once per ``alpha`` (scenario).

    ``frame`` has ``area, population, need`` and optionally ``floor, cap,
    last_year``. The result has one row per scenario and area, with every
    figure from :func:`jamlik.place.allocate` and a ``scenario`` label.
    """
    _require(frame, ("area", "population", "need"), file=file)
    areas = _texts(frame, "area", file=file, unique=True)
    population = numbers(frame, "population", file=file, minimum=0)
    need = numbers(frame, "need", file=file, minimum=0)
    optional = {column: numbers(frame, column, file=file, minimum=0, optional=True)
                if column in frame.columns else None for column in ("floor", "cap", "last_year")}
    if (max_decrease is not None or max_increase is not None) and optional["last_year"] is None:
        raise InputError("förändringstakt kräver kolumnen 'last_year'", file=file, row=1)
    parts = []
    for alpha in alphas:
        try:
            result = allocate(population, need, budget, alpha=alpha, areas=areas,
                              max_decrease=max_decrease, max_increase=max_increase, **optional)
        except ArgumentError as error:
            raise InputError(str(error), file=file) from error
        result.insert(0, "scenario", f"alpha={alpha:g}")
        parts.append(result)
    table = pd.concat(parts, ignore_index=True)
    table["method"] = ("a = B·[(1−α)·n/Σn + α·n·w/Σ(n·w)]; golv, tak och förändringstakt "
                       "(fixpunkt så att summan blir B); hela kronor med största-resten-"
                       "metoden (lika rest: området som står först)")
    return table
