"""Importers: files and API responses in, checked tidy tables out.

Formats register themselves when their module is imported; :func:`import_file`
detects the format of a file, parses it, checks it as a whole and writes it to
the store as one batch.
"""

from . import _files  # noqa: F401  (registers csv, excel, datapackage)
from ._base import FORMATS, Format, Parsed
from ._import import default_area_version, detect_format, import_file, parse_file
from ._tidy import COLUMNS, KEY, TOTAL, check_frame, parse_period

__all__ = [
    "COLUMNS", "FORMATS", "Format", "KEY", "Parsed", "TOTAL",
    "check_frame", "default_area_version", "detect_format", "import_file", "parse_file",
    "parse_period",
]
