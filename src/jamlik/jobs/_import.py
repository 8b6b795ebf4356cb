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
    is_example: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BatchResult:
    """Import one file into the store as one batch (all or nothing).

    Returns a :class:`jamlik.store.BatchResult`; a file whose bytes were imported
    before (and not rolled back) is not imported again.

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
    name, parsed, frame, digest = parse_file(path, format=format, area_version=area_version)
    step("skriver till databasen")
    details = {**parsed.details, "file": Path(path).name}
    return write_batch(engine, frame, format=name, source=str(path), file_hash=digest,
                       table_id=parsed.table_id, details=details, is_example=is_example,
                       file=str(path))
