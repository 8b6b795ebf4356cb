"""Data, tables and maps of the Platser page and the analysts' scenario page.

The map is a Vega-Lite spec (rendered by vega-embed like every chart of the app):
the municipality's areas coloured by an access value, with the sites (and a
scenario's chosen new sites) as points on top. Each map has a table alternative
holding the same values, downloadable as CSV or Excel.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select
from sqlalchemy.orm import aliased

from ._i18n import gettext as _
from ._i18n import language, pick
from ._tables import Column, Table, number

__all__ = ["access_view", "allocation_table", "comparison_table", "placement_tables",
           "scenario_map"]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier, never fetched
SITE_COLOUR, NEW_COLOUR = "#1b1b1b", "#b3470a"  # both ≥ 3:1 against the map's blues


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _config() -> dict:
    return {"aria": False, "font": "system-ui, sans-serif", "view": {"stroke": None},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom",
                       "titleLimit": 400, "labelLimit": 300,
                       "labelColor": "#1b1b1b", "titleColor": "#1b1b1b"}}


def _areas(engine: Engine, municipality: str) -> list[tuple]:
    from jamlik.store import Area, AreaVersion

    parent = aliased(Area)
    query = (select(Area.code, Area.name, Area.geometry)
             .join(AreaVersion, AreaVersion.id == Area.version_id)
             .join(parent, parent.id == Area.parent_id)
             .where(parent.code == municipality, AreaVersion.code == "RegSO_2025")
             .order_by(Area.code))
    with engine.connect() as conn:
        return conn.execute(query).all()


def lonlat(x, y) -> tuple[list[float], list[float]]:
    from pyproj import Transformer

    lon, lat = Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True).transform(
        list(map(float, x)), list(map(float, y)))
    return [round(v, 6) for v in lon], [round(v, 6) for v in lat]


def _round(value: float) -> float:
    if value <= 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(value)) - 1)  # two significant digits
    return round(value / step) * step


def _bands(features: list[dict]) -> list[str]:
    """Five classes of about as many areas each (one remote area must not wash out the
    rest): each feature gets its class label; the labels are returned in order."""
    import numpy as np

    values = [f["properties"]["value"] for f in features if f["properties"]["value"] is not None]
    if not values:
        return []
    cuts = sorted({_round(float(q)) for q in np.quantile(values, [0.2, 0.4, 0.6, 0.8])})
    cuts = [c for c in cuts if min(values) < c <= max(values)]
    lang = language()
    edges = [number(c, 0, lang) for c in cuts]
    labels = ([f"< {edges[0]}"] + [f"{a}–{b}" for a, b in zip(edges, edges[1:])]
              + [f"≥ {edges[-1]}"]) if cuts else [number(values[0], 0, lang)]
    for feature in features:
        value = feature["properties"]["value"]
        feature["properties"]["band"] = (None if value is None
                                         else labels[sum(value >= c for c in cuts)])
    return labels


def _fit(features: list[dict], population: dict[str, float], whole: bool):
    """The map's extent: where people live (:func:`jamlik.web._geo.populated_extent`,
    so that the archipelago does not shrink the city to a corner), or every area."""
    from . import _geo

    geometry = {f["properties"]["code"]: f["geometry"] for f in features}
    if whole or not geometry:
        return _geo.extent(list(geometry.values())) if geometry else None
    return _geo.populated_extent(geometry, population)


def _map(features: list[dict], points: list[dict], *, title: str, scheme: str,
         fifths: bool = True, fit=None) -> dict:
    labels = _bands(features) if fifths else []
    colour = ({"field": "properties.band", "type": "ordinal", "title": title,
               "sort": labels, "scale": {"domain": labels, "scheme": scheme}} if fifths else
              {"field": "properties.value", "type": "quantitative", "title": title,
               "scale": {"scheme": scheme}})
    layers = [
        {"data": {"values": features}, "mark": {"type": "geoshape", "fill": "#e6e6e6",
                                                "stroke": "#ffffff", "strokeWidth": 0.6,
                                                "clip": True}},
        {"data": {"values": features},
         "transform": [{"filter": "isValid(datum.properties.value)"}],
         "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6, "clip": True},
         "encoding": {"color": colour,
                      "tooltip": [{"field": "properties.name", "type": "nominal",
                                   "title": _("Område")},
                                  {"field": "properties.value", "type": "quantitative",
                                   "title": title, "format": ".1f"}]}},
    ]
    if points:
        layers.append({
            "data": {"values": points},
            "mark": {"type": "point", "filled": True, "size": 70, "stroke": "#ffffff",
                     "strokeWidth": 1, "clip": True},
            "encoding": {
                "longitude": {"field": "lon", "type": "quantitative"},
                "latitude": {"field": "lat", "type": "quantitative"},
                "shape": {"field": "what", "type": "nominal", "legend": None},
                "color": {"field": "what", "type": "nominal", "title": _("Platser"),
                          "scale": {"range": [SITE_COLOUR, NEW_COLOUR]}},
                "tooltip": [{"field": "name", "type": "nominal", "title": _("Plats")},
                            {"field": "what", "type": "nominal", "title": _("Typ")}]}})
    projection: dict = {"type": "mercator"}
    if fit:
        # a GeoJSON Feature (what the Vega-Lite schema accepts) spanning the extent
        projection["fit"] = {"type": "Feature", "properties": {},
                             "geometry": {"type": "MultiPoint", "coordinates": fit}}
    return {"$schema": SCHEMA, "width": "container", "height": 480, "config": _config(),
            "projection": projection, "layer": layers,
            "resolve": {"scale": {"color": "independent"}, "legend": {"color": "independent"}}}


def _features(engine: Engine, municipality: str, values: dict[str, float]) -> list[dict]:
    return [{"type": "Feature", "geometry": geometry,
             "properties": {"code": code, "name": name, "value": _clean(values.get(code))}}
            for code, name, geometry in _areas(engine, municipality) if geometry]


def _site_points(sites: pd.DataFrame, label: str) -> list[dict]:
    if sites.empty:
        return []
    lon, lat = lonlat(sites["x"], sites["y"])
    return [{"name": n, "lon": a, "lat": b, "what": label}
            for n, a, b in zip(sites["name"], lon, lat)]


def access_view(engine: Engine, municipality: str, kind: str, kinds: pd.DataFrame, *,
                whole_map: bool = False) -> dict:
    """Sites of ``kind``, access per area (the stored indicators), the map and two tables.

    The map is fitted to where the children live unless ``whole_map``; outer areas
    are still drawn (at the edge) and every area is in the table.
    """
    from jamlik.store import current_sites, export_frame

    row = kinds[kinds["code"] == kind].iloc[0]
    kind_name = pick(row["name"], row["name_en"])
    sites = current_sites(engine, kind=kind)
    codes = {f"tillgang_{kind}_{part}": part for part in ("avstand", "langt", "2sfca")}
    stored = export_frame(engine, indicators=list(codes))
    names = {code: name for code, name, _g in _areas(engine, municipality)}
    stored = stored[(stored["dimension"] == "total") & stored["area_code"].isin(names)]
    if not stored.empty:
        stored = stored[stored["period"] == max(stored["period"])]
    wide = stored.pivot_table(index="area_code", columns="indicator", values="value",
                              aggfunc="first").rename(columns=codes)
    population = stored.groupby("area_code")["population"].first()
    rows = [{"name": {"text": names[c], "href": f"/omraden/RegSO_2025/{c}"}, "code": c,
             "population": _clean(population.get(c)),
             **{part: _clean(wide[part].get(c)) if part in wide else None
                for part in ("avstand", "langt", "2sfca")}} for c in sorted(names)]
    example = bool(sites["is_example"].any()) or bool(
        stored["indicator_source"].astype(str).str.contains("exempel", case=False).any())
    access = Table("tillgang", _("Tillgång per område: %(kind)s") % {"kind": kind_name}, [
        Column("name", _("Område"), "link"), Column("code", _("Kod")),
        Column("population", _("Barn 0–5 år"), "number", 0),
        Column("avstand", _("Medelavstånd till närmaste plats (m)"), "number", 0),
        Column("langt", _("Andel längre bort än gränsen (%)"), "number", 1),
        Column("2sfca", _("Platser per 1 000 inom räckhåll (2SFCA)"), "number", 1)],
        rows, example=example, row_header="name")
    site_rows = [{"name": r.name, "code": r.code, "area": names.get(r.area_code, r.area_code),
                  "capacity": _clean(r.capacity), "x": r.x, "y": r.y}
                 for r in sites.itertuples()]
    site_table = Table("platser", _("Platser: %(kind)s") % {"kind": kind_name}, [
        Column("name", _("Plats")), Column("code", _("Id")), Column("area", _("Område")),
        Column("capacity", _("Kapacitet"), "number", 0),
        Column("x", _("x (SWEREF 99 TM, m)"), "number", 0),
        Column("y", _("y (SWEREF 99 TM, m)"), "number", 0)], site_rows, example=example,
        row_header="name")
    in_city = sites[sites["area_code"].isin(names)] if not sites.empty else sites
    values = {r["code"]: r["avstand"] for r in rows}
    features = _features(engine, municipality, values)
    spec = _map(features, _site_points(in_city, kind_name),
                title=_("Medelavstånd till närmaste plats (m)"), scheme="oranges",
                fit=_fit(features, {r["code"]: r["population"] for r in rows}, whole_map))
    method = stored["source"].dropna().iloc[0] if not stored.empty else None
    return {"kind_name": kind_name, "tables": {"tillgang": access, "platser": site_table},
            "spec": spec, "example": example, "method": method,
            "period": stored["period"].iloc[0] if not stored.empty else None,
            "sites": len(in_city), "measured": not stored.empty}


def _summary(row) -> str:
    p, r = row["parameters"] or {}, row["results"] or {}
    if row["model"] == "allocation":
        text = _("budget %(budget)s kr, α = %(alpha)s") % {
            "budget": number(p.get("budget"), 0, language()),
            "alpha": number(p.get("alpha"), 2, language())}
        weights = ", ".join(f"{code} {number(w, 2, language())}"
                            for code, w in (p.get("need") or {}).items())
        bounds = [_("golv %(kr)s kr per barn") % {"kr": number(p["floor_per_head"], 0,
                                                                language())}
                  if p.get("floor_per_head") is not None else None,
                  _("tak %(kr)s kr per barn") % {"kr": number(p["cap_per_head"], 0, language())}
                  if p.get("cap_per_head") is not None else None]
        return "; ".join([text] + ([_("vikter: %(w)s") % {"w": weights}] if weights else [])
                         + [b for b in bounds if b])
    return _("%(sites)s nya platser, radie %(radius)s m") % {
        "sites": p.get("sites"), "radius": f"{p.get('radius', 0):g}"}


def _outcome(row) -> float | None:
    r = row["results"] or {}
    if row["model"] == "allocation":
        allocation = r.get("allocation") or []
        heads = [a["per_head"] for a in allocation if a.get("per_head") is not None]
        return (max(heads) / min(heads)) if heads and min(heads) > 0 else None
    total, covered = r.get("total_weight"), r.get("covered_weight")
    return 100 * covered / total if total and covered is not None else None


def comparison_table(scenarios: pd.DataFrame) -> Table:
    """The saved scenarios side by side: what was asked and the headline answer."""
    rows = []
    for row in scenarios.to_dict(orient="records"):
        r = row["results"] or {}
        before = r.get("covered_weight_before")
        total = r.get("total_weight")
        rows.append({
            "name": {"text": row["name"], "href": f"/arbete/scenarier?visa={row['id']}"},
            "model": _("fördelning") if row["model"] == "allocation" else row["model"].upper(),
            "parameters": _summary(row),
            "before": 100 * before / total if total and before is not None else None,
            "after": _outcome(row) if row["model"] != "allocation" else None,
            "ratio": _outcome(row) if row["model"] == "allocation" else None,
            "by": row["created_by"] if isinstance(row["created_by"], str) else _("exempel"),
            "created": row["created_at"].strftime("%Y-%m-%d %H:%M") if row["created_at"] else "",
        })
    return Table("scenarier", _("Sparade scenarier"), [
        Column("name", _("Scenario"), "link"), Column("model", _("Modell")),
        Column("parameters", _("Val")),
        Column("before", _("Täckta före (%)"), "number", 1),
        Column("after", _("Täckta efter (%)"), "number", 1),
        Column("ratio", _("Högst/lägst per barn"), "number", 2),
        Column("by", _("Sparat av")), Column("created", _("Sparat"))], rows,
        example=bool(scenarios["is_example"].any()) if not scenarios.empty else False,
        row_header="name")


def allocation_comparison(scenarios: pd.DataFrame) -> Table | None:
    """Saved allocations side by side: one row per area, kronor per child in each scenario
    (the newest six; every one is downloadable on its own)."""
    saved = [r for r in scenarios.to_dict(orient="records") if r["model"] == "allocation"][:6]
    if not saved:
        return None
    rows: dict[str, dict] = {}
    columns = [Column("name", _("Område")), Column("area", _("Kod")),
               Column("population", _("Barn 0–5 år"), "number", 0)]
    for k, scenario in enumerate(saved):
        key = f"s{k}"
        columns.append(Column(key, scenario["name"], "number", 0))
        for a in (scenario["results"] or {}).get("allocation") or []:
            row = rows.setdefault(a["area"], {"name": a.get("name") or a["area"],
                                              "area": a["area"],
                                              "population": a.get("population")})
            row[key] = a.get("per_head")
    return Table("fordelningar", _("Sparade fördelningar sida vid sida (kr per barn)"), columns,
                 sorted(rows.values(), key=lambda r: str(r["name"])),
                 example=any(bool(s["is_example"]) for s in saved), row_header="name")


def placement_tables(scenario: dict) -> dict[str, Table]:
    """A placement's chosen sites and its coverage per area, before and after."""
    r = scenario["results"]
    chosen = Table("valda", _("Valda nya platser"), [
        Column("name", _("Område")), Column("id", _("Kod")),
        Column("x", _("x (SWEREF 99 TM, m)"), "number", 0),
        Column("y", _("y (SWEREF 99 TM, m)"), "number", 0)], r.get("chosen_sites") or [],
        example=scenario["is_example"], row_header="name")
    rows = [{**c, "share_before": 100 * (c.get("share_before") or 0),
             "share_after": 100 * (c.get("share_after") or 0)}
            for c in r.get("coverage") or [] if c.get("district") != "alla"]
    coverage = Table("tackning", _("Täckning per område"), [
        Column("name", _("Område")), Column("district", _("Kod")),
        Column("weight", _("Barn 0–5 år"), "number", 0),
        Column("share_before", _("Täckta före (%)"), "number", 1),
        Column("share_after", _("Täckta efter (%)"), "number", 1)], rows,
        example=scenario["is_example"], row_header="name")
    return {"valda": chosen, "tackning": coverage}


