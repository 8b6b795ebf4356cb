"""Example sites for Göteborg (exempeldata): family centres and libraries, children 0–5 per
RegSO area, access to both written as indicators, and two worked scenarios.

Every value here is invented to show the tool, on Göteborg's real RegSO 2025
areas: the sites lie near the centre of a chosen area (with a deterministic
offset), capacities are made up, and the number of children aged 0–5 is drawn
so that the socio-economically vulnerable areas have many. The north-east of
Angered (Hjällbo, Hammarkullen, Gårdsten, Rannebergen, Lövgärdet) has many
young children and, on purpose, no family centre: the demo's access gap.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from ._indicators import EXAMPLE_NOTE, EXAMPLE_SOURCE, VULNERABLE

__all__ = ["KINDS", "load_demo_places"]

SEED = 20261129
PERIOD = "2024"
CHILDREN = "barn_0_5"
THRESHOLD = 1000.0
KINDS = {"family_centre": ("Familjecentral", "Family centre"),
         "library": ("Bibliotek", "Library")}
INNER_CITY = ("inom vallgraven", "haga", "vasastaden", "lorensberg", "heden", "stampen",
              "johanneberg chalmers", "lindholmen")
FAMILY_CENTRES = (
    "Bergsjön centrala", "Kortedala nordöstra", "Gamlestaden västra", "Backa centrala",
    "Kyrkbyn östra", "Södra Biskopsgården östra", "Frölunda torg västra", "Majorna Såggatan",
    "Olivedal Järntorget", "Kålltorp Munkebäckstorget", "Högsbotorp östra", "Järnbrott",
    "Lunden västra", "Tuve västra", "Askim norra",
)
LIBRARIES = (
    "Inom Vallgraven", "Angered centrum-Agnesberg", "Bergsjön centrala", "Kortedala södra",
    "Gamlestaden Kviberg", "Backa centrala", "Kvillebäcken Backaplan", "Länsmansgården norra",
    "Södra Biskopsgården östra", "Frölunda torg östra", "Majorna Såggatan",
    "Olivedal Kommendantsängen", "Kålltorp Vidkärr", "Högsbotorp västra", "Askim södra",
    "Torpa",
)


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().lower()


def children(points: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Invented children aged 0–5 per area: many in vulnerable areas, few in the centre."""
    count = rng.lognormal(np.log(380), 0.35, len(points))
    names = points["name"].map(_key)
    count *= np.where(names.map(lambda n: any(w in n for w in VULNERABLE)), 2.4, 1.0)
    count *= np.where(names.map(lambda n: any(w in n for w in INNER_CITY)), 0.45, 1.0)
    return count.round()


def children_frame(points: pd.DataFrame, counts: np.ndarray) -> pd.DataFrame:
    """The children as a checked long table: each area and the municipality, 2024."""
    from jamlik.ingest import check_frame

    common = dict(indicator=CHILDREN, indicator_name="Barn 0–5 år (exempeldata)",
                  indicator_name_en="Children aged 0–5 (example data)", unit="antal", scale=1.0,
                  polarity="neutral", kind="count", indicator_source=EXAMPLE_SOURCE,
                  period=PERIOD, source=EXAMPLE_NOTE)
    rows = [dict(common, area_code=a, area_name=n, area_version="RegSO_2025",
                 area_level="regso", value=float(c), population=float(c))
            for a, n, c in zip(points["area"], points["name"], counts)]
    rows.append(dict(common, area_code="1480", area_name="Göteborg", area_version="Kommun_2025",
                     area_level="kommun", value=float(counts.sum()),
                     population=float(counts.sum())))
    return check_frame(pd.DataFrame(rows), file="jamlik demo")


def example_sites(points: pd.DataFrame, names: tuple[str, ...], *, prefix: str,
                  capacity: tuple[float, float], rng: np.random.Generator) -> pd.DataFrame:
    """Sites near the point of each named area, as the import's table of text cells."""
    by_name = {_key(n): i for i, n in enumerate(points["name"])}
    rows = []
    for number, name in enumerate(names, start=1):
        at = points.iloc[by_name[_key(name)]]
        dx, dy = rng.normal(0, 120, 2)
        rows.append({"id": f"{prefix}{number:02d}", "name": f"{name} (exempel)",
                     "x": f"{at['x'] + dx:.0f}", "y": f"{at['y'] + dy:.0f}",
                     "capacity": f"{rng.uniform(*capacity):.0f}", "area": at["area"],
                     "valid_from": "2020-01-01"})
    return pd.DataFrame(rows)


def load_demo_places(engine: Engine) -> dict:
    """Children, sites, access indicators and two scenarios for Göteborg; a no-op when built."""
    from jamlik.jobs import (
        allocation_scenario, area_points, import_sites, placement_scenario, save_scenario,
        store_access,
    )
    from jamlik.store import list_scenarios, write_batch

    rng = np.random.default_rng(SEED)
    points = area_points(engine, municipality="1480")
    write_batch(engine, children_frame(points, children(points, rng)), format="demo",
                source="jamlik demo (exempeldata): barn 0–5 år",
                file_hash=f"jamlik-demo-places:{SEED}", is_example=True)
    for kind, names, prefix, capacity in (
            ("family_centre", FAMILY_CENTRES, "FC", (40, 160)),
            ("library", LIBRARIES, "BIB", (30, 70))):
        table = example_sites(points, names, prefix=prefix, capacity=capacity, rng=rng)
        import_sites(engine, table, file=f"jamlik demo: {KINDS[kind][0]} (exempeldata)",
                     kind=kind, kind_name=KINDS[kind][0], kind_name_en=KINDS[kind][1],
                     is_example=True)
        store_access(engine, kind=kind, municipality="1480", threshold=THRESHOLD)
    if list_scenarios(engine, municipality="1480").empty:
        allocation = allocation_scenario(engine, municipality="1480", budget=20_000_000,
                                         alpha=0.5)
        save_scenario(engine, allocation, name="Exempel: familjestöd 20 mnkr, α = 0,5")
        placement = placement_scenario(engine, kind="family_centre", municipality="1480",
                                       sites=3, radius=THRESHOLD)
        save_scenario(engine, placement, name="Exempel: tre nya familjecentraler inom 1 km")
    return {"areas": len(points)}
