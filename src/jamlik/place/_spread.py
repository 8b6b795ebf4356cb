"""Demand spread over each area: points drawn inside its boundary, weight shared equally.

One point per area makes every area all near or all far: the share of people
beyond a threshold can only be 0 % or 100 %. Without a finer population layer
(DeSO areas or a population grid; none is stored), the fallback is to draw
points inside each area's boundary, uniformly, as many as the area's population
asks for (one per ``per_point`` persons, at least one and at most
``max_points``), each carrying an equal share of the population. The draw is
rejection sampling in the bounding box with a generator seeded by the area's own
code, so an area's points do not depend on which other areas are drawn, and a
run is repeatable.

Uniform within the boundary assumes people spread evenly inside the area;
large areas with forest or water overstate distances somewhat. Where a better
point is known (a population-weighted centre), it is still the area's point
when only one is drawn.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = ["SPREAD_METHOD", "spread_points"]

SPREAD_METHOD = ("{count} punkter slumpade jämnt inom områdenas gränser, en per {per:g} "
                 "personer (minst 1, högst {most} per område), befolkningen delad lika "
                 "mellan dem; frö {seed}")


def _draw(shape, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` points uniformly inside ``shape`` (rejection in its bounding box)."""
    import shapely

    left, bottom, right, top = shape.bounds
    fill = max(shape.area / max((right - left) * (top - bottom), 1e-12), 1e-3)
    found = np.zeros((0, 2))
    for _ in range(200):  # archipelagos fill little of their box; 200 rounds is plenty
        size = int(np.ceil(1.5 * (count - len(found)) / fill)) + 8
        xy = np.column_stack([rng.uniform(left, right, size), rng.uniform(bottom, top, size)])
        found = np.r_[found, xy[shapely.contains_xy(shape, xy[:, 0], xy[:, 1])]]
        if len(found) >= count:
            return found[:count]
    raise ArgumentError("kunde inte slumpa punkter inom ett område (tom eller ogiltig gräns?)")


def spread_points(areas: pd.DataFrame, shapes: dict, *, per_point: float = 10.0,
                  max_points: int = 100, seed: int = 2026) -> pd.DataFrame:
    """Demand points inside each area, population shared equally among them.

    Parameters
    ----------
    areas : DataFrame
        One row per area: ``id`` (area code), ``x, y`` (its single point, metres)
        and ``weight`` (population ≥ 0); other columns are carried over.
    shapes : dict
        Area code → shapely geometry in SWEREF 99 TM metres. An area without a
        shape keeps its single point.
    per_point : float
        Persons per drawn point.
    max_points : int
        Most points per area.
    seed : int
        Seed; each area's generator is seeded with ``(seed, crc32(code))``.

    Returns
    -------
    DataFrame
        The columns of ``areas``, one row per point: ``id`` is ``code:k``, ``area``
        the area's code, ``x, y`` the point and ``weight`` population / points.
    """
    if per_point <= 0 or int(max_points) < 1:
        raise ArgumentError("per_point måste vara > 0 och max_points ≥ 1")
    parts = []
    for record in areas.to_dict(orient="records"):
        code = str(record["id"])
        weight = float(record["weight"])
        if not np.isfinite(weight) or weight < 0:
            raise ArgumentError(f"befolkningen i område {code} måste vara ett tal ≥ 0")
        count = int(np.clip(round(weight / per_point), 1, int(max_points)))
        shape = shapes.get(code)
        if shape is None or shape.is_empty or count == 1:
            xy = np.array([[record["x"], record["y"]]], dtype=float)
        else:
            rng = np.random.default_rng([int(seed), zlib.crc32(code.encode())])
            xy = _draw(shape, count, rng)
        part = pd.DataFrame([record] * len(xy))
        part["id"] = [f"{code}:{k}" for k in range(len(xy))]
        part["area"] = code
        part["x"], part["y"] = xy[:, 0].round(1), xy[:, 1].round(1)
        part["weight"] = weight / len(xy)
        parts.append(part)
    if not parts:
        return areas.assign(area=areas.get("id"))
    return pd.concat(parts, ignore_index=True)
