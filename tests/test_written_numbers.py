"""Numbers as jamlik writes them (issue 10, kind 11): a count 12 is ``12``, not ``12.0``,
and a computed 0 is ``0``, not ``4.5e-13``, in CSV, JSON and XLSX."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from jamlik import export_frame, import_file, write_export
from jamlik.cells import result_number, result_numbers, whole_number, whole_numbers
from jamlik.cli import app
from jamlik.store import connect

HEADER = ("setting,date,source,indicator_abbr,indicator_name,dimension,subgroup,estimate,se,"
          "population,favourable_indicator,indicator_scale,ordered_dimension,subgroup_order,"
          "reference_subgroup")


@pytest.mark.parametrize(("value", "written"), [
    (12.0, "12"), (-0.0, "0"), (4.5e-13, "0"), (-4.5e-13, "0"), (15.390624999999998, "15.390625"),
    (1.0000000000000007, "1"), (0.1 + 0.2, "0.3"), (2.5, "2.5"), (84.1, "84.1"),
    (np.float64(3.0), "3"), (np.int64(7), "7"), ("12.0", "12.0"),
])
def test_a_result_number(value, written):
    assert str(result_number(value)) == written


def test_missing_and_infinite_stay_as_they_are():
    assert math.isnan(result_number(float("nan"))) and result_number(math.inf) == math.inf
    assert whole_number(2.0**60) == 2.0**60  # beyond 2**53 an int would claim too much


def test_whole_numbers_are_lossless(tmp_path):
    rng = np.random.default_rng(5)
    values = np.concatenate([rng.normal(size=200) * 10.0 ** rng.integers(-20, 20, 200),
                             np.arange(50, dtype=float), [np.nan, 4.5e-13, 0.1 + 0.2]])
    frame = pd.DataFrame({"value": values})
    text = whole_numbers(frame).to_csv(index=False)
    assert "\n12\n" in text and "12.0" not in text
    cells = [cell.strip('"') for cell in text.splitlines()[1:]]  # a lone empty cell is ""
    back = np.array([float(cell) if cell else np.nan for cell in cells])
    np.testing.assert_array_equal(back, values)  # bit for bit, NaN where NaN


def test_result_numbers_round_only_floats():
    frame = pd.DataFrame({"n": [1, 2], "x": [4.5e-13, 2.0], "name": ["a", "b"]})
    out = result_numbers(frame)
    assert out["n"].tolist() == [1, 2] and out["name"].tolist() == ["a", "b"]
    assert out["x"].tolist() == [0, 2] and all(type(v) is int for v in out["x"])


def _equal_subgroups(tmp_path: Path) -> Path:
    """Five ordered subgroups with the same estimate: every gap is 0, computed with noise."""
    lines = [HEADER] + [f"Malmö,2023,SCB,ind,Indikator,utbildning,u{i},30,5,{70 + 7 * i},1,100,1,"
                        f"{i},0" for i in range(1, 6)]
    path = tmp_path / "heat.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _invoke(*args) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_inequality_writes_no_noise_and_whole_numbers_as_integers(tmp_path):
    path = _equal_subgroups(tmp_path)
    text = _invoke("inequality", path, "--seed", 1, "--measures", "D,R,ACI,RCI,SII,RII")
    table = pd.read_csv(io.StringIO(text)).set_index("measure")
    numbers = table[["value", "se", "lower", "upper"]].to_numpy(dtype=float).ravel()
    tiny = numbers[np.isfinite(numbers) & (numbers != 0) & (np.abs(numbers) < 1e-9)]
    assert tiny.size == 0, text
    assert table.loc["ACI", "value"] == 0 and table.loc["RII", "value"] == 1
    rows = {line.split(",")[5]: line for line in text.splitlines()[1:]}
    assert rows["D"].split(",")[6] == "0" and rows["R"].split(",")[6] == "1"
    assert "e-1" not in text
    records = json.loads(_invoke("inequality", path, "--seed", 1, "--measures", "D,R,ACI",
                                 "--format", "json"))
    assert {r["measure"]: r["value"] for r in records} == {"D": 0, "R": 1, "ACI": 0}
    assert all(type(r["value"]) is int for r in records)


def test_an_export_writes_a_count_as_an_integer(tmp_path):
    (tmp_path / "counts.csv").write_text(
        "indicator,area_code,period,value,population\n"
        "antal,1480,2023,12,300000\nantal,1280,2023,7,250000\nandel,1480,2023,84.1,300000\n",
        encoding="utf-8")
    engine = connect(f"sqlite:///{tmp_path / 'j.db'}")
    try:
        import_file(tmp_path / "counts.csv", engine=engine)
        frame = export_frame(engine)
    finally:
        engine.dispose()
    csv_text = write_export(frame, tmp_path / "out.csv", format="csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    written = {(r["indicator"], r["area_code"]): (r["value"], r["population"]) for r in rows}
    assert written[("antal", "1480")] == ("12", "300000")
    assert written[("andel", "1480")] == ("84.1", "300000")
    assert ".0," not in csv_text
    sheet = openpyxl.load_workbook(write_export(frame, tmp_path / "out.xlsx", format="xlsx"))
    cells = [row for row in sheet.active.iter_rows(values_only=True)]
    header = cells[0]
    values = {row[header.index("area_code")] + row[header.index("indicator")]:
              row[header.index("value")] for row in cells[1:]}
    assert values["1480antal"] == 12 and type(values["1480antal"]) is int
    assert values["1480andel"] == 84.1


def test_a_web_download_writes_whole_numbers_as_integers_and_no_noise():
    from jamlik.web._tables import Column, Table, to_csv, to_xlsx

    table = Table(name="t", caption="t", columns=[Column("area", "Område"),
                                                  Column("n", "Antal", "number"),
                                                  Column("gap", "Skillnad", "number")],
                  rows=[{"area": "A", "n": 12.0, "gap": 4.5e-13},
                        {"area": "B", "n": np.float64(7.0), "gap": 15.390624999999998}])
    text = to_csv(table, example_label="exempeldata", example_value="ja").decode("utf-8-sig")
    assert text.splitlines()[1:] == ["A,12,0", "B,7,15.390625"]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, example_label="x", example_value="ja",
                                                     about=[])))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1] == ("A", 12, 0) and type(rows[1][1]) is int
