"""Importing a survey or dialogue export: one respondent a row, answers masked, one transaction.

The file is CSV (any of , ; tab; UTF-8 or Windows-1252) or Excel (.xlsx) with a header row.
The collection's saved column map says which columns hold the area, age group, sex and
weight; each question names its column. Every row is checked before anything is written;
problems are reported by row and column and nothing is stored unless the whole file is good.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from sqlalchemy import Engine, func, select

from jamlik.errors import InputError, NotFoundError
from jamlik.ingest import excel_rows, parse_number, read_delimited
from jamlik.store import (
    Area, AreaVersion, VoiceAnswer, VoiceCollection, VoiceQuestion, VoiceRespondent,
)
from jamlik.text import mask_personal

from ._areas import AreaMatch, AreaMatcher

__all__ = ["SEXES", "ImportedAnswers", "collection_areas", "import_answers", "load_collection",
           "load_questions"]

#: Sex as stored (the code of jamlik's ``kon`` dimension) from what survey tools write.
SEXES = {"kvinna": "kvinnor", "kvinnor": "kvinnor", "k": "kvinnor", "female": "kvinnor",
         "woman": "kvinnor", "f": "kvinnor", "man": "man", "män": "man", "m": "man",
         "male": "man", "annat": "annat", "annan": "annat", "icke-binär": "annat",
         "other": "annat", "vill inte svara": None, "vet ej": None}


@dataclass
class ImportedAnswers:
    """What an import stored: respondents, answers, masked details, area matches."""

    collection: str
    respondents: int
    answers: int
    masked: dict[str, int] = field(default_factory=dict)
    areas: list[tuple[AreaMatch, int]] = field(default_factory=list)


def load_collection(conn, code: str) -> SimpleNamespace:
    """The stored collection ``code`` (its columns as attributes), or NotFoundError."""
    table = VoiceCollection.__table__
    found = conn.execute(select(table).where(table.c.code == code)).mappings().first()
    if found is None:
        raise NotFoundError(f"samlingen '{code}' finns inte; beskriv den först med "
                            "jamlik voices collection FIL.yaml")
    return SimpleNamespace(**found)


def load_questions(conn, collection_id: int) -> list[SimpleNamespace]:
    """The questions of a collection in their order (columns as attributes)."""
    table = VoiceQuestion.__table__
    return [SimpleNamespace(**row) for row in conn.execute(
        select(table).where(table.c.collection_id == collection_id)
        .order_by(table.c.sort_order)).mappings()]


def collection_areas(conn, collection: SimpleNamespace) -> dict[str, tuple[int, str]]:
    """The collection's areas: code → (area id, name); all of its municipality by default."""
    query = select(Area.code, Area.id, Area.name).join(
        AreaVersion, Area.version_id == AreaVersion.id).where(
        AreaVersion.code == collection.area_version)
    if collection.areas:
        query = query.where(Area.code.in_(collection.areas))
    else:
        query = query.where(Area.code.startswith(collection.municipality))
    return {code: (area_id, name) for code, area_id, name in conn.execute(query)}


