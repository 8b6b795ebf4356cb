"""The command line as a user runs it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEADER = "indicator,area_code,period,value,population\n"


def run(*args, db: Path, cwd: Path):
    env = {**os.environ, "JAMLIK_DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run([sys.executable, "-m", "jamlik", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300)


def test_import_export_batches_rollback(tmp_path):
    db = tmp_path / "j.db"
    (tmp_path / "a.csv").write_text(HEADER + "le,1480,2023,84.1,300000\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(HEADER + "le,1480,2023,84.3,300000\n", encoding="utf-8")
    first = run("import", "a.csv", "b.csv", db=db, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "a.csv: omgång 1: 1 rad läst, 1 ny, 0 reviderade, 0 oförändrade" in first.stderr
    assert "b.csv: omgång 2: 1 rad läst, 0 nya, 1 reviderad, 0 oförändrade" in first.stderr
    again = run("import", "a.csv", db=db, cwd=tmp_path)
    assert "redan importerad som omgång 1; inget ändrat" in again.stderr
    listing = run("batches", db=db, cwd=tmp_path)
    assert listing.returncode == 0 and "b.csv" in listing.stdout
    assert run("rollback", "2", db=db, cwd=tmp_path).returncode == 0
    exported = run("export", "out.csv", db=db, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert ",84.1," in text and ",84.3," not in text
    # issue 10 kind 11: plural forms, -o/--output, and no folder named out.json
    assert "1 observation skriven till out.csv" in exported.stderr.replace("\n", " ")
    assert run("export", "-o", "out.xlsx", db=db, cwd=tmp_path).returncode == 0
    assert (tmp_path / "out.xlsx").is_file()
    refused = run("export", "out.json", db=db, cwd=tmp_path)
    assert refused.returncode == 2 and not (tmp_path / "out.json").exists()
    assert ("out.json: kan inte avgöra formatet av filändelsen '.json': ange en fil .csv eller "
            ".xlsx, en mapp utan filändelse (datapaket) eller --format") in \
        " ".join(refused.stderr.split())


def test_a_bad_file_exits_non_zero_with_one_clear_line(tmp_path):
    db = tmp_path / "j.db"
    (tmp_path / "bad.csv").write_text(HEADER + "le,1480,2023,84.1,300000\n"
                                      "le,1280,2023,83.0,abc\n", encoding="utf-8")
    result = run("import", "bad.csv", db=db, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == ("Fel: bad.csv: rad 3, kolumn 'population': väntade ett tal, "
                                     "fick 'abc'")
    listing = run("batches", db=db, cwd=tmp_path)
    assert "bad.csv" not in listing.stdout


def test_demo_without_serving(tmp_path):
    db = tmp_path / "demo.db"
    result = run("demo", "--no-serve", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Demodatabasen byggd" in result.stderr and "exempeldata" in result.stderr
    again = run("demo", "--no-serve", db=db, cwd=tmp_path)
    assert "Demodatabasen fanns redan; inget ändrat." in again.stderr
