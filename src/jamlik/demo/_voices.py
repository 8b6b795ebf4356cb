"""The demo's residents' voices: an example survey (exempeldata) in six Göteborg districts.

Street interviews with two closed questions (safety out in the evening; influence over
decisions about the area) and one open question (what would make the area better?), a
codebook whose themes link to the four target areas of Göteborg's programme, and open
answers coded by two coders (so that agreement can be shown), a few of them approved as
quotes. Every answer is invented and
labelled as example data; a few carry invented phone numbers and e-mail addresses so that
the masking on import can be seen.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, select

from jamlik.cells import neutralise_row
from jamlik.store import VoiceCollection
from jamlik.voices import (
    approve_quote, code_answer, define_collection, import_answers, open_answers, quote_check,
    read_collection, write_indicators,
)

__all__ = ["DEMO_COLLECTION", "load_demo_voices"]

DEMO_COLLECTION = "exempel-trygghet-2025"
#: District (RegSO 2025 code, as respondents wrote it) → (respondents, P(safe), P(influence)).
DISTRICTS = {"Hjällbo västra": (70, 0.48, 0.22), "hjällbo östra": (60, 0.52, 0.25),
             "1480R044": (65, 0.55, 0.28), "Lövgärdet": (55, 0.58, 0.30),
             "Haga": (75, 0.82, 0.41), "Eriksberg": (65, 0.86, 0.45)}
AGES = ["16-29", "30-64", "65+"]
#: Open answers by theme: (code, phrases). Themes link to target areas in the codebook.
PHRASES = {
    "forskola-skola": ["Fler vuxna i skolan och mindre klasser",
                       "Läxhjälp på biblioteket efter skolan",
                       "Bättre förskola med personal som stannar"],
    "fritid-unga": ["En fritidsgård som är öppen på kvällarna för unga",
                    "Mer idrott och aktiviteter för ungdomar på helgerna",
                    "Någonstans att vara för tonåringar, inte bara gatan"],
    "arbete": ["Sommarjobb och praktik för ungdomar i området",
               "Hjälp att hitta arbete, många är arbetslösa",
               "Fler jobb nära där vi bor"],
    "trygghet": ["Bättre belysning på gångvägarna, det är mörkt och otryggt",
                 "Fler vuxna ute på kvällarna så att det känns tryggt",
                 "Belysning vid busshållplatsen, jag är rädd på kvällen"],
    "boende": ["Renovera husen men utan att hyran blir för hög",
               "Trångboddhet, familjer behöver större lägenheter",
               "Renare gårdar och grönska mellan husen"],
    "inflytande": ["Politikerna borde lyssna på oss som bor här",
                   "Fråga oss innan ni bestämmer om området",
                   "Möten där man kan påverka och få svar på frågor"],
}
CONTACT = ["Ring mig på 070-123 45 67 om ni vill veta mer",
           "Mejla gärna exempel.person@exempel.se",
           "Jag heter Sara och vill vara med i nästa dialog"]


def _collection_file(folder: Path) -> Path:
    path = folder / "samling.yaml"
    path.write_text(COLLECTION, encoding="utf-8")
    return path


def _answers(folder: Path, rng: np.random.Generator) -> Path:
    path = folder / "svar.csv"
    themes = list(PHRASES)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(neutralise_row(["Stadsdel", "Ålder", "Kön", "Trygg på kvällen",
                                        "Kan påverka", "Vad skulle göra ditt område bättre?"]))
        for district, (count, safe, influence) in DISTRICTS.items():
            for _ in range(count):
                sex = rng.choice(["Kvinna", "Man", "Vill inte svara"], p=[0.47, 0.45, 0.08])
                age = rng.choice(AGES, p=[0.3, 0.5, 0.2])
                trygg = "Vet ej" if rng.random() < 0.05 else (
                    "Ja" if rng.random() < safe - (0.08 if sex == "Kvinna" else 0) else "Nej")
                paverka = "Vet ej" if rng.random() < 0.1 else (
                    "Ja" if rng.random() < influence else "Nej")
                text = ""
                if rng.random() < 0.7:
                    theme = themes[rng.integers(len(themes))]
                    text = PHRASES[theme][rng.integers(3)]
                    if rng.random() < 0.04:
                        text += ". " + CONTACT[rng.integers(len(CONTACT))]
                writer.writerow(neutralise_row([district, age, sex, trygg, paverka, text]))
    return path


def _theme_of(text: str) -> str | None:
    for theme, phrases in PHRASES.items():
        if any(text.startswith(phrase) for phrase in phrases):
            return theme
    return None


def load_demo_voices(engine: Engine, *, rng: np.random.Generator) -> int | None:
    """Describe, import, code and count the example survey; a no-op when it exists.

    Returns the number of respondents imported (None when it was there already).
    """
    with engine.connect() as conn:
        if conn.execute(select(VoiceCollection.id).where(
                VoiceCollection.code == DEMO_COLLECTION)).first():
            return None
    with tempfile.TemporaryDirectory() as folder:
        define_collection(engine, read_collection(_collection_file(Path(folder))))
        result = import_answers(engine, _answers(Path(folder), rng), collection=DEMO_COLLECTION)
    codes = list(PHRASES)
    for answer in open_answers(engine, DEMO_COLLECTION):
        theme = _theme_of(answer["text"])
        if theme is None:
            continue
        code_answer(engine, answer_id=answer["id"], code=theme, coder="analytiker")
        # the second coder agrees most of the time
        other = theme if rng.random() < 0.85 else codes[rng.integers(len(codes))]
        code_answer(engine, answer_id=answer["id"], code=other, coder="kodare2")
    write_indicators(engine, DEMO_COLLECTION)
    _approve_quotes(engine)
    return result.respondents


def _approve_quotes(engine: Engine) -> None:
    """An analyst approves one quote per theme, each from another district, when safe."""
    seen_themes, seen_areas = set(), set()
    for answer in open_answers(engine, DEMO_COLLECTION):
        theme = _theme_of(answer["text"])
        if (theme is None or theme in seen_themes or answer["area"] in seen_areas
                or "[" in answer["text"] or quote_check(engine, answer["id"])):
            continue  # a masked detail reads oddly in a quote; the check must pass
        approve_quote(engine, answer_id=answer["id"], by="analytiker")
        seen_themes.add(theme)
        seen_areas.add(answer["area"])


COLLECTION = f"""\
collection: {DEMO_COLLECTION}
title: "Exempeldata: Trygghet och inflytande i sex stadsdelar 2025"
title_en: "Example data: Safety and influence in six districts 2025"
purpose: >-
  Exempel: hur trygga känner sig invånarna, känner de att de kan påverka, och vad skulle
  göra området bättre? (Påhittade svar som visar hur jamlik hanterar invånarnas röster.)
