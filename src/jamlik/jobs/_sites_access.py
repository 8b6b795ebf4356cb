"""Access to stored sites, written as indicators (``jamlik access --kind K --municipality M``)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from jamlik.errors import NotFoundError

from ._place import access_table

__all__ = ["access_indicators", "store_access"]


def _kind(engine: Engine, kind: str) -> tuple[str, str]:
    from jamlik.store import SiteKind

    with engine.connect() as conn:
        found = conn.execute(select(SiteKind.name, SiteKind.name_en)
                             .where(SiteKind.code == kind)).first()
    if found is None:
        raise NotFoundError(f"det finns inga platser av typen {kind!r}; importera dem med "
                            "jamlik sites import FIL --kind " + kind)
    return found.name, found.name_en or found.name


def access_indicators(kind: str, kind_name: str, kind_name_en: str, *, threshold: float,
                      population: str) -> dict[str, dict]:
    """The three access indicators of a kind of site: code → metadata of the long format."""
    metres = f"{threshold:g}"
    return {
        f"tillgang_{kind}_avstand": dict(
            indicator_name=f"Avstånd till närmaste plats: {kind_name}",
            indicator_name_en=f"Distance to the nearest site: {kind_name_en}",
            unit="meter", scale=1.0, polarity="lower_better", kind="mean", column="mean_distance",
            about=f"befolkningsviktat avstånd för {population}"),
        f"tillgang_{kind}_langt": dict(
            indicator_name=f"Andel längre än {metres} m från närmaste plats: {kind_name}",
            indicator_name_en=f"Share farther than {metres} m from the nearest site: "
                              f"{kind_name_en}",
            unit="procent", scale=100.0, polarity="lower_better", kind="proportion",
            column="share_beyond", about=f"andel av {population} längre bort än {metres} m"),
        f"tillgang_{kind}_2sfca": dict(
            indicator_name=f"Platser per 1 000 inom räckhåll (2SFCA): {kind_name}",
            indicator_name_en=f"Places per 1,000 within reach (2SFCA): {kind_name_en}",
            unit="per 1 000", scale=1.0, polarity="higher_better", kind="mean",
            column="fca_per_1000", about=f"kapacitet per 1 000 av {population}"),
    }


def _specs(kind: str, *, threshold: float, population: str, example: bool, capacity: bool,
           names: tuple[str, str]) -> dict[str, dict]:
    specs = access_indicators(kind, *names, threshold=threshold, population=population)
    if not capacity:
        specs.pop(f"tillgang_{kind}_2sfca")
    if example:  # access to example sites, or of example people, is example data too
        for spec in specs.values():
            spec["indicator_name"] += " (exempeldata)"
            spec["indicator_name_en"] += " (example data)"
    return specs


def _rows(table: pd.DataFrame, specs: dict, *, version: str, level: str, names: dict,
          period: str, population: str, spread: str) -> list[dict]:
    rows = []
    for record in table.to_dict(orient="records"):
        for code, spec in specs.items():
            value = record[spec["column"]]
            if value is None or not np.isfinite(value):
                continue
            share = spec["column"] == "share_beyond"
            rows.append({
                "indicator": code, "indicator_name": spec["indicator_name"],
                "indicator_name_en": spec["indicator_name_en"], "unit": spec["unit"],
                "scale": spec["scale"], "polarity": spec["polarity"], "kind": spec["kind"],
                "indicator_source": "jamlik access (" + spec["about"] + ")",
                "area_code": record["area"], "area_name": names.get(record["area"]),
                "area_version": version, "area_level": level, "period": period,
                "value": 100 * value if share else value,
                "numerator": record["beyond"] if share else np.nan,
                "denominator": record["population"] if share else np.nan,
                "population": record["population"],
                "source": record["method"] + f"; efterfrågan: {population}, {spread}",
            })
    return rows


def store_access(engine: Engine, *, kind: str, municipality: str, population: str | None = None,
                 threshold: float = 1000.0, radius: float | None = None,
                 decay: str | None = None, period: str | None = None,
                 measure: bool = True, per_point: float = 10.0, seed: int = 2026) -> dict:
    """Access to the stored sites of ``kind`` for a municipality's stored population.

    Demand is :func:`stored_demand` spread inside each area (:func:`spread_demand`:
    points drawn in the area's boundary, one per ``per_point`` persons, so that an
    area straddling the threshold gets a share between 0 and 100 %); sites are the current
    sites of ``kind`` (:func:`jamlik.store.current_sites`). Access per area and
    for the municipality as a whole (:func:`jamlik.place.access_by_area`) is
    written as the indicators of :func:`access_indicators` (one batch; re-running
    with the same inputs is a no-op, changed inputs revise the values), and with
    ``measure`` their gaps between areas are computed by :func:`compute_measures`.

    Returns
    -------
    dict
        ``table`` (access per area), ``city`` (the municipality's row),
        ``indicators`` (codes), ``batch`` (:class:`jamlik.store.BatchResult`),
        ``demand`` (what the demand came from, with ``spread``: the method of the
        points), ``points`` (the demand points used) and ``measures`` (a DataFrame).
    """
    from jamlik.ingest import check_frame
    from jamlik.store import current_sites, write_batch

    from ._measure import compute_measures
    from ._sites import DEMAND_INDICATOR, spread_demand, stored_demand

    population = population or DEMAND_INDICATOR
    _kind(engine, kind)  # an unknown kind is named before anything is read
    sites = current_sites(engine, kind=kind)
    demand, about = stored_demand(engine, municipality=municipality, indicator=population,
                                  period=period)
    demand, about["spread"] = spread_demand(engine, demand, municipality=municipality,
                                            per_point=per_point, seed=seed)
    site_table = sites.rename(columns={"code": "id"})[["id", "x", "y", "kind", "capacity"]]
    if site_table["capacity"].isna().any():
        site_table = site_table.drop(columns="capacity")
    table = access_table(demand, site_table, threshold=threshold, radius=radius, decay=decay)
    city = access_table(demand.assign(district=municipality), site_table, threshold=threshold,
                        radius=radius, decay=decay)
    example = about["is_example"] or bool(sites["is_example"].any())
    specs = _specs(kind, threshold=threshold, population=about["name"], example=example,
                   capacity="capacity" in site_table, names=_kind(engine, kind))
    names = dict(zip(demand["district"], demand["name"]))
    spread = about["spread"]
    rows = _rows(table, specs, version="RegSO_2025", level="regso", names=names,
                 period=about["period"], population=about["name"], spread=spread)
    rows += _rows(city, specs, version="Kommun_2025", level="kommun", names={},
                  period=about["period"], population=about["name"], spread=spread)
    frame = check_frame(pd.DataFrame(rows), file="jamlik access")
    digest = hashlib.sha256(pd.util.hash_pandas_object(
        frame.astype(str), index=False).to_numpy().tobytes()).hexdigest()
    batch = write_batch(engine, frame, format="access", source=f"jamlik access --kind {kind}",
                        file_hash=digest, is_example=example,
                        details={"kind": kind, "municipality": municipality,
                                 "threshold": threshold, "radius": radius, "decay": decay,
                                 "demand": about})
    measures = pd.DataFrame()
    if measure:
        _run, measures = compute_measures(engine, indicators=list(specs),
                                          municipalities=[municipality])
    return {"table": table.assign(name=table["area"].map(names)), "city": city,
            "indicators": list(specs), "batch": batch, "demand": about, "points": demand,
            "measures": measures}
