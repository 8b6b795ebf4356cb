"""Importing answers: messy areas matched and shown, bad rows named, nothing half-written,
personal details masked and counted, export of what is stored, erasure of every trace."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from sqlalchemy import func, select

from jamlik.errors import InputError, NotFoundError
from jamlik.store import VoiceAnswer, VoiceCode, VoiceErasure, VoiceRespondent
from jamlik.voices import (
    AreaMatcher, define_collection, erase_collection, export_answers, import_answers,
    read_collection,
)

from voices_world import AREAS, add_areas, answers_file, collection_file


@pytest.fixture
def world(store, tmp_path):
    add_areas(store)
    define_collection(store, read_collection(collection_file(tmp_path)))
    return store


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar()


MESSY = ["hjällbo-Västra;16-29;Kvinna;Ja;Mer belysning vid busshållplatsen",
         "1480r042;30-64;man;nej;Ring mig på 070-123 45 67, jag heter Ali Hassan",
         "424 37;65+;K;Vet ej;",
         "  LÖVGÄRDET ;30-64;M;Ja;Fritidsgård! Mejla anna.s@exempel.se",
         ";16-29;annat;Nej;Mitt personnummer 19811218-9876 ska ingen se",
         "Tuve Norumshöjd;;vill inte svara;;Inget"]


def test_messy_areas_are_matched_and_the_match_shown(world, tmp_path):
    result = import_answers(world, answers_file(tmp_path, MESSY), collection="trygg-2026")
    assert (result.respondents, result.answers) == (6, 10)
    shown = {m.text: (m.code, m.how) for m, _rows in result.areas}
    assert shown == {"hjällbo-Västra": ("1480R049", "name"), "1480r042": ("1480R042", "code"),
                     "424 37": ("1480R049", "postcode"), "LÖVGÄRDET": ("1480R098", "name"),
                     "Tuve Norumshöjd": ("1480R140", "name")}
    assert result.masked == {"telefon": 1, "namn": 1, "e-post": 1, "personnummer": 1}
    with world.connect() as conn:
        texts = set(conn.execute(select(VoiceAnswer.value)).scalars())
    assert "Ring mig på [telefon], jag heter [namn]" in texts
    assert not any("070" in t or "Hassan" in t or "@" in t or "9876" in t for t in texts)


def test_a_unique_part_of_a_name_matches_an_ambiguous_one_does_not():
    matcher = AreaMatcher(AREAS)
    assert matcher.match("Lövgärdet").how == "name"
    assert (matcher.match("norumshöjd").code, matcher.match("norumshöjd").how) == (
        "1480R140", "partial name")
    assert matcher.match("Tuve").problem == (
        "'Tuve' kan vara flera områden (Tuve Norumshöjd, Tuve västra); skriv hela namnet "
        "eller koden")


def test_bad_rows_are_named_and_nothing_is_written(world, tmp_path):
    rows = [MESSY[0], "Tuve;16-29;Kvinna;Ja;", "Haga;16-29;Kvinna;Kanske;",
            "Atlantis;16-29;x;Ja;", "12345;16-29;Kvinna;Ja;"]
    with pytest.raises(InputError) as error:
        import_answers(world, answers_file(tmp_path, rows), collection="trygg-2026")
    assert str(error.value) == (
        "svar.csv: rad 3, kolumn 'Stadsdel': 'Tuve' kan vara flera områden (Tuve Norumshöjd, "
        "Tuve västra); skriv hela namnet eller koden (och 4 fel till: rad 4 'Trygg på kvällen', "
        "rad 5 'Stadsdel', rad 5 'Kön', rad 6 'Stadsdel'); inget sparades")
    assert count(world, VoiceRespondent) == 0 and count(world, VoiceAnswer) == 0
    with pytest.raises(InputError) as error:
        import_answers(world, answers_file(tmp_path, ["Haga;16-29;Kvinna;Kanske;"]),
                       collection="trygg-2026")
    assert str(error.value) == ("svar.csv: rad 2, kolumn 'Trygg på kvällen': väntade ett av "
                                "Ja, Nej, Vet ej, fick 'Kanske'; inget sparades")


def test_a_missing_column_and_an_unknown_collection(world, tmp_path):
    path = tmp_path / "fel.csv"
    path.write_text("Stadsdel;Ålder;Kön;Trygg på kvällen\nHaga;16-29;K;Ja\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_answers(world, path, collection="trygg-2026")
    assert str(error.value) == ("fel.csv: rad 1: kolumnen 'Vad skulle göra området bättre?' "
                                "saknas (samlingen 'trygg-2026' väntar den)")
    with pytest.raises(NotFoundError) as error:
        import_answers(world, path, collection="finns-inte")
    assert str(error.value) == ("samlingen 'finns-inte' finns inte; beskriv den först med "
                                "jamlik voices collection FIL.yaml")


def test_excel_export_and_a_second_import_refused(world, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Stadsdel", "Ålder", "Kön", "Trygg på kvällen",
                  "Vad skulle göra området bättre?"])
    sheet.append(["Haga", "16-29", "Kvinna", "Ja", "Lugnare trafik, ring 031-12 34 56"])
    sheet.append(["41301", "30-64", "Man", "Nej", None])
    book.save(tmp_path / "svar.xlsx")
    result = import_answers(world, tmp_path / "svar.xlsx", collection="trygg-2026")
    assert (result.respondents, result.masked) == (2, {"telefon": 1})
    assert export_answers(world, "trygg-2026", tmp_path / "ut.csv") == 2
    with open(tmp_path / "ut.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0] == {"row": "2", "area_code": "1480R042", "area_name": "Haga",
                       "age_group": "16-29", "sex": "kvinnor", "weight": "", "trygg": "Ja",
                       "battre": "Lugnare trafik, ring [telefon]"}
    assert rows[1]["battre"] == "" and rows[1]["area_code"] == "1480R042"
    with pytest.raises(InputError) as error:
        import_answers(world, tmp_path / "svar.xlsx", collection="trygg-2026")
    assert str(error.value) == ("svar.xlsx: samlingen 'trygg-2026' har redan svar från 2 "
                                "personer; en ny import skulle räkna dem två gånger")


def test_erasure_removes_answers_and_codebook_and_is_logged(world, tmp_path):
    import_answers(world, answers_file(tmp_path, MESSY), collection="trygg-2026")
    counts = erase_collection(world, "trygg-2026", by="granskare")
    assert counts["respondents"] == 6 and counts["answers"] == 10 and counts["codes"] == 3
    for model in (VoiceRespondent, VoiceAnswer, VoiceCode):
        assert count(world, model) == 0
    with world.connect() as conn:
        log = conn.execute(select(VoiceErasure.__table__)).mappings().one()
    assert (log["collection"], log["erased_by"], log["counts"]["answers"]) == (
        "trygg-2026", "granskare", 10)
    with pytest.raises(NotFoundError):
        erase_collection(world, "trygg-2026", by="granskare")
