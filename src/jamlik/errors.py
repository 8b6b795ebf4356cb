"""One exception hierarchy for jamlik.

Every error that jamlik raises on purpose derives from :class:`JamlikError`, so a
caller (the CLI, the web app) can catch that one class, show ``str(error)`` to the
user and exit without a traceback.

::

    JamlikError
    ├── ConfigError            settings that cannot be used (bad database URL, ...)
    ├── InputError             a file or payload the user gave us is not what we expect
    │   └── UnknownFormatError     the format of a file cannot be detected
    ├── ArgumentError          a bad argument to a public function (also a ValueError)
    ├── StoreError             the data store refused or could not do something
    │   ├── NotFoundError          no such record (batch, indicator, area, ...)
    │   ├── MetadataConflictError  a file disagrees with stored metadata
    │   └── ConflictError          optimistic concurrency: someone saved first
    └── ConnectorError         a web API answered something we cannot use

Messages are in Swedish, the language of the users, and name the place of the
problem as a spreadsheet shows it: file, row (the header is row 1), column, what
was expected and what was found, e.g.
``data.csv: rad 12, kolumn 'population': väntade ett tal ≥ 0, fick 'abc'``.
"""

from __future__ import annotations

__all__ = [
    "JamlikError",
    "ConfigError",
    "InputError",
    "UnknownFormatError",
    "ArgumentError",
    "StoreError",
    "NotFoundError",
    "MetadataConflictError",
    "ConflictError",
    "ConnectorError",
]


class JamlikError(Exception):
    """Base class of every error jamlik raises on purpose."""


class ConfigError(JamlikError):
    """A setting cannot be used."""


class InputError(JamlikError):
    """A file or payload is not what we expect.

    Parameters
    ----------
    problem
        What was expected and what was found, in Swedish, e.g.
        ``"väntade ett tal ≥ 0, fick 'abc'"``.
    file, row, column
        Where, as far as known. ``row`` is a spreadsheet row number (the header
        is row 1) or, for JSON, a path such as ``data[12]``.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        row: int | str | None = None,
        column: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rad {self.row}" if isinstance(self.row, int) else str(self.row))
        if self.column is not None:
            where.append(f"kolumn '{self.column}'")
        text = ", ".join(where)
        text = f"{text}: {self.problem}" if text else self.problem
        return f"{self.file}: {text}" if self.file else text

    def with_file(self, file: str) -> "InputError":
        """Return a copy of this error that names ``file``."""
        return type(self)(self.problem, file=file, row=self.row, column=self.column)


class UnknownFormatError(InputError):
    """The format of a file cannot be detected; ``--format`` can force one."""


class ArgumentError(JamlikError, ValueError):
    """A bad argument to a public function; the message is exact and tested."""


class StoreError(JamlikError):
    """The data store refused or could not do something."""


class NotFoundError(StoreError):
    """No such record."""


class MetadataConflictError(StoreError, InputError):
    """A file gives metadata (a name, a polarity, ...) that differs from the store's."""


class ConflictError(StoreError):
    """Someone else saved a newer version first (optimistic concurrency)."""


class ConnectorError(JamlikError):
    """A web API answered something we cannot use."""
