"""Closed questions become indicators: shares by area and group, stored like any statistic.

Each closed question with counted options (``positive``) is an indicator
``rost.<collection>.<question>`` in per cent, by the collection's areas, by sex and by
age group, with Wilson intervals (or the weighted share with its effective sample size),
disclosure control (:func:`closed_shares`), the collection as source and, unless the
respondents were a random sample, the flag "inte ett slumpmässigt urval". They are written
as one import batch (format ``voices``), so maps, gaps, trends and reports use them, and the
collection's erasure removes them.
"""

from __future__ import annotations

import hashlib

import pandas as pd
from sqlalchemy import Engine, select

from jamlik.ingest import check_frame, complete_frame
from jamlik.schema import TOTAL
from jamlik.store import (
    Area, AreaVersion, BatchResult, VoiceAnswer, VoiceRespondent, write_batch,
)

from ._erase import FORMAT, collection_batches
from ._import import load_collection, load_questions
from ._shares import ALL_AREAS, DIMENSIONS, closed_shares

__all__ = ["NOT_RANDOM", "collection_indicators", "indicator_code", "write_indicators"]

NOT_RANDOM = "inte ett slumpmässigt urval"
SEX_NAMES = {"kvinnor": "Kvinnor", "man": "Män", "annat": "Annat kön"}


def indicator_code(collection: str, question: str) -> str:
    """The indicator code of a closed question: ``rost.<collection>.<question>``."""
    return f"rost.{collection}.{question}"


def english_name(collection: str, question) -> str:
    """The indicator's English name: the question as the collection gives it in English.

    A collection without an English text gets a plain English label naming the question
    and the collection (never the Swedish text on an English page).
    """
    if question.text_en:
        return str(question.text_en)
    return f"Survey question {question.code} ({collection})"


def _people(conn, collection_id: int, question_id: int) -> pd.DataFrame:
    rows = conn.execute(
        select(Area.code, VoiceRespondent.sex, VoiceRespondent.age_group,
               VoiceRespondent.weight, VoiceAnswer.value)
        .join(VoiceAnswer, VoiceAnswer.respondent_id == VoiceRespondent.id)
        .outerjoin(Area, VoiceRespondent.area_id == Area.id)
        .where(VoiceRespondent.collection_id == collection_id,
               VoiceAnswer.question_id == question_id)).all()
    return pd.DataFrame(rows, columns=["area", "sex", "age_group", "weight", "value"])


def _whole_municipality(conn, stored) -> tuple[str, str] | None:
    """(code, area version) of the municipality when the collection covers all of it."""
    if stored.areas:
        return None
    found = conn.execute(
        select(Area.code, AreaVersion.code).join(AreaVersion, Area.version_id == AreaVersion.id)
        .where(Area.code == stored.municipality, AreaVersion.level == "kommun")).first()
    return tuple(found) if found else None


def _rows(stored, question, shares: pd.DataFrame, total, names) -> pd.DataFrame:
    weighted = shares.attrs.get("weighted", False)
    flags = [] if stored.random_sample else [NOT_RANDOM]
    out = pd.DataFrame({
        "indicator": indicator_code(stored.code, question.code),
        "indicator_name": question.indicator_name or question.text,
        "indicator_name_en": english_name(stored.code, question),
        "unit": "procent", "scale": 100.0, "polarity": question.polarity,
        "kind": "proportion", "indicator_source": f"{stored.run_by}: {stored.title}",
        "area_code": shares["area"].where(shares["area"] != ALL_AREAS,
                                          total[0] if total else None),
        "area_version": [total[1] if a == ALL_AREAS else stored.area_version
                         for a in shares["area"]],
        "area_name": [names.get(a) for a in shares["area"]],
        "period": stored.period,
        "dimension": shares["dimension"],
        "dimension_name": shares["dimension"].map(
            {d: name for d, name in DIMENSIONS.values()}),
        "subgroup": shares["subgroup"],
        "subgroup_name": [SEX_NAMES.get(s, s) if d == "kon" else (None if s == TOTAL else s)
                          for d, s in zip(shares["dimension"], shares["subgroup"])],
        "value": shares["value"] * 100, "lower": shares["lower"] * 100,
        "upper": shares["upper"] * 100, "confidence": 0.95,
        "numerator": shares["x"], "denominator": shares["n"], "population": shares["n"],
        "suppressed": shares["suppressed"].astype(bool),
        "suppression_reason": shares["reason"],
        "source": f"{stored.title} ({stored.code}), {stored.method}, "
                  f"{stored.started:%Y-%m-%d}–{stored.ended:%Y-%m-%d}",
    })
    flag = pd.Series(["; ".join(flags)] * len(out), dtype=object)
    if weighted:
        flag = flag + [("; " if flags else "") + (f"viktad, effektiv urvalsstorlek {v:.1f}"
                                                  if v == v else "viktad")
                       for v in shares["n_eff"]]
    out["flag"] = flag.where(flag != "", None).to_numpy()
    return out


def collection_indicators(engine: Engine, collection: str, *,
                          confidence: float = 0.95) -> pd.DataFrame:
    """The indicators of ``collection``'s closed questions in jamlik's long format.

    Only questions with counted options (``positive``) become indicators. Returns an empty
    frame when there are none or no answers.
    """
    with engine.connect() as conn:
        stored = load_collection(conn, collection)
        total = _whole_municipality(conn, stored)
        names = dict(conn.execute(select(Area.code, Area.name).join(
            AreaVersion, Area.version_id == AreaVersion.id).where(
            AreaVersion.code == stored.area_version)).all())
        frames = []
        for question in load_questions(conn, stored.id):
            if question.kind != "closed" or not question.positive:
                continue
            people = _people(conn, stored.id, question.id)
            people = people[~people["value"].isin(question.excluded)]
            if people.empty:
                continue
            people = people.assign(positive=people["value"].isin(question.positive))
            shares = closed_shares(people, min_count=stored.min_count,
                                   with_total=total is not None, confidence=confidence)
            shares.attrs["weighted"] = bool(people["weight"].notna().all())
            frames.append(_rows(stored, question, shares, total, names))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def write_indicators(engine: Engine, collection: str) -> BatchResult | None:
    """Compute and store ``collection``'s indicators as one import batch (format ``voices``).

    A run with unchanged answers is a no-op (the batch is identified by its content).
    Returns None when the collection has no closed question with counted options.
    """
    frame = collection_indicators(engine, collection)
    if frame.empty:
        return None
    with engine.connect() as conn:
        stored = load_collection(conn, collection)
        earlier = collection_batches(conn, collection)
    tidy = check_frame(complete_frame(frame), file=f"samlingen {collection}")
    content = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
    digest = hashlib.sha256(collection.encode() + content).hexdigest()
    return write_batch(engine, tidy, format=FORMAT, source=f"samlingen {collection}",
                       file_hash=digest, is_example=stored.is_example,
                       details={"collection": collection, "method": stored.method,
                                "random_sample": stored.random_sample,
                                "min_count": stored.min_count, "earlier_batches": earlier})

