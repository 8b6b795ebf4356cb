"""A collection described in a file (YAML or JSON), checked and stored.

The file says what the survey or dialogue was (purpose, method, dates, areas, who ran it,
how respondents were recruited), how the columns of its export map to questions and to
area, age group, sex and weight, and its codebook (themes and sub-themes linked to the
programme's target areas and strategies). Storing it again updates it by code: questions
and codes are matched by their codes, nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, select

from jamlik.errors import InputError
from jamlik.schema import POLARITIES
from jamlik.store import (
    VOICE_METHODS, Programme, Strategy, TargetArea, VoiceCode, VoiceCollection, VoiceQuestion,
)

__all__ = ["BACKGROUND", "read_collection", "define_collection"]

#: Background columns a file may have besides the questions (the collection's ``columns``).
BACKGROUND = ("area", "age_group", "sex", "weight")
_REQUIRED = ("collection", "title", "purpose", "method", "started", "ended", "run_by",
             "recruitment", "municipality", "area_version", "questions")


def _date(value: Any, where: str, file: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: väntade ett datum ÅÅÅÅ-MM-DD, fick '{value}'",
                         file=file) from None


def _question(item: Any, index: int, file: str) -> dict[str, Any]:
    where = f"questions[{index}]"
    if not isinstance(item, dict) or not item.get("code") or not item.get("column"):
        raise InputError(f"{where}: väntade code, text, kind och column", file=file)
    kind = item.get("kind", "closed")
    if kind not in ("closed", "open"):
        raise InputError(f"{where}.kind: väntade closed eller open, fick '{kind}'", file=file)
    polarity = item.get("polarity", "neutral")
    if polarity not in POLARITIES:
        raise InputError(f"{where}.polarity: väntade en av {', '.join(POLARITIES)}, fick "
                         f"'{polarity}'", file=file)
    options = [str(o) for o in item.get("options") or []]
    positive = [str(o) for o in item.get("positive") or []]
    excluded = [str(o) for o in item.get("excluded") or []]
    if kind == "closed":
        if not options:
            raise InputError(f"{where}.options: en sluten fråga behöver svarsalternativ",
                             file=file)
        stray = [o for o in positive + excluded if o not in options]
        if stray:
            raise InputError(f"{where}: '{stray[0]}' är inget av svarsalternativen {options}",
                             file=file)
    return {"code": str(item["code"]), "text": str(item.get("text") or item["code"]),
            "text_en": item.get("text_en"), "kind": kind, "column": str(item["column"]),
            "options": options, "positive": positive, "excluded": excluded,
            "indicator_name": item.get("indicator_name"), "sort_order": index,
            "polarity": polarity}


def _codes(items: Any, file: str, parent: str | None = None) -> list[dict[str, Any]]:
    out = []
    for index, item in enumerate(items or []):
        if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
            raise InputError(f"codebook[{index}]: väntade code och name", file=file)
        out.append({"code": str(item["code"]), "name": str(item["name"]),
                    "name_en": item.get("name_en"), "definition": item.get("definition") or "",
                    "target_area": item.get("target_area"), "strategy": item.get("strategy"),
                    "parent": parent, "sort_order": index})
        out += _codes(item.get("themes"), file, parent=str(item["code"]))
    return out


def read_collection(path: str | Path) -> dict[str, Any]:
    """Read and check a collection file (YAML or JSON).

    Parameters
    ----------
    path : path
        The file; see ``docs/voices.md`` for its fields.

    Returns
    -------
    dict
        The checked collection: its fields, ``questions`` and a flat ``codebook`` (each
        code with its ``parent``).

    Raises
    ------
    jamlik.errors.InputError
        A missing field, an unknown method, a bad date, a closed question without options.
    """
    path = Path(path)
    file = path.name
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise InputError(f"kan inte läsa samlingen: {error}", file=file) from None
    if not isinstance(data, dict):
        raise InputError("väntade en samling (en mappning med collection, title, ...)", file=file)
    missing = [key for key in _REQUIRED if not data.get(key)]
    if missing:
        raise InputError(f"saknar {', '.join(missing)}", file=file)
    if data["method"] not in VOICE_METHODS:
        raise InputError(f"method: väntade en av {', '.join(VOICE_METHODS)}, fick "
                         f"'{data['method']}'", file=file)
    columns = data.get("columns") or {}
    unknown = sorted(set(columns) - set(BACKGROUND))
    if unknown:
        raise InputError(f"columns: okänd bakgrundskolumn '{unknown[0]}' (väntade "
                         f"{', '.join(BACKGROUND)})", file=file)
    questions = [_question(item, i, file) for i, item in enumerate(data["questions"])]
    codes = [q["code"] for q in questions]
    if len(set(codes)) < len(codes):
        raise InputError("questions: två frågor har samma code", file=file)
    started, ended = _date(data["started"], "started", file), _date(data["ended"], "ended", file)
    min_count = data.get("min_count", 5)
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise InputError(f"min_count: väntade ett heltal ≥ 1, fick '{min_count}'", file=file)
    return {
        "code": str(data["collection"]), "title": str(data["title"]),
        "title_en": data.get("title_en"), "purpose": str(data["purpose"]),
        "method": data["method"], "random_sample": bool(data.get("random_sample", False)),
        "started": started, "ended": ended, "period": str(data.get("period") or ended.year),
        "run_by": str(data["run_by"]), "recruitment": str(data["recruitment"]),
        "municipality": str(data["municipality"]), "area_version": str(data["area_version"]),
        "areas": [str(a) for a in data.get("areas") or []], "min_count": min_count,
        "programme": data.get("programme"), "column_map": {k: str(v) for k, v in columns.items()},
        "postcodes": {str(k).replace(" ", ""): str(v)
                      for k, v in (data.get("postcodes") or {}).items()},
        "is_example": bool(data.get("is_example", False)),
        "questions": questions, "codebook": _codes(data.get("codebook"), file),
    }


def _programme_links(conn, spec: dict[str, Any]) -> tuple[int | None, dict, dict]:
    if not spec.get("programme"):
        return None, {}, {}
    programme = conn.execute(select(Programme.id).where(
        Programme.code == spec["programme"])).scalar()
    if programme is None:
        raise InputError(f"programme: programmet '{spec['programme']}' finns inte; importera "
                         "det först med jamlik program import")
    areas = dict(conn.execute(select(TargetArea.code, TargetArea.id).where(
        TargetArea.programme_id == programme)).all())
    strategies = dict(conn.execute(select(Strategy.code, Strategy.id).join(
        TargetArea, Strategy.target_area_id == TargetArea.id).where(
        TargetArea.programme_id == programme)).all())
    return programme, areas, strategies


def define_collection(engine: Engine, spec: dict[str, Any]) -> int:
    """Store the collection ``spec`` (from :func:`read_collection`); return its id.

    A stored collection with the same code is updated: its fields, its questions and codes
    by their codes. Codes link to the target areas and strategies of ``programme``.

    Raises
    ------
    jamlik.errors.InputError
        The programme, a target area or a strategy named in the codebook does not exist.
    """
    fields = {k: spec[k] for k in (
        "code", "title", "title_en", "purpose", "method", "random_sample", "started", "ended",
        "period", "run_by", "recruitment", "municipality", "area_version", "areas", "min_count",
        "column_map", "postcodes", "is_example")}
    with engine.begin() as conn:
        programme, area_ids, strategy_ids = _programme_links(conn, spec)
        fields["programme_id"] = programme
        found = conn.execute(select(VoiceCollection.id).where(
            VoiceCollection.code == spec["code"])).scalar()
        table = VoiceCollection.__table__
        if found is None:
            found = conn.execute(table.insert().values(**fields)).inserted_primary_key[0]
        else:
            conn.execute(table.update().where(table.c.id == found).values(**fields))
        for question in spec["questions"]:
            _upsert(conn, VoiceQuestion, found, question)
        code_ids: dict[str, int] = {}
        for code in spec["codebook"]:
            row = {k: code[k] for k in ("code", "name", "name_en", "definition", "sort_order")}
            row["parent_id"] = code_ids.get(code["parent"]) if code["parent"] else None
            for key, ids, label in (("target_area", area_ids, "målområdet"),
                                    ("strategy", strategy_ids, "strategin")):
                value = code[key]
                if value and str(value) not in ids:
                    raise InputError(f"codebook '{code['code']}': {label} '{value}' finns inte "
                                     "i programmet" if ids else
                                     f"codebook '{code['code']}': ange programme för att länka "
                                     f"till {label} '{value}'")
                row[f"{key}_id"] = ids.get(str(value)) if value else None
            code_ids[code["code"]] = _upsert(conn, VoiceCode, found, row)
    return found


def _upsert(conn, model, collection_id: int, row: dict[str, Any]) -> int:
    table = model.__table__
    found = conn.execute(select(table.c.id).where(
        table.c.collection_id == collection_id, table.c.code == row["code"])).scalar()
    if found is None:
        return conn.execute(table.insert().values(collection_id=collection_id, **row)
                            ).inserted_primary_key[0]
    conn.execute(table.update().where(table.c.id == found).values(**row))
    return found
