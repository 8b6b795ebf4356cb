"""Issue 11 on the command line: every warning printed, options named as flags."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REAL = Path(__file__).parent / "fixtures" / "real-files"


def run(*args, db: Path):
    env = {**os.environ, "JAMLIK_DATABASE_URL": f"sqlite:///{db}", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "jamlik", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=300)


def test_import_prints_every_warning_and_names_the_flags(tmp_path):
    db = tmp_path / "j.db"
    assert run("import", REAL / "i07_triple_dots.px", db=db).returncode == 0
    renamed = run("import", REAL / "i12_utf8_renamed.px", db=db)
    assert renamed.returncode == 0, renamed.stderr
    assert "anger teckenkodningen 'iso-8859-1' men är giltig UTF-8" in renamed.stderr
    assert "heter 'Malmö' i databasen, 'Malmö stad' i filen" in renamed.stderr
    refused = run("import", REAL / "j01_v1_no_metadata.json", db=db)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "ange det med --table-id" in refused.stderr
    given = run("import", REAL / "j01_v1_no_metadata.json", "--table-id", "BE0101N1", db=db)
    assert given.returncode == 0, given.stderr
    foreign = run("import", REAL / "jsonstat2_unknown_region_min.json", db=db)
    assert foreign.returncode != 0 and "Traceback" not in foreign.stderr
    assert "Ange den med --area-version" in foreign.stderr
    named = run("import", REAL / "jsonstat2_unknown_region_min.json", "--area-version",
                "Byra_X_Region", db=db)
    assert named.returncode == 0, named.stderr
    cp1252 = run("import", REAL / "i11_no_charset_cp1252.px", "--encoding", "cp1252", db=db)
    assert cp1252.returncode == 0 and "kodsida 850" not in cp1252.stderr
