"""Where a map looks: the extent of the areas where people live, and a point per area.

Göteborg's southern archipelago is one RegSO of 500 km² (half the municipality's
area) and under 1 % of its people; fitting the map to every area shrinks the city's
districts into a corner of a map of sea. :func:`populated_extent` fits the view to
the areas that hold 99 % of the population, dropping the most sparsely peopled ones
from the *extent* only: they are still drawn (cut at the frame), listed in the
table, and the page offers the whole municipality.

Coordinates are longitude/latitude (GeoJSON); areas are computed on the plane
with the longitude scaled by cos(latitude), plenty for comparing densities.
"""

from __future__ import annotations

import math

__all__ = ["POPULATED_SHARE", "box_extent", "centroid", "extent", "populated_extent", "size"]

POPULATED_SHARE = 0.99  # the extent holds the areas with this share of the population


def _polygons(geometry: dict) -> list[list]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _ring_area_centre(ring: list) -> tuple[float, float, float]:
    """Signed area (degrees², longitude scaled) and centroid of one ring (shoelace)."""
    if len(ring) < 3:
        return 0.0, 0.0, 0.0
    scale = math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = (x0 * scale) * y1 - (x1 * scale) * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    return area / 2, cx / (3 * area), cy / (3 * area)


def size(geometry: dict) -> float:
    """The area of a (multi)polygon in square degrees, longitude scaled by cos(latitude)."""
    total = 0.0
    for polygon in _polygons(geometry):
        outer = abs(_ring_area_centre([list(p[:2]) for p in polygon[0]])[0])
        holes = sum(abs(_ring_area_centre([list(p[:2]) for p in r])[0]) for r in polygon[1:])
        total += outer - holes
    return total


def centroid(geometry: dict) -> tuple[float, float] | None:
    """(longitude, latitude) of the centroid of the largest polygon's outer ring."""
    best = None
    for polygon in _polygons(geometry):
        area, x, y = _ring_area_centre([list(p[:2]) for p in polygon[0]])
        if best is None or abs(area) > best[0]:
            best = (abs(area), x, y)
    return (best[1], best[2]) if best else None


def extent(geometries: list[dict]) -> list[list[float]] | None:
    """``[[west, south], [east, north]]`` of the geometries, or None."""
    xs, ys = [], []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            for ring in polygon:
                xs += [p[0] for p in ring]
                ys += [p[1] for p in ring]
    return [[min(xs), min(ys)], [max(xs), max(ys)]] if xs else None


def populated_extent(geometries: dict[str, dict], population: dict[str, float], *,
                     share: float = POPULATED_SHARE, sizes: dict[str, float] | None = None,
                     boxes: dict[str, list[list[float]]] | None = None
                     ) -> list[list[float]] | None:
    """The extent of the densest areas that together hold ``share`` of the population.

    Parameters
    ----------
    geometries
        GeoJSON geometry per area code.
    population
        Inhabitants per area code; areas without a number keep their place in the
        extent (nothing is dropped on a guess).
    share
        The share of the population whose areas the extent must hold (0.99).
    sizes, boxes
        :func:`size` and :func:`extent` of each area when already known (a web page's
        shapes are measured once per area version).

    Returns
    -------
    list or None
        ``[[west, south], [east, north]]``; the extent of every area when no area
        has a population.
    """
    known = {code: float(population[code]) for code in geometries
             if population.get(code) is not None and population[code] == population[code]
             and population[code] > 0}
    total = sum(known.values())
    if not known or total <= 0:
        return _extent_of(geometries, list(geometries), boxes)
    area = (lambda code: sizes[code]) if sizes is not None else (
        lambda code: size(geometries[code]))
    density = {code: known[code] / max(area(code), 1e-12) for code in known}
    dropped, left = set(), total
    for code in sorted(known, key=lambda c: density[c]):  # the sparsest first
        if (left - known[code]) / total < share:
            break
        dropped.add(code)
        left -= known[code]
    return _extent_of(geometries, [code for code in geometries if code not in dropped], boxes)


def _extent_of(geometries: dict[str, dict], codes: list[str],
               boxes: dict[str, list[list[float]]] | None) -> list[list[float]] | None:
    if boxes is None:
        return extent([geometries[code] for code in codes])
    return box_extent([boxes[code] for code in codes if boxes.get(code)])


def box_extent(boxes: list[list[list[float]]]) -> list[list[float]] | None:
    """The extent of extents (``[[west, south], [east, north]]`` each), or None."""
    if not boxes:
        return None
    return [[min(b[0][0] for b in boxes), min(b[0][1] for b in boxes)],
            [max(b[1][0] for b in boxes), max(b[1][1] for b in boxes)]]
