"""``jamlik lifeexp FILE`` through typer's CliRunner."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from jamlik.cli._stats_life import register
from jamlik.errors import ArgumentError, InputError
from jamlik.stats._lifetable import life_expectancy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "life"
runner = CliRunner()


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # keeps "lifeexp" a sub-command, as in the real app
        """jamlik"""

    register(app)
    return app


def invoke(*args: str):
    return runner.invoke(make_app(), ["lifeexp", *args])


@pytest.fixture
def phe_file(tmp_path) -> Path:
    data = pd.read_csv(FIXTURES / "phe_example.csv")
    data.insert(0, "sex", "2")
    data.insert(0, "area", "Sundby")
    path = tmp_path / "phe.csv"
    data.to_csv(path, index=False)
    return path


def test_csv_golden_at_birth_and_65(phe_file):
    # PHEindicatormethods testLifeExpectancy.R answer1: e0 = 80.16960813, e65 = 18.76856852.
    result = invoke(str(phe_file), "--age", "65")
    assert result.exit_code == 0, result.output
    out = pd.read_csv(io.StringIO(result.stdout))
    assert out["age"].tolist() == [0, 65]
    assert out["value"].tolist() == pytest.approx([80.16960813, 18.76856852], abs=1e-6)
    assert out["area"].tolist() == ["Sundby", "Sundby"]
    assert (out["method"] == "Chiang II, Silcocks 90+").all()


def test_json_to_file_and_confidence(phe_file, tmp_path):
    target = tmp_path / "out.json"
    result = invoke(str(phe_file), "--format", "json", "--output", str(target),
                    "--confidence", "0.9")
    assert result.exit_code == 0, result.output
    records = json.loads(target.read_text(encoding="utf-8"))
    assert len(records) == 1
    assert records[0]["confidence"] == 0.9
    assert records[0]["reason"] is None
    assert records[0]["value"] == pytest.approx(80.16960813, abs=1e-6)


def test_semicolon_csv_with_decimal_comma_and_open_band_85(tmp_path):
    data = pd.read_csv(FIXTURES / "phe_example.csv")
    top = data[data["age_from"] >= 85].sum()
    data = data[data["age_from"] < 85]
    data.loc[len(data)] = [85, top["population"], top["deaths"]]
    data.insert(0, "sex", "1")
    data.insert(0, "area", "Norr")
    data["population"] = data["population"].map(lambda p: f"{p:.1f}".replace(".", ","))
    path = tmp_path / "semi.csv"
    path.write_text(data.to_csv(index=False, sep=";"), encoding="utf-8")
    result = invoke(str(path), "--open-band", "85")
    assert result.exit_code == 0, result.output
    out = pd.read_csv(io.StringIO(result.stdout))
    direct = life_expectancy(pd.read_csv(io.StringIO(data.assign(
        population=data["population"].str.replace(",", ".")).to_csv(index=False))),
        open_band=85)
    assert out["value"].iloc[0] == pytest.approx(direct["value"].iloc[0], rel=1e-12)
    assert out["method"].iloc[0] == "Chiang II, Silcocks 85+"


def test_xlsx_with_extra_grouping_column_and_pool(tmp_path):
    data = pd.read_csv(FIXTURES / "pooled_example.csv", dtype={"sex": str, "year": str})
    path = tmp_path / "pooled.xlsx"
    data.to_excel(path, index=False)
    by_year = invoke(str(path))
    assert by_year.exit_code == 0, by_year.output
    out = pd.read_csv(io.StringIO(by_year.stdout))
    assert list(out.columns[:4]) == ["area", "sex", "year", "age"]
    assert len(out) == 4
    pooled = invoke(str(path), "--pool", "year")
    assert pooled.exit_code == 0, pooled.output
    out = pd.read_csv(io.StringIO(pooled.stdout), dtype={"sex": str})
    assert len(out) == 2 and "year" not in out.columns
    summed = data.groupby(["area", "sex", "age_from"], as_index=False)[
        ["population", "deaths"]].sum()
    direct = life_expectancy(summed)
    assert out["value"].tolist() == pytest.approx(direct["value"].tolist(), rel=1e-12)
    assert out["method"].iloc[0] == (
        "Chiang II, Silcocks 90+, 2 perioder sammanslagna (befolkning = personår)"
    )


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_deaths_cell_names_row_and_column(tmp_path, phe_file):
    lines = phe_file.read_text().splitlines()
    lines[4] = lines[4].rsplit(",", 1)[0] + ",abc"  # spreadsheet row 5
    path = write(tmp_path, "\n".join(lines) + "\n")
    result = invoke(str(path))
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (
        f"{path}: rad 5, kolumn 'deaths': väntade ett heltal ≥ 0, fick 'abc'"
    )


def test_bad_population_and_age_cells(tmp_path, phe_file):
    lines = phe_file.read_text().splitlines()
    bad_pop = lines.copy()
    bad_pop[2] = "Sundby,2,1,-3,9"
    result = invoke(str(write(tmp_path, "\n".join(bad_pop))))
    assert result.exception.problem == "väntade ett tal ≥ 0, fick '-3'"
    assert (result.exception.row, result.exception.column) == (3, "population")
    bad_age = lines.copy()
    bad_age[7] = "Sundby,2,tjugo,38561,15"
    result = invoke(str(write(tmp_path, "\n".join(bad_age))))
    assert str(result.exception).endswith(
        "rad 8, kolumn 'age_from': väntade ett heltal ≥ 0, fick 'tjugo'")


def test_empty_area_cell(tmp_path, phe_file):
    lines = phe_file.read_text().splitlines()
    lines[3] = "," + lines[3].split(",", 1)[1]
    result = invoke(str(write(tmp_path, "\n".join(lines))))
    assert str(result.exception).endswith(
        "rad 4, kolumn 'area': väntade ett värde, fick en tom cell")


def test_missing_column_and_missing_file(tmp_path):
    path = write(tmp_path, "area,sex,age_from,population\nA,1,0,100\n")
    result = invoke(str(path))
    assert str(result.exception) == f"{path}: rad 1: saknade kolumner: 'deaths'"
    result = invoke(str(tmp_path / "nope.csv"))
    assert str(result.exception) == f"{tmp_path / 'nope.csv'}: filen finns inte"


def test_data_problem_is_reported_with_the_file(tmp_path, phe_file):
    lines = phe_file.read_text().splitlines()[:-1]  # drop the 90+ row
    path = write(tmp_path, "\n".join(lines))
    result = invoke(str(path))
    assert isinstance(result.exception, InputError)
    # the table ends at 85 (its 90+ row was dropped): the message suggests --open-band 85
    assert str(result.exception) == (
        f"{path}: rad 2: åldrar saknas för area='Sundby', sex='2': 90; tabellen slutar med "
        "åldersgruppen 85: är den den öppna gruppen 85+? Ange då --open-band 85")


def test_option_errors_are_not_blamed_on_the_file(phe_file):
    result = invoke(str(phe_file), "--age", "4")
    assert isinstance(result.exception, ArgumentError)
    assert str(result.exception) == (
        "age 4 är inte början på en åldersgrupp (väntade 0, 1, 5, 10, …, 90)")
    result = invoke(str(phe_file), "--confidence", "95")
    assert str(result.exception) == "confidence måste vara ett tal mellan 0 och 1, fick 95.0"
    result = invoke(str(phe_file), "--format", "xml")
    assert str(result.exception) == "format måste vara en av csv, json, fick 'xml'"
    result = invoke(str(phe_file), "--pool", "year")
    assert str(result.exception) == f"{phe_file}: rad 1: kolumnen 'year' för --pool finns inte"


def test_blank_lines_keep_row_numbers(tmp_path, phe_file):
    lines = phe_file.read_text().splitlines()
    lines.insert(3, "")  # a blank spreadsheet row 4; the old row 4 is now row 5
    lines[6] = lines[6].rsplit(",", 1)[0] + ",x"  # row 7 as the file shows it
    result = invoke(str(write(tmp_path, "\n".join(lines) + "\n\n")))
    assert str(result.exception).endswith(
        "rad 7, kolumn 'deaths': väntade ett heltal ≥ 0, fick 'x'")
    assert lines[6].startswith("Sundby,2,15,")
    lines[6] = lines[6].rsplit(",", 1)[0] + ",20"  # the published deaths at 15-19
    ok = invoke(str(write(tmp_path, "\n".join(lines) + "\n\n")))
    assert ok.exit_code == 0, ok.output
    # Blank rows are ignored: PHE's e0 for the example (answer1) comes back.
    value = pd.read_csv(io.StringIO(ok.stdout))["value"].iloc[0]
    assert value == pytest.approx(80.16960813, abs=1e-6)


def test_more_deaths_than_population_names_the_row(tmp_path, phe_file):
    lines = phe_file.read_text().splitlines()
    assert lines[19] == "Sundby,2,85,11936,1936"
    lines[19] = "Sundby,2,85,119,1936"  # PHEindicatormethods df_deaths_greater_pops
    result = invoke(str(write(tmp_path, "\n".join(lines))))
    assert str(result.exception).endswith(
        "rad 20, kolumn 'deaths': fler dödsfall än befolkning (1936 > 119)")
