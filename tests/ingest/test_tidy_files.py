"""jamlik's long format in CSV and Excel: parsing, every error message, hostile input."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.errors import InputError, UnknownFormatError
from jamlik.ingest import check_frame, detect_format, parse_file
from jamlik.ingest._files import read_tidy_csv, read_tidy_excel

GOOD = (
    "indicator,area_code,area_name,period,dimension,subgroup,value,population\n"
    "le,1480,Göteborg,2023,kon,kvinnor,84.1,300000\n"
    "le,1480,Göteborg,2023,kon,man,80.2,299000\n"
)


def parse(text: str | bytes, name="data.csv", tmp_path=None, **options):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_file(name, data=data, **options)[2]


def test_reads_the_long_format():
    frame = parse(GOOD)
    assert frame["value"].tolist() == [84.1, 80.2]
    assert frame["area_name"].tolist() == ["Göteborg", "Göteborg"]
    assert frame["area_version"].tolist() == ["Kommun_2025"] * 2
    assert frame["_row"].tolist() == [2, 3]


def test_latin1_and_utf8_give_the_same_table():
    latin = parse(GOOD.encode("latin-1"))
    utf8 = parse(GOOD.encode("utf-8-sig"))
    pd.testing.assert_frame_equal(latin, utf8)
    assert read_tidy_csv(GOOD.encode("latin-1"), file="x").details["encoding"] == "windows-1252"


def test_semicolons_with_decimal_comma():
    text = GOOD.replace(",", ";").replace("84.1", "84,1").replace("80.2", "80,2")
    assert parse(text)["value"].tolist() == [84.1, 80.2]


@pytest.mark.parametrize("text,message", [
    (GOOD.replace("300000", "abc"), "data.csv: rad 2, kolumn 'population': väntade ett tal, fick 'abc'"),
    (GOOD.replace("300000", "-5"), "data.csv: rad 2, kolumn 'population': väntade ett tal ≥ 0, fick '-5'"),
    (GOOD.replace("84.1", "nan"), "data.csv: rad 2, kolumn 'value': väntade ett tal, fick 'nan'"),
    (GOOD.replace("84.1", "inf"), "data.csv: rad 2, kolumn 'value': väntade ett ändligt tal, fick 'inf'"),
    (GOOD.replace("84.1", ""), "data.csv: rad 2, kolumn 'value': värde saknas; ange ett tal, "
                               "eller suppressed=1 med suppression_reason"),
    (GOOD.replace("le,1480,Göteborg,2023,kon,man", "le,1480,Göteborg,2023,kon,kvinnor"),
     "data.csv: rad 3: samma nyckel (indicator, area, period, dimension, subgroup) som rad 2; "
     "varje observation får bara förekomma en gång"),
    (GOOD.replace(",2023,kon,man", ",20x3,kon,man"),
     "data.csv: rad 3, kolumn 'period': väntade en period som '2024', '2019-2023', '2024K1', "
     "'2024H1', '2024M01', '2023V29' eller '2023/24', fick '20x3'"),
    (GOOD.replace("population", "befolkning"),
     "data.csv: rad 1: okänd kolumn 'befolkning'; väntade någon av: indicator, "),
    (GOOD.replace("le,1480,", ",1480,", 1), "data.csv: rad 2, kolumn 'indicator': värde saknas"),
    (GOOD.replace("2023,kon,man", "2023,total,man"),
     "data.csv: rad 3, kolumn 'dimension': 'total' betyder utan uppdelning och används bara för "
     "både dimension och undergrupp; fick dimension 'total', undergrupp 'man'"),
    (GOOD.replace("2023,kon,man", "2023,kon,total"),
     "data.csv: rad 3, kolumn 'subgroup': 'total' betyder utan uppdelning och används bara för "
     "både dimension och undergrupp; fick dimension 'kon', undergrupp 'total'"),
    (GOOD.replace(",population\n", ",population,suppressed,suppression_reason\n")
     .replace("84.1,300000", "84.1,300000,1,färre än 5").replace("80.2,299000", "80.2,299000,0,"),
     "data.csv: rad 2, kolumn 'value': raden är undertryckt (suppressed=1) men har ett värde; "
     "lämna value tomt eller ange suppressed=0"),
    (GOOD + "le,1480,Göteborg,2022,kon,man,80.0,299000,extra\n",
     "data.csv: rad 4: raden har fel antal fält"),
    (GOOD.replace("1480,Göteborg,2023,kon,man", "Angered,Angered,2023,kon,man"),
     "data.csv: rad 3, kolumn 'area_code': vet inte vilken områdesindelning 'Angered' hör till; "
     "ange kolumnen area_version eller argumentet area_version (t.ex. 'RegSO_2025')"),
    (GOOD.replace("1480,Göteborg,2023,kon,man", "1480R001,Centrum,2023,kon,man"),
     "data.csv: rad 3, kolumn 'area_code': vet inte vilken områdesindelning '1480R001' hör till "
     "(koden ser ut som RegSO, men RegSO_2020 eller RegSO_2025 har koder av samma form)"),
])
def test_every_error_names_file_row_and_column(text, message):
    with pytest.raises(InputError) as caught:
        parse(text)
    assert str(caught.value).startswith(message)


def test_boolean_and_integer_errors():
    text = GOOD.replace("value,population", "value,population,suppressed,subgroup_order")
    text = text.replace("84.1,300000", "84.1,300000,kanske,1").replace("80.2,299000", "80.2,299000,0,2")
    with pytest.raises(InputError, match=r"^data.csv: rad 2, kolumn 'suppressed': väntade 1/0 "
                                         r"\(ja/nej\), fick 'kanske'$"):
        parse(text)
    text = text.replace("kanske,1", "1,1.5")
    with pytest.raises(InputError, match=r"^data.csv: rad 2, kolumn 'subgroup_order': väntade "
                                         r"ett heltal, fick '1.5'$"):
        parse(text)


def test_empty_binary_and_unknown_files():
    with pytest.raises(InputError, match="^data.csv: filen är tom$"):
        parse(b"  \n")
    with pytest.raises(InputError, match="väntade en textfil"):
        parse(b"indicator\x00\x01\x02", format="csv")
    with pytest.raises(UnknownFormatError, match="känner inte igen formatet; ange det med argumentet format"):
        parse("a,b\n1,2\n")


def test_area_version_option_applies_to_unknown_codes():
    text = GOOD.replace("1480,Göteborg", "Angered,Angered")
    frame = parse(text, area_version="Stadsdel_2021")
    assert set(frame["area_version"]) == {"Stadsdel_2021"}


def excel_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_reads_numbers_exactly_and_names_rows():
    data = excel_bytes([["indicator", "area_code", "period", "value"],
                        ["le", "1480", 2023, 0.1 + 0.2], [None, None, None, None],
                        ["le", "1280", 2023, "x"]])
    with pytest.raises(InputError, match=r"^d.xlsx: rad 4, kolumn 'value': väntade ett tal, fick 'x'$"):
        parse(data, name="d.xlsx")
    data = excel_bytes([["indicator", "area_code", "period", "value"],
                        ["le", "1480", 2023, 1 / 3]])
    frame = parse(data, name="d.xlsx")
    assert frame["value"].tolist() == [1 / 3] and frame["period"].tolist() == ["2023"]
    assert detect_format(data, "d.xlsx") == "excel"


def test_excel_export_keeps_every_bit_of_a_float(tmp_path):
    from jamlik.jobs import write_export

    frame = parse(GOOD.replace("84.1", repr(0.1 + 0.2)))
    write_export(frame.drop(columns="_row"), tmp_path / "out.xlsx", fmt="xlsx")
    again = parse((tmp_path / "out.xlsx").read_bytes(), name="out.xlsx")
    assert again["value"].tolist() == [0.1 + 0.2, 80.2]


def test_a_file_that_is_not_excel():
    with pytest.raises(InputError, match="^d.xlsx: väntade en Excel-fil"):
        read_tidy_excel(b"not a zip", file="d.xlsx")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_table_or_an_input_error(data):
    try:
        frame = parse_file("fuzz.csv", data=data, format="csv")[2]
    except InputError:
        return
    check_frame(frame)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 7),
                          st.sampled_from(["", "x", "-1", "1e309", "ä", '"', ",", "\n", "0x1F",
                                           "1,5", " 2 ", "NaN", "2019-2018", "2024K5"])),
                max_size=6))
def test_mutated_files_give_a_table_or_an_input_error(mutations):
    lines = [line.split(",") for line in GOOD.strip().split("\n")]
    for row, column, text in mutations:
        if row < len(lines):
            lines[row][column] = text
    data = "\n".join(",".join(line) for line in lines).encode("utf-8")
    try:
        frame = parse_file("fuzz.csv", data=data, format="csv")[2]
    except InputError:
        return
    check_frame(frame)
    assert np.isfinite(frame["value"].dropna()).all()


def test_row_numbers_count_blank_lines():
    text = GOOD.replace("\nle,1480,Göteborg,2023,kon,man", "\n\nle,1480,Göteborg,2023,kon,man")
    assert parse(text)["_row"].tolist() == [2, 4]
    with pytest.raises(InputError, match="^data.csv: rad 4, kolumn 'value'"):
        parse(text.replace("80.2", "x"))


def test_the_reserved_row_column_is_refused():
    with pytest.raises(InputError, match="^data.csv: rad 1, kolumn '_row': kolumnnamnet '_row' "
                                         "används av jamlik för radnummer; byt namn på kolumnen$"):
        parse(GOOD.replace("population", "_row"))
