"""The map's shapes: read once per area version, served as one cached, simplified file.

An indicator page used to carry the shapes of every sub-area inside its map
(hundreds of kilobytes on every page, for every indicator and period). Now:

- :class:`AreaShapes` holds one setting's sub-areas of one area version, read
  from the store once and kept while the boundaries are the same (keyed by a
  digest of their content, so an import of values does not read or compute them
  again). It knows each area's bounding box, size and centroid, so the page's
  view (fitted to where people live, :func:`jamlik.web._geo.populated_extent`) and
  the flagged areas' symbols are computed in Python without sending a shape.
- :func:`geojson` is the file the map fetches, ``/geometri/{version}/{setting}/
  {zoom}.geojson``: the shapes simplified for a zoom level, with a tag of the
  content that is both the ``ETag`` and part of the page's address for it, so
  a browser keeps it for a year and fetches it once for every indicator page.

Zoom and tolerance: the map is 460 pixels high and at most :data:`MAP_WIDTH`
wide. A view spanning ``w`` degrees of longitude and ``h`` of latitude is drawn
(Mercator) at ``max(w / MAP_WIDTH, h / cos(lat) / MAP_HEIGHT)`` degrees of
longitude per pixel; the zoom is the web-map zoom ``z`` at which one 256-pixel
tile spans ``360 / 2**z`` degrees and a pixel is at least that fine, and the
tolerance is half a pixel of latitude at 60° N (:func:`tolerance`): the
simplification moves no boundary by more than about half a screen pixel.
Göteborg fitted to where people live is zoom 11 (tolerance 0.00017°, about
19 m north-south), the whole municipality zoom 10 (0.00034°). The demo's SCB
boundaries (4,682 points for Göteborg's 147 RegSO) are already about that coarse,
so their files shrink little; finer boundaries shrink by the zoom.

Simplification: the areas are simplified together as a coverage
(:func:`shapely.coverage_simplify`, GEOS's CoverageSimplifier, Visvalingam-Whyatt
on the shared edges) so neighbours keep one common boundary with no gaps or
overlaps; an area never disappears; outer rings are clockwise, as d3-geo (Vega's
maps) reads them.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from . import _geo

__all__ = ["MAP_HEIGHT", "MAP_WIDTH", "AreaShapes", "geojson", "shapes_of", "tolerance",
           "zoom_for"]

MAP_HEIGHT = 460  # the map's height in pixels (jamlik.web._charts.choropleth)
MAP_WIDTH = 1120  # the widest the page's main column draws it (72rem less padding)
DIGITS = 4  # decimals of the page's shapes before simplification (about 11 m)
_KEPT = 64  # shape sets and files kept in memory
_LOCK = threading.Lock()
_SHAPES: OrderedDict = OrderedDict()
_FILES: OrderedDict = OrderedDict()


def _round(coordinates, digits: int = DIGITS):
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(c, digits) for c in coordinates]
    return [_round(part, digits) for part in coordinates]


@dataclass
class AreaShapes:
    """The sub-areas of one setting in one area version, with what the page needs of them.

    ``geometry`` holds the shapes rounded to :data:`DIGITS` decimals (the page's
    shapes before this module existed, so the fitted view and the symbols are the
    same); ``digest`` names the content.
    """

    version: str
    codes: list[str]
    names: dict[str, str]
    geometry: dict[str, dict]
    digest: str
    sizes: dict[str, float] = field(default_factory=dict)
    boxes: dict[str, list[list[float]]] = field(default_factory=dict)
    centroids: dict[str, tuple[float, float] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for code, shape in self.geometry.items():
            self.sizes[code] = _geo.size(shape)
            self.boxes[code] = _geo.extent([shape])
            self.centroids[code] = _geo.centroid(shape)

    def extent(self, codes=None) -> list[list[float]] | None:
        """``[[west, south], [east, north]]`` of the areas ``codes`` (default: all)."""
        return _geo.box_extent([self.boxes[c] for c in (self.codes if codes is None else codes)
                                if self.boxes.get(c)])

    def populated_extent(self, population: dict) -> list[list[float]] | None:
        """:func:`jamlik.web._geo.populated_extent` with the sizes computed once."""
        return _geo.populated_extent(self.geometry, population, sizes=self.sizes,
                                     boxes=self.boxes)


def shapes_of(areas) -> dict[str, AreaShapes]:
    """The shapes of a setting's sub-areas per area version (areas without a shape left out).

    ``areas`` is :func:`jamlik.web._data.sub_areas`'s frame (``code``, ``name``,
    ``version``, ``geometry``). Unchanged boundaries are not computed again.
    """
    found: dict[str, AreaShapes] = {}
    shaped = areas[areas["geometry"].notna()] if len(areas) else areas
    for version, part in (shaped.groupby("version", sort=True) if len(shaped) else ()):
        given = json.dumps([version, *zip(part["code"], part["name"], part["geometry"])],
                           sort_keys=True, default=str).encode("utf-8")
        digest = hashlib.sha256(given).hexdigest()[:16]
        with _LOCK:
            kept = _SHAPES.get(digest)
            if kept is not None:
                _SHAPES.move_to_end(digest)
        if kept is None:
            kept = AreaShapes(
                str(version), list(part["code"]), dict(zip(part["code"], part["name"])),
                {c: {**g, "coordinates": _round(g["coordinates"])}
                 for c, g in zip(part["code"], part["geometry"]) if g.get("coordinates")},
                digest)
            _keep(_SHAPES, digest, kept)
        found[str(version)] = kept
    return found


def _keep(store: OrderedDict, key, value) -> None:
    with _LOCK:
        store[key] = value
        while len(store) > _KEPT:
            store.popitem(last=False)


def zoom_for(bounds: list[list[float]] | None) -> int:
    """The web-map zoom at which the map draws ``bounds`` (see the module's note)."""
    if not bounds:
        return 10
    (west, south), (east, north) = bounds
    latitude = math.radians((south + north) / 2)
    per_pixel = max((east - west) / MAP_WIDTH,
                    (north - south) / max(math.cos(latitude), 0.1) / MAP_HEIGHT, 1e-9)
    return int(min(max(math.ceil(math.log2(360 / 256 / per_pixel)), 4), 18))


def tolerance(zoom: int) -> float:
    """Half a pixel of latitude at 60° N at ``zoom``, in degrees."""
    return 360 / 256 / 2 ** zoom * math.cos(math.radians(60)) / 2


def geojson(shapes: AreaShapes, zoom: int) -> tuple[bytes, str]:
    """The simplified GeoJSON FeatureCollection of ``shapes`` at ``zoom`` and its tag.

    Each feature's properties are ``code`` and ``name``; the tag is 16 hex digits
    of the body's SHA-256.
    """
    key = (shapes.digest, zoom)
    with _LOCK:
        found = _FILES.get(key)
    if found is not None:
        return found
    import shapely

    codes = [c for c in shapes.codes if c in shapes.geometry]
    source = shapely.from_geojson([json.dumps(shapes.geometry[c]) for c in codes])
    step = tolerance(zoom)
    polygonal = np.isin(shapely.get_type_id(source), (3, 6))
    simple = source.copy()
    if polygonal.any():
        try:
            simple[polygonal] = shapely.coverage_simplify(source[polygonal], step)
        except shapely.errors.GEOSException:  # not a clean coverage: one by one
            simple[polygonal] = shapely.simplify(source[polygonal], step, preserve_topology=True)
    digits = max(DIGITS, math.ceil(-math.log10(step)))  # rounding moves less than step
    simple = shapely.set_precision(simple, 10.0 ** -digits)
    lost = shapely.is_empty(simple) | shapely.is_missing(simple)
    simple[lost] = source[lost]  # a tiny island is drawn as it is, never dropped
    simple = shapely.orient_polygons(simple, exterior_cw=True)
    features = [{"type": "Feature", "properties": {"code": c, "name": shapes.names.get(c)},
                 "geometry": json.loads(shapely.to_geojson(s))} for c, s in zip(codes, simple)]
    body = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    found = (body, hashlib.sha256(body).hexdigest()[:16])
    _keep(_FILES, key, found)
    return found
