"""Reading a table for a statistics command: the importers' own CSV and Excel readers."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jamlik.errors import InputError

if TYPE_CHECKING:
    import pandas as pd


def read_cells(path: Path) -> pd.DataFrame:
    """A csv (UTF-8 or Windows-1252; comma, semicolon or tab) or xlsx file as text cells.

    Empty cells are ``""``; blank rows are left out; the index is each row's
    place in the file (spreadsheet row = index + 2, the header being row 1).
    """
    import pandas as pd

    from jamlik.ingest import excel_rows, read_delimited

    name = str(path)
    if path.is_dir():  # the importers' message (jamlik.ingest.parse_file)
        raise InputError("väntade en fil, fick en mapp", file=name)
    if not path.is_file():
        raise InputError("filen finns inte", file=name)
    data = path.read_bytes()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = excel_rows(data, file=name)
    else:
        frame, _details = read_delimited(data, file=name)
    rows = frame.pop("_row").to_numpy()
    frame.index = pd.Index(rows - 2)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.astype(object).where(frame.notna(), "")


def cell_text(value: Any) -> str:
    """A cell as trimmed text: ``""`` when empty, whole floats without ``.0``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def located(error: Exception, file: str, hint: str = "") -> InputError:
    """A statistics function's error as the importers write it: file and row named.

    A function that knows the first row concerned keeps its DataFrame index as
    ``error.index`` (see :func:`jamlik.stats._result.row_error`); frames read by
    :func:`read_cells` are indexed by the row's place in the file, so the
    spreadsheet row is that index + 2.
    """
    import numpy as np

    index = getattr(error, "index", None)
    row = int(index) + 2 if isinstance(index, (int, np.integer)) else None
    return InputError(f"{error}{hint}", file=file, row=row)
