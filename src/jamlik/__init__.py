"""jamlik: a platform for a city's equality work (jämlikhetsarbete).

The curated public API; sub-packages have their own (``jamlik.stats`` for the
statistics, ``jamlik.ingest`` for the importers, ``jamlik.store`` for the data
store, ``jamlik.program`` for programmes and follow-up, ``jamlik.jobs`` for the
use cases). The layers are drawn in ``docs/architecture.md``.

Names are loaded on first use, so that importing one layer (``import
jamlik.store``) does not load the others.

>>> import jamlik
>>> jamlik.__version__
'0.1.0'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jamlik.lazy import lazy_names

from jamlik.errors import (
    ArgumentError, ConfigError, ConflictError, ConnectorError, InputError, JamlikError,
    MetadataConflictError, NotFoundError, StoreError, UnknownFormatError,
)

if TYPE_CHECKING:
    from jamlik.config import Settings, get_settings
    from jamlik.ingest import parse_file
    from jamlik.jobs import compute_measures, import_file, write_export
    from jamlik.store import connect, export_frame, list_batches, rollback_batch

__version__ = "0.1.0"

_LAZY = {
    "Settings": "jamlik.config", "get_settings": "jamlik.config",
    "compute_measures": "jamlik.jobs", "import_file": "jamlik.jobs", "write_export": "jamlik.jobs",
    "parse_file": "jamlik.ingest", "connect": "jamlik.store", "export_frame": "jamlik.store",
    "list_batches": "jamlik.store", "rollback_batch": "jamlik.store",
}

__all__ = [
    "ArgumentError", "ConfigError", "ConflictError", "ConnectorError", "InputError",
    "JamlikError", "MetadataConflictError", "NotFoundError", "Settings", "StoreError",
    "UnknownFormatError", "__version__", "compute_measures", "connect", "export_frame",
    "get_settings", "import_file", "list_batches", "parse_file", "rollback_batch",
    "write_export",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