def allocation_table(scenario: dict) -> Table:
    """An allocation per area, every figure traceable to its inputs."""
    return Table("fordelning", _("Fördelning per område"), [
        Column("name", _("Område")), Column("area", _("Kod")),
        Column("population", _("Barn 0–5 år"), "number", 0),
        Column("need", _("Behovsindex"), "number", 2),
        Column("base", _("Bas (kr)"), "number", 0),
        Column("need_part", _("Behovsdel (kr)"), "number", 0),
        Column("allocation", _("Tilldelning (kr)"), "number", 0),
        Column("per_head", _("Per barn (kr)"), "number", 0)],
        scenario["results"].get("allocation") or [], example=scenario["is_example"],
        row_header="name")


def scenario_map(engine: Engine, scenario: dict, kind_sites: pd.DataFrame, *,
                 whole_map: bool = False) -> dict:
    """The map of a scenario: coverage after (placement) or kronor per child (allocation),
    fitted to where the children live unless ``whole_map``."""
    municipality = scenario["municipality"] or scenario["parameters"].get("municipality")
    r = scenario["results"]
    if scenario["model"] == "allocation":
        values = {a["area"]: a.get("per_head") for a in r.get("allocation") or []}
        features = _features(engine, municipality, values)
        people = {a["area"]: a.get("population") for a in r.get("allocation") or []}
        return _map(features, [], title=_("Per barn (kr)"), scheme="blues",
                    fit=_fit(features, people, whole_map))
    values = {c["district"]: 100 * (c.get("share_after") or 0) for c in r.get("coverage") or []
              if c.get("district") != "alla"}
    points = _site_points(kind_sites, _("befintlig plats"))
    points += [{"name": c["name"], "lon": c["lon"], "lat": c["lat"], "what": _("ny plats")}
               for c in r.get("chosen_sites") or []]
    features = _features(engine, municipality, values)
    people = {c["district"]: c.get("weight") for c in r.get("coverage") or []
              if c.get("district") != "alla"}
    return _map(features, points, title=_("Täckta efter (%)"), scheme="blues", fifths=False,
                fit=_fit(features, people, whole_map))

