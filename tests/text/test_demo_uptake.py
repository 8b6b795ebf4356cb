"""The demo's example annual reports: real files, matched, some confirmed, some rejected."""

from __future__ import annotations

from importlib import resources

from jamlik.demo._reports import EXAMPLE_REPORTS, load_demo_uptake
from jamlik.program import create_organisation, load_programme, read_programme
from jamlik.store import confirmed_uptake, decision_history, stored_matches

GOTEBORG = str(resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml"))


def test_demo_reports_are_matched_and_reviewed(store):
    programme_id = load_programme(store, read_programme(GOTEBORG))
    for code, (name, _) in EXAMPLE_REPORTS.items():
        create_organisation(store, code=code, name=name, kind="board")
    counts = load_demo_uptake(store, programme_id)
    assert counts["confirmed"] >= 10 and counts["rejected"] >= 3 and counts["reassigned"] == 1
    matches = stored_matches(store, programme_id=programme_id)
    assert {m.year for m in matches} == {2024, 2025}
    assert {m.source.rsplit(".", 1)[1] for m in matches} == {"pdf", "docx"}
    # nothing from the budget or staff sections is proposed
    assert not [m for m in matches if "Sjukfrånvaron" in m.text or "resultat på" in m.text]
    confirmed = confirmed_uptake(store, programme_id)
    bokstart = [m for m in confirmed if m.text.startswith("Bokstart")]
    assert bokstart and {m.final_code for m in bokstart} == {"MO1.4"}
    assert all(m.page is not None and m.heading_path for m in confirmed)
    reassigned = next(m for m in confirmed if m.decision == "reassign")
    assert reassigned.final_code == "MO4.2"
    assert decision_history(store, reassigned.id)[0]["reviewer"] == "analytiker"
