"""The one Excel (xlsx) reader: a sheet as its real cells, within sane limits.

An xlsx file says how big each sheet is (``<dimension ref="A1:D5"/>``), and
openpyxl's streaming reader trusts that claim: a sheet claiming A1:D5 that holds
ten data rows is read as four, and one claiming A1:XFD20001 makes every row
16,384 cells wide (three gigabytes for a 103 KB upload). Every reader of Excel
files in jamlik (the long format, WHO's HEAT template, the follow-up and
activity templates, the statistics commands) goes through :class:`XlsxBook`,
which

* checks the parts of the zip archive before anything is parsed: the sum of
  their uncompressed sizes and that of the shared-strings part (which openpyxl
  holds in memory whole) are bounded;
* ignores the declared dimension and reads the cells the sheet really has, one cell
  at a time (openpyxl builds a whole ``<row>`` before looking at it: a 9 KB file
  with two million empty cells in one row took 755 MB and 18 s), refusing a row
  number that goes backwards or a cell given twice (openpyxl silently dropped such
  rows and overwrote such cells);
* refuses a workbook with more sheets than :data:`LIMITS` allows before reading
  any (every sheet's first row is read to find a HEAT template: 5,000 empty sheets
  took 38 s);
* removes the apostrophe that jamlik's writers put before text a spreadsheet
  would run (:func:`jamlik.cells.restore`);
* refuses, at the first cell beyond them, a sheet with more columns, rows or
  cells than :data:`LIMITS` allows, naming the limit and the place.

With these limits any accepted workbook is read in well under 500 MB (measured
by ``benchmarks/xlsx_memory.py`` and guarded by
``tests/ingest/test_xlsx_limits.py``). Larger tables belong in CSV, which is
read without these limits.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from jamlik.cells import restore
from jamlik.errors import InputError

__all__ = ["LIMITS", "XlsxLimits", "XlsxBook", "open_xlsx", "column_letter"]


@dataclass(frozen=True)
class XlsxLimits:
    """Bounds on an Excel workbook that jamlik reads.

    Attributes
    ----------
    columns
        Columns per sheet (jamlik's formats have fewer than 40; 256 was the
        column limit of Excel's own .xls format).
    rows
        Rows per sheet, the header included (Excel's own limit, 1,048,576).
    cells
        Cells read from one sheet, counted as rows × the width of the header;
        this bounds the memory of the table built from the sheet.
    uncompressed
        Bytes of all parts of the archive together once unpacked.
    shared_strings
        Bytes of the shared-strings part unpacked (it is held in memory whole).
    sheets
        Sheets in the workbook (jamlik's templates have fewer than ten).
    """

    columns: int = 256
    rows: int = 1_048_576
    cells: int = 2_000_000
    uncompressed: int = 100_000_000
    shared_strings: int = 20_000_000
    sheets: int = 100


LIMITS = XlsxLimits()


def column_letter(number: int) -> str:
    """Excel's letters for a 1-based column number (1 → A, 16384 → XFD)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_archive(data: bytes, file: str | None, limits: XlsxLimits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(f"väntade en Excel-fil (xlsx), kunde inte läsa den: {error}",
                         file=file) from None
    total = sum(part.file_size for part in parts)
    if total > limits.uncompressed:
        raise InputError(f"Excel-filen är {total / 1e6:,.0f} MB uppackad; jamlik läser högst "
                         f"{limits.uncompressed / 1e6:,.0f} MB. Dela upp filen eller spara "
                         "den som CSV.".replace(",", " "), file=file)
    _check_sheet_count(archive_data=data, parts=parts, file=file, limits=limits)
    for part in parts:
        if part.filename.lower().endswith("sharedstrings.xml") \
                and part.file_size > limits.shared_strings:
            raise InputError(f"Excel-filens texttabell är {part.file_size / 1e6:,.0f} MB; "
                             f"jamlik läser högst {limits.shared_strings / 1e6:,.0f} MB. "
                             "Dela upp filen eller spara den som CSV.".replace(",", " "),
                             file=file)


_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet[\s/>]")


def _check_sheet_count(*, archive_data: bytes, parts, file, limits: XlsxLimits) -> None:
    """Refuse a workbook with too many sheets before openpyxl opens each of them."""
    books = [part for part in parts if part.filename.lower().endswith("workbook.xml")]
    if not books:
        return
    with zipfile.ZipFile(io.BytesIO(archive_data)) as archive:
        try:
            text = archive.read(books[0])
        except Exception:  # a damaged part: openpyxl says so when it opens the file
            return
    count = len(_SHEET.findall(text))
    if count > limits.sheets:
        raise InputError(f"arbetsboken är för stor: {count} blad; jamlik läser högst "
                         f"{limits.sheets}. Dela upp filen eller spara den som CSV.",
                         file=file)


class XlsxBook:
    """An xlsx workbook opened for reading by its real cells (see the module doc).

    Parameters
    ----------
    data
        The bytes of the file.
    file
        Its name, for messages.
    limits
        The bounds to enforce (:data:`LIMITS` unless a caller narrows them).

    Raises
    ------
    InputError
        The file is not a readable xlsx workbook or exceeds ``limits``.
    """

    def __init__(self, data: bytes, *, file: str | None = None,
                 limits: XlsxLimits = LIMITS) -> None:
        from openpyxl import load_workbook

        self.file = file
        self.limits = limits
        _check_archive(data, file, limits)
        _bound_dimension_reading()
        try:
            self._book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
            raise InputError("väntade en Excel-fil (xlsx), kunde inte läsa den: "
                             f"{_first_line(error)}", file=file) from None

    def __enter__(self) -> "XlsxBook":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self._book.sheetnames)

    def header(self, sheet: str | None = None) -> tuple[Any, ...]:
        """The values of row 1 of ``sheet`` (the first sheet if None)."""
        for _number, values in self.rows(sheet, skip_blank=False):
            return values
        return ()

    def first_sheet(self, accept: Callable[[tuple[Any, ...]], bool]) -> str:
        """The first sheet whose header ``accept`` takes, else the first sheet."""
        for name in self.sheetnames:
            if accept(self.header(name)):
                return name
        return self.sheetnames[0]

    def rows(self, sheet: str | None = None, *, width: int | None = None,
             skip_blank: bool = True) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number, values) for each row of ``sheet`` as its cells really are.

        The declared dimension is ignored. ``width`` (the header's) makes every
        row that wide and bounds the cells counted; a value beyond it is refused.
        Blank rows are left out unless ``skip_blank`` is false (row 1 is never
        skipped; a sheet without a row 1 yields ``(1, ())`` first). Raises
        :class:`InputError` at the first cell beyond the limits.
        """
        worksheet = self._sheet(sheet)
        limits, cells = self.limits, 0
        try:
            for number, found in self._cells(worksheet):
                if number > 1 and not skip_blank and cells == 0:
                    cells = -1  # the header row is missing: say so once
                    yield 1, ()
                values = [None] * (max(found) if found else 0)
                for column, value in found.items():
                    values[column - 1] = value
                blank = all(_blank(value) for value in values)
                if blank and skip_blank and number > 1:
                    continue
                if width is not None:
                    extra = next((i for i in range(width, len(values))
                                  if not _blank(values[i])), None)
                    if extra is not None:
                        raise InputError("värde i en kolumn utan kolumnnamn på rad 1",
                                         file=self.file, row=number,
                                         column=column_letter(extra + 1))
                    values = values[:width] + [None] * (width - len(values))
                if any(isinstance(value, str) and value[:1] == "'" for value in values):
                    values = [restore(value) for value in values]
                cells = max(cells, 0) + len(values)
                if cells > limits.cells:
                    self._refuse(f"fler än {limits.cells:,} celler".replace(",", " ")
                                 + " i bladet", number)
                yield number, tuple(values)
        except InputError:
            raise
        except Exception as error:  # a damaged sheet part
            raise InputError(f"Excel-filen är skadad: {_first_line(error)}",
                             file=self.file) from None

    def _cells(self, worksheet) -> Iterator[tuple[int, dict[int, Any]]]:
        """(row number, {column: value}) per ``<row>``, read one cell at a time.

        openpyxl's own conversion of a cell (shared strings, dates, booleans) is used,
        but the stream is walked here so that a row is refused at its first cell
        beyond the column limit, before it is built; processed rows are dropped.
        """
        from openpyxl.worksheet._reader import WorkSheetParser
        from openpyxl.xml.constants import SHEET_MAIN_NS
        from openpyxl.xml.functions import iterparse

        row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
        data_tag = f"{{{SHEET_MAIN_NS}}}sheetData"
        book, limits = worksheet.parent, self.limits
        previous, number, found, data = 0, 0, {}, None
        with worksheet._get_source() as source:
            parser = WorkSheetParser(source, worksheet._shared_strings, data_only=True,
                                     epoch=book.epoch, date_formats=book._date_formats,
                                     timedelta_formats=book._timedelta_formats)
            for event, element in iterparse(source, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == row_tag:
                        number = _row_number(element.get("r"), previous)
                        if number <= previous:
                            where = ("finns två gånger" if number == previous
                                     else f"står efter rad {previous}")
                            raise InputError(f"rad {number} {where} i bladet; Excel-filen "
                                             "är skadad", file=self.file, row=number)
                        if number > limits.rows:
                            self._refuse(f"fler än {limits.rows:,} rader".replace(",", " "),
                                         number)
                        parser.row_counter, parser.col_counter, found = number, 0, {}
                    elif tag == data_tag:
                        data = element
                    continue
                if tag == cell_tag:
                    cell = parser.parse_cell(element)
                    column = cell["column"]
                    if column > limits.columns:
                        self._refuse(f"en cell i kolumn {column_letter(column)} (kolumn "
                                     f"{column}); jamlik läser högst {limits.columns} "
                                     "kolumner", number)
                    if cell["row"] != number or column in found:
                        raise InputError("cellen finns två gånger i bladet; Excel-filen är "
                                         "skadad", file=self.file, row=cell["row"],
                                         column=column_letter(column))
                    found[column] = cell["value"]
                    element.clear()
                elif tag == row_tag:
                    previous = number
                    if data is not None:
                        data.clear()  # drop the rows already read
                    yield number, found

    def _sheet(self, sheet: str | None):
        if sheet is None:
            return self._book.worksheets[0]
        if sheet not in self._book.sheetnames:
            raise InputError(f"bladet '{sheet}' saknas", file=self.file)
        return self._book[sheet]

    def _refuse(self, what: str, row: int) -> None:
        raise InputError(f"arbetsboken är för stor: {what}. Dela upp filen eller spara den som "
                         "CSV.", file=self.file, row=row)


def _read_dimension(self) -> None:
    """openpyxl's ``ReadOnlyWorksheet._get_size``, stopping where ``<sheetData>`` starts.

    openpyxl looks for ``<dimension>`` when it opens a sheet, and in a sheet without
    one it parsed the whole sheet into memory first (an 8 MB sheet of empty cells
    took 180 MB before jamlik read a row). ``<dimension>`` precedes ``<sheetData>`` in
    the schema (ECMA-376 §18.3.1.99), so the result is the same.
    """
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    with self._get_source() as source:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == f"{{{SHEET_MAIN_NS}}}dimension":
                bounds = SheetDimension(ref=element.get("ref")).boundaries
                if bounds is not None:
                    self._min_column, self._min_row, self._max_column, self._max_row = bounds
                return
            if element.tag == f"{{{SHEET_MAIN_NS}}}sheetData":
                return


def _bound_dimension_reading() -> None:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _read_dimension


def _row_number(text: str | None, previous: int) -> int:
    """A ``<row r="…">`` number as openpyxl reads it (the next one when absent)."""
    if not text:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise ValueError(f"{text} är inget radnummer") from None
        return int(value)


def _first_line(error: Exception) -> str:
    """An error's first line (openpyxl adds English advice on further lines)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def open_xlsx(data: bytes, *, file: str | None = None, limits: XlsxLimits = LIMITS) -> XlsxBook:
    """Open an xlsx workbook for reading by its real cells (:class:`XlsxBook`)."""
    return XlsxBook(data, file=file, limits=limits)
