"""The command line starts without its heavy libraries (issue 12, item 6).

A behavioural test, not a timing test: in a fresh interpreter, importing
``jamlik.cli`` and drawing every help screen must not import pandas, numpy,
SQLAlchemy, ... (their import is what made ``jamlik --help`` take seconds); a
command imports them when it runs. The times are measured by
``benchmarks/cli_startup.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import jamlik
import jamlik.stats

HEAVY = ("pandas", "numpy", "scipy", "sqlalchemy", "altair", "httpx", "weasyprint", "duckdb",
         "pyspark", "pydantic_settings", "openpyxl", "jinja2", "fastapi", "uvicorn", "yaml",
         "pyarrow", "alembic")

PROBE = r"""
import json, sys
HEAVY = {heavy!r}
loaded = {{}}
def note(step):
    loaded[step] = sorted(m for m in HEAVY if m in sys.modules)
import jamlik
note("import jamlik")
import jamlik.cli
note("import jamlik.cli")
import typer
from jamlik.cli import app, main
def leaves(command, path):
    subs = getattr(command, "commands", None)
    if not subs:
        return [path]
    return [leaf for name, sub in subs.items() for leaf in leaves(sub, [*path, name])]
paths = [[]] + leaves(typer.main.get_command(app), [])
for lang, path in [("sv", path) for path in paths] + [("en", []), ("en", ["inequality"])]:
    try:
        main(["--lang", lang, *path, "--help"])
    except SystemExit:
        pass
    note(" ".join(["jamlik", "--lang", lang, *path, "--help"]))
print(json.dumps(loaded))
"""


def _probe() -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_command_line_and_every_help_screen_load_no_heavy_library():
    loaded = _probe()
    assert "import jamlik.cli" in loaded and "jamlik --lang sv --help" in loaded
    assert any(step.startswith("jamlik --lang en inequality") for step in loaded)
    heavy = {step: modules for step, modules in loaded.items() if modules}
    assert heavy == {}


@pytest.mark.parametrize("package", [jamlik, jamlik.stats])
def test_lazy_packages_still_offer_every_public_name(package):
    assert set(package._LAZY) <= set(package.__all__)
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    assert set(package.__all__) <= set(dir(package))


def test_stats_loads_its_names_lazily_one_module_each():
    assert set(jamlik.stats._LAZY) == set(jamlik.stats.__all__)
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        jamlik.stats.no_such_name  # noqa: B018


def test_the_inequality_default_reps_is_the_statistics_default():
    # The CLI writes the default as a literal, so that its help does not import jamlik.stats.
    import typer

    from jamlik.cli import app

    command = typer.main.get_command(app).commands["inequality"]
    reps = next(p for p in command.params if p.name == "reps")
    assert reps.default == jamlik.stats.DEFAULT_REPS


def test_inequality_on_a_small_file_loads_only_what_it_computes_with():
    # pandas (with pyarrow), numpy and scipy.special are what the HEAT measures need;
    # the store, the web stack and the report engines must stay unloaded.
    from pathlib import Path

    heat = Path(__file__).resolve().parents[1] / "docs" / "examples" / "heat.csv"
    probe = (
        "import json, sys\n"
        "from jamlik.cli import main\n"
        "try:\n"
        f"    main(['inequality', {str(heat)!r}, '--seed', '1'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert loaded <= {"pandas", "numpy", "scipy", "pyarrow"}, loaded
    assert {"pandas", "numpy"} <= loaded
