"""Tables behind every view: shown as HTML, downloaded as CSV or Excel.

A page builds its tables once; the same objects render the HTML table (the text
alternative of each chart), the CSV and the Excel file, so a download holds
exactly what the page shows. Numbers are written unrounded in downloads and with
Swedish or English formatting on the page.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import Any

from jamlik.cells import neutralise, result_number

__all__ = ["Column", "Table", "number", "to_csv", "to_xlsx"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, number, link, flag
    digits: int = 1


@dataclass
class Table:
    name: str
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    note: str | None = None
    example: bool = False  # the values are example data (exempeldata)
    row_header: str | None = None  # key of the column that heads each row
    meta: dict[str, Any] = field(default_factory=dict)


def number(value: Any, digits: int = 1, lang: str = "sv") -> str:
    """A number for the page: thin-space thousands and decimal comma in Swedish."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    value = round(float(value), digits) + 0.0  # + 0.0: a rounded −0 is 0, never "−0,000"
    text = f"{value:,.{digits}f}"
    if lang == "sv":
        text = text.replace(",", "\u202f").replace(".", ",").replace("-", "−")
    return text


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):  # a link cell: {"text": ..., "href": ...}
        return value.get("text")
    if hasattr(value, "item"):
        value = value.item()
    # numbers as every result table writes them: whole as integers, no floating-point noise;
    # text so that a download does not run what a user typed
    return neutralise(result_number(value))


def _header(table: Table, example_label: str) -> list[str]:
    return [c.label for c in table.columns] + ([example_label] if table.example else [])


def to_csv(table: Table, *, example_label: str, example_value: str) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads å, ä, ö), comma separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_header(table, example_label))
    for row in table.rows:
        values = [_plain(row.get(c.key)) for c in table.columns]
        writer.writerow(["" if v is None else v for v in values]
                        + ([example_value] if table.example else []))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table, *, example_label: str, example_value: str, about: list[str],
            about_title: str = "Om") -> bytes:
    """An Excel workbook: the table on the first sheet, its caption and notes on a second."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.name[:31])
    sheet.append(_header(table, example_label))
    for row in table.rows:
        sheet.append([_plain(row.get(c.key)) for c in table.columns]
                     + ([example_value] if table.example else []))
    info = book.create_sheet(about_title[:31])
    for line in [table.caption, *( [table.note] if table.note else []), *about]:
        info.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
