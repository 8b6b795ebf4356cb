"""Approved quotes and what residents say per target area: a quote is shown only when it is
masked, coded, and its theme's cell in its area is published; approving is audited; the
per-target-area view publishes the theme tables' own cells and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jamlik.errors import ArgumentError, NotFoundError
from jamlik.store import AuditEntry, VoiceAnswer, connect
from jamlik.voices import (
    QUOTE_REASONS, approve_quote, define_collection, import_answers, open_answers, quote_check,
    quotes, read_collection, theme_shares, uncode_answer, voices_by_target_area,
)

from voices_world import (
    SMALL_WORLD, add_areas, answers_file, code_small_world, linked_collection,
    load_programme_of_goteborg, small_world_rows,
)


@pytest.fixture
def world(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'store.db'}")
    add_areas(engine)
    programme = load_programme_of_goteborg(engine)
    define_collection(engine, read_collection(linked_collection(tmp_path)))
    import_answers(engine, answers_file(tmp_path, small_world_rows()), collection="trygg-2026")
    code_small_world(engine)
    answers = {a["row"]: a for a in open_answers(engine, "trygg-2026")}
    return engine, programme, answers


def _row(area: str, theme: str | None) -> int:
    """The file row (header = 1) of the first respondent from ``area`` with ``theme``."""
    return next(i + 2 for i, (a, _s, t) in enumerate(SMALL_WORLD) if a == area and t == theme)


def test_a_quote_needs_masking_a_code_and_a_published_cell(world):
    engine, _programme, answers = world
    hjallbo = answers[_row("Hjällbo västra", "trygghet")]["id"]
    assert quote_check(engine, hjallbo) == []
    # Haga: 3 of 25 raised safety, a withheld cell; Lövgärdet: 3 answers in all
    assert quote_check(engine, answers[_row("Haga", "trygghet")]["id"]) == ["small_group"]
    assert quote_check(engine, answers[_row("Lövgärdet", "trygghet")]["id"]) == ["small_group"]
    assert quote_check(engine, answers[_row("Haga", None)]["id"]) == ["not_coded"]
    with engine.connect() as conn:  # a closed answer of the same respondent
        closed = conn.execute(select(VoiceAnswer.id).where(
            VoiceAnswer.respondent_id == conn.execute(select(VoiceAnswer.respondent_id).where(
                VoiceAnswer.id == hjallbo)).scalar(), VoiceAnswer.id != hjallbo)).scalar()
    assert "not_open" in quote_check(engine, closed)
    with pytest.raises(ArgumentError, match=QUOTE_REASONS["small_group"][:30]):
        approve_quote(engine, answer_id=answers[_row("Haga", "trygghet")]["id"], by="anna")
    with pytest.raises(NotFoundError):
        approve_quote(engine, answer_id=999_999, by="anna")
    assert approve_quote(engine, answer_id=hjallbo, by="anna") is True
    assert approve_quote(engine, answer_id=hjallbo, by="anna") is False  # already
    shown = quotes(engine, "trygg-2026")
    assert [(q["id"], q["area_name"], q["themes"]) for q in shown] == [
        (hjallbo, "Hjällbo västra", ["trygghet"])]
    with engine.connect() as conn:
        logged = conn.execute(select(AuditEntry.username, AuditEntry.action,
                                     AuditEntry.object_id, AuditEntry.summary)).all()
    assert logged == [("anna", "voices.quote.approve", str(hjallbo),
                       f"godkände citat {hjallbo} i samlingen trygg-2026")]
    assert "belysning" not in logged[0][3]  # the log never holds the answer
    assert approve_quote(engine, answer_id=hjallbo, by="anna", approved=False) is True
    assert quotes(engine, "trygg-2026") == []


def test_a_quote_is_checked_again_whenever_it_is_shown(world):
    engine, _programme, answers = world
    hjallbo = answers[_row("Hjällbo västra", "trygghet")]["id"]
    approve_quote(engine, answer_id=hjallbo, by="anna")
    uncode_answer(engine, answer_id=hjallbo, code="trygghet", coder="anna")
    assert quotes(engine, "trygg-2026") == []  # no theme left to show it under
    from jamlik.voices import code_answer

    code_answer(engine, answer_id=hjallbo, code="trygghet", coder="anna")
    assert len(quotes(engine, "trygg-2026")) == 1
    with engine.begin() as conn:  # a text that was never masked must never be shown
        conn.execute(VoiceAnswer.__table__.update().where(VoiceAnswer.id == hjallbo).values(
            value="Ring mig på 070-123 45 67"))
    assert quotes(engine, "trygg-2026") == []
    assert quote_check(engine, hjallbo) == ["personal"]


def test_what_residents_say_per_target_area_is_the_tables_own_cells(world):
    engine, programme, answers = world
    approve_quote(engine, answer_id=answers[_row("Hjällbo västra", "trygghet")]["id"],
                  by="anna")
    approve_quote(engine, answer_id=answers[_row("Haga", "fritid")]["id"], by="anna")
    said = voices_by_target_area(engine, programme_id=programme, municipality="1480")
    assert [(t["target_area"], [th["code"] for c in t["collections"] for th in c["themes"]])
            for t in said] == [("MO1", ["fritid"]), ("MO3", ["trygghet"])]
    shares = theme_shares(engine, "trygg-2026")
    audited = {(r.code, r.area): r for r in shares[shares["dimension"] == "total"].itertuples()}
    for target in said:
        for collection in target["collections"]:
            for theme in collection["themes"]:
                for cell in [theme["all"], *theme["areas"]]:
                    truth = audited[(theme["code"], cell["area"] or "*")]
                    assert cell["suppressed"] == bool(truth.suppressed)
                    if cell["suppressed"]:
                        assert cell["n"] is cell["x"] is cell["value"] is None
                    else:
                        assert (cell["n"], cell["x"]) == (truth.n, truth.x)
    mo1, mo3 = said
    assert [q["area_name"] for q in mo1["collections"][0]["quotes"]] == ["Haga"]
    assert [q["area_name"] for q in mo3["collections"][0]["quotes"]] == ["Hjällbo västra"]
    haga = voices_by_target_area(engine, programme_id=programme, area="1480R042")
    cells = {(t["target_area"], c["area"]): c for t in haga
             for th in t["collections"][0]["themes"] for c in th["areas"]}
    assert set(cells) == {("MO1", "1480R042"), ("MO3", "1480R042")}
    assert cells[("MO3", "1480R042")]["suppressed"] and not cells[("MO1", "1480R042")][
        "suppressed"]
    assert voices_by_target_area(engine, municipality="0180") == []
