"""Every command's help: Swedish throughout, English with --lang en or LANG=en_*,
flags shown as flags, and -o/--output on every command that writes a file (issue 10,
kind 11)."""

from __future__ import annotations

import re

import pytest
import typer

from jamlik.cli import _without_lang, app, main
from jamlik.cli._help_en import EN

ROOT = typer.main.get_command(app)

# Chrome of a help screen that belongs to the other language.
ENGLISH_ONLY = ("Usage:", "Options", "Arguments", "Commands", "[default", "[required]",
                "Show this help", "<str>", "<int>", "<float>", "<path>", "list[")
SWEDISH_ONLY = ("Användning", "Flaggor", "Kommandon", "[standard", "[krävs]", "Visa den här",
                "<text>", "<heltal>", "<tal>", "<sökväg")

# Commands that write a file (not only the data store or the screen).
WRITERS = [
    ["export"], ["measure"], ["trend"], ["access"], ["allocate"], ["place", "mclp"],
    ["place", "lscp"], ["place", "pmedian"], ["inequality"], ["lifeexp"], ["sii"], ["dsr"],
    ["program", "export"], ["program", "activities"], ["followup", "template"],
    ["report", "annual"], ["register", "synth"], ["register", "run"], ["uptake", "match"],
]


def _commands(command=ROOT, path=()):
    yield list(path), command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands())


def _help_texts() -> list[str]:
    texts = []
    for _path, command in COMMANDS:
        texts += [command.help] if command.help else []
        texts += [p.help for p in command.params if getattr(p, "help", None)]
    return texts


def _flat(text: str) -> str:
    """The help screen without its box drawing and line breaks (rich wraps long help)."""
    return re.sub(r"\s+", " ", re.sub(r"[│╭╮╰╯─]", " ", text)).strip()


def _help(capsys, path: list[str], *lang: str) -> str:
    try:
        main([*lang, *path, "--help"])
    except SystemExit as exit_:  # a help screen is no error
        assert exit_.code in (0, None)
    return _flat(capsys.readouterr().out)


def test_every_help_text_has_an_english_translation_and_no_translation_is_stale():
    texts = _help_texts()
    assert sorted({t for t in texts if t not in EN}) == []
    assert sorted(set(EN) - set(texts)) == []


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS],
                         ids=lambda path: " ".join(path) or "jamlik")
def test_help_is_swedish_and_english_with_lang_en(capsys, monkeypatch, path):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    monkeypatch.setenv("COLUMNS", "250")  # no wrapping: each help text on one line
    command = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    texts = [command.help] + [p.help for p in command.params if getattr(p, "help", None)]
    swedish = _help(capsys, path)
    english = _help(capsys, path, "--lang", "en")
    for text in texts:
        assert _flat(text) in swedish
        assert _flat(EN[text]) in english
    assert [w for w in ENGLISH_ONLY if w in swedish] == []
    assert [w for w in SWEDISH_ONLY if w in english] == []
    assert "<bool>" not in swedish and "<bool>" not in english  # flags are flags


def test_lang_environment_gives_english_help(capsys, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    english = _help(capsys, ["inequality"])
    assert _flat(EN["HEAT Plus-mall (csv eller xlsx)."]) in english
    assert "Usage:" in english and "Användning" not in english


def test_flags_have_no_type_label(capsys):
    shown = _help(capsys, ["export"])
    assert re.search(r"--history Även ersatta", shown), shown


@pytest.mark.parametrize("path", WRITERS, ids=" ".join)
def test_every_command_that_writes_a_file_takes_o_and_output(path):
    command = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    opts = [set(getattr(p, "opts", ())) for p in command.params]
    assert {"-o", "--output"} in [o & {"-o", "--output"} for o in opts]


def test_any_output_option_has_both_spellings():
    # a command added later with an output file follows the same rule
    for path, command in COMMANDS:
        for param in command.params:
            if param.name == "output" and getattr(param, "param_type_name", "") == "option":
                assert {"-o", "--output"} <= set(param.opts), path


def test_lang_is_kept_for_a_command_with_its_own_lang_option():
    # `report annual --lang en` writes an English report; the interface's --lang is
    # otherwise taken out before the command line is parsed
    argv = ["--lang", "en", "report", "annual", "-o", "r.html", "--lang", "en"]
    assert _without_lang(argv, ROOT) == ["report", "annual", "-o", "r.html", "--lang", "en"]
    assert _without_lang(["inequality", "f.csv", "--lang", "en"], ROOT) == ["inequality", "f.csv"]
    assert _without_lang(["--lang=en", "export", "-o", "x.csv"], ROOT) == ["export", "-o", "x.csv"]
