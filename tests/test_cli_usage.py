"""The CLI behaves like a good Unix tool (issue 10, kind 11; issue 12, item 6)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from jamlik.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as stopped:
        code = stopped.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("argv, usage, problem", [
    (["import", "--nope"], "Användning: jamlik import [FLAGGOR]", "Fel: okänd flagga --nope"),
    (["import"], "Användning: jamlik import [FLAGGOR]", "Fel: argumentet FILES saknas"),
    (["nosuch"], "Användning: jamlik [FLAGGOR] KOMMANDO [ARGUMENT]",
     "Fel: okänt kommando 'nosuch'"),
])
def test_a_usage_error_prints_the_usage_line_and_exits_2(capsys, argv, usage, problem):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith(usage)
    assert lines[1] == f"Försök '{usage.split(' [')[0].split(': ')[1]} --help' för hjälp."
    assert lines[-1] == problem
    assert "Traceback" not in err


def test_an_option_without_its_value_is_a_usage_error(capsys):
    code, _out, err = run(capsys, "export", "--format")
    assert code == 2 and err.splitlines()[-1] == "Fel: flaggan --format behöver ett värde"


def test_english_with_lang_en_or_lang_environment(capsys, monkeypatch):
    code, _out, err = run(capsys, "--lang", "en", "import", "--nope")
    assert code == 2 and err.splitlines()[-1] == "Error: no such option --nope"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    code, _out, err = run(capsys, "import", "--nope")
    assert err.splitlines()[0].startswith("Usage: jamlik import [OPTIONS]")


def test_help_shows_flags_as_flags_in_swedish(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _err = run(capsys, "export", "--help")
    assert code == 0
    assert "<bool>" not in out
    assert "Användning: jamlik export [FLAGGOR]" in out
    assert "Flaggor" in out and "Options" not in out
    assert "Visa den här hjälpen och avsluta." in out and "Show this message" not in out
    assert "--history" in out


def test_the_real_entry_point_never_shows_a_traceback():
    env = {**os.environ, "LANG": "sv_SE.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "jamlik", "import", "--nope"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "okänd flagga --nope" in done.stderr
