"""Where a map looks: the helpers live in :mod:`jamlik.place` (one definition shared
with the reports' maps, which may not import the web app)."""

from jamlik.place import POPULATED_SHARE, box_extent, centroid, extent, populated_extent, size

__all__ = ["POPULATED_SHARE", "box_extent", "centroid", "extent", "populated_extent", "size"]
