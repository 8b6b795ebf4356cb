"""docs/cli.md, the command-line reference, generated from the commands' own help.

``python -m jamlik.cli._reference`` rewrites the file; ``tests/test_cli_reference.py``
fails when the checked-in file differs from what the commands say, so the
reference cannot drift from ``--help``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["markdown", "write"]

DOC = Path(__file__).resolve().parents[3] / "docs" / "cli.md"


def _commands(command, path: list[str]):
    yield path, command
    for name in sorted(getattr(command, "commands", {}) or {}):
        yield from _commands(command.commands[name], [*path, name])


def _option(param) -> str:
    names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    if param.param_type_name == "argument":
        names = f"`{(param.metavar or param.name).upper()}`"
    return names


def markdown() -> str:
    """The reference as Markdown: every command with its usage, help and options."""
    import typer
    from typer._click import Context

    from jamlik.cli import app
    from jamlik.cli._usage import localise_help

    localise_help("sv")
    root = typer.main.get_command(app)
    lines = ["# Kommandoraden: `jamlik`", "",
             "Genererad från kommandonas egen hjälp (`jamlik KOMMANDO --help`) med "
             "`python -m jamlik.cli._reference`; ett test jämför filen med hjälpen.", ""]
    for path, command in _commands(root, ["jamlik"]):
        if command.hidden if hasattr(command, "hidden") else False:
            continue
        ctx = Context(command, info_name=" ".join(path))
        title = " ".join(path)
        lines += [f"## `{title}`", "", (command.help or "").strip().split("\n\n")[0], "",
                  "```", ctx.get_usage(), "```", ""]
        params = [p for p in command.get_params(ctx) if p.name != "help"]
        if params:
            lines += ["| flagga/argument | beskrivning |", "|---|---|"]
            for param in params:
                help_text = " ".join((getattr(param, "help", None) or "").split())
                lines.append(f"| {_option(param)} | {help_text.replace('|', '/')} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write() -> Path:
    DOC.write_text(markdown(), encoding="utf-8")
    return DOC


if __name__ == "__main__":
    print(write())
