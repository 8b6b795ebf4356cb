"""Recommendation uptake: match passages of the boards' annual reports to the programme.

``uptake_matcher(engine=None, programme=None)`` builds a :class:`jamlik.text.Matcher`
for a stored programme (its current revision and the recommendations of
commissions linked to its strategies) or, without a store, for Göteborg's
programme shipped with jamlik. Both add jamlik's matching vocabulary for the
programme when one ships (``jamlik/data/uptake-<programme>.yaml``).

``read_passages(path)`` reads a document (PDF, DOCX, ODT, HTML, text) or a CSV of
passages (``id,text``); ``match_file`` ranks every passage; ``read_labels`` and
``evaluate_labels`` measure the matcher on a labelled CSV
(``id,text,expected_code``).
"""

from __future__ import annotations

import csv
import io
import zlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jamlik.errors import InputError
from jamlik.text import (
    Evaluation, Labelled, Match, Matcher, Passage, evaluate, programme_targets, read_document,
)

__all__ = [
    "BUNDLED_PROGRAMME", "UptakeMatches", "evaluate_labels", "match_file", "read_labels",
    "read_passages", "split_of", "uptake_matcher",
]

BUNDLED_PROGRAMME = "program-goteborg-2018-2026.yaml"
SPLITS = ("dev", "held-out")


@dataclass(slots=True)
class UptakeMatches:
    """Passages of one file and their ranked matches; ``warnings`` (scanned pages)."""

    source: str
    passages: list[Passage]
    matches: list[Match]
    warnings: list[str] = field(default_factory=list)


def _vocabulary(programme_code: str) -> dict[str, str]:
    """jamlik's matching vocabulary for a programme, if one ships (code → text)."""
    name = f"uptake-{programme_code.removeprefix('goteborg-jamlik-stad-')}.yaml"
    name = "uptake-goteborg-2018-2026.yaml" if programme_code == \
        "goteborg-jamlik-stad-2018-2026" else name
    path = resources.files("jamlik.data").joinpath(name)
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return dict(data.get("descriptions") or {})


def _with_vocabulary(programme: dict[str, Any]) -> dict[str, Any]:
    vocabulary = _vocabulary(str(programme.get("id", "")))
    areas = []
    for area in programme.get("target_areas") or []:
        strategies = [{**s, "description": " ".join(filter(None, [
            s.get("description"), vocabulary.get(s["id"])]))} for s in area.get("strategies") or []]
        areas.append({**area, "strategies": strategies, "description": " ".join(filter(None, [
            area.get("description"), vocabulary.get(area["id"])]))})
    return {**programme, "target_areas": areas}


def uptake_matcher(engine=None, programme: int | None = None) -> Matcher:
    """A matcher for a stored programme (by id) or for the bundled Göteborg programme.

    Raises
    ------
    NotFoundError
        No stored programme with that id.
    """
    recommendations: list[dict[str, Any]] = []
    if programme is None:
        from jamlik.program import read_programme

        data = read_programme(str(resources.files("jamlik.data").joinpath(BUNDLED_PROGRAMME)))
    else:
        from jamlik.program import export_programme
        from jamlik.store import programme_recommendations

        data = export_programme(engine, programme)
        recommendations = programme_recommendations(engine, programme)
    data = _with_vocabulary(data)
    areas = {area["id"]: area.get("description", "") for area in data["target_areas"]}
    return Matcher(programme_targets(data, recommendations), area_descriptions=areas)


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in required if c not in columns]
    if missing:
        raise InputError(f"kolumnen '{missing[0]}' saknas; väntade kolumnerna "
                         + ",".join(required), file=path.name, row=1)
    rows, seen = [], set()
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        for column in required:
            if not row.get(column):
                raise InputError("värdet saknas", file=path.name, row=number, column=column)
        if row["id"] in seen:
            raise InputError(f"id '{row['id']}' finns redan", file=path.name, row=number,
                             column="id")
        seen.add(row["id"])
        rows.append(row)
    return rows


def read_passages(path: str | Path) -> tuple[list[Passage], list[str]]:
    """Passages of a document, or of a CSV with columns ``id,text``; and warnings."""
    path = Path(path)
    if not path.is_file():
        raise InputError("filen finns inte", file=path.name)
    if path.suffix.lower() == ".csv":
        return [Passage(row["id"], row["text"]) for row in _read_csv(path, ("id", "text"))], []
    document = read_document(path)
    return document.passages, document.warnings


def match_file(path: str | Path, *, engine=None, programme: int | None = None,
               top: int = 5) -> UptakeMatches:
    """Rank strategies and recommendations for every passage of a file."""
    if top < 1:
        raise InputError(f"väntade ett heltal ≥ 1, fick {top}", column="--top")
    passages, warnings = read_passages(path)
    matcher = uptake_matcher(engine, programme)
    matches = matcher.match([(p.id, p.text) for p in passages], top=top)
    return UptakeMatches(Path(path).name, passages, matches, warnings)


def split_of(passage_id: str) -> str:
    """The split of a labelled passage: a stable hash of its id puts a third in
    ``held-out`` (never used for tuning) and the rest in ``dev``."""
    return "held-out" if zlib.crc32(passage_id.encode("utf-8")) % 3 == 0 else "dev"


def read_labels(path: str | Path, *, split: str | None = None) -> list[Labelled]:
    """Labelled passages (``id,text,expected_code``), optionally one split only."""
    path = Path(path)
    if not path.is_file():
        raise InputError("filen finns inte", file=path.name)
    if split is not None and split not in SPLITS:
        raise InputError(f"väntade {' eller '.join(SPLITS)}, fick '{split}'", column="--split")
    rows = _read_csv(path, ("id", "text", "expected_code"))
    return [Labelled(row["id"], row["text"], row["expected_code"]) for row in rows
            if split is None or split_of(row["id"]) == split]


def evaluate_labels(path: str | Path, *, engine=None, programme: int | None = None,
                    split: str | None = None) -> Evaluation:
    """Top-1, top-3, MRR and nDCG@10 of the matcher on a labelled CSV.

    Raises
    ------
    InputError
        A missing column or value, a duplicate id, or an expected code that is
        not in the programme (named with its row).
    """
    path = Path(path)
    labelled = read_labels(path, split=split)
    matcher = uptake_matcher(engine, programme)
    known = {t.code for t in matcher.targets} | {t.target_area for t in matcher.targets}
    for number, item in enumerate(labelled, start=2):
        if item.expected not in known:
            raise InputError(f"okänd kod '{item.expected}'; väntade en strategi, rekommendation "
                             "eller ett målområde i programmet", file=path.name,
                             row=_row_of(path, item.id), column="expected_code")
    return evaluate(matcher, labelled, baseline=True)


def _row_of(path: Path, passage_id: str) -> int | None:
    for number, row in enumerate(_read_csv(path, ("id",)), start=2):
        if row["id"] == passage_id:
            return number
    return None
