"""The equality report's further content, read beside the gaps: the life-expectancy
decomposition, a map and the intersections per indicator, the analysts' commentary
per section and what residents say per target area.

Residents' voices come through one small interface, :data:`VoicesSource`: a function
``(engine, programme_id, target_area, *, lang="sv")`` returning, for a target area's
code, a list of mappings with ``text`` (a sentence on what residents say, with its
numbers and their uncertainty) and ``source`` (the collection and its period). The
report's is :func:`default_voices`, :func:`jamlik.voices.voices_by_target_area` in
words; when it returns nothing the section is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Engine

__all__ = ["VoicesSource", "add_extras", "default_voices", "equality_sections", "section_key"]

#: ``(engine, programme_id, target_area_code, lang) -> [{"text", "source"}, ...]``
VoicesSource = Callable[..., list[Mapping[str, str]]]
SUMMARY_KEY, DECOMPOSITION_KEY = "sammanfattning", "livslangd"


def section_key(code: str) -> str:
    """The key (and HTML anchor) of a target area's section: ``MO1`` → ``mal-mo1``."""
    return "mal-" + str(code).lower().replace(".", "-")


def default_voices() -> VoicesSource:
    """:func:`jamlik.voices.voices_by_target_area` (themes with their shares and approved
    quotes) in words."""
    import jamlik.voices as voices

    return _themes_in_words(voices.voices_by_target_area)


def _themes_in_words(by_target: Callable[..., list[dict]]) -> VoicesSource:
    """A :data:`VoicesSource` over ``voices_by_target_area``: per collection each theme's
    share of all answers with its Wilson interval and counts, then the approved quotes;
    a collection without a random sample says so in its source."""
    from . import _format as fmt

    def say(engine: Engine, programme_id: int, target_area: str, *, lang: str = "sv"):
        sv, out = lang == "sv", []
        for target in by_target(engine, programme_id=programme_id):
            if target.get("target_area") != target_area:
                continue
            for found in target.get("collections", []):
                title = found.get("title") if sv else (found.get("title_en") or found.get("title"))
                source = f"{title}, {found.get('period')}" + (
                    "" if found.get("random_sample") else
                    ("; inget slumpmässigt urval" if sv else "; not a random sample"))
                for theme in found.get("themes", []):
                    cell = theme.get("all") or {}
                    if cell.get("suppressed") or cell.get("value") is None:
                        continue
                    name = theme.get("name") if sv else (theme.get("name_en") or theme.get("name"))
                    pct = [fmt.number(100 * cell[k], 0, lang) for k in ("value", "lower", "upper")]
                    text = (f"{name}: {pct[0]} % av svaren ({cell['x']} av {cell['n']}; 95 % KI "
                            f"{pct[1]}–{pct[2]} %)." if sv else
                            f"{name}: {pct[0]}% of the answers ({cell['x']} of {cell['n']}; 95% "
                            f"CI {pct[1]}–{pct[2]}%).")
                    out.append({"text": text, "source": source})
                out += [{"text": f"”{q['text']}” ({q.get('area_name') or q.get('area')})",
                         "source": source} for q in found.get("quotes", []) if q.get("text")]
        return out
    return say


def _voices(source: VoicesSource | None, engine: Engine, programme_id: int, code: str,
            lang: str) -> list[dict[str, str]]:
    if source is None:
        return []
    found = source(engine, programme_id, code, lang=lang) or []
    return [{"text": str(item["text"]), "source": str(item.get("source") or "")}
            for item in found if item.get("text")]


def add_extras(engine: Engine, data, *, lang: str = "sv",
               voices: VoicesSource | None = None) -> None:
    """Fill ``data.decomposition``, ``data.commentary`` and per target area ``voices``,
    per indicator ``map`` and ``intersections`` (see the module's description)."""
    from jamlik.store import latest_commentary

    from ._equality_decompose import collect_decomposition
    from ._equality_intersect import collect_intersections
    from ._equality_maps import area_geometries, map_values

    data.decomposition = collect_decomposition(engine, data.area_id)
    data.commentary = latest_commentary(engine, data.programme.id)
    shapes = area_geometries(engine, data.area_id)
    for section in data.sections:
        section["voices"] = _voices(voices, engine, data.programme.id, section["code"], lang)
        for block in section["indicators"]:
            latest = list(block["stands_for"].values())[0] if block["stands_for"] else None
            block["map"] = block["intersections"] = None
            if latest is None:
                continue
            block["latest"] = latest
            if shapes:
                block["map"] = {"shapes": shapes, "values": map_values(
                    engine, block["indicator"].id, data.area_id, latest), "period": latest}
            block["intersections"] = collect_intersections(engine, block["indicator"],
                                                           data.area_id, latest)


def commentary_for(data, key: str) -> dict[str, Any] | None:
    """The newest commentary of a section, or None."""
    return (getattr(data, "commentary", None) or {}).get(key)


def equality_sections(engine: Engine, programme_id: int, lang: str = "sv") -> list[tuple[str, str]]:
    """``(key, heading)`` of the report's sections an analyst can comment on: the summary,
    each target area of the programme and what drives the life-expectancy gap."""
    from jamlik.program import current_tree

    from ._equality_sections import t as more_text
    from ._equality_view import t as view_text

    with engine.connect() as conn:
        tree = current_tree(conn, programme_id)
    return ([(SUMMARY_KEY, view_text("summary", lang))]
            + [(section_key(target["code"]), f"{target['code']} {target['name']}")
               for target in tree]
            + [(DECOMPOSITION_KEY, more_text("decomposition", lang))])
