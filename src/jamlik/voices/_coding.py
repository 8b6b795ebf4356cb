"""Coding open answers: analysts' codings, suggested codes with evidence, agreement, themes.

A coding is one coder's decision that an answer speaks to a code of the collection's
codebook. Suggestions come from the Swedish text matching jamlik uses for annual reports
(:class:`jamlik.text.Matcher`, with the codebook's themes as targets); they are shown with
their evidence and become codings only when an analyst accepts them.

Agreement: for each code, the answers coded by every coder being compared (an answer
counts as coded by a coder when that coder gave it at least one code) are rated "has the
code" or not; two coders → Cohen's kappa, more → Fleiss' kappa
(:mod:`jamlik.stats`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, select

from jamlik.errors import NotFoundError
from jamlik.stats import cohen_kappa, fleiss_kappa
from jamlik.store import (
    Area, TargetArea, VoiceAnswer, VoiceCode, VoiceCoding, VoiceQuestion, VoiceRespondent,
)
from jamlik.text import Matcher, Target

from ._import import load_collection

__all__ = ["code_answer", "codebook", "coding_agreement", "open_answers", "suggest_codes",
           "uncode_answer"]


def codebook(conn, collection_id: int) -> list[dict[str, Any]]:
    """The codes of a collection in order: code, name, definition, parent, target area."""
    rows = conn.execute(
        select(VoiceCode.id, VoiceCode.code, VoiceCode.name, VoiceCode.name_en,
               VoiceCode.definition, VoiceCode.parent_id, TargetArea.code, TargetArea.name)
        .outerjoin(TargetArea, VoiceCode.target_area_id == TargetArea.id)
        .where(VoiceCode.collection_id == collection_id)
        .order_by(VoiceCode.parent_id.is_not(None), VoiceCode.sort_order)).all()
    codes = {row[0]: row[1] for row in rows}
    return [{"id": r[0], "code": r[1], "name": r[2], "name_en": r[3], "definition": r[4],
             "parent": codes.get(r[5]), "target_area": r[6], "target_area_name": r[7]}
            for r in rows]


def open_answers(engine: Engine, collection: str) -> list[dict[str, Any]]:
    """Every open answer (masked) with its question, area, codings per coder and whether
    it is approved as a quote (``approved_quote``)."""
    with engine.connect() as conn:
        stored = load_collection(conn, collection)
        rows = conn.execute(
            select(VoiceAnswer.id, VoiceQuestion.code, VoiceAnswer.value, Area.name,
                   VoiceRespondent.row, VoiceAnswer.approved_quote)
            .join(VoiceQuestion, VoiceAnswer.question_id == VoiceQuestion.id)
            .join(VoiceRespondent, VoiceAnswer.respondent_id == VoiceRespondent.id)
            .outerjoin(Area, VoiceRespondent.area_id == Area.id)
            .where(VoiceQuestion.collection_id == stored.id, VoiceQuestion.kind == "open")
            .order_by(VoiceRespondent.row, VoiceQuestion.sort_order)).all()
        codings = defaultdict(lambda: defaultdict(list))
        for answer, code, coder in conn.execute(
                select(VoiceCoding.answer_id, VoiceCode.code, VoiceCoding.coder)
                .join(VoiceCode, VoiceCoding.code_id == VoiceCode.id)
                .where(VoiceCode.collection_id == stored.id)
                .order_by(VoiceCoding.id)):
            codings[answer][coder].append(code)
    return [{"id": r[0], "question": r[1], "text": r[2], "area": r[3], "row": r[4],
             "approved_quote": bool(r[5]), "codings": {coder: codes for coder, codes in codings[r[0]].items()}}
            for r in rows]


def _code_id(conn, answer_id: int, code: str) -> int:
    found = conn.execute(
        select(VoiceCode.id)
        .join(VoiceQuestion, VoiceQuestion.collection_id == VoiceCode.collection_id)
        .join(VoiceAnswer, VoiceAnswer.question_id == VoiceQuestion.id)
        .where(VoiceAnswer.id == answer_id, VoiceCode.code == code)).scalar()
    if found is None:
        raise NotFoundError(f"svar {answer_id} eller koden '{code}' i dess samling finns inte")
    return found


def code_answer(engine: Engine, *, answer_id: int, code: str, coder: str,
                from_suggestion: bool = False) -> bool:
    """Record that ``coder`` gives answer ``answer_id`` the code ``code``.

    Returns False when the coder had already given it (nothing changes).
    """
    with engine.begin() as conn:
        code_id = _code_id(conn, answer_id, code)
        exists = conn.execute(select(VoiceCoding.id).where(
            VoiceCoding.answer_id == answer_id, VoiceCoding.code_id == code_id,
            VoiceCoding.coder == coder)).first()
        if exists:
            return False
        conn.execute(VoiceCoding.__table__.insert().values(
            answer_id=answer_id, code_id=code_id, coder=coder, from_suggestion=from_suggestion))
    return True


def uncode_answer(engine: Engine, *, answer_id: int, code: str, coder: str) -> bool:
    """Withdraw ``coder``'s code ``code`` from an answer; False when there was none."""
    with engine.begin() as conn:
        code_id = _code_id(conn, answer_id, code)
        return conn.execute(delete(VoiceCoding).where(
            VoiceCoding.answer_id == answer_id, VoiceCoding.code_id == code_id,
            VoiceCoding.coder == coder)).rowcount > 0


