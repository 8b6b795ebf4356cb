"""Building the demo database."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib import resources

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select

from jamlik.ingest import check_frame
from jamlik.program import load_programme, read_programme
from jamlik.store import ImportBatch, Indicator, IndicatorTargetArea, TargetArea, write_batch

from ._followup import load_demo_followup
from ._places import load_demo_places
from ._reports import load_demo_uptake
from ._geography import CITIES, demo_areas, load_geography
from ._users import create_demo_users
from ._voices import load_demo_voices
from ._indicators import (
    BIRTH_GROUPS, INTERSECTION_DIMENSION, TARGET_AREAS, generate, indicator_metadata,
)
from ._life import AGE_DIMENSION, age_band_codes

DEMO_SEED = 20180125  # the day Göteborg's council adopted the programme
# Bump when the generator changes, so that `jamlik demo` writes the new values as a
# revision instead of treating the store as already built.
DEMO_VERSION = 4
DIMENSIONS = {
    "total": ("Totalt", {"total": "Totalt"}),
    "kon": ("Kön", {"kvinnor": "Kvinnor", "man": "Män"}),
    "fodelseregion": ("Födelseregion", {code: name for code, name, _, _ in BIRTH_GROUPS}),
    # the deaths by age behind life expectancy, and one indicator by two breakdowns at once
    AGE_DIMENSION: ("Ålder", {code: code.replace("-", "–") + " år" for code in age_band_codes()}),
    INTERSECTION_DIMENSION: ("Kön och födelseregion", {
        f"{sex}+{code}": f"{sex_name} {name[0].lower()}{name[1:]}"
        for code, name, _, _ in BIRTH_GROUPS
        for sex, sex_name in (("kvinnor", "Kvinnor"), ("man", "Män"))}),
}


def demo_frame(*, seed: int = DEMO_SEED) -> pd.DataFrame:
    """The demo's example observations as a checked tidy table."""
    areas = demo_areas()
    frame = generate(areas, rng=np.random.default_rng(seed))
    frame = frame.merge(indicator_metadata(), on="indicator", how="left")
    names = {(a.version, a.code): (a.name, a.level) for a in areas}
    keys = list(zip(frame["area_version"], frame["area_code"]))
    frame["area_name"] = [names[key][0] for key in keys]
    frame["area_level"] = [names[key][1] for key in keys]
    frame["dimension_name"] = frame["dimension"].map({k: v[0] for k, v in DIMENSIONS.items()})
    frame["subgroup_name"] = [DIMENSIONS[d][1][s] for d, s in zip(frame["dimension"],
                                                                   frame["subgroup"])]
    order = {"kvinnor": 1, "man": 2, **{c: i + 1 for i, (c, _, _, _) in enumerate(BIRTH_GROUPS)},
             **{c: i + 1 for i, c in enumerate(age_band_codes())},
             **{c: i + 1 for i, c in enumerate(DIMENSIONS[INTERSECTION_DIMENSION][1])}}
    frame["subgroup_order"] = frame["subgroup"].map(order).astype("Int64")
    frame["reference_subgroup"] = (frame["subgroup"] == "sverige").astype("boolean")
    frame["dimension_ordered"] = pd.array(frame["dimension"] == AGE_DIMENSION, dtype="boolean")
    frame["confidence"] = np.nan
    return check_frame(frame, file="jamlik demo")


def build_demo(engine: Engine, *, progress: Callable[[str], None] | None = None) -> dict:
    """Fill the store at ``engine`` with the demo city; safe to run again (no-op)."""
    step = progress or (lambda _message: None)
    step("geografi (SCB, RegSO 2025)")
    added = load_geography(engine)
    step("Göteborgs program för en jämlik stad 2018–2026")
    path = resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml")
    programme_id = load_programme(engine, read_programme(str(path)))
    step("exempeldata för indikatorer 2010–2024")
    # The generator is deterministic, so its version and seed identify its content.
    digest = hashlib.sha256(f"jamlik-demo:{DEMO_VERSION}:{DEMO_SEED}".encode()).hexdigest()
    with engine.connect() as conn:
        built = conn.execute(select(ImportBatch.id).where(
            ImportBatch.file_hash == digest, ImportBatch.status == "active")).first()
    if built is not None:
        step("exempelplatser i Göteborg: familjecentraler och bibliotek")
        load_demo_places(engine)
        return {"areas_added": added, "programme_id": programme_id, "batch_id": built[0],
                "observations": 0, "already_built": True}
    frame = demo_frame()
    result = write_batch(engine, frame, format="demo", source="jamlik demo (exempeldata)",
                         file_hash=digest, is_example=True,
                         details={"seed": DEMO_SEED, "note": "Exempeldata, inte verklig statistik"})
    step("kopplar indikatorer till målområden")
    _link_target_areas(engine, programme_id)
    load_demo_followup(engine, programme_id, rng=np.random.default_rng(DEMO_SEED))
    step("exempel på årsrapporter (PDF, DOCX): matchning och granskning")
    load_demo_uptake(engine, programme_id)
    create_demo_users(engine)  # one account per role of the web app (docs/web.md)
    step("skillnadsmått för Göteborg, Malmö och Stockholm")
    from jamlik.jobs import compute_measures

    compute_measures(engine, municipalities=list(CITIES))
    step("exempelplatser i Göteborg: familjecentraler och bibliotek, tillgång och scenarier")
    load_demo_places(engine)
    step("invånarnas röster: en exempelenkät i sex stadsdelar, kodad")
    load_demo_voices(engine, rng=np.random.default_rng(DEMO_SEED))
    return {"areas_added": added, "programme_id": programme_id, "batch_id": result.batch_id,
            "observations": result.rows_inserted, "already_built": result.already_imported}


def _link_target_areas(engine: Engine, programme_id: int) -> None:
    with engine.begin() as conn:
        targets = dict(conn.execute(select(TargetArea.code, TargetArea.id)
                                    .where(TargetArea.programme_id == programme_id)).all())
        indicators = dict(conn.execute(select(Indicator.code, Indicator.id)).all())
        existing = set(conn.execute(select(IndicatorTargetArea.indicator_id,
                                           IndicatorTargetArea.target_area_id)).all())
        for code, target_codes in TARGET_AREAS.items():
            for target in target_codes:
                pair = (indicators.get(code), targets.get(target))
                if None not in pair and pair not in existing:
                    conn.execute(IndicatorTargetArea.__table__.insert().values(
                        indicator_id=pair[0], target_area_id=pair[1]))
