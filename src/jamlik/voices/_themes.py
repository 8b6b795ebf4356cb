"""The themes residents raised: shares of open answers per code, by area, disclosure-controlled.

An open answer "raises" a theme when any coder gave it that code (or one of its
sub-themes). Per theme, the answers are counted like a closed question (has the theme or
not) by area, sex and age group, with Wilson intervals and the same disclosure control
(:func:`closed_shares`, with the total over all answers), so a page can show themes beside
the indicators of the same area without revealing a small group.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from jamlik.store import (
    Area, VoiceAnswer, VoiceCode, VoiceCoding, VoiceQuestion, VoiceRespondent,
)

from ._coding import codebook
from ._import import load_collection
from ._shares import closed_shares

__all__ = ["theme_shares"]


def theme_shares(engine: Engine, collection: str) -> pd.DataFrame:
    """Per theme (top-level code) the share of open answers raising it, by area and group.

    Returns
    -------
    DataFrame
        The columns of :func:`closed_shares` plus ``code``, ``name``, ``name_en``,
        ``target_area`` and ``target_area_name``; area ``"*"`` is all answers. Empty when
        no answer has been coded.
    """
    with engine.connect() as conn:
        stored = load_collection(conn, collection)
        codes = codebook(conn, stored.id)
        answers = pd.DataFrame(conn.execute(
            select(VoiceAnswer.id, Area.code, VoiceRespondent.sex, VoiceRespondent.age_group,
                   VoiceRespondent.weight)
            .join(VoiceRespondent, VoiceAnswer.respondent_id == VoiceRespondent.id)
            .join(VoiceQuestion, VoiceAnswer.question_id == VoiceQuestion.id)
            .outerjoin(Area, VoiceRespondent.area_id == Area.id)
            .where(VoiceQuestion.collection_id == stored.id, VoiceQuestion.kind == "open")
        ).all(), columns=["answer", "area", "sex", "age_group", "weight"])
        coded = pd.DataFrame(conn.execute(
            select(VoiceCoding.answer_id, VoiceCode.code)
            .join(VoiceCode, VoiceCoding.code_id == VoiceCode.id)
            .where(VoiceCode.collection_id == stored.id)).all(), columns=["answer", "code"])
    themes = [c for c in codes if c["parent"] is None]
    parent = {c["code"]: c["parent"] or c["code"] for c in codes}
    coded["theme"] = coded["code"].map(parent)
    frames = []
    if answers.empty or coded.empty:  # nothing coded yet: no theme to show
        return pd.DataFrame()
    for theme in themes:
        raised = set(coded.loc[coded["theme"] == theme["code"], "answer"])
        people = answers.assign(positive=answers["answer"].isin(raised))
        shares = closed_shares(people, min_count=stored.min_count, with_total=True)
        frames.append(shares.assign(**{k: theme[k] for k in (
            "code", "name", "name_en", "target_area", "target_area_name")}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

