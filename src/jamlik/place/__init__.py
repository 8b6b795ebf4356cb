"""Place and resources: distance, access, where new sites do most good, budgets by need.

A pure numeric package (it imports only :mod:`jamlik.errors` and libraries).
Coordinates are SWEREF 99 TM metres (EPSG:3006); :func:`check_coordinates`
checks and converts input. One distance interface serves every model: a metric
(:class:`StraightLine` by default, or a :class:`Network` read from the user's own
road file) answers ``matrix``, ``pairs`` within a radius, and ``nearest``.

* access: :func:`nearest_distance`, :func:`two_step_fca`, :func:`access_by_area`,
  with demand spread inside each area by :func:`spread_points`;
* location (exact MIP with HiGHS): :func:`maximal_covering`,
  :func:`set_covering`, :func:`p_median`, summarised by :func:`coverage_by_district`;
* budgets: :func:`need_index` and :func:`allocate` (proportionate universalism);
* maps: :func:`populated_extent` (the extent of the areas where people live, in
  longitude/latitude), :func:`extent`, :func:`centroid` and :func:`size` of GeoJSON
  geometries, shared by the web app's and the reports' maps.
"""

from ._access import DECAYS, access_by_area, decay_function, nearest_distance, two_step_fca
from ._allocate import allocate, largest_remainder, need_index
from ._coords import SWEREF99TM, WGS84, check_coordinates
from ._extent import POPULATED_SHARE, box_extent, centroid, extent, populated_extent, size
from ._distance import Pairs, StraightLine, distance_matrix, distance_pairs
from ._locate import Placement, coverage_by_district, maximal_covering, set_covering
from ._network import Network, read_network
from ._pmedian import p_median
from ._spread import SPREAD_METHOD, spread_points

__all__ = [
    "DECAYS", "Network", "POPULATED_SHARE", "Pairs", "Placement", "SPREAD_METHOD", "SWEREF99TM",
    "StraightLine",
    "WGS84", "box_extent", "centroid", "extent", "populated_extent", "size",
    "access_by_area", "allocate", "check_coordinates", "coverage_by_district", "decay_function",
    "distance_matrix", "distance_pairs", "largest_remainder", "maximal_covering",
    "nearest_distance", "need_index",
    "p_median", "read_network", "set_covering", "spread_points", "two_step_fca",
]
