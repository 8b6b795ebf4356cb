"""Placement and allocation scenarios on the store: run, describe, save.

A placement scenario runs a location model (:func:`location_result`) with the
municipality's stored demand (:func:`stored_demand`), the stored sites of a kind
fixed, and one candidate per area at its point. An allocation scenario shares a
budget over the areas by their stored population and a need index built from
stored indicators, each with its polarity (:func:`jamlik.place.need_index`).
Both answer a JSON-able dict that :func:`save_scenario` keeps as it is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from jamlik.errors import ArgumentError, NotFoundError

from ._place import location_result

__all__ = ["NEED_INDICATORS", "allocation_scenario", "placement_scenario", "save_scenario"]

NEED_INDICATORS = {"ekonomiskt_bistand": 0.5, "trangboddhet": 0.5}
"""The demo's default need index: social assistance and overcrowding, equal weights."""


def _clean(value):
    if isinstance(value, (np.floating, float)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _lonlat(x, y) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    lon, lat = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True).transform(
        np.asarray(x, float), np.asarray(y, float))
    return np.round(lon, 6), np.round(lat, 6)


def placement_scenario(engine: Engine, *, kind: str, municipality: str, sites: int,
                       radius: float, model: str = "mclp", population: str | None = None,
                       min_per_district: bool = False) -> dict:
    """Where ``sites`` new sites of ``kind`` reach most of the stored demand within ``radius``.

    Returns
    -------
    dict
        ``parameters`` and ``results``: the model's answer (``chosen``,
        ``covered_weight`` before and after, ``status``, ``gap``, ``method``),
        ``chosen_sites`` (area, name, x, y, lon, lat) and ``coverage`` per area.
    """
    from jamlik.store import current_sites

    from ._sites import DEMAND_INDICATOR, area_points, stored_demand

    if model not in ("mclp", "lscp", "pmedian"):
        raise ArgumentError(f"modellen måste vara mclp, lscp eller pmedian, fick {model!r}")
    demand, about = stored_demand(engine, municipality=municipality,
                                  indicator=population or DEMAND_INDICATOR)
    existing = current_sites(engine, kind=kind).rename(columns={"code": "id"})
    if existing.empty:
        raise NotFoundError(f"det finns inga platser av typen {kind!r}")
    candidates = area_points(engine, municipality=municipality).rename(columns={"area": "id"})
    candidates["district"] = candidates["id"]
    if not 0 <= sites <= len(candidates):
        raise ArgumentError(f"antalet nya platser måste vara 0–{len(candidates)}, fick {sites}")
    existing = existing.assign(district=existing["area_code"].fillna(""))
    result = location_result(model, demand, candidates, existing[["id", "x", "y", "district"]],
                             radius=radius, sites=sites, min_per_district=min_per_district)
    chosen = candidates[candidates["id"].isin(result["chosen"])].copy()
    chosen["lon"], chosen["lat"] = _lonlat(chosen["x"], chosen["y"])
    coverage = result.pop("coverage")
    names = dict(zip(candidates["id"], candidates["name"]))
    coverage = coverage.assign(name=coverage["district"].map(names).fillna(""))
    parameters = {"kind": kind, "municipality": municipality, "sites": sites, "radius": radius,
                  "model": model, "population": about["indicator"], "period": about["period"],
                  "min_per_district": min_per_district,
                  "candidates": "en kandidat per område, i områdets punkt"}
    results = {k: _clean(v) for k, v in result.items()}
    results["chosen_sites"] = _records(chosen[["id", "name", "x", "y", "lon", "lat"]])
    results["coverage"] = _records(coverage)
    return {"model": model, "parameters": parameters, "results": results,
            "is_example": about["is_example"] or bool(existing["is_example"].any())}


