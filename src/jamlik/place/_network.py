"""Network distance along roads and paths that the user supplies, read locally.

A network is a set of lines (an OpenStreetMap extract or an NVDB file saved as
GeoJSON or GeoPackage). Every vertex becomes a node; vertices closer than
``precision`` metres are the same node, which joins lines that share an end.
Each segment is an undirected edge weighted by its length. A point is snapped
to its nearest node and the straight line to it is added, so that the distance
from a point ``o`` to a site ``t`` is::

    snap(o) + shortest path(node(o), node(t)) + snap(t)

Shortest paths use Dijkstra's algorithm (:func:`scipy.sparse.csgraph.dijkstra`)
from the sites' nodes, limited to the radius when one is given, in chunks so
that memory stays at ``chunk × nodes``. Nothing is downloaded.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

from jamlik.errors import ArgumentError, InputError

from ._coords import SWEREF99TM, WGS84, _to_sweref
from ._distance import Pairs, _points, _radius

__all__ = ["Network", "read_network"]

_CHUNK = 32


class Network:
    """A road or path network for network distances (metres, SWEREF 99 TM).

    Parameters
    ----------
    lines
        Sequence of arrays of shape ``(k, 2)``, ``k ≥ 2``: the vertices of each
        line in SWEREF 99 TM metres.
    max_snap
        Largest allowed distance in metres from a point to its nearest node;
        a point farther away raises ArgumentError. ``None`` allows any.
    precision
        Vertices closer than this (metres) are joined into one node.
    """

    name = "network"

    def __init__(self, lines, *, max_snap: float | None = None, precision: float = 0.01):
        arrays = [np.asarray(line, dtype=float) for line in lines]
        arrays = [line for line in arrays if line.ndim == 2 and len(line) >= 2]
        if not arrays:
            raise ArgumentError("nätverket har inga linjer med minst två punkter")
        vertices = np.concatenate(arrays)
        keys = np.round(vertices / precision).astype(np.int64)
        _, first, node_of = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        node_of = node_of.ravel()
        self.nodes = vertices[first]
        ends = np.cumsum([len(line) for line in arrays])
        starts = np.arange(len(vertices) - 1)
        starts = starts[~np.isin(starts + 1, ends)]  # no edge from a line's end to the next line
        u, v = node_of[starts], node_of[starts + 1]
        length = np.sqrt(((vertices[starts] - vertices[starts + 1]) ** 2).sum(axis=1))
        self.graph = _undirected(u, v, length, len(self.nodes))
        self.max_snap = max_snap
        self._tree = cKDTree(self.nodes)

    def snap(self, points, name: str = "points") -> tuple[np.ndarray, np.ndarray]:
        """Each point's nearest node and the straight-line distance to it."""
        array = _points(points, name)
        distance, node = self._tree.query(array, k=1)
        if self.max_snap is not None and len(array) and (distance > self.max_snap).any():
            i = int(np.flatnonzero(distance > self.max_snap)[0])
            raise ArgumentError(
                f"{name}[{i}] ligger {distance[i]:.0f} m från närmaste nod i nätverket "
                f"(högst {self.max_snap:g} m tillåts)"
            )
        return np.asarray(node, dtype=np.int64), np.asarray(distance, dtype=float)

    def _chunks(self, destinations, limit: float):
        """Yield (destination positions, distances from their nodes to every node)."""
        node_t, snap_t = self.snap(destinations, "destinations")
        for start in range(0, len(node_t), _CHUNK):
            index = np.arange(start, min(start + _CHUNK, len(node_t)))
            reach = csgraph.dijkstra(self.graph, directed=False, indices=node_t[index],
                                     limit=limit)
            yield index, reach + snap_t[index, None]

    def matrix(self, origins, destinations) -> np.ndarray:
        """Full ``(n, m)`` network distances (``inf`` where unreachable)."""
        node_o, snap_o = self.snap(origins, "origins")
        result = np.full((len(node_o), len(_points(destinations, "destinations"))), np.inf)
        for index, reach in self._chunks(destinations, np.inf):
            result[:, index] = (reach[:, node_o] + snap_o[None, :]).T
        return result

    def pairs(self, origins, destinations, radius: float) -> Pairs:
        """Pairs whose network distance is at most ``radius`` metres."""
        radius = _radius(radius)
        node_o, snap_o = self.snap(origins, "origins")
        parts_o, parts_t, parts_d = [], [], []
        for index, reach in self._chunks(destinations, radius):
            total = reach[:, node_o] + snap_o[None, :]
            rows, cols = np.nonzero(total <= radius)
            parts_o.append(cols)
            parts_t.append(index[rows])
            parts_d.append(total[rows, cols])
        shape = (len(node_o), len(_points(destinations, "destinations")))
        if not parts_o:
            empty = np.zeros(0, dtype=np.int64)
            return Pairs(empty, empty, np.zeros(0), shape, radius)
        return Pairs(np.concatenate(parts_o).astype(np.int64),
                     np.concatenate(parts_t).astype(np.int64), np.concatenate(parts_d),
                     shape, radius)

    def nearest(self, origins, destinations) -> tuple[np.ndarray, np.ndarray]:
        """Each origin's network distance to, and position of, its nearest destination."""
        node_o, snap_o = self.snap(origins, "origins")
        best = np.full(len(node_o), np.inf)
        which = np.full(len(node_o), -1, dtype=np.int64)
        for index, reach in self._chunks(destinations, np.inf):
            total = reach[:, node_o] + snap_o[None, :]
            row = np.argmin(total, axis=0)
            value = total[row, np.arange(len(node_o))]
            better = value < best
            best[better] = value[better]
            which[better] = index[row[better]]
        return best, which


