"""The map's geometry as one cached, simplified GeoJSON file per setting and area version.

An indicator page used to embed the geometry of every sub-area in its chart
(about 250 KB on every page, for every indicator and period). The page now
names a file, ``/geometri/{version}/{setting}.geojson?v={tag}``, which the
browser fetches once and keeps: its address carries a tag of its content, so a
new area version or new boundaries give a new address, and the answer may be
kept for a year (``immutable``); an ``ETag`` answers a revalidation with 304.

Simplification: the areas are simplified together as a coverage
(:func:`shapely.coverage_simplify`, GEOS's CoverageSimplifier, a
Visvalingam–Whyatt simplification of the shared edges), so that neighbouring
areas keep their common boundary and no gaps or overlaps appear; every area
keeps its holes and at least its own ring. The tolerance,
:data:`TOLERANCE` = 0.0005 degrees, is about 55 m north–south and 30 m east–west
at Swedish latitudes: less than one screen pixel of a city map 460 pixels high
(a pixel covers about 100 m of a 40–50 km wide municipality). Coordinates are
then rounded to :data:`DIGITS` = 4 decimals (about 11 m).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter, OrderedDict

import numpy as np
import shapely

__all__ = ["DIGITS", "TOLERANCE", "map_geometry"]

#: simplification tolerance in degrees (WGS 84 longitude/latitude, as stored)
TOLERANCE = 0.0005
#: decimals kept of each coordinate (four decimals are about 11 m)
DIGITS = 4
_DONE: OrderedDict = OrderedDict()  # digest of the shapes given -> the file
_LOCK = threading.Lock()


def map_geometry(areas) -> dict:
    """The simplified GeoJSON of the sub-areas that have a geometry, with its tag.

    Parameters
    ----------
    areas : pandas.DataFrame
        The sub-areas of one setting: ``code``, ``name``, ``version`` and
        ``geometry`` (a GeoJSON geometry mapping or None), as
        :func:`jamlik.web._data.sub_areas` returns them.

    Returns
    -------
    dict
        ``version`` (the area version shown: the one with the most areas with a
        geometry, None when no area has one), ``codes`` (the area codes in the
        file, in order), ``body`` (the UTF-8 GeoJSON FeatureCollection; each
        feature's properties hold ``code`` and ``name``) and ``tag`` (16 hex
        digits of the body's SHA-256, used as ETag and in the address).
    """
    shaped = areas[areas["geometry"].notna()]
    if shaped.empty:
        return {"version": None, "codes": [], "body": b"", "tag": ""}
    version = Counter(shaped["version"]).most_common(1)[0][0]
    shaped = shaped[shaped["version"] == version]
    # the same shapes (an import of values changes none) are simplified once
    given = json.dumps([version, *zip(shaped["code"], shaped["name"], shaped["geometry"])],
                       sort_keys=True, default=str).encode("utf-8")
    key = hashlib.sha256(given).digest()
    with _LOCK:
        if key in _DONE:
            _DONE.move_to_end(key)
            return _DONE[key]
    found = _simplified(shaped, version)
    with _LOCK:
        _DONE[key] = found
        while len(_DONE) > 32:
            _DONE.popitem(last=False)
    return found


def _simplified(shaped, version) -> dict:
    shapes = shapely.from_geojson([json.dumps(g) for g in shaped["geometry"]])
    polygonal = np.isin(shapely.get_type_id(shapes), (3, 6))  # (multi)polygons: a coverage
    simplified = shapes.copy()
    if polygonal.any():
        simplified[polygonal] = shapely.coverage_simplify(shapes[polygonal], TOLERANCE)
    simplified = shapely.set_precision(simplified, 10.0 ** -DIGITS)
    lost = shapely.is_empty(simplified) | shapely.is_missing(simplified)
    if lost.any():  # never lose an area (a tiny island) to rounding
        simplified[lost] = shapely.set_precision(shapes[lost], 10.0 ** -DIGITS, mode="pointwise")
    # d3-geo (Vega's maps) reads a clockwise outer ring as the area itself, a
    # counter-clockwise one as the whole globe except the area
    simplified = shapely.orient_polygons(simplified, exterior_cw=True)
    features = [{"type": "Feature", "properties": {"code": code, "name": name},
                 "geometry": json.loads(shapely.to_geojson(shape))}
                for code, name, shape in zip(shaped["code"], shaped["name"], simplified)]
    body = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return {"version": version, "codes": list(shaped["code"]), "body": body,
            "tag": hashlib.sha256(body).hexdigest()[:16]}
