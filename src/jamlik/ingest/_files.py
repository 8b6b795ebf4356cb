"""Reading jamlik's tidy format from CSV, Excel and Frictionless data packages.

CSV files may be UTF-8 (with or without BOM) or Windows-1252/Latin-1 (both occur
in Swedish files); comma, semicolon or tab separated; semicolon-separated files
may use a decimal comma. The encoding and separator found are kept with the batch.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from jamlik.cells import restore_series
from jamlik.errors import InputError

from ._base import Format, Parsed, register
from ._tidy import COLUMNS, coerce_strings
from ._xlsx import XlsxBook

__all__ = ["decode_text", "read_tidy_csv", "read_tidy_excel", "read_datapackage", "sniff_header"]


def decode_text(data: bytes, *, file: str | None = None) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), else Windows-1252, else Latin-1."""
    if not data.strip():
        raise InputError("filen är tom", file=file)
    if b"\x00" in data[:4096]:
        raise InputError("väntade en textfil (CSV), fick binärdata", file=file)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get)


def sniff_header(data: bytes) -> list[str]:
    """The column names of a delimited text file's first line, lower-cased."""
    head = data[:4096].decode("utf-8-sig", errors="replace").splitlines()
    if not head:
        return []
    return [c.strip().strip('"').lower() for c in re.split(r"[,;\t]", head[0])]


_LINE = re.compile(r"line (\d+)")
RESERVED_ROW = "kolumnnamnet '_row' används av jamlik för radnummer; byt namn på kolumnen"


def read_delimited(
    data: bytes, *, file: str | None = None, numeric: tuple[str, ...] = (),
    encoded: bool = False,
) -> tuple[pd.DataFrame, dict]:
    """Read a delimited text file; return it with ``_row`` and details.

    Columns are strings, except those named in ``numeric``, which the C parser
    reads as numbers directly when every cell is a number (the fast path for
    large files); when one is not, the file is read again as strings so that the
    caller can name the exact cell. With ``encoded`` a plain UTF-8 file with a
    decimal point is read by Arrow's parser and its text columns come back as
    pandas categoricals (see :func:`_read_arrow`).
    """
    if encoded and _plain_utf8(data):
        # the fast path never holds the decoded text: a million rows' text is as
        # large as the file again, and only the header is needed here
        header = data[:data.find(b"\n") if b"\n" in data else len(data)].decode("utf-8-sig")
        separator = _separator(header)
        names = [c.strip().strip('"').strip() for c in header.rstrip("\r").split(separator)]
        if separator != ";":  # a decimal point
            raw = _read_arrow(data, header, separator, names, numeric)
            if raw is not None:
                return raw, {"encoding": "utf-8", "separator": separator, "decimal": "."}
    text, encoding = decode_text(data, file=file)
    header = text.split("\n", 1)[0]
    separator = _separator(header)
    decimal = "," if separator == ";" else "."
    names = [c.strip().strip('"').strip() for c in header.rstrip("\r").split(separator)]
    details = {"encoding": encoding, "separator": separator, "decimal": decimal}
    dtypes = {name: "float64" if name in numeric else object for name in names}
    try:
        raw = _read_csv(text, separator, decimal, dtypes, file)
    except ValueError:
        raw = _read_csv(text, separator, decimal, object, file)
    raw.columns = [str(c).strip() for c in raw.columns]
    if "'" in text:  # cells jamlik quoted on writing (jamlik.cells); most files have none
        for column in raw.columns:
            raw[column] = restore_series(raw[column])
    if "_row" in raw.columns:
        raise InputError(RESERVED_ROW, file=file, row=1, column="_row")
    # blank lines were kept so that row numbers stay those of the file; now drop them
    blank = raw.isna().all(axis=1).to_numpy()
    raw["_row"] = np.arange(2, len(raw) + 2)
    if blank.any():
        raw = raw[~blank].reset_index(drop=True)
    duplicated = [c for c in raw.columns if re.search(r"\.\d+$", c) and c.rsplit(".", 1)[0] in raw.columns]
    if duplicated:
        raise InputError(f"kolumnen '{duplicated[0].rsplit('.', 1)[0]}' finns två gånger",
                         file=file, row=1)
    return raw, details


_BLANK_LINE = re.compile(rb"\n[ \t\r]*(\n|$)")


