"""One distance-matrix interface: straight line in SWEREF 99 TM, or along a network.

Every metric answers the same three questions about origins (demand points)
and destinations (sites), both arrays of shape ``(n, 2)`` in metres:

``matrix(origins, destinations)``
    the full ``(n, m)`` array of distances, for small problems;
``pairs(origins, destinations, radius)``
    only the pairs within ``radius`` metres, as a sparse :class:`Pairs`
    (what coverage models need, and what scales to 20 000 × 2 000);
``nearest(origins, destinations)``
    each origin's nearest destination and its distance.

The rest of :mod:`jamlik.place` takes a ``metric`` argument and does not care
which one it gets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

from jamlik.errors import ArgumentError

__all__ = ["Pairs", "StraightLine", "distance_matrix", "distance_pairs"]


@dataclass(frozen=True)
class Pairs:
    """Origin–destination pairs within a radius, in coordinate form.

    Attributes
    ----------
    origin, destination : numpy.ndarray of int, shape ``(k,)``
        Row positions of the origins and destinations.
    distance : numpy.ndarray of float, shape ``(k,)``
        Distance of each pair in metres (may be 0).
    shape : tuple of int
        ``(number of origins, number of destinations)``.
    radius : float
        The radius the pairs were selected with.
    """

    origin: np.ndarray
    destination: np.ndarray
    distance: np.ndarray
    shape: tuple[int, int]
    radius: float

    def coverage(self) -> sparse.csr_array:
        """Boolean ``(n, m)`` sparse matrix: True where the pair is within the radius."""
        data = np.ones(len(self.origin), dtype=bool)
        matrix = sparse.csr_array((data, (self.origin, self.destination)), shape=self.shape)
        matrix.sum_duplicates()
        return matrix

    def weights(self, decay=None) -> sparse.csr_array:
        """``(n, m)`` sparse matrix of decay weights ``decay(distance)`` (1 without decay)."""
        values = np.ones(len(self.distance)) if decay is None else decay(self.distance)
        return sparse.csr_array((np.asarray(values, dtype=float),
                                 (self.origin, self.destination)), shape=self.shape)


def _points(points, name: str) -> np.ndarray:
    array = np.asarray(points, dtype=float)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ArgumentError(f"{name} måste ha formen (n, 2) (x, y i meter), fick {array.shape}")
    if not np.isfinite(array).all():
        raise ArgumentError(f"{name} innehåller koordinater som inte är ändliga tal")
    return array


def _radius(radius: float) -> float:
    if not np.isfinite(radius) or radius < 0:
        raise ArgumentError(f"radius måste vara ett ändligt tal ≥ 0 (meter), fick {radius!r}")
    return float(radius)


class StraightLine:
    """Straight-line (Euclidean) distance in a projected system such as SWEREF 99 TM.

    Uses a k-d tree (:class:`scipy.spatial.cKDTree`) for ``pairs`` and
    ``nearest``, so memory grows with the number of pairs within the radius, not
    with ``n × m``.
    """

    name = "straight_line"

    def matrix(self, origins, destinations) -> np.ndarray:
        """Full ``(n, m)`` distance array in metres."""
        a = _points(origins, "origins")
        b = _points(destinations, "destinations")
        return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))

    def pairs(self, origins, destinations, radius: float) -> Pairs:
        """Pairs within ``radius`` metres (inclusive)."""
        a = _points(origins, "origins")
        b = _points(destinations, "destinations")
        radius = _radius(radius)
        if len(a) == 0 or len(b) == 0:
            empty = np.zeros(0, dtype=np.int64)
            return Pairs(empty, empty, np.zeros(0), (len(a), len(b)), radius)
        lists = cKDTree(b).query_ball_point(a, r=radius, return_sorted=False)
        counts = np.fromiter((len(found) for found in lists), dtype=np.int64, count=len(a))
        origin = np.repeat(np.arange(len(a)), counts)
        destination = (np.concatenate([np.asarray(f, dtype=np.int64) for f in lists])
                       if counts.sum() else np.zeros(0, dtype=np.int64))
        distance = np.sqrt(((a[origin] - b[destination]) ** 2).sum(axis=1))
        # query_ball_point may admit a pair a rounding error beyond the radius.
        keep = distance <= radius
        return Pairs(origin[keep], destination[keep], distance[keep], (len(a), len(b)), radius)

    def nearest(self, origins, destinations) -> tuple[np.ndarray, np.ndarray]:
        """Each origin's distance to, and position of, its nearest destination."""
        a = _points(origins, "origins")
        b = _points(destinations, "destinations")
        if len(b) == 0:
            return np.full(len(a), np.inf), np.full(len(a), -1, dtype=np.int64)
        distance, index = cKDTree(b).query(a, k=1)
        return np.asarray(distance, dtype=float), np.asarray(index, dtype=np.int64)


def distance_matrix(origins, destinations, *, metric=None) -> np.ndarray:
    """Full ``(n, m)`` distances in metres with ``metric`` (straight line by default)."""
    return (metric or StraightLine()).matrix(origins, destinations)


def distance_pairs(origins, destinations, radius: float, *, metric=None) -> Pairs:
    """The pairs within ``radius`` metres with ``metric`` (straight line by default)."""
    return (metric or StraightLine()).pairs(origins, destinations, radius)
