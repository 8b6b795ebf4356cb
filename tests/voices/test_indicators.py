"""Closed questions stored as indicators (one import batch, the collection as source, "not a
random sample"), and erasure of the collection removes them with every other trace."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jamlik.store import (
    ImportBatch, Indicator, Observation, VoiceAnswer, VoiceCoding, VoiceRespondent,
)
from jamlik.voices import (
    define_collection, erase_collection, import_answers, read_collection, write_indicators,
)

from voices_world import add_areas, answers_file, collection_file


def rows() -> list[str]:
    """40 in Hjällbo västra, 30 in Haga, 3 in Lövgärdet (too few to show)."""
    out = []
    for i in range(40):
        out.append(f"Hjällbo västra;16-29;{'K' if i % 2 else 'M'};{'Ja' if i % 4 else 'Nej'};")
    for i in range(30):
        out.append(f"Haga;65+;{'K' if i % 3 else 'M'};{'Ja' if i % 2 else 'Nej'};bättre buss")
    out += ["Lövgärdet;30-64;K;Ja;", "Lövgärdet;30-64;K;Nej;", "Lövgärdet;30-64;M;Vet ej;"]
    return out


@pytest.fixture
def world(store, tmp_path):
    add_areas(store)
    define_collection(store, read_collection(collection_file(tmp_path)))
    import_answers(store, answers_file(tmp_path, rows()), collection="trygg-2026")
    return store


def current(engine):
    with engine.connect() as conn:
        return conn.execute(
            select(Indicator.code, Observation.value, Observation.lower, Observation.upper,
                   Observation.denominator, Observation.suppressed, Observation.flag,
                   Observation.source_note)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(Observation.superseded_by_batch_id.is_(None))).all()


def test_indicators_are_stored_with_method_source_and_suppression(world):
    batch = write_indicators(world, "trygg-2026")
    assert batch is not None and not batch.already_imported
    stored = current(world)
    assert {row.code for row in stored} == {"rost.trygg-2026.trygg"}
    assert all(row.flag == "inte ett slumpmässigt urval" for row in stored)
    assert all(row.source_note.startswith("Trygghet i stadsdelen 2026 (trygg-2026), "
                                          "street_interviews") for row in stored)
    shown = [row for row in stored if not row.suppressed]
    assert shown and all(row.denominator >= 5 for row in shown)
    # Hjällbo västra: 30 of 40 said yes → 75 % with Wilson's interval
    assert any(row.denominator == 40 and round(row.value, 6) == 75.0 for row in shown)
    # Lövgärdet's two answers (Vet ej left out) are withheld, never shown
    assert not any(row.denominator is not None and row.denominator < 5 for row in stored)
    assert write_indicators(world, "trygg-2026").already_imported


def test_erasure_removes_every_trace_including_derived_indicators(world):
    write_indicators(world, "trygg-2026")
    counts = erase_collection(world, "trygg-2026", by="test")
    assert counts["indicators"] == 1 and counts["batches"] == 1 and counts["observations"] > 0
    with world.connect() as conn:
        for model in (VoiceRespondent, VoiceAnswer, VoiceCoding, Observation, Indicator):
            assert conn.execute(select(func.count()).select_from(model)).scalar() == 0, model
        assert conn.execute(select(func.count()).select_from(ImportBatch).where(
            ImportBatch.format == "voices")).scalar() == 0
