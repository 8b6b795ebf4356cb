"""Building xlsx files whose XML says what a test needs (a false <dimension>, huge sheets).

openpyxl writes a correct workbook; these helpers then rewrite its first sheet's
XML, as a damaged or hostile file would have it, streaming large sheets into the
archive so that a test never holds them in memory whole.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(rows: Iterable[Iterable]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace(data: bytes, name: str, write) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            if item.filename == name:
                with target.open(name, "w", force_zip64=True) as handle:
                    write(handle, source.read(name))
            else:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()


def with_dimension(data: bytes, ref: str) -> bytes:
    """The workbook with its first sheet's <dimension> claiming ``ref``."""
    def write(handle, xml: bytes) -> None:
        handle.write(re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml))
    return _replace(data, SHEET, write)


def _cell(value) -> str:
    if isinstance(value, (int, float)):
        return f"<c><v>{value}</v></c>"
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def with_rows(data: bytes, rows: Iterator[Iterable], *, dimension: str,
              extra: str = "") -> bytes:
    """The workbook with its first sheet replaced by ``rows`` (streamed, inline strings).

    ``extra`` is raw XML inserted as the sheet's last row (e.g. a cell in XFD).
    """
    def write(handle, _xml: bytes) -> None:
        handle.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                     b'2006/main">' + f'<dimension ref="{dimension}"/>'.encode()
                     + b"<sheetData>")
        chunk = []
        for row in rows:
            chunk.append("<row>" + "".join(_cell(v) for v in row) + "</row>")
            if len(chunk) == 10_000:
                handle.write("".join(chunk).encode())
                chunk = []
        handle.write(("".join(chunk) + extra + "</sheetData></worksheet>").encode())
    return _replace(data, SHEET, write)


def with_sheet_xml(data: bytes, sheet_data: str) -> bytes:
    """The workbook with its first sheet's <sheetData> content replaced by raw XML."""
    def write(handle, _xml: bytes) -> None:
        handle.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                     b'2006/main"><sheetData>' + sheet_data.encode()
                     + b"</sheetData></worksheet>")
    return _replace(data, SHEET, write)


def with_sheets(count: int) -> bytes:
    """A workbook of ``count`` empty sheets."""
    book = Workbook()
    for number in range(1, count):
        book.create_sheet(f"Blad{number}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