def suggest_codes(engine: Engine, collection: str, *, top: int = 3, min_score: float = 0.2,
                  answers: list[dict[str, Any]] | None = None) -> dict[int, list[dict]]:
    """Suggested codes per open answer (id → suggestions with score and evidence).

    Suggestions are never stored as codings; see :func:`code_answer`. ``min_score`` is
    lower than for annual reports (answers are short): a weak suggestion costs an analyst
    a glance, a missed one a re-read.
    """
    with engine.connect() as conn:
        stored = load_collection(conn, collection)
        codes = codebook(conn, stored.id)
    if not codes:
        return {}
    answers = open_answers(engine, collection) if answers is None else answers
    # The matcher groups targets (as strategies under target areas): here sub-themes under
    # their theme, so that a theme's words count for its sub-themes too.
    names = {c["code"]: c["name"] for c in codes}
    targets = [Target(c["code"], "code", c["name"], c["parent"] or c["code"],
                      names[c["parent"] or c["code"]], c["definition"]) for c in codes]
    matches = Matcher(targets).match([(str(a["id"]), a["text"]) for a in answers], top=top,
                                    min_score=min_score)
    out: dict[int, list[dict]] = defaultdict(list)
    for match in matches:
        words = sorted({w for e in match.evidence for w in e.words})
        out[int(match.passage_id)].append({
            "code": match.code, "score": match.score, "words": words,
            "kinds": [e.kind for e in match.evidence]})
    return dict(out)


def coding_agreement(engine: Engine, collection: str) -> list[dict[str, Any]]:
    """Agreement between the coders of ``collection``, per code (Cohen's or Fleiss' kappa).

    Returns one dict per code with ``code``, ``items`` (answers coded by every coder),
    ``raters``, ``kappa``, ``observed``, ``expected`` and ``method``; empty when fewer than
    two coders coded the same answers.
    """
    rows = open_answers(engine, collection)
    coders = sorted({c for row in rows for c in row["codings"]})
    shared = [row for row in rows if len(row["codings"]) == len(coders)]
    if len(coders) < 2 or not shared:
        return []
    with engine.connect() as conn:
        codes = [c["code"] for c in codebook(conn, load_collection(conn, collection).id)]
    out = []
    for code in codes:
        ratings = np.array([[code in row["codings"][c] for c in coders] for row in shared])
        if len(coders) == 2:
            result = cohen_kappa(ratings[:, 0], ratings[:, 1])
        else:
            yes = ratings.sum(axis=1)
            result = fleiss_kappa(np.column_stack([yes, len(coders) - yes]))
        out.append({"code": code, **result})
    return out
