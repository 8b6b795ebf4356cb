"""Approved quotes: open answers an analyst chose to show, masked, only where it is safe.

A quote is a resident's own words, so it is shown only when three things hold — checked
when an analyst approves it and again every time it is shown (codings and answers change):

* it is masked: masking the stored text again finds nothing (:func:`jamlik.text.mask_personal`);
* it is coded: it is shown under the themes it raises, never on its own;
* its group is not under the threshold: for at least one of its themes, the cell of its
  area (all answers when the area is unknown) in the theme's disclosure-controlled table
  (:func:`theme_shares`) is published — a quote under a theme raised by fewer than
  ``min_count`` people in an area would show a group the tables withhold.

Approving and withdrawing are written to the audit log (who, which answer, which
collection; never the text), in the same transaction as the change.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from jamlik.errors import ArgumentError, NotFoundError
from jamlik.store import (
    Area, VoiceAnswer, VoiceCode, VoiceCoding, VoiceCollection, VoiceQuestion, VoiceRespondent,
    audit,
)
from jamlik.text import mask_personal

from ._coding import codebook
from ._shares import ALL_AREAS
from ._themes import theme_shares

__all__ = ["QUOTE_REASONS", "approve_quote", "quote_check", "quotes"]


def _answer(conn, answer_id: int) -> dict[str, Any]:
    found = conn.execute(
        select(VoiceAnswer.id, VoiceAnswer.value, VoiceAnswer.approved_quote,
               VoiceQuestion.kind, VoiceCollection.code, VoiceCollection.id, Area.code)
        .join(VoiceQuestion, VoiceAnswer.question_id == VoiceQuestion.id)
        .join(VoiceCollection, VoiceQuestion.collection_id == VoiceCollection.id)
        .join(VoiceRespondent, VoiceAnswer.respondent_id == VoiceRespondent.id)
        .outerjoin(Area, VoiceRespondent.area_id == Area.id)
        .where(VoiceAnswer.id == answer_id)).first()
    if found is None:
        raise NotFoundError(f"svaret {answer_id} finns inte")
    return dict(zip(("id", "text", "approved", "kind", "collection", "collection_id", "area"),
                    found))


def _themes_of(conn, collection_id: int, answer_ids) -> dict[int, set[str]]:
    """Answer id → the themes (top-level codes) any coder gave it."""
    codes = codebook(conn, collection_id)
    parent = {c["code"]: c["parent"] or c["code"] for c in codes}
    out: dict[int, set[str]] = {}
    for answer, code in conn.execute(
            select(VoiceCoding.answer_id, VoiceCode.code)
            .join(VoiceCode, VoiceCoding.code_id == VoiceCode.id)
            .where(VoiceCoding.answer_id.in_(list(answer_ids)))):
        out.setdefault(answer, set()).add(parent[code])
    return out


def _shown_themes(shares: pd.DataFrame, area: str | None, themes: set[str]) -> list[str]:
    """The themes under which a quote from ``area`` may be shown (published cells)."""
    if shares.empty or not themes:
        return []
    rows = shares[(shares["area"] == (area or ALL_AREAS)) & (shares["dimension"] == "total")
                  & shares["code"].isin(themes) & ~shares["suppressed"].astype(bool)]
    return [code for code in shares["code"].drop_duplicates() if code in set(rows["code"])]


#: Why an answer may not be shown as a quote: code → the reason in Swedish.
QUOTE_REASONS = {
    "not_open": "bara öppna svar kan visas som citat",
    "personal": "svaret innehåller fortfarande personuppgifter",
    "not_coded": "svaret är inte kodat; ett citat visas under de teman det tar upp",
    "small_group": "för få svar från området tar upp svarets teman; citatet skulle visa en "
                   "grupp som tabellerna döljer",
}


def quote_check(engine: Engine, answer_id: int) -> list[str]:
    """Why answer ``answer_id`` may not be shown as a quote (empty: it may).

    Returns codes of :data:`QUOTE_REASONS`: ``not_open`` (a closed answer), ``personal``
    (masking the text again still finds personal details), ``not_coded`` (no theme yet) or
    ``small_group`` (every one of its themes is withheld in its area's cell).

    Raises
    ------
    jamlik.errors.NotFoundError
        No such answer.
    """
    with engine.connect() as conn:
        answer = _answer(conn, answer_id)
        themes = _themes_of(conn, answer["collection_id"], [answer_id]).get(answer_id, set())
    reasons = []
    if answer["kind"] != "open":
        reasons.append("not_open")
    if mask_personal(answer["text"]).total:
        reasons.append("personal")
    if not themes:
        reasons.append("not_coded")
    elif not _shown_themes(theme_shares(engine, answer["collection"]), answer["area"], themes):
        reasons.append("small_group")
    return reasons


def approve_quote(engine: Engine, *, answer_id: int, by: str, approved: bool = True) -> bool:
    """Approve (or, with ``approved=False``, withdraw) answer ``answer_id`` as a quote.

    Parameters
    ----------
    engine : sqlalchemy.Engine
    answer_id : int
    by : str
        The analyst, for the audit log.
    approved : bool
        True to approve, False to withdraw.

    Returns
    -------
    bool
        False when nothing changed (already so).

    Raises
    ------
    jamlik.errors.NotFoundError
        No such answer.
    jamlik.errors.ArgumentError
        Approving an answer :func:`quote_check` refuses (its reasons in the message).
    """
    if approved:
        reasons = quote_check(engine, answer_id)
        if reasons:
            raise ArgumentError(f"svaret {answer_id} kan inte visas som citat: "
                                + "; ".join(QUOTE_REASONS[r] for r in reasons))
    with engine.begin() as conn:
        answer = _answer(conn, answer_id)
        if bool(answer["approved"]) == approved:
            return False
        conn.execute(VoiceAnswer.__table__.update().where(VoiceAnswer.id == answer_id)
                     .values(approved_quote=approved))
        audit(conn, by, "voices.quote.approve" if approved else "voices.quote.withdraw",
              "voice_answer", answer_id,
              f"{'godkände' if approved else 'drog tillbaka'} citat {answer_id} i samlingen "
              f"{answer['collection']}", {"collection": answer["collection"]})
    return True


def quotes(engine: Engine, collection: str, *, area: str | None = None,
           shares: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """The approved quotes of ``collection`` that may be shown now, in answer order.

    Parameters
    ----------
    collection : str
    area : str, optional
        Only quotes from this area (its code).
    shares : DataFrame, optional
        The collection's :func:`theme_shares` when the caller has it already.

    Returns
    -------
    list of dict
        ``id``, ``text`` (masked), ``area`` (code or None), ``area_name`` and ``themes``
        (the theme codes it is shown under, each a published cell of its area).
    """
    with engine.connect() as conn:
        stored = conn.execute(select(VoiceCollection.id).where(
            VoiceCollection.code == collection)).scalar()
        if stored is None:
            raise NotFoundError(f"samlingen '{collection}' finns inte")
        query = (select(VoiceAnswer.id, VoiceAnswer.value, Area.code, Area.name)
                 .join(VoiceQuestion, VoiceAnswer.question_id == VoiceQuestion.id)
                 .join(VoiceRespondent, VoiceAnswer.respondent_id == VoiceRespondent.id)
                 .outerjoin(Area, VoiceRespondent.area_id == Area.id)
                 .where(VoiceQuestion.collection_id == stored, VoiceQuestion.kind == "open",
                        VoiceAnswer.approved_quote.is_(True))
                 .order_by(VoiceRespondent.row, VoiceQuestion.sort_order))
        if area is not None:
            query = query.where(Area.code == area)
        rows = conn.execute(query).all()
        themes = _themes_of(conn, stored, [r[0] for r in rows]) if rows else {}
    if not rows:
        return []
    shares = theme_shares(engine, collection) if shares is None else shares
    out = []
    for answer_id, text, code, name in rows:
        if mask_personal(text).total:  # never shown unmasked, whatever was approved
            continue
        shown = _shown_themes(shares, code, themes.get(answer_id, set()))
        if shown:
            out.append({"id": answer_id, "text": text, "area": code, "area_name": name,
                        "themes": shown})
    return out
