"""Coding open answers: suggestions with evidence never applied by themselves, several coders,
agreement per code against a hand count."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jamlik.errors import NotFoundError
from jamlik.store import VoiceCoding
from jamlik.voices import (
    code_answer, coding_agreement, define_collection, import_answers, open_answers,
    read_collection, suggest_codes, uncode_answer,
)

from voices_world import add_areas, answers_file, collection_file

TEXTS = ["Mer belysning på gångvägen, det är mörkt och otryggt",
         "En fritidsgård för unga med idrott på kvällarna",
         "Bättre belysning vid busshållplatsen",
         "Fler aktiviteter för ungdomar, fritidsgården stängde",
         "Renare gator"]


@pytest.fixture
def world(store, tmp_path):
    add_areas(store)
    define_collection(store, read_collection(collection_file(tmp_path)))
    rows = [f"Haga;30-64;K;Ja;{text}" for text in TEXTS]
    import_answers(store, answers_file(tmp_path, rows), collection="trygg-2026")
    return store


def test_suggestions_show_evidence_and_change_nothing(world):
    answers = open_answers(world, "trygg-2026")
    suggestions = suggest_codes(world, "trygg-2026")
    first = suggestions[answers[0]["id"]][0]
    assert first["code"] in ("belysning", "trygghet") and first["words"]
    assert suggestions[answers[1]["id"]][0]["code"] == "fritid"
    with world.connect() as conn:
        assert conn.execute(select(func.count()).select_from(VoiceCoding)).scalar() == 0


def test_two_coders_and_their_agreement(world):
    answers = open_answers(world, "trygg-2026")
    ids = [a["id"] for a in answers]
    anna = ["belysning", "fritid", "belysning", "fritid", "trygghet"]
    bo = ["belysning", "fritid", "trygghet", "fritid", "trygghet"]
    for answer, a, b in zip(ids, anna, bo):
        assert code_answer(world, answer_id=answer, code=a, coder="anna")
        code_answer(world, answer_id=answer, code=b, coder="bo")
    assert not code_answer(world, answer_id=ids[0], code="belysning", coder="anna")
    agreement = {row["code"]: row for row in coding_agreement(world, "trygg-2026")}
    # belysning: anna yes on answers 1 and 3, bo on 1 only: p_o = 4/5,
    # p_e = 0.4·0.2 + 0.6·0.8 = 0.56, κ = (0.8 − 0.56) / 0.44 = 0.5455
    assert round(agreement["belysning"]["kappa"], 4) == 0.5455
    assert agreement["fritid"]["kappa"] == 1.0
    assert agreement["belysning"]["method"] == "cohen" and agreement["fritid"]["items"] == 5
    code_answer(world, answer_id=ids[0], code="belysning", coder="cecilia")
    # a third coder who coded one answer: only that answer is shared by all three
    assert coding_agreement(world, "trygg-2026")[0]["method"] == "fleiss"
    assert uncode_answer(world, answer_id=ids[0], code="belysning", coder="cecilia")
    with pytest.raises(NotFoundError):
        code_answer(world, answer_id=ids[0], code="finns-inte", coder="anna")
