"""What every importer returns, and how formats are registered and detected."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Parsed", "Format", "FORMATS", "register", "option", "location", "INTERFACE", "messages_for"]


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


# How messages spell an option: the interface the user is in sets it (the CLI "cli",
# the web form "web"); a message built while reading names the option as that
# interface does. Python callers see the argument name.
INTERFACE: ContextVar[str] = ContextVar("jamlik_ingest_interface", default="python")
_FIELDS = {"area_version": "Områdesindelning", "area_code": "Område", "period": "Period",
           "table_id": "Tabell-id", "encoding": "Teckenkodning", "format": "Format",
           "dash": "Strecket (-)", "url": "Adress"}


@contextmanager
def messages_for(interface: str):
    """Within this block, messages name options as ``interface`` does (python, cli, web)."""
    token = INTERFACE.set(interface)
    try:
        yield
    finally:
        INTERFACE.reset(token)


def option(name: str) -> str:
    """``name`` as the current interface spells it (until errors.option lands on main).

    >>> option("table_id")
    'table_id='
    """
    interface = INTERFACE.get()
    if interface == "cli":
        return "--" + name.replace("_", "-")
    if interface == "web":
        return f"fältet '{_FIELDS.get(name, name)}'"
    return f"{name}="


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