def _plain_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 text (BOM allowed), checked a megabyte at a time
    (validating without a decoded copy of the whole file)."""
    if not data.strip() or b"\x00" in data[:4096]:
        return False  # decode_text says what is wrong
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(view[start:start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _end_of_text(data: bytes) -> int:
    """Where ``data`` ends without its trailing newlines (without a stripped copy)."""
    end = len(data)
    while end and data[end - 1] == 0x0A:
        end -= 1
    return end


def _read_arrow(data, header, separator, names, numeric) -> pd.DataFrame | None:
    """Read a plain UTF-8 file with Arrow's multi-threaded parser, or None.

    Text columns come back dictionary-encoded (pandas categoricals: each distinct
    code is held and cleaned once). Anything out of the ordinary (quotes in the
    header, repeated or reserved names, blank lines that would shift row
    numbers, cells jamlik quoted on writing, a cell that is not a number in a
    number column, the words nan or inf) returns None and the file is read
    by pandas' C parser, which also words every error message.
    """
    import pyarrow as pa
    from pyarrow import csv

    if ('"' in header or len(set(names)) != len(names) or "_row" in names or b"'" in data
            or _BLANK_LINE.search(data, 0, _end_of_text(data))):
        return None
    # the body without a copy of it (a view of the file's bytes)
    body = memoryview(data)[len(header.encode("utf-8")) + 1
                            + (3 if data.startswith(b"\xef\xbb\xbf") else 0):]
    labels = [f"c{i}" for i in range(len(names))]
    text_type = pa.dictionary(pa.int32(), pa.string())
    types = {label: pa.float64() if name in numeric else text_type
             for label, name in zip(labels, names)}
    try:
        table = csv.read_csv(
            pa.py_buffer(body),
            read_options=csv.ReadOptions(column_names=labels),
            parse_options=csv.ParseOptions(delimiter=separator),
            convert_options=csv.ConvertOptions(
                column_types=types, null_values=[""], strings_can_be_null=True,
                quoted_strings_can_be_null=True),
            memory_pool=pa.system_memory_pool())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    columns = {}
    for label, name in zip(labels, names):
        column = table.column(label)
        if pa.types.is_floating(column.type):
            values = column.to_numpy()
            if np.count_nonzero(~np.isfinite(values)) != column.null_count:
                return None  # 'nan' or 'inf' written out: the C parser's path says what
            columns[name] = values
        else:
            columns[name] = column.to_pandas()
    del table
    # Arrow's pool keeps the parser's buffers for reuse; give them back now (they are
    # as large as the file) so the rest of the import does not start on top of them
    pa.default_memory_pool().release_unused()
    raw = pd.DataFrame(columns, copy=False)
    if len(raw) and raw.isna().all(axis=1).any():
        return None
    raw["_row"] = np.arange(2, len(raw) + 2)
    return raw


def _read_csv(text, separator, decimal, dtypes, file):
    try:
        return pd.read_csv(io.StringIO(text), sep=separator, dtype=dtypes, keep_default_na=False,
                           na_values=[""], decimal=decimal, engine="c",
                           skip_blank_lines=False)
    except pd.errors.ParserError as error:
        match = _LINE.search(str(error))
        raise InputError(f"raden har fel antal fält: {str(error).strip()}", file=file,
                         row=int(match.group(1)) if match else None) from None
    except pd.errors.EmptyDataError:
        raise InputError("filen är tom", file=file) from None


def read_tidy_csv(data: bytes, *, file: str | None = None, **_options) -> Parsed:
    numeric = tuple(c.name for c in COLUMNS if c.type in ("number", "integer"))
    raw, details = read_delimited(data, file=file, numeric=numeric, encoded=True)
    return Parsed(coerce_strings(raw, file=file, decimal=details["decimal"]), details=details)


def excel_rows(data: bytes, *, file: str | None = None, sheet: str | None = None) -> pd.DataFrame:
    """Read the first (or the named) sheet of an xlsx file as strings with ``_row``.

    The sheet is read by its real cells within :data:`jamlik.ingest._xlsx.LIMITS`
    (see :class:`~jamlik.ingest._xlsx.XlsxBook`); a value under no column name
    is refused.
    """
    with XlsxBook(data, file=file) as book:
        header = ["" if cell is None else str(cell).strip() for cell in book.header(sheet)]
        width = len(header)
        while width and not header[width - 1]:
            width -= 1
        header = header[:width]
        if not header:
            raise InputError("bladet är tomt; väntade kolumnnamn på rad 1", file=file)
        if "" in header:
            raise InputError(f"kolumn {header.index('') + 1} på rad 1 saknar namn", file=file,
                             row=1)
        if "_row" in header:
            raise InputError(RESERVED_ROW, file=file, row=1, column="_row")
        body, labels = [], []
        for number, row in book.rows(sheet, width=width):
            if number == 1:
                continue
            body.append([_cell_text(cell) for cell in row])
            labels.append(number)
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame["_row"] = np.array(labels, dtype=np.int64)
    return frame


def _cell_text(cell) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float):
        return repr(cell)
    if hasattr(cell, "isoformat"):
        return cell.isoformat()
    return str(cell)


def read_tidy_excel(data: bytes, *, file: str | None = None, **_options) -> Parsed:
    return Parsed(coerce_strings(excel_rows(data, file=file), file=file), details={})


def read_datapackage(data: bytes, *, file: str | None = None, **_options) -> Parsed:
    """Read a Frictionless data package written by ``jamlik export --format datapackage``."""
    try:
        package = json.loads(data.decode("utf-8"))
        resource = next(r for r in package["resources"] if r.get("name") == "observations")
        path = resource["path"]
    except (ValueError, KeyError, TypeError, StopIteration):
        raise InputError("väntade ett datapaket med resursen 'observations'", file=file) from None
    if file is None or not isinstance(path, str) or Path(path).is_absolute() or ".." in path:
        raise InputError("resursen 'observations' måste ha en relativ sökväg", file=file)
    csv_path = Path(file).parent / path
    if not csv_path.is_file():
        raise InputError(f"filen '{path}' som datapaketet pekar på finns inte", file=file)
    parsed = read_tidy_csv(csv_path.read_bytes(), file=str(csv_path))
    parsed.details["datapackage"] = package.get("name")
    return parsed


def _is_tidy(columns: list[str]) -> bool:
    # unknown extra columns still mean "our format": the reader then names them
    return "indicator" in columns and "area_code" in columns


register(Format("datapackage", "Frictionless-datapaket (datapackage.json)", read_datapackage,
                lambda data, file: file.endswith("datapackage.json")
                or (file.endswith(".json") and b'"resources"' in data[:4096])))
register(Format("excel", "jamliks långa format i Excel (xlsx)", read_tidy_excel,
                lambda data, file: file.lower().endswith((".xlsx", ".xlsm"))))
register(Format("csv", "jamliks långa format i CSV", read_tidy_csv,
                lambda data, file: _is_tidy(sniff_header(data))))
