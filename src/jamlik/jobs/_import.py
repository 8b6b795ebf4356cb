"""The use case "import a file": parse and check it (:mod:`jamlik.ingest`), write it (:mod:`jamlik.store`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from jamlik.ingest import parse_file
from jamlik.store import BatchResult, write_batch

__all__ = ["import_file"]


def import_file(
    path: str | Path,
    *,
    engine: Engine,
    format: str | None = None,
    area_version: str | None = None,
    period: str | None = None,
    table_id: str | None = None,
    encoding: str | None = None,
    area_code: str | None = None,
    dash: str | None = None,
    is_example: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BatchResult:
    """Import one file into the store as one batch (all or nothing).

    Returns a :class:`jamlik.store.BatchResult` whose ``warnings`` hold every
    step's warnings (the reader's first, then the store's); the batch record
    keeps the same list. A file whose bytes were imported before (and not
    rolled back) is not imported again. ``period``, ``table_id``,
    ``encoding``, ``area_code`` and ``dash`` go to the readers that take them
    (see :func:`jamlik.ingest.parse_file`). Messages and warnings name options
    with :func:`jamlik.errors.option`; the CLI and the web render them.

    Raises
    ------
    jamlik.errors.InputError
        The file cannot be read or fails a check (names file, row and column).
    jamlik.errors.UnknownFormatError
        The format is neither given nor recognised.
    jamlik.errors.MetadataConflictError
        The file's metadata contradicts what the store holds.
    """
    step = progress or (lambda _message: None)
    step("läser och kontrollerar")
    name, parsed, frame, digest = parse_file(
        path, format=format, area_version=area_version, period=period, table_id=table_id,
        encoding=encoding, area_code=area_code, dash=dash)
    step("skriver till databasen")
    details = {**parsed.details, "file": Path(path).name,
               "warnings": list(parsed.details.get("warnings") or [])}
    return write_batch(engine, frame, format=name, source=str(path), file_hash=digest,
                       table_id=parsed.table_id, details=details, is_example=is_example,
                       file=str(path))
