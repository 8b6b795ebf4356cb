"""Access: distance to the nearest site, people beyond a threshold, and 2SFCA.

The two-step floating catchment area method (2SFCA) is Luo & Wang's (2003,
*Environment and Planning B* 30: 865–884): for each site ``j`` with capacity
``S_j``, the ratio ``R_j = S_j / Σ_{k: d_kj ≤ d0} P_k f(d_kj)`` of capacity to the
population within the catchment; for each demand point ``i`` the access
``A_i = Σ_{j: d_ij ≤ d0} R_j f(d_ij)``. Without decay ``f = 1``; the enhanced
variants weight by distance: Dai's (2010) Gaussian
``f(d) = (exp(-½(d/d0)²) − exp(-½)) / (1 − exp(-½))`` or a linear
``f(d) = 1 − d/d0``. Any callable of distance in metres can be given instead.
Access is capacity per person (e.g. places per child); summaries report it per
1 000 persons.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

from ._distance import StraightLine, _points, _radius

__all__ = ["DECAYS", "access_by_area", "decay_function", "nearest_distance", "two_step_fca"]

DECAYS = ("none", "gaussian", "linear")


def decay_function(decay: str | Callable | None, radius: float) -> Callable | None:
    """The decay weight ``f(d)`` for a name in :data:`DECAYS`, a callable, or ``None``."""
    if decay is None or decay == "none":
        return None
    if callable(decay):
        return decay
    if decay == "gaussian":
        floor = math.exp(-0.5)
        return lambda d: (np.exp(-0.5 * (np.asarray(d) / radius) ** 2) - floor) / (1 - floor)
    if decay == "linear":
        return lambda d: 1.0 - np.asarray(d) / radius
    raise ArgumentError(f"decay måste vara en av {', '.join(DECAYS)}, fick {decay!r}")


def _nonnegative(values, name: str, size: int) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.shape != (size,):
        raise ArgumentError(f"{name} måste ha {size} värden, fick formen {array.shape}")
    if not np.isfinite(array).all() or (array < 0).any():
        raise ArgumentError(f"{name} måste vara ändliga tal ≥ 0")
    return array


def two_step_fca(demand, population, sites, capacity, radius: float, *,
                 decay: str | Callable | None = None, metric=None) -> np.ndarray:
    """Two-step floating catchment access for each demand point.

    Parameters
    ----------
    demand : array, shape ``(n, 2)``
        Demand points in SWEREF 99 TM metres.
    population : array, shape ``(n,)``
        People at each demand point (≥ 0).
    sites : array, shape ``(m, 2)``
        Sites in metres.
    capacity : array, shape ``(m,)``
        Capacity of each site (places, opening hours, ...; ≥ 0).
    radius : float
        Catchment size ``d0`` in metres (inclusive).
    decay
        ``None``/``"none"``, ``"gaussian"``, ``"linear"`` or a callable ``f(d)``.
    metric
        A distance metric (:class:`StraightLine` by default, or a ``Network``).

    Returns
    -------
    numpy.ndarray, shape ``(n,)``
        Capacity per person within reach; 0 where no site is within ``radius``.

    Notes
    -----
    Luo, W. & Wang, F. (2003); Dai, D. (2010) for the Gaussian decay. A site with
    no population in its catchment has no ratio and adds nothing.
    """
    demand = _points(demand, "demand")
    sites = _points(sites, "sites")
    radius = _radius(radius)
    population = _nonnegative(population, "population", len(demand))
    capacity = _nonnegative(capacity, "capacity", len(sites))
    weights = (metric or StraightLine()).pairs(demand, sites, radius).weights(
        decay_function(decay, radius))
    served = weights.T @ population
    ratio = np.divide(capacity, served, out=np.zeros(len(sites)), where=served > 0)
    return np.asarray(weights @ ratio, dtype=float)


def nearest_distance(demand, sites, *, metric=None) -> np.ndarray:
    """Distance in metres from each demand point to its nearest site (``inf`` if none)."""
    distance, _ = (metric or StraightLine()).nearest(_points(demand, "demand"),
                                                      _points(sites, "sites"))
    return distance


def access_by_area(demand: pd.DataFrame, sites: pd.DataFrame, *, threshold: float,
                   radius: float | None = None, decay=None, metric=None) -> pd.DataFrame:
    """Access per area, group and kind of site.

    Parameters
    ----------
    demand : DataFrame
        Columns ``x, y, weight`` (metres; people) and optionally ``area`` and
        ``group``; one row per point and group.
    sites : DataFrame
        Columns ``x, y`` and optionally ``kind`` and ``capacity``.
    threshold : float
        Distance in metres beyond which people count as far from a site.
    radius : float, optional
        2SFCA catchment in metres; defaults to ``threshold``.
    decay, metric
        As in :func:`two_step_fca`.

    Returns
    -------
    DataFrame
        One row per ``area, group, kind``: ``population``, ``mean_distance``
        (population-weighted distance to the nearest site, metres),
        ``median_distance`` (population-weighted), ``beyond`` (people farther than
        ``threshold``), ``share_beyond``, ``fca_per_1000`` (population-weighted
        2SFCA × 1 000; empty without a ``capacity`` column) and ``method``.
    """
    threshold = _radius(threshold)
    radius = threshold if radius is None else _radius(radius)
    demand = demand.assign(area=demand.get("area", "alla"), group=demand.get("group", "alla"))
    sites = sites.assign(kind=sites.get("kind", "alla"))
    method = (f"närmaste plats ({(metric or StraightLine()).name}); 2SFCA (Luo & Wang 2003), "
              f"upptagningsområde {radius:g} m, avståndsavtagande {decay or 'inget'}")
    parts = []
    for (group, kind), points, places in _combinations(demand, sites):
        xy = points[["x", "y"]].to_numpy(float)
        site_xy = places[["x", "y"]].to_numpy(float)
        frame = points[["area"]].copy()
        frame["weight"] = points["weight"].to_numpy(float)
        frame["distance"] = nearest_distance(xy, site_xy, metric=metric)
        frame["fca"] = (two_step_fca(xy, frame["weight"], site_xy,
                                     places["capacity"].to_numpy(float), radius,
                                     decay=decay, metric=metric)
                        if "capacity" in places else np.nan)
        summary = frame.groupby("area", sort=True).apply(_summarise, threshold,
                                                         include_groups=False)
        parts.append(summary.reset_index().assign(group=group, kind=kind))
    result = pd.concat(parts, ignore_index=True)
    result["method"] = method
    return result[["area", "group", "kind", "population", "mean_distance", "median_distance",
                   "beyond", "share_beyond", "fca_per_1000", "method"]]


def _combinations(demand: pd.DataFrame, sites: pd.DataFrame):
    for group, points in demand.groupby("group", sort=True):
        for kind, places in sites.groupby("kind", sort=True):
            yield (group, kind), points, places


def _summarise(frame: pd.DataFrame, threshold: float) -> pd.Series:
    weight = frame["weight"].to_numpy(float)
    distance = frame["distance"].to_numpy(float)
    total = weight.sum()
    beyond = weight[distance > threshold].sum()
    return pd.Series({
        "population": total,
        "mean_distance": np.average(distance, weights=weight) if total > 0 else np.nan,
        "median_distance": _weighted_median(distance, weight),
        "beyond": beyond,
        "share_beyond": beyond / total if total > 0 else np.nan,
        "fca_per_1000": (1000 * np.average(frame["fca"], weights=weight)
                         if total > 0 and frame["fca"].notna().all() else np.nan),
    })


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    if weights.sum() <= 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
