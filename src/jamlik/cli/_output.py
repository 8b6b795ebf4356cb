"""Writing tidy result tables from the CLI: csv or json, to a file or stdout."""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jamlik.errors import ArgumentError

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "json")


def _jsonable(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return value


def write_table(frame: pd.DataFrame, *, fmt: str = "csv", output: Path | None = None) -> None:
    """Write ``frame`` as csv or as a JSON list of objects (NaN becomes null).

    Numbers are written as :func:`jamlik.cells.result_numbers` does: whole numbers as
    integers, no floating-point noise. Writing is atomic: a file is written beside
    ``output`` and renamed over it.
    """
    if fmt not in FORMATS:
        raise ArgumentError(f"format måste vara en av {', '.join(FORMATS)}, fick '{fmt}'")
    from jamlik.cells import neutralise_frame, result_numbers

    frame = result_numbers(frame)
    if fmt == "csv":
        text = neutralise_frame(frame).to_csv(index=False)
    else:
        records = [
            {key: _jsonable(value) for key, value in row.items()}
            for row in frame.to_dict(orient="records")
        ]
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    write_text(text, output)


def write_text(text: str, output: Path | None) -> None:
    """``text`` to stdout, or to ``output`` atomically (written beside it, then renamed).

    A path that cannot be written (a folder, a folder that does not exist, no
    permission) is refused with a message naming it, not a traceback.
    """
    if output is None:
        sys.stdout.write(text)
        return
    check_output(output)
    partial = output.with_name(output.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise _unwritable(output, error) from None


def check_output(output: Path, *, folder: bool = False) -> None:
    """Refuse an output path that cannot be written, before anything is computed.

    ``folder`` is true where the output is a folder (a data package): it may exist
    as one. Raises :class:`jamlik.errors.InputError` naming the path.
    """
    from jamlik.errors import InputError

    name = str(output)
    if output.is_dir() and not folder:
        raise InputError("är en mapp; ange en fil att skriva", file=name)
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"mappen '{parent}' finns inte", file=name)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"får inte skriva i mappen '{parent}'", file=name)


def _unwritable(output: Path, error: OSError):
    from jamlik.errors import InputError

    reason = {"PermissionError": "behörighet saknas", "IsADirectoryError": "är en mapp",
              "FileNotFoundError": "mappen finns inte"}.get(type(error).__name__)
    return InputError(f"kan inte skriva filen: {reason or error.strerror or error}",
                      file=str(output))
