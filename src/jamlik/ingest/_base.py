"""What every importer returns, and how formats are registered and detected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Parsed", "Format", "FORMATS", "register", "location"]


@dataclass
class Parsed:
    """The result of parsing one file or response.

    ``frame`` has the tidy columns of :mod:`jamlik.ingest._tidy` (a subset is fine;
    the rest are added empty) plus ``_row`` for error messages. ``table_id`` is a
    statistics agency's table id (e.g. SCB's ``BE0101N1``), ``details`` anything
    worth keeping with the import batch (encoding, title, notes, warnings).
    """

    frame: pd.DataFrame
    table_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Format:
    """An import format: a name, a reader and a sniffer.

    ``read(data, file=..., **options) -> Parsed`` parses the bytes of a file
    (``file`` is its name, for messages). ``sniff(data, file) -> bool`` answers
    cheaply whether the bytes look like this format; it looks at the first few
    kilobytes and the file's extension.
    """

    name: str
    description: str
    read: Callable[..., Parsed]
    sniff: Callable[[bytes, str], bool]


FORMATS: dict[str, Format] = {}


def register(format: Format) -> Format:
    FORMATS[format.name] = format
    return format


def location(value: Any) -> int | str | None:
    """A place in a file for a message: a row number (int) or a JSON path (str).

    Readers keep ``_row`` as either; NumPy integers become ``int``, texts stay.

    >>> location(np.int64(12)), location("value[3]"), location(None)
    (12, 'value[3]', None)
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    text = str(value)
    return int(text) if text.isdigit() else text
