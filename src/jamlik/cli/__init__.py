"""The ``jamlik`` command line (Typer).

Each sub-module ``_name.py`` holds one family of commands and a
``register(app)`` function; this module only assembles them, and turns every
:class:`jamlik.errors.JamlikError` into a clear message and a non-zero exit code,
without a traceback.
"""

from __future__ import annotations

import sys

import typer

from jamlik.errors import JamlikError

from . import (
    _data, _fetch, _measure, _place, _program, _register, _serve, _sites, _stats, _uptake,
)
from ._usage import language, localise_help, usage_error

app = typer.Typer(
    name="jamlik",
    help="jamlik: mät, planera, följ upp och visa stadens jämlikhetsarbete. "
    "Svenska som standard; --lang en eller LANG=en_* ger engelska meddelanden.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _module in (_data, _fetch, _measure, _place, _program, _register, _serve, _sites, _stats,
                _uptake):
    _module.register(app)


def _without_lang(argv: list[str]) -> list[str]:
    """``argv`` without ``--lang X``/``--lang=X`` (read by :func:`._usage.language`)."""
    out, skip = [], False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg == "--lang" and i + 1 < len(argv):
            skip = True
        elif not arg.startswith("--lang="):
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; a JamlikError is one line and a usage error the usage
    line, a hint and the problem (both exit 2), never a traceback."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        lang = language(argv)
    except JamlikError as error:
        typer.secho(f"Fel: {error}", err=True, fg=typer.colors.RED)
        sys.exit(2)
    localise_help(lang)
    try:
        app(args=_without_lang(argv), prog_name="jamlik", standalone_mode=False)
    except JamlikError as error:
        label = "Fel" if lang == "sv" else "Error"
        typer.secho(f"{label}: {error.message('cli')}", err=True, fg=typer.colors.RED)
        sys.exit(2)
    except typer.Abort:
        sys.exit(1)
    except typer.TyperException as error:  # click's usage errors (Typer's own copy of click)
        if hasattr(error, "ctx") and getattr(error, "exit_code", 2) == 2:
            sys.exit(usage_error(error, lang))
        if hasattr(error, "show"):
            error.show()
        sys.exit(getattr(error, "exit_code", 1))
