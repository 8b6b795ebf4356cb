"""What residents say, per target area, in the annual summary (årsbokslut).

The themes residents raised in surveys and dialogues (their codebook links each theme to a
target area) and the quotes analysts approved, as :func:`jamlik.voices.voices_by_target_area`
publishes them: every figure is a cell of a theme's disclosure-controlled table, a withheld
one is shown as withheld, nothing is summed. Only collections that ended by the end of the
summary's year are shown; each is labelled with its period and, unless it was a random
sample, says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from . import _format as fmt

__all__ = ["collect_voices", "docx_voices", "voices_view"]

MAX_QUOTES = 3  # per target area and collection

_TEXTS = {
    "heading": ("Vad invånarna säger", "What residents say"),
    "caption": ("%(title)s (%(period)s): andel av de öppna svaren som tar upp temat, "
                "målområde %(code)s", "%(title)s (%(period)s): share of the open answers "
                "raising the theme, target area %(code)s"),
    "theme": ("Tema", "Theme"), "raised": ("Tar upp temat", "Raise the theme"),
    "share": ("Andel, %", "Share, %"), "interval": ("95 % KI (Wilson)", "95 % CI (Wilson)"),
    "answers": ("Svar", "Answers"),
    "withheld": ("för få svar för att visas", "too few answers to show"),
    "not_random": ("Inte ett slumpmässigt urval: andelarna gäller dem som svarade.",
                   "Not a random sample: the shares describe those who answered."),
    "threshold": ("Ingenting visas för färre än %(k)s svar; ibland döljs också en större grupp "
                  "så att en liten inte kan räknas fram.",
                  "Nothing is shown for fewer than %(k)s answers; sometimes a larger group is "
                  "withheld too, so that a small one cannot be worked out."),
    "example": ("Exempeldata: påhittade svar.", "Example data: invented answers."),
    "resident": ("Invånare i %(area)s", "Resident of %(area)s"),
    "resident_unknown": ("Invånare, område okänt", "Resident, area unknown"),
    "in_swedish": ("", " (quoted in Swedish)"),
}


def _text(key: str, lang: str, **values) -> str:
    sv, en = _TEXTS[key]
    return (en if lang == "en" else sv) % values if values else (en if lang == "en" else sv)


def collect_voices(engine: Engine, programme_id: int, year: int,
                   municipality: str | None = None) -> dict[int, list[dict[str, Any]]]:
    """Target area id → the collections (ended by the end of ``year``) with its themes and
    quotes (:func:`jamlik.voices.voices_by_target_area`)."""
    from jamlik.voices import voices_by_target_area

    found = voices_by_target_area(engine, programme_id=programme_id, municipality=municipality)
    return {t["target_area_id"]: [c for c in t["collections"] if c["ended"].year <= year]
            for t in found}


def _cell(cell: dict[str, Any] | None, lang: str) -> list[str]:
    if cell is None or cell["suppressed"]:
        return [_text("withheld", lang), fmt.DASH, fmt.DASH, fmt.DASH]
    return [fmt.number(cell["x"], 0, lang), fmt.number(cell["value"] * 100, 1, lang),
            fmt.interval(cell["lower"] * 100, cell["upper"] * 100, 1, lang),
            fmt.number(cell["n"], 0, lang)]


def voices_view(collections: list[dict[str, Any]], code: str,
                caption: Callable[[str], dict[str, Any]], lang: str) -> dict[str, Any] | None:
    """The render-ready "what residents say" of one target area (None when nothing)."""
    if not collections:
        return None
    items = []
    for c in collections:
        title = c["title_en"] if lang == "en" and c["title_en"] else c["title"]
        rows = [[t["name_en"] if lang == "en" and t["name_en"] else t["name"],
                 *_cell(t["all"], lang)] for t in c["themes"]]
        notes = ([_text("example", lang)] if c["is_example"] else []) + (
            [] if c["random_sample"] else [_text("not_random", lang)]) + [
            _text("threshold", lang, k=c["min_count"])]
        quotes = [{"quote": q["text"], "source": (
            _text("resident", lang, area=q["area_name"]) if q["area_name"]
            else _text("resident_unknown", lang)) + _text("in_swedish", lang)}
            for q in c["quotes"][:MAX_QUOTES]]
        items.append({"table": {
            "caption": caption(_text("caption", lang, title=title, period=c["period"],
                                     code=code)),
            "headers": [_text(k, lang) for k in ("theme", "raised", "share", "interval",
                                                 "answers")],
            "rows": rows, "widths": [40, 14, 12, 20, 14]},
            "note": " ".join(notes), "quotes": quotes})
    return {"heading": _text("heading", lang), "items": items}


def docx_voices(document, voices: dict[str, Any], table: Callable, size) -> None:
    """Write ``voices`` (from :func:`voices_view`) into a Word ``document`` with the
    annual summary's own ``table`` writer; ``size`` is the notes' font size."""
    document.add_heading(voices["heading"], level=2)
    for item in voices["items"]:
        table(document, item["table"])
        note = document.add_paragraph(item["note"])
        note.runs[0].font.size = size
        for quote in item["quotes"]:
            document.add_paragraph(f"”{quote['quote']}”", style="Quote")
            source = document.add_paragraph(quote["source"])
            source.runs[0].font.size = size
