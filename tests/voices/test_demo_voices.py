"""The demo's example survey: six Göteborg districts, closed and open questions, a codebook
linked to the four target areas, coded answers, stored as example data."""

from __future__ import annotations

from importlib import resources

import numpy as np
from sqlalchemy import select

from jamlik.demo._geography import load_geography
from jamlik.demo._voices import DEMO_COLLECTION, load_demo_voices
from jamlik.program import load_programme, read_programme
from jamlik.store import ImportBatch, TargetArea, VoiceCode, VoiceCollection, connect
from jamlik.voices import (
    coding_agreement, collection_indicators, open_answers, quotes, voices_by_target_area,
)


def test_example_survey(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'demo.db'}")
    load_geography(engine)
    path = resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml")
    load_programme(engine, read_programme(str(path)))
    assert load_demo_voices(engine, rng=np.random.default_rng(1)) == 390
    assert load_demo_voices(engine, rng=np.random.default_rng(1)) is None
    with engine.connect() as conn:
        assert conn.execute(select(VoiceCollection.is_example)).scalar() is True
        linked = set(conn.execute(select(TargetArea.code).join(
            VoiceCode, VoiceCode.target_area_id == TargetArea.id)).scalars())
        batch = conn.execute(select(ImportBatch.is_example).where(
            ImportBatch.format == "voices")).scalar()
    assert linked == {"MO1", "MO2", "MO3", "MO4"} and batch is True
    frame = collection_indicators(engine, DEMO_COLLECTION)
    totals = frame[frame["dimension"] == "total"]
    assert len(totals) == 12 and not totals["suppressed"].any()  # 2 questions × 6 districts
    assert set(totals["area_name"]) >= {"Hjällbo västra", "Haga", "Hammarkullen centrala"}
    assert all(row["kappa"] > 0.6 for row in coding_agreement(engine, DEMO_COLLECTION))
    texts = [a["text"] for a in open_answers(engine, DEMO_COLLECTION)]
    assert not any("@" in t or "070-" in t or "Sara" in t for t in texts)
    assert sum("[telefon]" in t or "[e-post]" in t or "[namn]" in t for t in texts) >= 3
    shown = quotes(engine, DEMO_COLLECTION)  # an analyst approved a few, all safe to show
    assert 4 <= len(shown) <= 6 and len({q["area"] for q in shown}) == len(shown)
    assert not any("[" in q["text"] for q in shown)
    said = voices_by_target_area(engine, municipality="1480")
    assert [t["target_area"] for t in said] == ["MO1", "MO2", "MO3", "MO4"]
    # a quote coded with two themes of two target areas is shown under both
    assert {q["id"] for t in said for c in t["collections"] for q in c["quotes"]} == {
        q["id"] for q in shown}
