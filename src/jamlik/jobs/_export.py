"""Exporting observations as tidy CSV, Excel or a Frictionless data package.

Every export is in jamlik's long import format, so an export can be imported
again and gives the same store; whole numbers are written as integers (a count
12 is ``12``, not ``12.0``), every other number exactly as stored. Files are written atomically: to a temporary
name beside the target, then renamed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from jamlik.deprecation import renamed
from jamlik.cells import neutralise, neutralise_frame, whole_number, whole_numbers
from jamlik.errors import ArgumentError, InputError
from jamlik.schema import COLUMNS

__all__ = ["EXPORT_FORMATS", "publishable", "write_export"]

EXPORT_FORMATS = ("csv", "xlsx", "datapackage")
EXCEL_MAX_ROWS = 1_048_575
_FRICTIONLESS_TYPES = {"text": "string", "number": "number", "integer": "integer",
                       "boolean": "boolean"}


def _csv_text(frame: pd.DataFrame) -> str:
    out = neutralise_frame(whole_numbers(frame))
    for column in out.columns:
        if str(out[column].dtype) == "boolean":
            out[column] = out[column].map({True: "1", False: "0"}).astype(object)
    # float_format=None writes the shortest repr, which reads back bit for bit.
    # CRLF (RFC 4180): Python 3.11's csv quotes a field holding \r only when \r ends lines
    return out.to_csv(index=False, lineterminator="\r\n")


def publishable(frame: pd.DataFrame, *, min_numerator: float | None = None,
                min_denominator: float | None = None) -> pd.DataFrame:
    """Observations as they may be shown or downloaded: the city's small-number rule applied.

    The one place every reader of values for people passes through: the web app's
    pages, JSON API and table downloads (``jamlik.web``) and every export
    (:func:`write_export`). A row whose numerator or denominator is under the city's
    threshold (settings ``small_number_min_numerator`` and
    ``small_number_min_denominator``, ``JAMLIK_SMALL_NUMBER_MIN_*``; or the
    arguments) loses its value, interval and counts and carries the reason
    (:func:`jamlik.stats.apply_small_numbers`).

    Parameters
    ----------
    frame : pandas.DataFrame
        Long-format rows (``numerator``, ``denominator``; ``kind`` for proportions).
    min_numerator, min_denominator : float, optional
        Thresholds instead of the settings' (0 switches a part off).

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when nothing is withheld, else a copy.
    """
    from jamlik.config import get_settings
    from jamlik.stats import apply_small_numbers

    settings = get_settings()
    return apply_small_numbers(
        frame,
        min_numerator=(settings.small_number_min_numerator if min_numerator is None
                       else min_numerator),
        min_denominator=(settings.small_number_min_denominator if min_denominator is None
                         else min_denominator))


def write_export(frame: pd.DataFrame, path: str | Path, *, format: str | None = None,
                 title: str = "", fmt: str | None = None) -> Path:
    """Write the tidy ``frame`` to ``path`` as ``format`` (csv, xlsx or datapackage).

    For ``datapackage`` the path is a folder that receives ``datapackage.json``
    and ``observations.csv``. ``fmt`` is the deprecated old name of ``format``.
    The city's small-number rule is applied first (:func:`publishable`): a value
    under its thresholds is never written, its reason is.
    """
    fmt = renamed(format, fmt, new="format", old="fmt", where="write_export")
    if fmt not in EXPORT_FORMATS:
        raise ArgumentError(f"format måste vara en av {', '.join(EXPORT_FORMATS)}, fick '{fmt}'")
    path = Path(path)
    frame = publishable(frame)
    if fmt == "csv":
        _atomic_write(path, _csv_text(frame).encode("utf-8"))
    elif fmt == "xlsx":
        if len(frame) > EXCEL_MAX_ROWS:
            raise InputError(f"{len(frame)} rader får inte plats i ett Excel-blad "
                             f"(högst {EXCEL_MAX_ROWS}); exportera som csv", file=str(path))
        _atomic_write(path, _excel_bytes(frame))
    else:
        _write_datapackage(frame, path, title=title)
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.",
                                     delete=False) as handle:
        handle.write(data)
    Path(handle.name).replace(path)


def _excel_bytes(frame: pd.DataFrame) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("observationer")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        sheet.append([_excel_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_value(value):
    if _is_missing(value):
        return None
    # openpyxl writes numbers with 16 significant digits ("%.16g"); a float that
    # needs 17 is written as its exact text, so that nothing changes on re-import.
    if isinstance(value, float) and float("%.16g" % value) != value:
        return repr(value)
    return neutralise(whole_number(value))


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _write_datapackage(frame: pd.DataFrame, folder: Path, *, title: str) -> None:
    fields = [
        {"name": c.name, "type": _FRICTIONLESS_TYPES[c.type], "description": c.help}
        for c in COLUMNS if c.name in frame.columns
    ]
    package = {
        "profile": "tabular-data-package",
        "name": "jamlik-export",
        "title": title or "Observationer exporterade från jamlik",
        "resources": [{
            "name": "observations",
            "path": "observations.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": fields,
                "missingValues": [""],
                "primaryKey": ["indicator", "area_version", "area_code", "period",
                               "dimension", "subgroup"],
            },
        }],
    }
    staging = Path(tempfile.mkdtemp(dir=folder.parent if folder.parent.exists() else None,
                                    prefix=f".{folder.name}."))
    try:
        (staging / "observations.csv").write_text(_csv_text(frame), encoding="utf-8")
        (staging / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        staging.replace(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
