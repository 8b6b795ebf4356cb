"""``jamlik inequality FILE`` (registered on a fresh Typer app)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from test_heat_helpers import nonordered25, ordered5
from typer.testing import CliRunner

from jamlik.cli._stats_heat import register
from jamlik.errors import ArgumentError, InputError
from jamlik.stats._heat import summary_measures

TEMPLATE = [
    "setting", "date", "source", "indicator_abbr", "indicator_name", "dimension", "subgroup",
    "estimate", "se", "ci_lb", "ci_ub", "population", "flag", "setting_average", "iso3",
    "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
    "reference_subgroup",
]  # fmt: skip


@pytest.fixture()
def app():
    application = typer.Typer()
    register(application)

    @application.command("other")
    def other() -> None:  # a second command, so Typer keeps the sub-command name
        """Nothing."""

    return application


def _template() -> pd.DataFrame:
    frame = pd.concat([ordered5(), nonordered25(dimension="region")], ignore_index=True)
    for column in TEMPLATE:
        if column not in frame.columns:
            frame[column] = np.nan if column in ("ci_lb", "ci_ub", "setting_average") else ""
    return frame[TEMPLATE]


def _invoke(app, *args):
    return CliRunner().invoke(app, ["inequality", *map(str, args)])


def test_csv_to_csv_matches_the_api(app, tmp_path: Path):
    path = tmp_path / "heat.csv"
    _template().to_csv(path, index=False)
    out = tmp_path / "out.csv"
    result = _invoke(app, path, "--seed", 3, "--output", out)
    assert result.exit_code == 0, result.output
    written = pd.read_csv(out)
    expected = summary_measures(_template(), rng=3)
    expected = expected[~expected["reason"].fillna("").str.startswith("kräver")]
    assert len(written) == len(expected)
    # Only the measures that apply to each dimension are written.
    assert set(written[written["dimension"] == "dim"]["measure"]) == {
        "D",
        "R",
        "ACI",
        "RCI",
        "SII",
        "RII",
        "PAF",
        "PAR",
    }
    # results are written to 12 significant digits (jamlik.cells.RESULT_DIGITS)
    np.testing.assert_allclose(written["value"], expected["value"].to_numpy(), rtol=1e-11)
    np.testing.assert_allclose(written["lower"], expected["lower"].to_numpy(), rtol=1e-11)


def test_json_output_and_heat_mode(app, tmp_path: Path):
    path = tmp_path / "heat.csv"
    _template().to_csv(path, index=False)
    result = _invoke(
        app, path, "--format", "json", "--compat", "heat", "--measures", "ACI,TI", "--seed", 1
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert {r["measure"] for r in records} == {"ACI", "TI"}
    for key in (
        "measure",
        "value",
        "lower",
        "upper",
        "method",
        "setting",
        "date",
        "source",
        "indicator_abbr",
        "dimension",
    ):
        assert key in records[0]
    ti = next(r for r in records if r["measure"] == "TI")
    # healthequal 1.0.0 tests/testthat/test-ti.R: 5.0359201, limits 5.0331367-5.0387035.
    assert ti["value"] == pytest.approx(5.0359201, rel=1e-4)
    assert ti["lower"] == pytest.approx(5.0331367, rel=1e-4)


def test_xlsx_and_excel_csv(app, tmp_path: Path):
    frame = _template()
    xlsx = tmp_path / "heat.xlsx"
    frame.to_excel(xlsx, index=False)
    semicolon = tmp_path / "heat_sv.csv"
    text = frame.to_csv(index=False, sep=";", decimal=",")
    semicolon.write_bytes(text.encode("cp1252"))
    outputs = []
    for path in (xlsx, semicolon):
        result = _invoke(app, path, "--measures", "D,BGV", "--format", "json")
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.output))
    assert outputs[0] == outputs[1]
    bgv = next(r for r in outputs[0] if r["measure"] == "BGV")
    assert bgv["value"] == pytest.approx(46.198326, rel=1e-6)  # healthequal test-bgv.R


def test_bad_cell_names_file_row_and_column(app, tmp_path: Path):
    frame = _template()
    frame["population"] = frame["population"].astype(object)
    frame.loc[6, "population"] = "många"  # data row 7 = file row 8
    path = tmp_path / "heat.csv"
    frame.to_csv(path, index=False)
    result = _invoke(app, path)
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (
        f"{path}: rad 8, kolumn 'population': väntade ett tal > 0, fick 'många'"
    )


def test_value_error_from_the_api_keeps_file_row(app, tmp_path: Path):
    frame = _template()
    frame.loc[2, "favourable_indicator"] = 5
    path = tmp_path / "heat.csv"
    text = frame.to_csv(index=False)
    lines = text.splitlines()
    lines.insert(2, ",,,,,,,,,,,,,,,,,,,")  # a blank row: data rows shift by one
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _invoke(app, path)
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (
        f"{path}: rad 5, kolumn 'favourable_indicator': väntade 0 eller 1, fick '5'"
    )


def test_missing_column(app, tmp_path: Path):
    path = tmp_path / "heat.csv"
    _template().drop(columns=["estimate"]).to_csv(path, index=False)
    result = _invoke(app, path)
    # the check of `jamlik import` (issue 10, kind 1: one validation per format)
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (
        f"{path}: rad 1: kolumner som HEAT Plus-mallen kräver saknas: estimate")


def test_missing_file(app, tmp_path: Path):
    result = _invoke(app, tmp_path / "finns_inte.csv")
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == f"{tmp_path / 'finns_inte.csv'}: filen finns inte"


def test_bad_format_and_confidence(app, tmp_path: Path):
    path = tmp_path / "heat.csv"
    _template().to_csv(path, index=False)
    result = _invoke(app, path, "--format", "xml")
    assert str(result.exception) == "format måste vara en av csv, json, fick 'xml'"
    result = _invoke(app, path, "--confidence", 1.5)
    assert str(result.exception) == (
        "confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick 1.5"
    )


def test_by_option(app, tmp_path: Path):
    frame = pd.concat([_template().assign(kön="K"), _template().assign(kön="M")], ignore_index=True)
    path = tmp_path / "heat.csv"
    frame.to_csv(path, index=False)
    result = _invoke(app, path, "--by", "kön", "--measures", "D", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert sorted((r["dimension"], r["kön"]) for r in records) == [
        ("dim", "K"),
        ("dim", "M"),
        ("region", "K"),
        ("region", "M"),
    ]
