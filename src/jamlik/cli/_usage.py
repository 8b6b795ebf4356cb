"""The command line as a good Unix tool: usage errors and help in the user's language.

Typer (with its own copy of click) writes usage errors and the help screen in
English and shows flags with a type (``--history <bool>``). This module

* turns a usage error (unknown option, missing argument, bad value) into the
  usage line, a hint and one line naming the problem, exit status 2, never a
  traceback (:func:`usage_error`);
* shows flags as flags and titles the help panels in Swedish, or English with
  ``--lang en`` or ``LANG=en_*`` (:func:`localise_help`), and gives every command
  and option its English help text from :mod:`._help_en` (:func:`translate_help`).
"""

from __future__ import annotations

import os
import sys

__all__ = ["language", "localise_help", "translate_help", "usage_error"]

TEXTS = {
    "sv": {"usage": "Användning:", "try": "Försök '{command} --help' för hjälp.",
           "error": "Fel", "options": "Flaggor", "arguments": "Argument",
           "commands": "Kommandon", "help": "Visa den här hjälpen och avsluta.",
           "options_metavar": "[FLAGGOR]", "command_metavar": "KOMMANDO [ARGUMENT]",
           "required": "[krävs]", "default": "[standard: {}]",
           "no_such_option": "okänd flagga {name}", "did_you_mean": "menade du {names}?",
           "missing": "{what} saknas", "argument": "argumentet {name}",
           "option": "flaggan {name}", "bad_value": "ogiltigt värde för {name}: {problem}",
           "needs_value": "flaggan {name} behöver ett värde",
           "extra": "oväntat argument: {args}", "no_command": "okänt kommando '{name}'"},
    "en": {"usage": "Usage:", "try": "Try '{command} --help' for help.",
           "error": "Error", "options": "Options", "arguments": "Arguments",
           "commands": "Commands", "help": "Show this help and exit.",
           "options_metavar": "[OPTIONS]", "command_metavar": "COMMAND [ARGS]",
           "required": "[required]", "default": "[default: {}]",
           "no_such_option": "no such option {name}", "did_you_mean": "did you mean {names}?",
           "missing": "missing {what}", "argument": "argument {name}",
           "option": "option {name}", "bad_value": "invalid value for {name}: {problem}",
           "needs_value": "option {name} requires a value",
           "extra": "unexpected extra argument: {args}", "no_command": "no such command '{name}'"},
}


def language(argv: list[str] | None = None) -> str:
    """The language of the messages: ``--lang en`` (or ``--lang=en``), else ``LC_ALL``/``LANG``
    = ``en*``, else the setting ``language`` (JAMLIK_LANGUAGE), else ``sv``."""
    argv = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1].lower().startswith("en") else "sv"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1].lower().startswith("en") else "sv"
    env = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    if env.lower().startswith("en"):
        return "en"
    if os.environ.get("JAMLIK_LANGUAGE") or os.path.exists(".env"):
        from jamlik.config import get_settings
        from jamlik.errors import ConfigError

        try:
            return get_settings().language
        except ValueError as error:  # pydantic's ValidationError
            raise ConfigError(f"inställningen language (JAMLIK_LANGUAGE) ska vara sv eller en: "
                              f"{str(error).splitlines()[-1].strip()}") from None
    return "sv"


def localise_help(lang: str) -> None:
    """Titles, the help option and flags in ``lang`` (Typer's help has no catalogue).

    Typer reads these module attributes when it draws the help screen, so they are
    set before the app runs; flags (boolean options) lose the ``<bool>`` type label.
    """
    from typer import core

    from typer._click import formatting

    texts = TEXTS[lang]
    write_usage = getattr(formatting.HelpFormatter, "_jamlik_write_usage",
                          formatting.HelpFormatter.write_usage)

    def localised_usage(self, prog, args="", prefix=None, _write=write_usage):
        args = args.replace("[OPTIONS]", texts["options_metavar"])
        return _write(self, prog, args.replace("COMMAND [ARGS]", texts["command_metavar"]),
                      texts["usage"] + " " if prefix is None else prefix)

    formatting.HelpFormatter._jamlik_write_usage = write_usage
    formatting.HelpFormatter.write_usage = localised_usage
    for cls in (core.TyperCommand, core.TyperGroup):
        # typer.rich_utils (rich's Markdown, Syntax, ...) is slow to import: only a help
        # screen loads it, and gets its titles in ``lang`` then.
        draw = getattr(cls, "_jamlik_format_help", cls.format_help)

        def format_help(self, ctx, formatter, _draw=draw, _texts=texts):
            _panel_titles(_texts)
            return _draw(self, ctx, formatter)

        cls._jamlik_format_help = draw
        cls.format_help = format_help
    for cls in (core.TyperOption, core.TyperArgument):
        shown = getattr(cls, "_jamlik_display_type", cls.display_type_rich)

        def display_type_rich(self, ctx, _shown=shown, _lang=lang):
            if getattr(self, "is_flag", False):
                return None
            return _type_label(_shown(self, ctx), _lang)

        cls._jamlik_display_type = shown
        cls.display_type_rich = display_type_rich
    for cls in (core.TyperCommand, core.TyperGroup):
        if getattr(cls, "_jamlik_help", None) == lang:
            continue
        original = getattr(cls, "_jamlik_original_help", cls.get_help_option)

        def get_help_option(self, ctx, _original=original, _text=texts["help"]):
            option = _original(self, ctx)
            if option is not None:
                option.help = _text
            return option

        cls._jamlik_original_help = original
        cls.get_help_option = get_help_option
        cls._jamlik_help = lang


