"""The data store: models and migrations, batches with history, export."""

from ._db import connect, upgrade
from ._export import export_frame
from ._history import check_integrity, list_batches, rollback_batch
from ._write import BatchResult, write_batch

__all__ = [
    "BatchResult", "check_integrity", "connect", "export_frame", "list_batches", "rollback_batch", "upgrade",
    "write_batch",
]
