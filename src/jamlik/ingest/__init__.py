"""Importers: files and API responses in, checked tidy tables out (no store, no writing).

Formats register themselves when their module is imported; :func:`parse_file`
detects the format of a file, parses it and checks it as a whole. Writing it to
the store is the job :func:`jamlik.jobs.import_file`. The long format's columns
and periods are declared in :mod:`jamlik.schema` (re-exported here).
"""

from jamlik.schema import COLUMNS, KEY, TOTAL, parse_period

from . import _files, _heat, _kolada, _px, _pxweb  # noqa: F401  (each registers its formats)
from ._base import FORMATS, Format, Parsed, location
from ._files import (
    decode_text, excel_rows, read_datapackage, read_delimited, read_tidy_csv, read_tidy_excel,
)
from ._heat import HEAT_ALIASES, read_heat_template
from ._heat_write import write_heat_template
from ._heat_rules import TEMPLATE_COLUMNS, check_heat_columns, check_subgroups
from ._import import default_area_version, detect_format, parse_file
from ._kolada import read_kolada
from ._numbers import parse_number, parse_numbers
from ._px import read_px
from ._scb_areas import plain_area_name
from ._pxweb import read_pxweb
from ._tidy import check_frame, coerce_strings, complete_frame
from ._xlsx import LIMITS as XLSX_LIMITS, XlsxBook, XlsxLimits, open_xlsx

__all__ = [
    "COLUMNS", "FORMATS", "Format", "HEAT_ALIASES", "KEY", "Parsed", "TEMPLATE_COLUMNS", "TOTAL",
    "check_frame", "check_heat_columns", "check_subgroups", "coerce_strings", "complete_frame",
    "decode_text", "default_area_version", "detect_format", "excel_rows", "location",
    "parse_file", "parse_number", "parse_numbers", "parse_period", "plain_area_name",
    "read_datapackage", "read_delimited", "read_heat_template", "read_kolada", "read_px",
    "read_pxweb", "read_tidy_csv", "read_tidy_excel", "write_heat_template",
    "XLSX_LIMITS", "XlsxBook", "XlsxLimits", "open_xlsx",
]
