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


PROGRAMME = "goteborg-jamlik-stad-2018-2026"


def linked_collection(folder: Path) -> Path:
    """The collection linked to Göteborg's programme: safety → MO3, leisure → MO1."""
    text = COLLECTION.replace("area_version: RegSO_2025\n",
                              f"area_version: RegSO_2025\nprogramme: {PROGRAMME}\n")
    text = text.replace("definition: Känsla av trygghet, belysning, brott\n",
                        "definition: Känsla av trygghet, belysning, brott\n    target_area: MO3\n")
    text = text.replace("definition: Fritidsgårdar, idrott, aktiviteter\n",
                        "definition: Fritidsgårdar, idrott, aktiviteter\n    target_area: MO1\n"
                        "    name_en: Leisure for young people\n")
    text = text.replace("    name: Trygghet\n", "    name: Trygghet\n    name_en: Safety\n")
    return collection_file(folder, text)


def load_programme_of_goteborg(engine) -> int:
    from importlib import resources

    from jamlik.program import load_programme, read_programme

    path = resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml")
    return load_programme(engine, read_programme(str(path)))


#: Who answered what (area, sex, the open answer's theme or None): small groups on purpose.
#: Hjällbo västra 30 answers (safety 12, leisure 8); Haga 25 (safety 3: withheld, leisure 10);
#: Lövgärdet 3 (everything withheld); Tuve västra 12 (safety 6, leisure 2: withheld).
SMALL_WORLD = (
    [("Hjällbo västra", "K" if i % 2 else "M", "trygghet" if i < 12 else
      "fritid" if i < 20 else None) for i in range(30)]
    + [("Haga", "K" if i % 2 else "M", "trygghet" if i < 3 else
        "fritid" if i < 13 else None) for i in range(25)]
    + [("Lövgärdet", "K", "trygghet") for _ in range(3)]
    + [("Tuve västra", "M" if i % 3 else "K", "trygghet" if i < 6 else
        "fritid" if i < 8 else None) for i in range(12)])
TEXTS = {"trygghet": "Mer belysning vid hållplatsen, det är mörkt", "fritid":
         "En fritidsgård för unga", None: "Bra som det är"}


def small_world_rows() -> list[str]:
    return [f"{area};30-64;{sex};{'Ja' if i % 3 else 'Nej'};{TEXTS[theme]}"
            for i, (area, sex, theme) in enumerate(SMALL_WORLD)]


def code_small_world(engine) -> None:
    """Code every open answer with its theme (one coder), by the row it came from."""
    from jamlik.voices import code_answer, open_answers

    for answer in open_answers(engine, "trygg-2026"):
        theme = SMALL_WORLD[answer["row"] - 2][2]
        if theme:
            code_answer(engine, answer_id=answer["id"], code=theme, coder="anna")
