"""Data files shipped with jamlik (see ATTRIBUTION.md)."""

from __future__ import annotations

import csv
import io
from importlib.resources import files

__all__ = ["AREA_TYPE_ATTRIBUTION", "AREA_TYPE_NAMES", "regso_area_types"]

#: Where the area types come from, as it must be shown where they are used.
AREA_TYPE_ATTRIBUTION = "Källa: SCB, områdestyper efter RegSO 2022"
#: Statistics Sweden's names of the socioeconomic area types (områdestyp).
AREA_TYPE_NAMES = {
    1: "Områden med stora socioekonomiska utmaningar",
    2: "Områden med socioekonomiska utmaningar",
    3: "Socioekonomiskt blandade områden",
    4: "Områden med goda socioekonomiska förutsättningar",
    5: "Områden med mycket goda socioekonomiska förutsättningar",
}


def regso_area_types() -> dict[str, int]:
    """Statistics Sweden's områdestyp 2022 (1–5, 1 = most deprived) per RegSO 2025 code.

    3,351 areas; 12 areas renamed in 2025 are absent (see ATTRIBUTION.md).
    """
    text = files(__name__).joinpath("regso_omradestyp_2022.csv").read_text(encoding="utf-8")
    return {row["regsokod"]: int(row["omradestyp_2022"]) for row in csv.DictReader(io.StringIO(text))}
