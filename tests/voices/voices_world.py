"""A small world for the voices tests: six Göteborg RegSO areas, a collection file, answers."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert

from jamlik.store import Area, AreaVersion

AREAS = {"1480R049": "Hjällbo västra", "1480R050": "Hjällbo östra", "1480R042": "Haga",
         "1480R098": "Lövgärdet", "1480R140": "Tuve Norumshöjd", "1480R141": "Tuve västra"}

COLLECTION = """\
collection: trygg-2026
title: Trygghet i stadsdelen 2026
title_en: Safety in the neighbourhood 2026
purpose: Hur trygga känner sig invånarna, och vad skulle göra området bättre?
method: street_interviews
random_sample: false
started: 2026-03-01
ended: 2026-04-15
run_by: Stadsområde Nordost
recruitment: Gatuintervjuer vid torg och bibliotek
municipality: "1480"
area_version: RegSO_2025
columns: {area: Stadsdel, age_group: Ålder, sex: Kön}
postcodes: {"424 37": 1480R049, "41301": 1480R042}
questions:
  - code: trygg
    text: Känner du dig trygg när du går ut ensam på kvällen?
    kind: closed
    column: Trygg på kvällen
    options: [Ja, Nej, Vet ej]
    positive: [Ja]
    excluded: [Vet ej]
    indicator_name: Andel som känner sig trygga ute på kvällen
  - code: battre
    text: Vad skulle göra ditt område bättre?
    kind: open
    column: Vad skulle göra området bättre?
codebook:
  - code: trygghet
    name: Trygghet
    definition: Känsla av trygghet, belysning, brott
    themes:
      - {code: belysning, name: Belysning, definition: Gatubelysning och mörka platser}
  - code: fritid
    name: Fritid för unga
    definition: Fritidsgårdar, idrott, aktiviteter
"""

HEADER = "Stadsdel;Ålder;Kön;Trygg på kvällen;Vad skulle göra området bättre?\n"


def add_areas(engine) -> None:
    with engine.begin() as conn:
        version = conn.execute(insert(AreaVersion).values(
            code="RegSO_2025", name="RegSO 2025", level="regso", year=2025)
        ).inserted_primary_key[0]
        for code, name in AREAS.items():
            conn.execute(insert(Area).values(version_id=version, code=code, name=name,
                                             attributes={}))


def collection_file(folder: Path, text: str = COLLECTION) -> Path:
    path = folder / "samling.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def answers_file(folder: Path, rows: list[str], name: str = "svar.csv") -> Path:
    path = folder / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path