def _read(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        return excel_rows(data, file=path.name)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return read_delimited(data, file=path.name)[0]
    raise InputError("väntade en CSV- eller Excel-fil (.csv, .xlsx)", file=path.name)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else \
        str(value).strip()


class _Rows:
    """Checks the rows of one file; collects every problem with its row and column."""

    def __init__(self, collection, questions, matcher: AreaMatcher):
        self.columns = collection.column_map
        self.questions = questions
        self.matcher = matcher
        self.problems: list[tuple[int, str, str]] = []
        self.masked: Counter = Counter()
        self.matches: Counter = Counter()

    def respondent(self, row: int, record: dict) -> dict:
        out = {"row": row, "area_code": None, "area_match": None, "age_group": None,
               "sex": None, "weight": None}
        column = self.columns.get("area")
        if column and _text(record.get(column)):
            found = self.matcher.match(_text(record[column]))
            if found.problem:
                self.problems.append((row, column, found.problem))
            else:
                out["area_code"], out["area_match"] = found.code, found.how
                self.matches[found.text] += 1
        column = self.columns.get("age_group")
        if column and _text(record.get(column)):
            out["age_group"] = _text(record[column])
        column = self.columns.get("sex")
        if column and _text(record.get(column)):
            value = _text(record[column]).casefold()
            if value not in SEXES:
                self.problems.append((row, column, f"väntade kvinna, man, annat eller vill inte "
                                                   f"svara, fick '{_text(record[column])}'"))
            out["sex"] = SEXES.get(value)
        column = self.columns.get("weight")
        if column and _text(record.get(column)):
            try:
                weight = parse_number(_text(record[column]))
            except (InputError, ValueError):
                weight = None
            if weight is None or not weight > 0:
                self.problems.append((row, column, f"väntade en vikt > 0, fick "
                                                   f"'{_text(record[column])}'"))
            out["weight"] = weight
        return out

    def answers(self, row: int, record: dict) -> list[tuple[int, str, int]]:
        out = []
        for question in self.questions:
            value = _text(record.get(question.column))
            if not value:
                continue
            if question.kind == "closed":
                options = {o.casefold(): o for o in question.options}
                if value.casefold() not in options:
                    self.problems.append((row, question.column, f"väntade ett av "
                                          f"{', '.join(question.options)}, fick '{value}'"))
                    continue
                out.append((question.id, options[value.casefold()], 0))
            else:
                masked = mask_personal(value)
                self.masked.update(masked.counts)
                out.append((question.id, masked.text, masked.total))
        return out


def _raise(problems: list[tuple[int, str, str]], file: str) -> None:
    row, column, problem = problems[0]
    if len(problems) > 1:
        more = ", ".join(f"rad {r} '{c}'" for r, c, _ in problems[1:6])
        tail = " …" if len(problems) > 6 else ""
        problem += f" (och {len(problems) - 1} fel till: {more}{tail}); inget sparades"
    else:
        problem += "; inget sparades"
    raise InputError(problem, file=file, row=row, column=column)


def import_answers(engine: Engine, path: str | Path, *, collection: str) -> ImportedAnswers:
    """Import the answers in ``path`` into the stored ``collection``; all or nothing.

    Parameters
    ----------
    engine : sqlalchemy.Engine
    path : path
        CSV or Excel, one respondent a row, header on row 1.
    collection : str
        The collection's code (:func:`define_collection` first).

    Returns
    -------
    ImportedAnswers
        Counts, personal details masked per kind, and each distinct area input with what
        it matched and on how many rows.

    Raises
    ------
    jamlik.errors.InputError
        A missing column, an unknown option, area, sex or weight, named by row and column;
        or a collection that already holds answers.
    jamlik.errors.NotFoundError
        No such collection.
    """
    path = Path(path)
    with engine.begin() as conn:
        stored = load_collection(conn, collection)
        held = conn.execute(select(func.count()).select_from(VoiceRespondent).where(
            VoiceRespondent.collection_id == stored.id)).scalar()
        if held:
            raise InputError(f"samlingen '{collection}' har redan svar från {held} personer; "
                             "en ny import skulle räkna dem två gånger", file=path.name)
        questions = load_questions(conn, stored.id)
        areas = collection_areas(conn, stored)
        frame = _read(path)
        wanted = [c for c in stored.column_map.values()] + [q.column for q in questions]
        for column in wanted:
            if column not in frame.columns:
                raise InputError(f"kolumnen '{column}' saknas (samlingen '{collection}' väntar "
                                 "den)", file=path.name, row=1)
        rows = _Rows(stored, questions,
                     AreaMatcher({c: n for c, (_i, n) in areas.items()},
                                 postcodes=stored.postcodes))
        people, answers = [], []
        for record in frame.to_dict("records"):
            row = int(record["_row"])
            people.append(rows.respondent(row, record))
            answers.append(rows.answers(row, record))
        if rows.problems:
            _raise(rows.problems, path.name)
        _write(conn, stored.id, people, answers, areas)
    matches = [(rows.matcher.match(text), n) for text, n in sorted(rows.matches.items())]
    return ImportedAnswers(collection, len(people), sum(len(a) for a in answers),
                           dict(rows.masked), matches)


def _write(conn, collection_id, people, answers, areas) -> None:
    respondent = VoiceRespondent.__table__
    ids = conn.execute(respondent.insert().returning(respondent.c.id, sort_by_parameter_order=True),
                       [{"collection_id": collection_id, "row": p["row"],
                         "area_id": areas[p["area_code"]][0] if p["area_code"] else None,
                         "area_match": p["area_match"], "age_group": p["age_group"],
                         "sex": p["sex"], "weight": p["weight"]} for p in people]
                       ).scalars().all() if people else []
    values = [{"respondent_id": rid, "question_id": q, "value": v, "masked": m}
              for rid, given in zip(ids, answers) for q, v, m in given]
    if values:
        conn.execute(VoiceAnswer.__table__.insert(), values)
