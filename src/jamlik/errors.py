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

A message that tells the user to give an option names it in the caller's own
interface: ``--area-version`` on the command line, the form field "Områdesindelning"
on the web, the argument ``area_version`` in Python. Code below the interfaces
writes the option once, by its Python name, with :func:`option`; the interface
that shows the error renders it with :meth:`JamlikError.message` (``str(error)``
is the Python rendering)::

    raise InputError(f"ange {option('area_version')} (t.ex. 'RegSO_2025')")
    error.message("cli")                       # "ange --area-version (t.ex. ...)"
    error.message("web", {"area_version": "Områdesindelning"})  # "ange fältet ..."
"""

from __future__ import annotations

import re

__all__ = [
    "INTERFACES",
    "option",
    "render_options",
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


INTERFACES = ("python", "cli", "web")
_OPTION = re.compile(r"\{option:([A-Za-z_][A-Za-z0-9_]*)\}")


def option(name: str) -> str:
    """A placeholder for the option ``name`` (its Python name) inside a message.

    >>> render_options(f"ange {option('area_version')}", "cli")
    'ange --area-version'
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"option name must be a Python identifier, got {name!r}")
    return f"{{option:{name}}}"


def render_options(text: str, interface: str = "python",
                   labels: dict[str, str] | None = None) -> str:
    """``text`` with each :func:`option` placeholder named as ``interface`` names it.

    Parameters
    ----------
    text
        A message that may hold placeholders made by :func:`option`.
    interface
        ``"python"`` (the argument ``area_version``), ``"cli"`` (the flag
        ``--area-version``) or ``"web"`` (the form field, by its label in
        ``labels``, else its name).
    labels
        Form-field labels by option name, for the web.

    Raises
    ------
    ValueError
        ``interface`` is not one of :data:`INTERFACES`.
    """
    if interface not in INTERFACES:
        raise ValueError(f"interface must be one of {INTERFACES}, got {interface!r}")

    def name(match: re.Match) -> str:
        option_name = match.group(1)
        if interface == "cli":
            return "--" + option_name.replace("_", "-")
        if interface == "web":
            return f"fältet '{(labels or {}).get(option_name, option_name)}'"
        return f"argumentet {option_name}"

    return _OPTION.sub(name, text)


class JamlikError(Exception):
    """Base class of every error jamlik raises on purpose.

    ``str(error)`` names options as Python arguments; :meth:`message` names them
    as another interface does (see :func:`option`).
    """

    def __str__(self) -> str:
        return render_options(super().__str__(), "python")

    def message(self, interface: str = "python", labels: dict[str, str] | None = None) -> str:
        """The message with options named as ``interface`` names them."""
        return render_options(super().__str__(), interface, labels)


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
