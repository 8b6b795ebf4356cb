"""Sites in the store, demand from stored population, and access written as indicators.

``import_sites`` checks a table of sites (every cell, naming file, row and
column) and writes it as one batch (nothing is written when any row is wrong);
``stored_demand`` places a municipality's stored population of an indicator
(e.g. children 0–5) at each area's point; ``store_access`` computes access to
the stored sites of a kind with :func:`jamlik.place.access_by_area` and writes
it as three indicators, with their method, so that the gap between areas is
measured by :func:`compute_measures` like that of any other indicator.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from jamlik.errors import ArgumentError, InputError, NotFoundError

from ._place import _require, _row, _text, _texts, access_table, points_table

__all__ = ["DEMAND_INDICATOR", "access_indicators", "area_points", "export_sites",
           "import_sites", "store_access", "stored_demand"]

DEMAND_INDICATOR = "barn_0_5"
"""The demo's stored population of children aged 0–5 (the default demand)."""


def _dates(frame: pd.DataFrame, column: str, *, file: str) -> list[dt.date | None]:
    if column not in frame.columns:
        return [None] * len(frame)
    values = []
    for position, cell in enumerate(frame[column].map(_text)):
        if cell == "":
            values.append(None)
            continue
        try:
            values.append(dt.date.fromisoformat(cell[:10]))
        except ValueError:
            raise InputError(f"väntade ett datum ÅÅÅÅ-MM-DD, fick {cell!r}", file=file,
                             row=_row(frame, position), column=column) from None
    return values


def read_sites(frame: pd.DataFrame, *, file: str, crs: str = "EPSG:3006") -> pd.DataFrame:
    """Checked sites: ``code, name, x, y`` (metres) and ``capacity, area_code, valid_from,
    valid_to`` from a table with ``id, name, x, y[, capacity, area, valid_from, valid_to]``."""
    _require(frame, ("id", "name", "x", "y"), file=file)
    points = points_table(frame, file=file, crs=crs, extra=(
        ("capacity",) if "capacity" in frame.columns else ()))
    sites = pd.DataFrame({"code": points["id"], "name": _texts(frame, "name", file=file),
                          "x": points["x"].round(1), "y": points["y"].round(1)})
    if "capacity" in points:
        sites["capacity"] = points["capacity"]
    if "area" in frame.columns:
        sites["area_code"] = [_text(c) or None for c in frame["area"]]
    sites["valid_from"] = _dates(frame, "valid_from", file=file)
    sites["valid_to"] = _dates(frame, "valid_to", file=file)
    for position, (start, end) in enumerate(zip(sites["valid_from"], sites["valid_to"])):
        if start is not None and end is not None and end < start:
            raise InputError(f"valid_to ({end}) ligger före valid_from ({start})", file=file,
                             row=_row(frame, position), column="valid_to")
    return sites


def import_sites(engine: Engine, frame: pd.DataFrame, *, file: str, kind: str,
                 crs: str = "EPSG:3006", kind_name: str | None = None,
                 kind_name_en: str | None = None, is_example: bool = False):
    """Check a table of sites of one ``kind`` and write it as one batch.

    The area of a site without an ``area`` column is the RegSO area it lies in,
    when the store has boundaries. Returns :class:`jamlik.store.SitesResult`.
    """
    from jamlik.store import save_sites

    if not kind or not kind.replace("_", "").isalnum():
        raise ArgumentError(f"--kind måste vara en kod av bokstäver, siffror och _, fick {kind!r}")
    sites = read_sites(frame, file=file, crs=crs)
    if "area_code" not in sites:
        sites["area_code"] = locate_areas(engine, sites[["x", "y"]].to_numpy(float))
    return save_sites(engine, sites, kind=kind, source=file, kind_name=kind_name,
                      kind_name_en=kind_name_en, is_example=is_example)


def export_sites(engine: Engine, *, kind: str | None = None,
                 history: bool = False) -> pd.DataFrame:
    """Stored sites in the import's own columns (``id, name, x, y, ...``), to read back in."""
    from jamlik.store import current_sites, site_history

    if history:
        frames = [site_history(engine, kind=k, code=c) for k, c in
                  current_sites(engine, kind=kind)[["kind", "code"]].itertuples(index=False)]
        table = pd.concat(frames, ignore_index=True) if frames else current_sites(engine)
    else:
        table = current_sites(engine, kind=kind)
    table = table.rename(columns={"code": "id", "area_code": "area"})
    columns = ["kind", "id", "name", "x", "y", "capacity", "area", "valid_from", "valid_to",
               "is_example"] + (["batch_id", "superseded_by_batch_id"] if history else [])
    return table[columns]


def _areas(engine: Engine, municipality: str | None, version: str = "RegSO_2025"):
    from jamlik.store import Area, AreaVersion

    parent = aliased(Area)
    query = (select(Area.code, Area.name, Area.geometry, Area.attributes)
             .join(AreaVersion, AreaVersion.id == Area.version_id)
             .where(AreaVersion.code == version))
    if municipality is not None:
        query = query.join(parent, parent.id == Area.parent_id).where(parent.code == municipality)
    with engine.connect() as conn:
        return conn.execute(query.order_by(Area.code)).all()


