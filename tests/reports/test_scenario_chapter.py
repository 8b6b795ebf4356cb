"""Saved place and budget scenarios appear in the annual summary (HTML and Word)."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "program"))
from followup_world import build_world  # noqa: E402

from jamlik.program import open_cycle  # noqa: E402
from jamlik.reports import annual_report  # noqa: E402
from jamlik.store import save_scenario  # noqa: E402


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_saved_scenarios_are_a_table_of_the_annual_summary(store, tmp_path):
    build_world(store)
    open_cycle(store, year=2024, author="Maria Lind", deadline=dt.date(2025, 2, 28))
    annual_report(store, tmp_path / "without.html")
    assert "sparade scenarier" not in _text(tmp_path / "without.html")

    save_scenario(store, name="Tre nya familjecentraler", model="mclp", municipality="1480",
                  parameters={"sites": 3, "radius": 1000.0},
                  results={"total_weight": 200.0, "covered_weight_before": 50.0,
                           "covered_weight": 150.0}, created_by="analytiker")
    save_scenario(store, name="Familjestöd", model="allocation", municipality="1480",
                  parameters={"budget": 1_000_000, "alpha": 0.5},
                  results={"allocation": [{"per_head": 100.0}, {"per_head": 250.0}]})
    html = _text(annual_report(store, tmp_path / "with.html"))
    assert "Platser och fördelning: sparade scenarier" in html
    assert ("Tre nya familjecentraler MCLP 3 nya platser, radie 1 000 m "
            "täckta 25,0 % före, 75,0 % efter") in html
    assert "Familjestöd fördelning budget 1 000 000 kr, α = 0,50 högst/lägst per person: 2,50" \
        in html.replace("\u202f", " ")
    word = docx.Document(annual_report(store, tmp_path / "with.docx", lang="en"))
    table = word.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Scenario", "Model", "Choices", "Result",
                                                     "Saved"]
    assert table.rows[1].cells[3].text == "highest/lowest per head: 2.50"
    assert table.rows[2].cells[3].text == "covered 25.0 % before, 75.0 % after"


def test_an_allocation_names_its_need_weights_floor_and_cap():
    from jamlik.reports._scenarios import scenario_chapter

    scenario = {"name": "Mer efter behov", "model": "allocation", "created_by": "analytiker",
                "created_at": dt.datetime(2026, 11, 29, 12, 0),
                "parameters": {"budget": 2_000_000, "alpha": 0.8,
                               "need": {"ekonomiskt_bistand": 1.0, "trangboddhet": 0.25},
                               "floor_per_head": 300.0, "cap_per_head": None},
                "results": {"allocation": [{"per_head": 300.0}, {"per_head": 900.0}]}}
    sv = scenario_chapter([scenario], lambda words: words, "sv")["table"]["rows"][0]
    assert sv[2].replace("\xa0", " ") == (
        "budget 2 000 000 kr, α = 0,80; behovsindex: ekonomiskt_bistand 1,00, "
        "trangboddhet 0,25; golv 300 kr per person")
    en = scenario_chapter([scenario], lambda words: words, "en")["table"]["rows"][0]
    assert en[2] == ("budget SEK 2,000,000, α = 0.80; need index: ekonomiskt_bistand 1.00, "
                     "trangboddhet 0.25; floor SEK 300 per person")
    assert en[3] == "highest/lowest per head: 3.00"