TYPES_SV = {"str": "text", "int": "heltal", "float": "tal", "path": "sökväg", "Path": "sökväg"}


def _type_label(label: str | None, lang: str) -> str | None:
    """Typer's type label in ``lang``: ``<list[Path]>`` is ``<sökväg …>`` in Swedish."""
    if lang != "sv" or not label:
        return label
    import re

    def swedish(match: re.Match) -> str:
        inner = match.group(1)
        many = inner.startswith("list[") and inner.endswith("]")
        name = inner[5:-1] if many else inner
        name = "|".join(TYPES_SV.get(part, part) for part in name.split("|"))
        return f"<{name} …>" if many else f"<{name}>"

    return re.sub(r"<([^<>]+)>", swedish, label)


def translate_help(command, lang: str) -> None:
    """Every help text of ``command`` (a click command) and its sub-commands in ``lang``.

    The texts are written in Swedish; English ones come from :data:`._help_en.EN`
    (a text without a translation stays Swedish, which ``tests/test_cli_help.py``
    refuses).
    """
    if lang == "sv":
        return
    from ._help_en import EN

    if command.help:
        command.help = EN.get(command.help, command.help)
    if command.short_help:
        command.short_help = EN.get(command.short_help, command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = EN.get(param.help, param.help)
    for sub in (getattr(command, "commands", None) or {}).values():
        translate_help(sub, lang)


def _panel_titles(texts: dict[str, str]) -> None:
    from typer import rich_utils

    rich_utils.OPTIONS_PANEL_TITLE = texts["options"]
    rich_utils.ARGUMENTS_PANEL_TITLE = texts["arguments"]
    rich_utils.COMMANDS_PANEL_TITLE = texts["commands"]
    rich_utils.ERRORS_PANEL_TITLE = texts["error"]
    rich_utils.REQUIRED_LONG_STRING = texts["required"]
    rich_utils.DEFAULT_STRING = texts["default"]


def _name(param, lang: str) -> str:
    texts = TEXTS[lang]
    if param is None:
        return "?"
    if getattr(param, "param_type_name", "") == "argument":
        return texts["argument"].format(name=(param.metavar or param.name or "").upper())
    return texts["option"].format(name=max(param.opts, key=len))


def _problem(error, lang: str) -> str:
    texts = TEXTS[lang]
    kind = type(error).__name__
    if kind == "NoSuchOption":
        text = texts["no_such_option"].format(name=error.option_name)
        if error.possibilities:
            text += "; " + texts["did_you_mean"].format(names=", ".join(sorted(error.possibilities)))
        return text
    if kind == "MissingParameter":
        return texts["missing"].format(what=_name(error.param, lang))
    if kind == "BadParameter":
        return texts["bad_value"].format(name=_name(error.param, lang),
                                         problem=_value_problem(error.message, lang))
    if kind == "BadOptionUsage" and "requires an argument" in error.message:
        return texts["needs_value"].format(name=error.option_name)
    message = error.format_message() if hasattr(error, "format_message") else str(error)
    if message.startswith("Got unexpected extra argument"):
        return texts["extra"].format(args=message.split("(", 1)[-1].rstrip(")"))
    if message.startswith("No such command"):
        return texts["no_command"].format(name=message.split("'")[1] if "'" in message
                                          else message)
    return message


# The type errors Typer passes on in English (pydantic's and click's words), by the
# phrase that tells them apart; anything else is shown as it is.
VALUE_PROBLEMS = {
    "valid integer": {"sv": "väntade ett heltal", "en": "expected a whole number"},
    "not a valid int": {"sv": "väntade ett heltal", "en": "expected a whole number"},
    "valid number": {"sv": "väntade ett tal", "en": "expected a number"},
    "not a valid float": {"sv": "väntade ett tal", "en": "expected a number"},
    "valid boolean": {"sv": "väntade ja eller nej (true/false)", "en": "expected true or false"},
}


def _value_problem(message: str, lang: str) -> str:
    lowered = message.lower()
    for phrase, texts in VALUE_PROBLEMS.items():
        if phrase in lowered:
            return texts[lang]
    return message


def usage_error(error, lang: str) -> int:
    """Print ``error`` (a click usage error) as usage line, hint and problem; return 2."""
    import typer

    texts = TEXTS[lang]
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(texts["try"].format(command=ctx.command_path), err=True)
    typer.secho(f"{texts['error']}: {_problem(error, lang)}", err=True, fg=typer.colors.RED)
    return 2
