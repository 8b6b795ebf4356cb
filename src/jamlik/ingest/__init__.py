"""Importers: files and API responses in, checked tidy tables out.

Formats register themselves when their module is imported; :func:`import_file`
detects the format of a file, parses it, checks it as a whole and writes it to
the store as one batch.
"""

from . import _files, _heat, _kolada, _px, _pxweb  # noqa: F401  (each registers its formats)
from ._base import FORMATS, Format, Parsed
from ._import import default_area_version, detect_format, import_file, parse_file
from ._heat import TEMPLATE_COLUMNS, read_heat_template, write_heat_template
from ._kolada import fetch_kolada, read_kolada
from ._px import read_px
from ._pxweb import fetch_pxweb, read_pxweb
from ._tidy import COLUMNS, KEY, TOTAL, check_frame, parse_period

__all__ = [
    "COLUMNS", "FORMATS", "Format", "KEY", "Parsed", "TEMPLATE_COLUMNS", "TOTAL",
    "check_frame", "default_area_version", "detect_format", "fetch_kolada", "import_file",
    "parse_file", "parse_period", "read_heat_template", "read_kolada", "read_px", "read_pxweb", "fetch_pxweb", "write_heat_template",
]
