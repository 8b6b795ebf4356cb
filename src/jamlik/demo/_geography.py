"""Load the real geography shipped with jamlik (SCB, RegSO 2025) into the store.

Area versions: ``Riket``, ``Lan_2025`` (21 counties), ``Kommun_2025`` (290
municipalities, with boundaries) and ``RegSO_2025`` (the RegSO areas of
Göteborg, Malmö and Stockholm, with boundaries, their parent the municipality).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import Engine, select

from jamlik.ingest import plain_area_name
from jamlik.store import Area, AreaVersion

ATTRIBUTION = "Källa: SCB, RegSO 2025"
CITIES = {"1480": "goteborg", "1280": "malmo", "0180": "stockholm"}


@dataclass(frozen=True)
class DemoArea:
    code: str
    name: str
    version: str
    level: str
    parent: str | None  # code of the parent area
    geometry: dict | None


def _data(name: str) -> str:
    return resources.files("jamlik.data").joinpath(name).read_text(encoding="utf-8")


def demo_areas() -> list[DemoArea]:
    """Every demo area, parents before children."""
    municipalities = list(csv.DictReader(io.StringIO(_data("kommuner.csv"))))
    areas = [DemoArea("00", "Riket", "Riket", "riket", None, None)]
    counties = {}
    for row in municipalities:
        counties.setdefault(row["county_code"], row["county_name"])
    areas += [DemoArea(code, name, "Lan_2025", "lan", "00", None)
              for code, name in sorted(counties.items())]
    shapes = {f["properties"]["municipality_code"]: f["geometry"]
              for f in json.loads(_data("geo/kommuner_2025_sweden.geojson"))["features"]}
    areas += [DemoArea(row["municipality_code"], row["municipality_name"], "Kommun_2025",
                       "kommun", row["county_code"], shapes.get(row["municipality_code"]))
              for row in municipalities]
    for municipality, slug in CITIES.items():
        features = json.loads(_data(f"geo/regso_2025_{slug}.geojson"))["features"]
        for feature in sorted(features, key=lambda f: f["properties"]["regsokod"]):
            props = feature["properties"]
            areas.append(DemoArea(props["regsokod"], plain_area_name(props["regsonamn"]),
                                  "RegSO_2025", "regso",
                                  municipality, feature["geometry"]))
    return areas


VERSIONS = {
    "Riket": ("Riket", "riket", None),
    "Lan_2025": ("Län 2025", "lan", 2025),
    "Kommun_2025": ("Kommuner 2025", "kommun", 2025),
    "RegSO_2025": ("Regionala statistikområden (RegSO) 2025", "regso", 2025),
}
PARENT_VERSION = {"Lan_2025": "Riket", "Kommun_2025": "Lan_2025", "RegSO_2025": "Kommun_2025"}


def load_geography(engine: Engine) -> int:
    """Create the demo area versions and areas that are missing; return how many were added."""
    areas = demo_areas()
    added = 0
    with engine.begin() as conn:
        version_ids = {}
        for code, (name, level, year) in VERSIONS.items():
            found = conn.execute(select(AreaVersion.id).where(AreaVersion.code == code)).first()
            if found is None:
                found = conn.execute(AreaVersion.__table__.insert().values(
                    code=code, name=name, level=level, year=year,
                    attribution=ATTRIBUTION)).inserted_primary_key
            version_ids[code] = found[0]
        ids = {(version, code): area_id for area_id, version, code in conn.execute(
            select(Area.id, AreaVersion.code, Area.code).join(AreaVersion))}
        for area in areas:
            key = (area.version, area.code)
            if key in ids:
                continue
            parent = ids.get((PARENT_VERSION.get(area.version), area.parent))
            ids[key] = conn.execute(Area.__table__.insert().values(
                version_id=version_ids[area.version], code=area.code, name=area.name,
                parent_id=parent, geometry=area.geometry, attributes={"level": area.level},
            )).inserted_primary_key[0]
            added += 1
    return added