def _undirected(u, v, length, size: int) -> sparse.csr_array:
    """A symmetric graph keeping the shortest of parallel edges (csr would add them)."""
    keep = u != v
    u, v, length = u[keep], v[keep], length[keep]
    low, high = np.minimum(u, v), np.maximum(u, v)
    order = np.lexsort((length, high, low))
    low, high, length = low[order], high[order], length[order]
    first = np.ones(len(low), dtype=bool)
    first[1:] = (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    low, high, length = low[first], high[first], length[first]
    return sparse.csr_array((length, (low, high)), shape=(size, size))


def read_network(path: str | Path, *, crs: str | None = None,
                 max_snap: float | None = None) -> Network:
    """Read a network of lines from a GeoJSON or GeoPackage file.

    Parameters
    ----------
    path
        ``.geojson``/``.json`` (LineString and MultiLineString features; WGS84
        as RFC 7946 prescribes, unless a ``crs`` member names EPSG:3006) or
        ``.gpkg`` (the first feature table with line geometries).
    crs
        Override the reference system found in the file.
    max_snap
        See :class:`Network`.

    Raises
    ------
    jamlik.errors.InputError
        When the file cannot be read or holds no lines.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("filen finns inte", file=str(path))
    if path.suffix.lower() == ".gpkg":
        lines, found = _read_gpkg(path)
    else:
        lines, found = _read_geojson(path)
    system = crs or found
    if system == WGS84:
        lines = [_to_sweref(line[:, 0], line[:, 1]) for line in lines]
    if not lines:
        raise InputError("väntade linjer (LineString), hittade inga", file=str(path))
    return Network(lines, max_snap=max_snap)


def _read_geojson(path: Path) -> tuple[list[np.ndarray], str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"väntade GeoJSON, kunde inte läsa filen ({error})",
                         file=str(path)) from error
    name = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
    system = SWEREF99TM if "3006" in name else WGS84
    lines = []
    for number, feature in enumerate(data.get("features", [])):
        geometry = feature.get("geometry") or {}
        kind, coords = geometry.get("type"), geometry.get("coordinates")
        try:
            if kind == "LineString":
                lines.append(np.asarray(coords, dtype=float)[:, :2])
            elif kind == "MultiLineString":
                lines.extend(np.asarray(part, dtype=float)[:, :2] for part in coords)
        except (TypeError, ValueError, IndexError) as error:
            raise InputError(f"ogiltiga koordinater ({error})", file=str(path),
                             row=f"features[{number}]") from error
    return lines, system


def _read_gpkg(path: Path) -> tuple[list[np.ndarray], str]:
    import shapely

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            table, column, srs = db.execute(
                "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns "
                "WHERE upper(geometry_type_name) LIKE '%LINESTRING%' OR "
                "upper(geometry_type_name) = 'GEOMETRY' LIMIT 1").fetchone()
            blobs = [row[0] for row in db.execute(f'SELECT "{column}" FROM "{table}"')]
    except (sqlite3.Error, TypeError) as error:
        raise InputError(f"väntade en GeoPackage med en linjetabell ({error})",
                         file=str(path)) from error
    lines = []
    for blob in blobs:
        if blob is None:
            continue
        geometry = shapely.from_wkb(_gpkg_wkb(blob))
        for part in getattr(geometry, "geoms", [geometry]):
            if part.geom_type == "LineString":
                lines.append(np.asarray(part.coords, dtype=float)[:, :2])
    return lines, SWEREF99TM if srs == 3006 else WGS84


def _gpkg_wkb(blob: bytes) -> bytes:
    """The WKB inside a GeoPackage geometry blob (header: magic, flags, srs, envelope)."""
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0b111, 0)
    return bytes(blob[8 + envelope:])
