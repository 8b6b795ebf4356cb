"""The ``jamlik sii`` and ``jamlik dsr`` commands (jamlik.cli._stats_uk)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from jamlik.cli._stats_uk import register
from jamlik.errors import InputError, UnknownFormatError
from jamlik.stats._standardise import ESP2013

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "uk"
runner = CliRunner()


@pytest.fixture()
def app() -> typer.Typer:
    application = typer.Typer()
    register(application)
    return application


def le_file(tmp_path: Path, name: str = "le.csv", **to_csv) -> Path:
    # PHE LE_data (see test_uk_sii.py), renamed to the CLI's column names.
    frame = pd.read_csv(FIXTURES / "phe_le_data_males.csv").rename(
        columns={"GeoCode": "area", "Decile": "quantile", "Pop": "population",
                 "LifeExp": "value", "SE": "se"}  # fmt: skip
    ).drop(columns=["Deaths", "Sex"])
    path = tmp_path / name
    if name.endswith(".xlsx"):
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False, **to_csv)
    return path


def run(app, *args):
    result = runner.invoke(app, [str(a) for a in args])
    return result


def test_sii_csv_to_stdout(app, tmp_path):
    result = run(app, "sii", le_file(tmp_path), "--reps", 2000, "--seed", 3)
    assert result.exit_code == 0, result.output
    out = pd.read_csv(io.StringIO(result.output))
    first = out.iloc[0]
    # SII for E06000001 males published in the phe_sii vignette: 11.68886 years.
    assert (first["area"], first["measure"]) == ("E06000001", "sii")
    assert first["value"] == pytest.approx(11.68886, abs=5e-6)
    assert set(out["measure"]) == {"sii", "rii"} and len(out) == 20


def test_sii_semicolon_decimal_comma_and_json_output(app, tmp_path):
    path = le_file(tmp_path, sep=";", decimal=",")
    target = tmp_path / "out.json"
    result = run(app, "sii", path, "--reps", 1000, "--seed", 1, "--confidence", 0.95,
                 "--confidence", 0.998, "--format", "json", "--output", target)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert rows[0]["value"] == pytest.approx(11.68886, abs=5e-6)
    assert [r["confidence"] for r in rows[:4]] == [0.95, 0.998, 0.95, 0.998]


def test_sii_xlsx_with_limits_and_transform(app, tmp_path):
    frame = pd.read_csv(FIXTURES / "phe_dsr_data.csv").rename(
        columns={"Quintile": "quantile", "total_pop": "population", "lowercl": "lower",
                 "uppercl": "upper", "Period": "period"}  # fmt: skip
    )
    path = tmp_path / "dsr.xlsx"
    frame.to_excel(path, index=False)
    result = run(app, "sii", path, "--value-type", "rate", "--transform", "--by", "period",
                 "--reps", 1000, "--seed", 2)  # fmt: skip
    assert result.exit_code == 0, result.output
    out = pd.read_csv(io.StringIO(result.output))
    # phe_sii vignette example 2, Period 2010: SII -14.03684, RII 0.9010655.
    assert out["value"].iloc[0] == pytest.approx(-14.03684, abs=5e-5)
    assert out["value"].iloc[1] == pytest.approx(0.9010655, abs=5e-7)


def test_sii_bad_cell_names_spreadsheet_row(app, tmp_path):
    path = le_file(tmp_path)
    lines = path.read_text().splitlines()
    cells = lines[2].split(",")
    cells[2] = "abc"  # population of the second data row = spreadsheet row 3
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    result = run(app, "sii", path, "--reps", 1000)
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == f"{path}: rad 3, kolumn 'population': väntade ett tal > 0, fick 'abc'"


def test_sii_missing_columns(app, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("quantile,population,value\n1,10,2\n")
    result = run(app, "sii", path)
    assert str(result.exception) == f"{path}: kolumnen 'se' eller kolumnerna 'lower' och 'upper' saknas"
    path.write_text("quantile,value,se\n1,2,3\n")
    result = run(app, "sii", path)
    assert str(result.exception) == f"{path}: kolumnen 'population' saknas (fanns: quantile, value, se)"


def test_unknown_format_and_missing_file(app, tmp_path):
    path = tmp_path / "data.parquet"
    path.write_text("x")
    result = run(app, "sii", path)
    assert isinstance(result.exception, UnknownFormatError)
    assert str(result.exception) == f"{path}: okänt filformat '.parquet', väntade csv eller xlsx"
    result = run(app, "dsr", tmp_path / "nope.csv")
    assert str(result.exception) == f"{tmp_path / 'nope.csv'}: filen finns inte"


def dsr_file(tmp_path: Path) -> Path:
    # PHEindicatormethods DSR vignette, zero-deaths example (see test_uk_standardise.py);
    # empty counts for the age bands without deaths.
    pop = [30, 35, 35, 35, 40, 40, 45, 50, 50, 50, 60, 60, 70, 75, 70, 60, 20, 20, 15]
    deaths = ["1", "1", "", "", "", "1", "1", "3", "3", "3", "3", "10", "10", "10", "10",
              "8", "8", "8", "8"]  # fmt: skip
    frame = pd.DataFrame({"area": "Kommun", "sex": "män", "age_band": list(ESP2013),
                          "count": deaths, "population": pop})  # fmt: skip
    path = tmp_path / "dsr.csv"
    frame.to_csv(path, index=False)
    return path


def test_dsr_command_matches_phe_vignette(app, tmp_path):
    result = run(app, "dsr", dsr_file(tmp_path))
    assert result.exit_code == 0, result.output
    row = pd.read_csv(io.StringIO(result.output)).iloc[0]
    assert (row["area"], row["sex"], row["measure"]) == ("Kommun", "män", "dsr")
    assert row["value"] == pytest.approx(8283.016, abs=5e-4)
    assert row["lower"] == pytest.approx(6570.819, abs=5e-4)
    assert row["upper"] == pytest.approx(10289.65, abs=5e-3)


def test_dsr_command_reports_bad_count(app, tmp_path):
    path = dsr_file(tmp_path)
    text = path.read_text().replace("Kommun,män,5-9,1,", "Kommun,män,5-9,-2,")
    path.write_text(text)
    result = run(app, "dsr", path)
    assert str(result.exception) == f"{path}: rad 3, kolumn 'count': väntade ett tal ≥ 0, fick '-2'"


def test_row_numbers_count_blank_lines_and_latin1_is_read(tmp_path):
    """Spreadsheet row numbers survive blank lines; a Windows-1252 file is read."""
    import typer
    from typer.testing import CliRunner

    from jamlik.cli import _stats_uk

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        pass

    _stats_uk.register(app)
    path = tmp_path / "dsr.csv"
    lines = ["area,age_band,count,population", "Göteborg,0-4,1,100", "", "Göteborg,5-9,x,100"]
    path.write_bytes("\n".join(lines).encode("cp1252"))
    result = CliRunner().invoke(app, ["dsr", str(path)])
    assert result.exit_code != 0
    # header = row 1, blank line = row 3: the bad cell is on the file's 4th line
    assert "rad 4, kolumn 'count': väntade ett tal ≥ 0, fick 'x'" in str(result.exception)
