"""One name per idea (issue 8): ``municipality`` for the city whose areas are compared,
``format`` for an output format. The old names work for one release, warn (Python) or
say so in --help (CLI), and give the same result as the new ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jamlik.deprecation import renamed
from jamlik.errors import ArgumentError
from jamlik.jobs import compute_measures, gap_trends, import_file, write_export
from jamlik.reports import annual_report

HEADER = "indicator,polarity,area_code,area_version,period,dimension,subgroup,value,se\n"


def cli(*args, db: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "JAMLIK_DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run([sys.executable, "-m", "jamlik", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300)


def test_renamed_takes_the_new_name_warns_on_the_old_and_refuses_both():
    assert renamed("csv", None, new="format", old="fmt", where="f") == "csv"
    with pytest.warns(DeprecationWarning, match="fmt= är föråldrat, använd format="):
        assert renamed(None, "csv", new="format", old="fmt", where="f") == "csv"
    with pytest.raises(ArgumentError, match="^f: ange format, inte både format och fmt"):
        renamed("csv", "xlsx", new="format", old="fmt", where="f")


def test_measures_and_trends_by_municipality_and_by_the_old_settings(store, tmp_path):
    from jamlik.demo._geography import load_geography

    load_geography(store)
    lines = [f"le,higher_better,{code},RegSO_2025,{year},,,{value + (year - 2020) * step},0.1"
             for year in (2020, 2021, 2022)
             for code, value, step in (("1480R001", 84.0, -0.5), ("1480R002", 76.0, 0.5),
                                       ("1280R001", 80.0, 0.0), ("1280R002", 79.0, 0.0))]
    path = tmp_path / "le.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    import_file(path, engine=store)
    _run, new = compute_measures(store, municipalities=["1480"], measures=["SII"])
    with pytest.warns(DeprecationWarning, match="settings= är föråldrat"):
        _run, old = compute_measures(store, settings=["1480"], measures=["SII"])
    assert set(new["area_code"]) == {"1480"}
    pd.testing.assert_frame_equal(new, old)
    trends = gap_trends(store, municipalities=["1480"], measures=["SII"])
    with pytest.warns(DeprecationWarning, match="gap_trends: settings= är föråldrat"):
        pd.testing.assert_frame_equal(gap_trends(store, settings=["1480"], measures=["SII"]),
                                      trends)
    assert set(trends["area_code"]) == {"1480"}


def test_write_export_format_and_the_old_fmt(tmp_path):
    frame = pd.DataFrame({"indicator": ["le"], "area_code": ["1480"], "period": ["2023"],
                          "value": [81.2]})
    new = write_export(frame, tmp_path / "new.csv", format="csv")
    with pytest.warns(DeprecationWarning, match="write_export: fmt= är föråldrat"):
        old = write_export(frame, tmp_path / "old.csv", fmt="csv")
    assert new.read_bytes() == old.read_bytes()
    with pytest.raises(ArgumentError, match="format måste vara en av csv, xlsx, datapackage"):
        write_export(frame, tmp_path / "x.odt", format="odt")


def test_annual_report_format_and_municipality_and_their_old_names(tmp_path):
    # the arguments are checked before the store is read: the engine is never touched
    with pytest.raises(ArgumentError, match="odt"):
        annual_report(None, tmp_path / "x.html", format="odt")
    with pytest.warns(DeprecationWarning, match="annual_report: fmt= är föråldrat"), \
            pytest.raises(ArgumentError, match="odt"):
        annual_report(None, tmp_path / "x.html", fmt="odt")
    with pytest.warns(DeprecationWarning, match="annual_report: area_code= är föråldrat"), \
            pytest.raises(ArgumentError, match="odt"):
        annual_report(None, tmp_path / "x.html", format="odt", area_code="1480")
    with pytest.raises(ArgumentError, match="inte både municipality och area_code"):
        annual_report(None, tmp_path / "x.html", municipality="1480", area_code="1480")


def test_cli_options_are_municipality_and_the_old_names_are_said_deprecated(tmp_path):
    db = tmp_path / "j.db"
    for command, old in ((["measure"], "--setting"), (["trend"], "--setting"),
                         (["report", "annual"], "--area")):
        text = cli(*command, "--help", db=db, cwd=tmp_path).stdout
        assert "--municipality" in text and old in text, text
        assert f"{old} är ett föråldrat alias" in " ".join(text.replace("│", " ").split())
    for option in ("--municipality", "--setting"):
        result = cli("trend", option, "1480", db=db, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "inga sparade skillnadsmått" in result.stderr
    for option in ("--municipality", "--area"):
        result = cli("report", "annual", "--output", "x.html", option, "1480", "--format",
                     "odt", db=db, cwd=tmp_path)
        assert result.returncode == 2 and "odt" in result.stderr, result.stderr
