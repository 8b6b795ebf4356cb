"""jamlik: a platform for a city's equality work (jämlikhetsarbete).

The curated public API; sub-packages have their own (``jamlik.stats`` for the
statistics, ``jamlik.ingest`` for the importers, ``jamlik.store`` for the data
store, ``jamlik.program`` for programmes and follow-up).

>>> import jamlik
>>> jamlik.__version__
'0.1.0'
"""

from jamlik._measure import compute_measures
from jamlik.config import Settings, get_settings
from jamlik.errors import (
    ArgumentError, ConfigError, ConflictError, ConnectorError, InputError, JamlikError,
    MetadataConflictError, NotFoundError, StoreError, UnknownFormatError,
)
from jamlik.exports import write_export
from jamlik.ingest import import_file, parse_file
from jamlik.store import connect, export_frame, list_batches, rollback_batch

__version__ = "0.1.0"

__all__ = [
    "ArgumentError", "ConfigError", "ConflictError", "ConnectorError", "InputError",
    "JamlikError", "MetadataConflictError", "NotFoundError", "Settings", "StoreError",
    "UnknownFormatError", "__version__", "compute_measures", "connect", "export_frame",
    "get_settings", "import_file", "list_batches", "parse_file", "rollback_batch",
    "write_export",
]