method: street_interviews
random_sample: false
started: 2025-04-01
ended: 2025-05-15
period: "2025"
run_by: Exempelförvaltningen (påhittad)
recruitment: Gatuintervjuer vid torg, bibliotek och hållplatser, dagtid och kvällstid
municipality: "1480"
area_version: RegSO_2025
areas: [1480R049, 1480R050, 1480R044, 1480R098, 1480R042, 1480R025]
programme: goteborg-jamlik-stad-2018-2026
is_example: true
columns: {{area: Stadsdel, age_group: Ålder, sex: Kön}}
questions:
  - code: trygg
    text: Känner du dig trygg när du går ut ensam på kvällen i ditt område?
    text_en: Do you feel safe going out alone in the evening in your area?
    kind: closed
    column: Trygg på kvällen
    options: [Ja, Nej, Vet ej]
    positive: [Ja]
    excluded: [Vet ej]
    polarity: higher_better
    indicator_name: Andel som känner sig trygga ute på kvällen (exempeldata)
  - code: paverka
    text: Känner du att du kan påverka beslut som rör ditt område?
    text_en: Do you feel you can influence decisions about your area?
    kind: closed
    column: Kan påverka
    options: [Ja, Nej, Vet ej]
    positive: [Ja]
    excluded: [Vet ej]
    polarity: higher_better
    indicator_name: Andel som känner att de kan påverka (exempeldata)
  - code: battre
    text: Vad skulle göra ditt område bättre?
    text_en: What would make your area better?
    kind: open
    column: Vad skulle göra ditt område bättre?
codebook:
  - code: forskola-skola
    name: Förskola och skola
    name_en: Preschool and school
    definition: Förskola, skola, läxhjälp, lärare och klasser
    target_area: MO1
  - code: fritid-unga
    name: Fritid för barn och unga
    name_en: Leisure for children and young people
    definition: Fritidsgårdar, idrott, aktiviteter och platser för unga
    target_area: MO1
  - code: arbete
    name: Arbete och praktik
    name_en: Work and traineeships
    definition: Jobb, sommarjobb, praktik, arbetslöshet
    target_area: MO2
  - code: trygghet
    name: Trygghet i offentliga miljöer
    name_en: Safety in public spaces
    definition: Belysning, mörka platser, rädsla, vuxna ute på kvällen
    target_area: MO3
  - code: boende
    name: Boende och närmiljö
    name_en: Housing and surroundings
    definition: Bostäder, hyror, trångboddhet, gårdar och grönska
    target_area: MO3
  - code: inflytande
    name: Inflytande och tillit
    name_en: Influence and trust
    definition: Att bli lyssnad på, påverka beslut, dialog med politiker och förvaltning
    target_area: MO4
"""
