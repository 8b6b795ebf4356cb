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

from . import _data, _measure, _program, _serve, _stats

app = typer.Typer(
    name="jamlik",
    help="jamlik: mät, planera, följ upp och visa stadens jämlikhetsarbete.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _module in (_data, _measure, _program, _serve, _stats):
    _module.register(app)


def main() -> None:
    """Entry point: run the app, reporting JamlikError as a one-line message (exit 2)."""
    try:
        app(standalone_mode=False)
    except JamlikError as error:
        typer.secho(f"Fel: {error.message('cli')}", err=True, fg=typer.colors.RED)
        sys.exit(2)
    except typer.Abort:
        sys.exit(1)
    except Exception as error:  # click's usage errors
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise
