"""The docs are true (issue 10, kind 12): every example marked ``runnable`` runs.

A fenced block whose info string is ``python runnable`` or ``console runnable`` in
README.md or docs/*.md is run in a fresh temporary folder that holds a copy of
``docs/examples`` and its own SQLite store (``JAMLIK_DATABASE_URL``):

* ``console``: each ``$ jamlik ...`` line is run as a command and must exit 0; the
  lines after it, up to the next ``$``, must appear in what it prints (stdout and
  stderr, spaces normalised).
* ``python``: the block is run as a script and must exit 0; ``# `` comment lines
  right after a ``print(...)`` line are what the script must print.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"^```(\w+) runnable\s*\n(.*?)^```\s*$", re.S | re.M)


def _examples() -> list:
    found = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            line = text[: match.start()].count("\n") + 1
            found.append(pytest.param(match.group(1), match.group(2),
                                      id=f"{page.relative_to(ROOT)}:{line}"))
    return found


EXAMPLES = _examples()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _folder(tmp_path: Path) -> tuple[Path, dict]:
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    env = {**os.environ, "JAMLIK_DATABASE_URL": f"sqlite:///{tmp_path / 'jamlik.db'}",
           "LANG": "sv_SE.UTF-8", "COLUMNS": "200"}
    env.pop("LC_ALL", None)
    return tmp_path, env


def _console(block: str, cwd: Path, env: dict) -> None:
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif line.strip():
            assert steps, f"output before any command: {line!r}"
            steps[-1][1].append(line)
    assert steps
    for command, expected in steps:
        args = shlex.split(command)
        assert args[0] == "jamlik", f"only jamlik commands run: {command}"
        done = subprocess.run([sys.executable, "-m", "jamlik", *args[1:]], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"$ {command}\n{done.stderr}"
        shown = _flat(done.stdout + "\n" + done.stderr)
        for line in expected:
            assert _flat(line) in shown, f"$ {command}: {line!r} not in {shown!r}"


def _python(block: str, cwd: Path, env: dict) -> None:
    expected, lines = [], block.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("print("):
            expected += [x[2:] for x in _comments(lines[i + 1:])]
    done = subprocess.run([sys.executable, "-c", block], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    shown = _flat(done.stdout)
    for line in expected:
        assert _flat(line) in shown, f"{line!r} not in {shown!r}"


def _comments(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if not line.startswith("# "):
            break
        out.append(line)
    return out


def test_there_are_runnable_examples():
    kinds = {param.values[0] for param in EXAMPLES}
    assert {"python", "console"} <= kinds


@pytest.mark.parametrize(("kind", "block"), EXAMPLES)
def test_example_runs(kind, block, tmp_path):
    cwd, env = _folder(tmp_path)
    if kind == "console":
        _console(block, cwd, env)
    elif kind == "python":
        _python(block, cwd, env)
    else:
        pytest.fail(f"unknown runnable kind {kind!r}")
