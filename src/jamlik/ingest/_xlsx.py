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
* ignores the declared dimension and reads the cells the sheet really has;
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
    """

    columns: int = 256
    rows: int = 1_048_576
    cells: int = 2_000_000
    uncompressed: int = 100_000_000
    shared_strings: int = 20_000_000


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
    for part in parts:
        if part.filename.lower().endswith("sharedstrings.xml") \
                and part.file_size > limits.shared_strings:
            raise InputError(f"Excel-filens texttabell är {part.file_size / 1e6:,.0f} MB; "
                             f"jamlik läser högst {limits.shared_strings / 1e6:,.0f} MB. "
                             "Dela upp filen eller spara den som CSV.".replace(",", " "),
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
        try:
            self._book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
            raise InputError(f"väntade en Excel-fil (xlsx), kunde inte läsa den: {error}",
                             file=file) from None

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
        skipped). Raises :class:`InputError` at the first row beyond the limits.
        """
        worksheet = self._sheet(sheet)
        worksheet.reset_dimensions()  # the claim in <dimension> is not the content
        limits, cells = self.limits, 0
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if len(values) > limits.columns:
                    self._refuse(f"en cell i kolumn {column_letter(len(values))} (kolumn "
                                 f"{len(values)}); jamlik läser högst {limits.columns} "
                                 "kolumner", number)
                if number > limits.rows:
                    self._refuse(f"fler än {limits.rows:,} rader".replace(",", " "), number)
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
                    values = tuple(values[:width]) + (None,) * (width - len(values))
                if any(isinstance(value, str) and value[:1] == "'" for value in values):
                    values = tuple(restore(value) for value in values)
                cells += len(values)
                if cells > limits.cells:
                    self._refuse(f"fler än {limits.cells:,} celler".replace(",", " ")
                                 + " i bladet", number)
                yield number, values
        except InputError:
            raise
        except Exception as error:  # a damaged sheet part
            raise InputError(f"Excel-filen är skadad: {error}", file=self.file) from None

    def _sheet(self, sheet: str | None):
        if sheet is None:
            return self._book.worksheets[0]
        if sheet not in self._book.sheetnames:
            raise InputError(f"bladet '{sheet}' saknas", file=self.file)
        return self._book[sheet]

    def _refuse(self, what: str, row: int) -> None:
        raise InputError(f"arbetsboken är för stor: {what}. Dela upp filen eller spara den som "
                         "CSV.", file=self.file, row=row)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def open_xlsx(data: bytes, *, file: str | None = None, limits: XlsxLimits = LIMITS) -> XlsxBook:
    """Open an xlsx workbook for reading by its real cells (:class:`XlsxBook`)."""
    return XlsxBook(data, file=file, limits=limits)
