"""What residents say, beside the numbers: the view data of the voices block
(``templates/_voices_block.html``) on the area profile, the indicator page and the programme
page.

Every figure comes as published by :func:`jamlik.voices.voices_by_target_area` or
:func:`jamlik.voices.area_themes` (cells of the themes' disclosure-controlled tables, never
a sum of them); this module only picks the language and adds the indicators that follow
the same target area. Computed once per data version (an approved quote is audited, so it
changes the version).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jamlik.store import Indicator, IndicatorTargetArea, TargetArea

from ._i18n import language, pick

__all__ = ["area_voices", "indicator_voices", "programme_voices", "voice_source"]

SHOWN_QUOTES = 3  # per target area and collection: a few voices, not a transcript


def _followed(engine) -> dict[int, list[dict]]:
    """Target area id → the indicators that follow it (code, name in both languages)."""
    with engine.connect() as conn:
        out: dict[int, list[dict]] = {}
        for row in conn.execute(select(IndicatorTargetArea.target_area_id, Indicator.code,
                                       Indicator.name, Indicator.name_en)
                                .join(Indicator).order_by(Indicator.name)):
            out.setdefault(row.target_area_id, []).append(row._asdict())
    return out


def _theme(theme: dict[str, Any]) -> dict[str, Any]:
    return {**theme, "shown_name": pick(theme["name"], theme["name_en"])}


def _collection(item: dict[str, Any], quotes: int | None = SHOWN_QUOTES) -> dict[str, Any]:
    return {**item, "shown_title": pick(item["title"], item["title_en"]),
            "themes": [_theme(t) for t in item["themes"]],
            "quotes": item["quotes"][:quotes] if quotes else item["quotes"]}


def _targets(said: list[dict], followed: dict[int, list[dict]]) -> list[dict]:
    return [{**t, "collections": [_collection(c) for c in t["collections"]],
             "indicators": [{"code": i["code"], "name": pick(i["name"], i["name_en"])}
                            for i in followed.get(t["target_area_id"], [])]}
            for t in said]


def programme_voices(snapshot, municipality: str | None, programme_id: int | None) -> dict:
    """Target area code → what residents of ``municipality`` say about it."""
    from jamlik.voices import voices_by_target_area

    def compute():
        if programme_id is None:
            return {}
        said = voices_by_target_area(snapshot.engine, programme_id=programme_id,
                                     municipality=municipality)
        return {t["target_area"]: t for t in _targets(said, {})}

    return snapshot._cached_all("voices_programme", (municipality, programme_id, language()),
                                compute)


def indicator_voices(snapshot, code: str, municipality: str | None) -> list[dict]:
    """What residents say about the target areas indicator ``code`` follows."""
    from jamlik.voices import voices_by_target_area

    def compute():
        with snapshot.engine.connect() as conn:
            targets = list(conn.execute(
                select(IndicatorTargetArea.target_area_id).join(Indicator)
                .where(Indicator.code == code)).scalars())
        if not targets:
            return []
        said = voices_by_target_area(snapshot.engine, target_area_ids=targets,
                                     municipality=municipality)
        return _targets(said, {})

    return snapshot._cached_all("voices_indicator", (code, municipality, language()), compute)


def area_voices(snapshot, area_code: str) -> list[dict]:
    """The themes raised in one area, its quotes, and the indicators of the same target
    areas (per collection)."""
    from jamlik.voices import area_themes

    def compute():
        found = area_themes(snapshot.engine, area_code)
        if not found:
            return []
        followed = _followed(snapshot.engine)
        with snapshot.engine.connect() as conn:
            target_ids = {(r.programme_id, r.code): r.id for r in conn.execute(
                select(TargetArea.id, TargetArea.code, TargetArea.programme_id))}
        out = []
        for item in found:
            shown = _collection(item, quotes=None)
            codes = list(dict.fromkeys(t["target_area"] for t in shown["themes"]
                                       if t["target_area"]))
            ids = [i for (programme, c), i in target_ids.items()
                   if c in codes and programme == item["programme_id"]]
            links = {i["code"]: i for t in ids for i in followed.get(t, [])}
            shown["indicators"] = [{"code": i["code"], "name": pick(i["name"], i["name_en"])}
                                   for i in links.values()]
            out.append(shown)
        return out

    return snapshot._cached_all("voices_area", (area_code, language()), compute)


def voice_source(snapshot, code: str) -> dict | None:
    """The collection a voice indicator comes from (code, title), or None."""
    if not code.startswith("rost."):
        return None
    from jamlik.store import VoiceCollection, VoiceQuestion
    from jamlik.voices import indicator_code

    def compute():
        with snapshot.engine.connect() as conn:
            for collection, title, title_en, question in conn.execute(
                    select(VoiceCollection.code, VoiceCollection.title,
                           VoiceCollection.title_en, VoiceQuestion.code)
                    .join(VoiceQuestion, VoiceQuestion.collection_id == VoiceCollection.id)):
                if indicator_code(collection, question) == code:
                    return {"code": collection, "title": title, "title_en": title_en}
        return None

    found = snapshot._cached_all("voice_source", (code,), compute)
    return None if found is None else {**found, "shown_title": pick(found["title"],
                                                                    found["title_en"])}