def area_points(engine: Engine, *, municipality: str | None,
                version: str = "RegSO_2025") -> pd.DataFrame:
    """One demand point per area: ``area, name, x, y`` (SWEREF 99 TM metres) and ``point``.

    The point is the area's ``population_point`` attribute ([lon, lat], e.g. a
    population-weighted centre) when stored, else the centroid of its boundary.
    """
    import shapely
    from jamlik.place import check_coordinates

    rows, lon, lat, kinds = [], [], [], []
    for code, name, geometry, attributes in _areas(engine, municipality, version):
        own = (attributes or {}).get("population_point")
        if own is not None:
            point, kind = own, "population_point"
        elif geometry:
            centre = shapely.geometry.shape(geometry).centroid
            point, kind = (centre.x, centre.y), "centroid"
        else:
            continue
        rows.append((code, name))
        lon.append(float(point[0]))
        lat.append(float(point[1]))
        kinds.append(kind)
    if not rows:
        raise NotFoundError(f"det finns inga områden i {version} med gränser för kommunen "
                            f"{municipality}")
    xy = check_coordinates(lon, lat, crs="EPSG:4326")
    # a centroid in degrees and one in metres differ by a few metres at most: fine for demand
    return pd.DataFrame({"area": [r[0] for r in rows], "name": [r[1] for r in rows],
                         "x": xy[:, 0].round(1), "y": xy[:, 1].round(1), "point": kinds})


def area_shapes(engine: Engine, *, municipality: str | None,
                version: str = "RegSO_2025") -> dict:
    """Each area's boundary as a shapely geometry in SWEREF 99 TM metres (code → shape)."""
    import shapely
    from pyproj import Transformer

    forward = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)

    def to_metres(lonlat: np.ndarray) -> np.ndarray:
        x, y = forward.transform(lonlat[:, 0], lonlat[:, 1])
        return np.column_stack([x, y])

    return {code: shapely.transform(shapely.geometry.shape(geometry), to_metres)
            for code, _name, geometry, _a in _areas(engine, municipality, version) if geometry}


def spread_demand(engine: Engine, demand: pd.DataFrame, *, municipality: str,
                  per_point: float = 10.0, max_points: int = 100,
                  seed: int = 2026) -> tuple[pd.DataFrame, str]:
    """:func:`stored_demand`'s one point per area spread over the area's boundary.

    See :func:`jamlik.place.spread_points`; returns the points (``district`` is
    the area) and the method in words, for the stored indicator's source.
    """
    from jamlik.place import SPREAD_METHOD, spread_points

    points = spread_points(demand, area_shapes(engine, municipality=municipality),
                           per_point=per_point, max_points=max_points, seed=seed)
    method = SPREAD_METHOD.format(count=len(points), per=per_point, most=max_points, seed=seed)
    return points.drop(columns="area"), method


def locate_areas(engine: Engine, xy: np.ndarray, *,
                 version: str = "RegSO_2025") -> list[str | None]:
    """The code of the area of ``version`` that each point (metres) lies in, or None."""
    import shapely
    from pyproj import Transformer

    areas = [(code, geometry) for code, _name, geometry, _a in _areas(engine, None, version)
             if geometry]
    if not areas or len(xy) == 0:
        return [None] * len(xy)
    lon, lat = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True).transform(
        xy[:, 0], xy[:, 1])
    shapes = [shapely.geometry.shape(g) for _c, g in areas]
    tree = shapely.STRtree(shapes)
    points = shapely.points(np.column_stack([lon, lat]))
    found = tree.query(points, predicate="within")
    codes: list[str | None] = [None] * len(xy)
    for point_index, shape_index in zip(*found):
        codes[int(point_index)] = codes[int(point_index)] or areas[int(shape_index)][0]
    return codes


def stored_demand(engine: Engine, *, municipality: str, indicator: str = DEMAND_INDICATOR,
                  period: str | None = None) -> tuple[pd.DataFrame, dict]:
    """A municipality's stored population of ``indicator`` per area, at each area's point.

    Returns
    -------
    (DataFrame, dict)
        ``id, district, x, y, weight`` (the newest period's value without
        breakdown, or ``period``'s) and what it came from: ``indicator, period,
        is_example, points``.
    """
    from jamlik.store import export_frame

    frame = export_frame(engine, indicators=[indicator])
    if frame.empty:
        raise NotFoundError(f"indikatorn {indicator!r} finns inte i databasen; importera "
                            "befolkningen per område först")
    frame = frame[(frame["dimension"] == "total") & frame["value"].notna()]
    points = area_points(engine, municipality=municipality)
    frame = frame[frame["area_code"].isin(points["area"])]
    if period is None and not frame.empty:
        period = max(frame["period"])
    frame = frame[frame["period"] == period]
    if frame.empty:
        raise NotFoundError(f"indikatorn {indicator!r} har inga värden för områdena i "
                            f"kommunen {municipality}" + (f" {period}" if period else ""))
    demand = points.merge(frame[["area_code", "value"]], left_on="area",
                          right_on="area_code").rename(columns={"value": "weight"})
    demand = pd.DataFrame({"id": demand["area"], "district": demand["area"],
                           "name": demand["name"], "x": demand["x"], "y": demand["y"],
                           "weight": demand["weight"].astype(float)})
    from jamlik.store import Indicator

    with engine.connect() as conn:
        meta = conn.execute(select(Indicator.name, Indicator.name_en, Indicator.is_example)
                            .where(Indicator.code == indicator)).one()
    about = {"indicator": indicator, "name": meta.name, "name_en": meta.name_en or meta.name,
             "period": str(period), "is_example": bool(meta.is_example),
             "points": sorted(set(points["point"]))}
    return demand, about


from ._sites_access import access_indicators, store_access  # noqa: E402
