"""The ``jamlik`` command line (Typer).

Each sub-module ``_name.py`` holds one family of commands and a
``register(app)`` function; this module only assembles them, and turns every
:class:`jamlik.errors.JamlikError` into a clear message and a non-zero exit code,
without a traceback.

Start-up stays fast (``jamlik --help`` under 0.5 s): a command module imports at
module level only the standard library, ``typer``, ``rich`` and ``jamlik.errors``;
everything else (pandas, numpy, ``jamlik.jobs``, ``jamlik.store``, ``jamlik.stats``,
...) is imported inside the function that needs it, and type hints name heavy
classes under ``if TYPE_CHECKING:``. A command's signature may use only names
available at module level (Typer reads it to draw the help), so an option's
default is a literal: where it mirrors a constant of a lower layer, a test checks
they agree. ``tests/test_cli_startup.py`` fails if importing ``jamlik.cli`` or
drawing any help screen loads a heavy library; ``benchmarks/cli_startup.py``
prints the times.

A new command also: writes its help in Swedish and adds each text's English
translation to :mod:`._help_en` (``--lang en``/``LANG=en_*``); takes ``-o/--output``
if it writes a file; writes result tables through :func:`._output.write_table`
(numbers as :func:`jamlik.cells.result_numbers` writes them). ``tests/test_cli_help.py``
checks the first two for every command; afterwards regenerate docs/cli.md with
``python -m jamlik.cli._reference``.
"""

from __future__ import annotations

import sys

import typer

from jamlik.errors import JamlikError

from . import (
    _data, _fetch, _measure, _place, _program, _register, _serve, _sites, _stats, _uptake,
    _voices,
)
from ._usage import language, localise_help, translate_help, usage_error

app = typer.Typer(
    name="jamlik",
    help="jamlik: mät, planera, följ upp och visa stadens jämlikhetsarbete. "
    "Svenska som standard; --lang en eller LANG=en_* ger engelska meddelanden.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _module in (_data, _fetch, _measure, _place, _program, _register, _serve, _sites, _stats,
                _uptake, _voices):
    _module.register(app)


def _without_lang(argv: list[str], command) -> list[str]:
    """``argv`` without ``--lang X``/``--lang=X`` (read by :func:`._usage.language`),
    except after the name of a command that has its own ``--lang`` (the language of
    the report it writes, e.g. ``report annual``)."""
    leaf, start = command, len(argv)
    for i, arg in enumerate(argv):
        sub = (getattr(leaf, "commands", None) or {}).get(arg)
        if sub is not None:
            leaf, start = sub, i + 1
        elif not arg.startswith("-") and not (i and argv[i - 1] == "--lang"):
            break
    own = any("--lang" in getattr(param, "opts", ()) for param in leaf.params)
    out, skip = [], False
    for i, arg in enumerate(argv):
        if own and i >= start:
            out.append(arg)
        elif skip:
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
    command = typer.main.get_command(app)
    translate_help(command, lang)
    try:
        command.main(args=_without_lang(argv, command), prog_name="jamlik",
                     standalone_mode=False)
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
