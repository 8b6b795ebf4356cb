"""Export of a collection's answers (masked, one respondent a row) and its erasure.

Erasure (the GDPR right to erasure) removes every trace of a collection in one
transaction: codings, answers, respondents, codebook, questions, the collection, the
indicators derived from it (their observations, import batches, gap measures, links to
target areas and activities) — and logs what was erased, by whom and when, without any
answer (in ``voice_erasure`` and the audit log). The web app's caches follow the data version, which the erasure changes.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from sqlalchemy import Engine, delete, func, select

from jamlik.cells import neutralise_row
from jamlik.store import (
    ActivityIndicator, Area, ImportBatch, Indicator, IndicatorTargetArea, MeasureResult,
    Observation, VoiceAnswer, VoiceCode, VoiceCoding, VoiceCollection, VoiceErasure, VoiceQuestion,
    VoiceRespondent, audit,
)

from ._import import load_collection

__all__ = ["FORMAT", "collection_batches", "erase_collection", "erasure_preview",
           "export_answers"]

#: The import-batch format of indicators derived from a collection.
FORMAT = "voices"


def export_answers(engine: Engine, collection: str, path: str | Path) -> int:
    """Write the stored (masked) answers of ``collection`` to a CSV, one respondent a row.

    Columns: ``row`` (of the imported file), ``area_code``, ``area_name``, ``age_group``,
    ``sex``, ``weight``, then one column per question code. Written to a temporary name
    and renamed. Returns the number of respondents.
    """
    path = Path(path)
    with engine.connect() as conn:
        stored = load_collection(conn, collection)
        questions = conn.execute(select(VoiceQuestion.id, VoiceQuestion.code).where(
            VoiceQuestion.collection_id == stored.id).order_by(VoiceQuestion.sort_order)).all()
        people = conn.execute(
            select(VoiceRespondent.id, VoiceRespondent.row, Area.code, Area.name,
                   VoiceRespondent.age_group, VoiceRespondent.sex, VoiceRespondent.weight)
            .outerjoin(Area, VoiceRespondent.area_id == Area.id)
            .where(VoiceRespondent.collection_id == stored.id)
            .order_by(VoiceRespondent.row)).all()
        answers: dict[int, dict[int, str]] = {}
        for rid, qid, value in conn.execute(
                select(VoiceAnswer.respondent_id, VoiceAnswer.question_id, VoiceAnswer.value)
                .join(VoiceRespondent, VoiceAnswer.respondent_id == VoiceRespondent.id)
                .where(VoiceRespondent.collection_id == stored.id)):
            answers.setdefault(rid, {})[qid] = value
    header = ["row", "area_code", "area_name", "age_group", "sex", "weight",
              *[code for _id, code in questions]]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(neutralise_row(header))
            for rid, row, code, name, age, sex, weight in people:
                given = answers.get(rid, {})
                # residents' own words: a cell starting with = + - @ must not run as a formula
                writer.writerow(neutralise_row([
                    row, code or "", name or "", age or "", sex or "",
                    "" if weight is None else weight,
                    *[given.get(qid, "") for qid, _code in questions]]))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(people)


def collection_batches(conn, collection: str) -> list[int]:
    """The import batches of indicators derived from ``collection``."""
    rows = conn.execute(select(ImportBatch.id, ImportBatch.details).where(
        ImportBatch.format == FORMAT)).all()
    return [batch for batch, details in rows if (details or {}).get("collection") == collection]


def _erase_indicators(conn, collection: str) -> dict[str, int]:
    batches = collection_batches(conn, collection)
    if not batches:
        return {"batches": 0, "observations": 0, "indicators": 0}
    indicators = set(conn.execute(select(Observation.indicator_id).where(
        Observation.batch_id.in_(batches)).distinct()).scalars())
    observations = conn.execute(delete(Observation).where(
        Observation.batch_id.in_(batches))).rowcount
    conn.execute(Observation.__table__.update().where(
        Observation.superseded_by_batch_id.in_(batches)).values(superseded_by_batch_id=None))
    conn.execute(delete(ImportBatch).where(ImportBatch.id.in_(batches)))
    # An indicator is the collection's alone when no other batch has a value for it.
    shared = set(conn.execute(select(Observation.indicator_id).where(
        Observation.indicator_id.in_(indicators)).distinct()).scalars())
    alone = sorted(indicators - shared)
    if alone:
        for model in (MeasureResult, IndicatorTargetArea, ActivityIndicator):
            conn.execute(delete(model).where(model.indicator_id.in_(alone)))
        conn.execute(delete(Indicator).where(Indicator.id.in_(alone)))
    return {"batches": len(batches), "observations": observations, "indicators": len(alone)}


def erasure_preview(engine: Engine, collection: str) -> dict[str, int]:
    """What :func:`erase_collection` would remove: respondents, answers, codings, approved
    quotes and derived indicators (for a confirmation step). NotFoundError when none."""
    with engine.connect() as conn:
        stored = load_collection(conn, collection)
        people = select(VoiceRespondent.id).where(VoiceRespondent.collection_id == stored.id)
        answers = select(VoiceAnswer.id).where(VoiceAnswer.respondent_id.in_(people))

        def count(query) -> int:
            return conn.execute(select(func.count()).select_from(query.subquery())).scalar()

        batches = collection_batches(conn, collection)
        return {
            "respondents": count(people), "answers": count(answers),
            "codings": count(select(VoiceCoding.id).where(VoiceCoding.answer_id.in_(answers))),
            "quotes": count(answers.where(VoiceAnswer.approved_quote.is_(True))),
            "indicators": count(select(Observation.indicator_id).where(
                Observation.batch_id.in_(batches)).distinct()) if batches else 0,
        }


def erase_collection(engine: Engine, collection: str, *, by: str) -> dict[str, int]:
    """Erase every trace of ``collection`` and log the erasure; return what was removed.

    Parameters
    ----------
    engine : sqlalchemy.Engine
    collection : str
        The collection's code.
    by : str
        Who erased it (the account or the operating-system user), for the log.

    Returns
    -------
    dict
        Counts of removed respondents, answers, codings, codes, questions, import
        batches, observations and indicators.

    Raises
    ------
    jamlik.errors.NotFoundError
        No such collection.
    """
    with engine.begin() as conn:
        stored = load_collection(conn, collection)
        people = select(VoiceRespondent.id).where(VoiceRespondent.collection_id == stored.id)
        answers = select(VoiceAnswer.id).where(VoiceAnswer.respondent_id.in_(people))
        counts = {"respondents": conn.execute(select(func.count()).select_from(
            people.subquery())).scalar()}
        counts["codings"] = conn.execute(delete(VoiceCoding).where(
            VoiceCoding.answer_id.in_(answers))).rowcount
        counts["answers"] = conn.execute(delete(VoiceAnswer).where(
            VoiceAnswer.respondent_id.in_(people))).rowcount
        conn.execute(delete(VoiceRespondent).where(VoiceRespondent.collection_id == stored.id))
        codes = conn.execute(select(VoiceCode.id).where(
            VoiceCode.collection_id == stored.id)).scalars().all()
        conn.execute(VoiceCode.__table__.update().where(
            VoiceCode.collection_id == stored.id).values(parent_id=None))
        conn.execute(delete(VoiceCode).where(VoiceCode.collection_id == stored.id))
        counts["codes"] = len(codes)
        counts["questions"] = conn.execute(delete(VoiceQuestion).where(
            VoiceQuestion.collection_id == stored.id)).rowcount
        counts.update(_erase_indicators(conn, collection))
        conn.execute(delete(VoiceCollection).where(VoiceCollection.id == stored.id))
        conn.execute(VoiceErasure.__table__.insert().values(
            collection=collection, title=stored.title, erased_by=by, counts=counts))
        # the audit log too, where administrators look (counts only, never an answer)
        audit(conn, by, "voices.erase", "voice_collection", collection,
              f"raderade samlingen {collection} ({counts['respondents']} svarande)", counts)
    return counts
