"""One reading of numbers typed into a table (issue 8): every statistics command reads
``1 234,5`` (decimal comma, spaces between thousands) as 1234.5, and refuses the same
cells, because they all call :func:`jamlik.ingest.parse_numbers`."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from jamlik.cli import app
from jamlik.ingest import parse_number, parse_numbers

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ESP_BANDS = ["0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
             "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89",
             "90+"]


SPACES = ("\u00a0", "\u202f", " ")  # no-break, narrow no-break (CLDR sv), plain


def swedish(value: float, space: str) -> str:
    """A number as a Swedish spreadsheet shows it: 12 345,5, grouped with ``space``."""
    whole, _, decimals = f"{value:.10g}".partition(".")
    grouped = f"{int(whole):,}".replace(",", space)
    return grouped + ("," + decimals if decimals else "")


def run(*args) -> pd.DataFrame:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return pd.read_csv(io.StringIO(result.output))


def both(tmp_path: Path, frame: pd.DataFrame, columns: list[str]) -> tuple[Path, Path]:
    """The table as a plain CSV and as a Swedish semicolon CSV with grouped numbers."""
    plain, local = tmp_path / "plain.csv", tmp_path / "swedish.csv"
    frame.to_csv(plain, index=False)
    shown = frame.copy()
    for column in columns:
        shown[column] = [swedish(v, SPACES[i % 3]) if pd.notna(v) else ""
                         for i, v in enumerate(frame[column])]
    shown.to_csv(local, index=False, sep=";")
    written = local.read_text(encoding="utf-8")
    assert all(space in written for space in SPACES[:2])  # the cases are really there
    return plain, local


def test_parse_number_reads_swedish_and_plain_numbers_and_refuses_words():
    assert parse_number("1 234,5") == 1234.5
    assert parse_number("1\u00a0234,5") == parse_number("1\u202f234,5") == 1234.5
    assert parse_number("-0,25") == -0.25 and parse_number("3e2") == 300.0
    assert np.isnan(parse_number("")) and np.isnan(parse_number("  "))
    for bad in ("abc", "nan", "inf", "1,234.5", "1.234,5", "12-3"):
        with pytest.raises(ValueError):
            parse_number(bad)
    values, bad = parse_numbers(pd.Series(["1 234,5", "", None, "x", 7.0], dtype=object))
    assert values[0] == 1234.5 and values[4] == 7.0 and np.isnan(values[1:4]).all()
    assert bad.tolist() == [False, False, False, True, False]


def test_sii_reads_grouped_decimal_comma_numbers(tmp_path):
    frame = pd.read_csv(FIXTURES / "uk" / "phe_le_data_males.csv").rename(
        columns={"GeoCode": "area", "Decile": "quantile", "Pop": "population",
                 "LifeExp": "value", "SE": "se"}).drop(columns=["Deaths", "Sex"])
    plain, local = both(tmp_path, frame, ["population", "value", "se"])
    expected = run("sii", plain, "--reps", 1000, "--seed", 1)
    pd.testing.assert_frame_equal(run("sii", local, "--reps", 1000, "--seed", 1), expected)


def test_dsr_reads_grouped_decimal_comma_numbers(tmp_path):
    frame = pd.DataFrame({"area": "Kommun", "sex": "män", "age_band": ESP_BANDS,
                          "count": [12.0, 3, 0, 0, 1, 5, 9, 14, 20, 31, 45, 60, 88, 120, 150,
                                    170, 160, 110, 60],
                          "population": [1234.5, 2100, 2050, 1999, 2400, 2600, 2700, 2500,
                                         2300, 2200, 2100, 2000, 1900, 1800, 1500, 1100, 800,
                                         400, 150]})
    plain, local = both(tmp_path, frame, ["count", "population"])
    pd.testing.assert_frame_equal(run("dsr", local), run("dsr", plain))


def test_lifeexp_reads_grouped_decimal_comma_numbers(tmp_path):
    frame = pd.read_csv(FIXTURES / "life" / "phe_example.csv").astype({"population": float})
    frame.insert(0, "sex", "2")
    frame.insert(0, "area", "Sundby")
    frame.loc[0, "population"] = 7060.5  # a decimal part, so the comma is really read
    plain, local = both(tmp_path, frame, ["population", "deaths"])
    pd.testing.assert_frame_equal(run("lifeexp", local), run("lifeexp", plain))


def test_inequality_reads_grouped_decimal_comma_numbers(tmp_path):
    data = pd.read_csv(FIXTURES / "heat" / "healthequal_ordered5.csv")
    frame = pd.DataFrame({
        "setting": "Sundby", "date": 2023, "source": "test", "indicator_abbr": "x",
        "indicator_name": "X", "dimension": "inkomst",
        "subgroup": [f"q{order}" for order in data["subgroup_order"]],
        "estimate": data["estimate"] + 0.5, "se": data["se"], "population": data["population"] * 100,
        "favourable_indicator": 1, "indicator_scale": 100, "ordered_dimension": 1,
        "subgroup_order": data["subgroup_order"], "reference_subgroup": 0,
    })
    plain, local = both(tmp_path, frame, ["estimate", "se", "population"])
    expected = run("inequality", plain, "--seed", 1, "--measures", "D,R,SII,RII")
    got = run("inequality", local, "--seed", 1, "--measures", "D,R,SII,RII")
    pd.testing.assert_frame_equal(got, expected)
    assert len(expected) == 4


@pytest.mark.parametrize("command, column, extra", [
    ("sii", "population", ["--reps", 1000]),
    ("dsr", "population", []),
    ("lifeexp", "population", []),
])
def test_every_command_refuses_the_same_cell(tmp_path, command, column, extra):
    if command == "sii":
        frame = pd.read_csv(FIXTURES / "uk" / "phe_le_data_males.csv").rename(
            columns={"GeoCode": "area", "Decile": "quantile", "Pop": "population",
                     "LifeExp": "value", "SE": "se"}).drop(columns=["Deaths", "Sex"])
    elif command == "dsr":
        frame = pd.DataFrame({"area": "K", "sex": "män", "age_band": ESP_BANDS, "count": 1,
                              "population": 100.0})
    else:
        frame = pd.read_csv(FIXTURES / "life" / "phe_example.csv").astype({"population": object})
        frame.insert(0, "sex", "2")
        frame.insert(0, "area", "Sundby")
    frame = frame.astype({column: object})
    frame.loc[1, column] = "1,234.5"  # both separators: ambiguous, refused everywhere
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    result = CliRunner().invoke(app, [command, str(path), *map(str, extra)])
    assert result.exit_code != 0
    assert "rad 3" in str(result.exception) and f"'{column}'" in str(result.exception)
    assert "1,234.5" in str(result.exception)
