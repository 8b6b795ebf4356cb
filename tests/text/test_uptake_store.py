"""Documents in the store, matching a year, review history and permissions."""

from __future__ import annotations

from importlib import resources

import pytest

from jamlik.errors import InputError, NotFoundError
from jamlik.jobs import ReviewNotAllowed, import_documents, review_match, run_uptake
from jamlik.program import create_organisation, import_structure, load_programme, read_programme
from jamlik.store import confirmed_uptake, decision_history, stored_matches

GOTEBORG = str(resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml"))
REPORT = """Årsrapport 2024

Mål och uppdrag

Bokstart har nått 1 400 familjer med små barn. Bibliotekarier har besökt familjerna hemma \
och delat ut böcker på familjens språk.

Inom MO2.4 har nämnden erbjudit feriearbete till 800 ungdomar.

Enligt rekommendation F1 har föräldrastödet byggts ut.

Resultatet blev ett överskott på tre miljoner kronor.
"""


@pytest.fixture
def stocked(store, tmp_path):
    programme_id = load_programme(store, read_programme(GOTEBORG))
    create_organisation(store, code="kn", name="Kulturnämnden", kind="board")
    import_structure(store, {"programme": "goteborg-jamlik-stad-2018-2026", "commissions": [{
        "id": "k1", "name": "Jämlikt Göteborg", "recommendations": [
            {"id": "F1", "text": "Stärk tidiga insatser för barn och deras föräldrar",
             "strategies": ["MO1.1"]}]}]})
    path = tmp_path / "kn-2024.txt"
    path.write_text(REPORT, encoding="utf-8")
    return store, programme_id, path


def test_import_is_a_no_op_the_second_time(stocked):
    store, _, path = stocked
    first = import_documents(store, [path], organisation="kn", year=2024, author="anna")
    again = import_documents(store, [path], organisation="kn", year=2024, author="anna")
    assert first[0].created and first[0].passages == 4
    assert not again[0].created and again[0].document_id == first[0].document_id


def test_import_errors_change_nothing(stocked, tmp_path):
    store, _, path = stocked
    with pytest.raises(NotFoundError, match="ingen organisation med id 'xx'"):
        import_documents(store, [path], organisation="xx", year=2024)
    (tmp_path / "bad.pdf").write_bytes(b"no pdf")
    with pytest.raises(InputError, match="bad.pdf: kunde inte läsa PDF-filen"):
        import_documents(store, [path, tmp_path / "bad.pdf"], organisation="kn", year=2024)
    with pytest.raises(InputError, match="argumentet kind: .*fick 'x'"):
        import_documents(store, [path], organisation="kn", year=2024, kind="x")
    assert run_uptake(store, year=2024)["passages"] == 0  # nothing was stored


def test_run_review_history_and_permissions(stocked):
    store, programme_id, path = stocked
    import_documents(store, [path], organisation="kn", year=2024)
    summary = run_uptake(store, year=2024)
    assert summary == {"programme_id": programme_id, "passages": 4,
                       "matches": summary["matches"]}
    matches = stored_matches(store, year=2024)
    first = {m.text[:7]: m for m in matches if m.rank == 1}
    assert first["Bokstar"].code == "MO1.4" and first["Bokstar"].page is None
    assert first["Inom MO"].code == "MO2.4" and first["Inom MO"].evidence[0]["kind"] == "explicit"
    assert "Resulta" not in first
    assert (first["Enligt "].code, first["Enligt "].target_kind) == ("F1", "recommendation")

    bokstart = first["Bokstar"]
    with pytest.raises(ReviewNotAllowed, match="rollen 'reporter' får inte granska"):
        review_match(store, bokstart.id, "confirm", reviewer="rita", role="reporter")
    review_match(store, bokstart.id, "reject", reviewer="anna", role="analyst")
    review_match(store, bokstart.id, "reassign", reviewer="kim", role="coordinator",
                 code="MO1.3", comment="handlar om föräldrar")
    with pytest.raises(InputError, match="okänd kod 'MO9.9'"):
        review_match(store, bokstart.id, "reassign", reviewer="kim", role="coordinator",
                     code="MO9.9")
    history = decision_history(store, bokstart.id)
    assert [(h["decision"], h["code"], h["reviewer"]) for h in history] == [
        ("reject", None, "anna"), ("reassign", "MO1.3", "kim")]
    assert history[0]["decided_at"] <= history[1]["decided_at"]

    # running again keeps the decisions and does not duplicate proposals
    run_uptake(store, year=2024)
    again = stored_matches(store, year=2024)
    assert len(again) == len(matches)
    confirmed = confirmed_uptake(store, programme_id)
    assert [(m.id, m.final_code, m.reviewer) for m in confirmed] == [(bokstart.id, "MO1.3", "kim")]
