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

import zlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jamlik.errors import InputError, JamlikError, option
from jamlik.text import (
    Evaluation, Labelled, Match, Matcher, Passage, evaluate, programme_targets, read_document,
)

__all__ = [
    "DOCUMENT_KINDS", "REVIEW_ROLES", "DocumentImport", "ReviewNotAllowed", "import_documents", "review_match",
    "run_uptake", "BUNDLED_PROGRAMME", "UptakeMatches", "evaluate_labels", "match_file", "read_labels",
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
    """Rows of a delimited file read by the importers' reader (one decoder, one
    separator rule, file row numbers), with the required columns filled in."""
    from jamlik.ingest import read_delimited

    frame, _ = read_delimited(path.read_bytes(), file=path.name)
    columns = [c for c in frame.columns if c != "_row"]
    missing = [c for c in required if c not in columns]
    if missing:
        raise InputError(f"kolumnen '{missing[0]}' saknas; väntade kolumnerna "
                         + ",".join(required), file=path.name, row=1)
    rows, seen = [], set()
    for record in frame.to_dict(orient="records"):
        number = int(record.pop("_row"))
        row = {key: ("" if value is None or value != value else str(value).strip())
               for key, value in record.items()}
        for column in required:
            if not row.get(column):
                raise InputError("värdet saknas", file=path.name, row=number, column=column)
        if row["id"] in seen:
            raise InputError(f"id '{row['id']}' finns redan", file=path.name, row=number,
                             column="id")
        seen.add(row["id"])
        row["_row"] = number
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
        raise InputError(f"{option('top')}: väntade ett heltal ≥ 1, fick {top}")
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
        raise InputError(f"{option('split')}: väntade {' eller '.join(SPLITS)}, fick '{split}'")
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
    rows = {row["id"]: row["_row"] for row in _read_csv(path, ("id",))}
    for item in labelled:
        if item.expected not in known:
            raise InputError(f"okänd kod '{item.expected}'; väntade en strategi, rekommendation "
                             "eller ett målområde i programmet", file=path.name,
                             row=rows.get(item.id), column="expected_code")
    return evaluate(matcher, labelled, baseline=True)


# -- stored documents, runs and review ------------------------------------------------

REVIEW_ROLES = ("admin", "analyst", "coordinator")


class ReviewNotAllowed(JamlikError, PermissionError):
    """The account's role may not review uptake proposals (a reporter)."""
DOCUMENT_KINDS = ("arsrapport", "verksamhetsberattelse", "arsredovisning", "delarsrapport",
                  "annat")


@dataclass(frozen=True, slots=True)
class DocumentImport:
    """What importing one file did: its id, whether it was new, passages, warnings."""

    source: str
    document_id: int
    created: bool
    passages: int
    warnings: tuple[str, ...] = ()


def import_documents(engine, paths: list[str | Path], *, organisation: str, year: int,
                     kind: str = "arsrapport", author: str | None = None,
                     is_example: bool = False) -> list[DocumentImport]:
    """Read and store documents of an organisation and year; a stored file is a no-op.

    Every file is read before anything is stored, so one unreadable file stores
    none of them.

    Raises
    ------
    InputError
        An unreadable file, a year outside 1900–2100 or an unknown kind.
    NotFoundError
        An unknown organisation.
    """
    from jamlik.store import save_document
    from jamlik.text import file_hash

    if not 1900 <= year <= 2100:
        raise InputError(f"{option('year')}: väntade ett årtal, fick {year}")
    if kind not in DOCUMENT_KINDS:
        raise InputError(f"{option('kind')}: väntade en av {', '.join(DOCUMENT_KINDS)}, "
                         f"fick '{kind}'")
    documents = [(Path(path), read_document(path)) for path in paths]
    results = []
    for path, document in documents:
        passages = [{"page": p.page, "heading_path": list(p.heading_path), "kind": p.kind,
                     "text": p.text} for p in document.passages]
        document_id, created = save_document(
            engine, sha256=file_hash(path), organisation=organisation, year=year, kind=kind,
            source=path.name, format=document.format, pages=document.pages,
            scanned_pages=document.scanned_pages, passages=passages, imported_by=author,
            is_example=is_example)
        results.append(DocumentImport(path.name, document_id, created, len(passages),
                                      tuple(document.warnings)))
    return results


def _stored_programme(engine, programme: int | None) -> int:
    from jamlik.errors import NotFoundError
    from jamlik.store import programme_ids

    ids = programme_ids(engine)
    if programme is not None:
        if programme not in ids:
            raise NotFoundError(f"inget program med id {programme}")
        return programme
    if len(ids) != 1:
        raise InputError(f"{option('programme')}: ange programmet; databasen har "
                         + ("inget program" if not ids else f"{len(ids)} program"))
    return ids[0]


def run_uptake(engine, *, year: int, programme: int | None = None, top: int = 3) -> dict:
    """Match every stored passage of ``year`` and store the proposals.

    Returns ``{"programme_id", "passages", "matches"}``. Running again updates the
    scores of known proposals and keeps every review decision.
    """
    from jamlik.store import save_matches, year_passages

    programme_id = _stored_programme(engine, programme)
    passages = year_passages(engine, year)
    matcher = uptake_matcher(engine, programme_id)
    matches = matcher.match([(str(pid), text) for pid, text in passages], top=top)
    records = [{"passage_id": int(m.passage_id), "kind": m.kind, "code": m.code,
                "target_area": m.target_area, "rank": m.rank, "score": m.score,
                "evidence": [{"kind": e.kind, "score": e.score, "words": list(e.words),
                              "span": e.span, "reason": e.reason} for e in m.evidence]}
               for m in matches]
    save_matches(engine, programme_id, records)
    return {"programme_id": programme_id, "passages": len(passages), "matches": len(records)}


def review_match(engine, match_id: int, decision: str, *, reviewer: str, role: str,
                 code: str | None = None, comment: str | None = None) -> int:
    """Confirm, reject or re-assign a proposed match; the decision's id.

    Decisions are appended: an earlier one is never changed. Only an admin,
    analyst or coordinator may review.

    Raises
    ------
    ReviewNotAllowed
        The role may not review (a reporter).
    InputError
        An unknown decision, or a re-assignment without a code of the programme.
    """
    from jamlik.store import DECISIONS, match_programme, record_decision

    if role not in REVIEW_ROLES:
        raise ReviewNotAllowed(f"rollen '{role}' får inte granska förslag")
    if decision not in DECISIONS:
        raise InputError(f"{option('decision')}: väntade {', '.join(DECISIONS)}, "
                         f"fick '{decision}'")
    if decision == "reassign":
        if not code:
            raise InputError(f"{option('code')}: en omfördelning behöver en ny kod")
        matcher = uptake_matcher(engine, match_programme(engine, match_id))
        if code not in {t.code for t in matcher.targets}:
            raise InputError(f"{option('code')}: okänd kod '{code}'")
    elif code:
        raise InputError(f"{option('code')}: kod anges bara vid omfördelning")
    return record_decision(engine, match_id, decision, reviewer=reviewer, code=code,
                           comment=comment)
