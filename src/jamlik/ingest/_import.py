"""``parse_file``: detect a file's format, parse it and check it.

Writing it to the store is the job :func:`jamlik.jobs.import_file`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
from pathlib import Path

import numpy as np
import pandas as pd

from jamlik.errors import InputError, UnknownFormatError, option
from jamlik.schema import area_version_hint, default_area_version

from ._base import FORMATS, Parsed, location
from ._tidy import check_frame, complete_frame

__all__ = ["DETECTION_ORDER", "detect_format", "parse_file", "default_area_version"]

# Specific formats first: a HEAT template is also a CSV/Excel file.
DETECTION_ORDER = (
    "datapackage", "heat", "kolada", "pxweb-jsonstat2", "pxweb-json", "px", "excel", "csv",
)

def detect_format(data: bytes, file: str) -> str:
    """Name of the first format whose sniffer accepts ``data``."""
    for name in DETECTION_ORDER:
        fmt = FORMATS.get(name)
        if fmt is not None and fmt.sniff(data, file):
            return name
    raise UnknownFormatError(
        f"känner inte igen formatet; ange det med {option('format')} "
        f"({', '.join(n for n in DETECTION_ORDER if n in FORMATS)})",
        file=file,
    )


def _fill_area_versions(frame: pd.DataFrame, area_version: str | None, file: str) -> pd.DataFrame:
    missing = frame["area_version"].isna()
    if not missing.any():
        return frame
    frame = frame.copy(deep=False)
    if area_version:
        frame.loc[missing, "area_version"] = area_version
        return frame
    codes, uniques = pd.factorize(frame["area_code"].where(missing))
    guesses = [default_area_version(str(code)) for code in uniques]
    unknown = [code for code, guess in zip(uniques, guesses) if guess is None]
    if unknown:
        code = str(unknown[0])
        position = int((frame["area_code"] == unknown[0]).to_numpy().nonzero()[0][0])
        hint = area_version_hint(code)
        raise InputError(
            f"vet inte vilken områdesindelning '{code}' hör till"
            + (f" ({hint})" if hint else "")
            + f"; ange kolumnen area_version eller {option('area_version')} (t.ex. 'RegSO_2025')",
            file=file, row=location(frame["_row"].iloc[position]), column="area_code")
    versions = np.array([None] + [guess[0] for guess in guesses], dtype=object)[codes + 1]
    levels = np.array([None] + [guess[1] for guess in guesses], dtype=object)[codes + 1]
    frame["area_version"] = pd.Series(
        np.where(missing, versions, frame["area_version"].to_numpy()), dtype=object)
    no_level = missing.to_numpy() & frame["area_level"].isna().to_numpy()
    frame["area_level"] = pd.Series(
        np.where(no_level, levels, frame["area_level"].to_numpy()), dtype=object)
    return frame

def _reader_options(name: str, given: dict, file: str) -> dict:
    """The options given for the reader of format ``name``; refuse those it does not take."""
    accepted = inspect.signature(FORMATS[name].read).parameters
    takes_any = any(p.kind is p.VAR_KEYWORD for p in accepted.values())
    options = {}
    for key, value in given.items():
        if value is None:
            continue
        if key in accepted or (takes_any and name.startswith("pxweb") and key in _PXWEB_OPTIONS):
            options[key] = value
        elif key != "area_version":  # every format takes an area version, from a column or here
            raise InputError(f"{option(key)} gäller inte formatet {name}; den används för "
                             f"{_USED_BY.get(key, 'PC-Axis och PxWeb')}", file=file)
    return options


_PXWEB_OPTIONS = ("table_id", "area_version", "area_code", "period", "dash")
_USED_BY = {"encoding": "PC-Axis-filer", "dash": "PC-Axis och PxWeb"}


def parse_file(
    path: str | Path, *, format: str | None = None, area_version: str | None = None,
    data: bytes | None = None, period: str | None = None, table_id: str | None = None,
    encoding: str | None = None, area_code: str | None = None, dash: str | None = None,
) -> tuple[str, Parsed, pd.DataFrame, str]:
    """Parse and check a file without touching the store.

    Returns ``(format, parsed, checked_frame, sha256)``. ``period``,
    ``table_id``, ``encoding``, ``area_code`` and ``dash`` go to the readers
    that take them (PC-Axis, PxWeb; see :func:`jamlik.ingest.read_px`); a
    reader that does not take one refuses it with a message.
    """
    path = Path(path)
    file = str(path)
    if data is None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError("filen finns inte", file=file) from None
        except IsADirectoryError:
            if (path / "datapackage.json").is_file():
                return parse_file(path / "datapackage.json", format=format,
                                  area_version=area_version)
            raise InputError("väntade en fil, fick en mapp", file=file) from None
    if not data.strip():
        raise InputError("filen är tom", file=file)
    name = format or detect_format(data, file)
    if name not in FORMATS:
        raise UnknownFormatError(
            f"okänt format '{name}'; välj ett av {', '.join(sorted(FORMATS))}", file=file)
    options = _reader_options(name, {
        "area_version": area_version, "period": period, "table_id": table_id,
        "encoding": encoding, "area_code": area_code, "dash": dash}, file)
    try:
        parsed = FORMATS[name].read(data, file=file, **options)
    except InputError as error:
        raise error if error.file else error.with_file(file)
    # the file's bytes are not needed past its digest: not held while the table is checked
    digest = hashlib.sha256(data).hexdigest()
    del data
    frame = complete_frame(parsed.frame)
    # the caller keeps the details, not the reader's table (columns that checking
    # replaces, such as the periods, would otherwise be held twice)
    parsed = dataclasses.replace(parsed, frame=frame.iloc[:0])
    frame = check_frame(_fill_area_versions(frame, area_version, file), file=file)
    if frame.empty:  # nothing to import is a mistake to say, not a batch of nothing
        raise InputError("filen har inga rader med värden, bara rubriker", file=file)
    return name, parsed, frame, digest