def _need_values(engine: Engine, codes: list[str], areas: pd.Series) -> tuple[pd.DataFrame,
                                                                               dict]:
    from jamlik.store import Indicator, export_frame

    frame = export_frame(engine, indicators=codes)
    frame = frame[(frame["dimension"] == "total") & frame["area_code"].isin(areas)
                  & frame["value"].notna()]
    with engine.connect() as conn:
        polarity = dict(conn.execute(select(Indicator.code, Indicator.polarity)
                                     .where(Indicator.code.in_(codes))).all())
    values, periods = {}, {}
    for code in codes:
        part = frame[frame["indicator"] == code]
        if part.empty:
            raise NotFoundError(f"behovsindikatorn {code!r} har inga värden för områdena")
        periods[code] = max(part["period"])
        latest = part[part["period"] == periods[code]].set_index("area_code")["value"]
        values[code] = latest.reindex(areas.to_numpy())
    table = pd.DataFrame(values)
    table.index = areas.to_numpy()
    return table, {"polarity": polarity, "periods": periods}


def allocation_scenario(engine: Engine, *, municipality: str, budget: int, alpha: float,
                        need: dict[str, float] | None = None,
                        population: str | None = None, floor_per_head: float | None = None,
                        cap_per_head: float | None = None) -> dict:
    """Share ``budget`` kronor over a municipality's areas by population and need.

    ``need`` maps stored indicators to weights (default :data:`NEED_INDICATORS`);
    an area missing a value of any of them gets the average need (1) and is
    named in ``results["imputed"]``. ``floor_per_head`` and ``cap_per_head``
    (kronor per person) become each area's floor and cap (× its population).
    """
    from jamlik.place import allocate, need_index

    from ._sites import DEMAND_INDICATOR, stored_demand

    need = dict(need or NEED_INDICATORS)
    demand, about = stored_demand(engine, municipality=municipality,
                                  indicator=population or DEMAND_INDICATOR)
    values, meta = _need_values(engine, list(need), demand["district"])
    missing = values.isna().any(axis=1).to_numpy()
    index = pd.Series(1.0, index=values.index, name="need")
    if (~missing).any():
        known = need_index(values[~missing], demand["weight"].to_numpy()[~missing],
                           weights=need, polarity=meta["polarity"])
        index[~missing] = known["need"].to_numpy()
    people = demand["weight"].to_numpy()
    bounds = {name: None if value is None else people * float(value)
              for name, value in (("floor", floor_per_head), ("cap", cap_per_head))}
    table = allocate(people, index.to_numpy(), int(budget), alpha=alpha,
                     areas=demand["district"].tolist(), **bounds)
    table.insert(1, "name", demand["name"].to_numpy())
    parameters = {"municipality": municipality, "budget": int(budget), "alpha": alpha,
                  "need": need, "polarity": meta["polarity"], "periods": meta["periods"],
                  "floor_per_head": floor_per_head, "cap_per_head": cap_per_head,
                  "population": about["indicator"], "period": about["period"]}
    results = {"allocation": _records(table), "total": int(table["allocation"].sum()),
               "imputed": demand["district"][missing].tolist(),
               "method": "a = B·[(1−α)·n/Σn + α·n·w/Σ(n·w)]; w = behovsindex (vägt medel av "
                         "kvoter mot befolkningsviktat medel, polaritet respekterad); hela "
                         "kronor med största-resten-metoden"}
    return {"model": "allocation", "parameters": parameters, "results": results,
            "is_example": about["is_example"]}


def save_scenario(engine: Engine, scenario: dict, *, name: str, created_by: str | None = None,
                  municipality: str | None = None) -> int:
    """Save a scenario made by :func:`placement_scenario` or :func:`allocation_scenario`."""
    from jamlik.store import save_scenario as store_scenario

    if not name.strip():
        raise ArgumentError("scenariot behöver ett namn")
    return store_scenario(engine, name=name.strip(), model=scenario["model"],
                          parameters=scenario["parameters"], results=scenario["results"],
                          municipality=municipality or scenario["parameters"].get("municipality"),
                          created_by=created_by, is_example=scenario["is_example"])
