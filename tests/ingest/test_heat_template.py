"""Reading the WHO HEAT Plus upload template, and writing it back."""

import csv
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from jamlik.errors import ArgumentError, InputError
from jamlik.ingest import _kolada  # noqa: F401  (registers "kolada" for the sniff test)
from jamlik.ingest._base import FORMATS
from jamlik.ingest import write_heat_template
from jamlik.ingest._heat import TEMPLATE_COLUMNS, read_heat_template
from jamlik.ingest._tidy import check_frame

FIXTURES = Path(__file__).parents[1] / "fixtures" / "heat_template"
NUMERIC = ("date", "estimate", "se", "ci_lb", "ci_ub", "population", "setting_average",
           "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
           "reference_subgroup")


def rows_of(name):
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def xlsx_bytes(rows, columns=TEMPLATE_COLUMNS, sheets=()):
    """An xlsx template as Excel stores it: numbers as numbers, empty cells empty."""
    workbook = openpyxl.Workbook()
    for title in sheets:
        workbook.create_sheet(title, 0)["A1"] = "Instruktioner"
    sheet = workbook.create_sheet("data") if sheets else workbook.active
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for column in columns:
            text = row.get(column) or None
            if text is not None and column in NUMERIC:
                number = float(text)
                text = int(number) if number.is_integer() and "." not in text else number
            cells.append(text)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def expected_template(name):
    """The fixture read independently with pandas, typed as write_heat_template types it."""
    dtypes = {c: "Int64" for c in ("date", "favourable_indicator", "indicator_scale",
                                   "ordered_dimension", "subgroup_order", "reference_subgroup")}
    dtypes.update({c: float for c in ("estimate", "se", "ci_lb", "ci_ub", "population",
                                      "setting_average")})
    frame = pd.read_csv(FIXTURES / name, dtype=dtypes, keep_default_na=False,
                        na_values={c: [""] for c in dtypes})
    for column in frame.columns.difference(list(dtypes)):
        text = frame[column].astype(object)
        frame[column] = text.where(text != "", None)
    return frame


def test_goteborg_exact_values():
    parsed = read_heat_template((FIXTURES / "goteborg.csv").read_bytes(), file="g.csv")
    frame = check_frame(parsed.frame, file="g.csv")
    assert len(frame) == 31 + 2
    angered = frame[(frame["subgroup"] == "Angered")
                    & (frame["indicator"] == "medellivslangd_30")].iloc[0]
    assert angered[["value", "se", "lower", "upper", "confidence", "population"]].tolist() == [
        47.9, 0.35, 47.21, 48.59, 0.95, 31800.0]
    assert angered[["area_code", "area_name", "area_version", "period", "dimension",
                    "dimension_name", "subgroup_name", "polarity", "scale", "source",
                    "indicator_name"]].tolist() == [
        "Göteborg", "Göteborg", "HEAT", "2023", "stadsdel", "Stadsdel", "Angered",
        "higher_better", 1.0, "SCB, Befolkningsstatistik",
        "Återstående medellivslängd vid 30 år (år)"]
    assert angered["_row"] == 2
    assert not angered["dimension_ordered"] and pd.isna(angered["subgroup_order"])
    education = frame[frame["dimension"] == "utbildningsnivå"]
    assert education["subgroup_order"].tolist() == [1, 2, 3]
    assert education["dimension_ordered"].all()
    birth = frame[frame["dimension"] == "födelseland"].set_index("subgroup")
    assert birth["reference_subgroup"].tolist() == [True, False, False, False]
    outside = birth.loc["Utanför Europa"]
    assert bool(outside["suppressed"]) and np.isnan(outside["value"])
    assert outside["suppression_reason"] == "estimate saknas i mallen"
    assert outside["flag"] == "För få dödsfall för en säker skattning"
    sickness = frame[frame["indicator"] == "ohalsotal"]
    assert set(sickness["polarity"]) == {"lower_better"}
    assert sickness.loc[sickness["subgroup"] == "Lundby", "flag"].tolist() == [
        "Preliminär uppgift"]
    assert len(frame[frame["dimension"] == "stadsdel"]) == 20


def test_setting_average_becomes_one_total_observation_per_indicator():
    frame = read_heat_template((FIXTURES / "goteborg.csv").read_bytes()).frame
    totals = frame[frame["dimension"] == "total"]
    assert totals[["indicator", "subgroup", "value", "_row", "source"]].values.tolist() == [
        ["medellivslangd_30", "total", 51.4, 2, "SCB, Befolkningsstatistik"],
        ["ohalsotal", "total", 22.4, 21, "Försäkringskassan"]]
    assert not totals["suppressed"].any()


def test_who_example_data_matches_healthequal():
    # Published values: healthequal 1.0.1 (WHOequity/healthequal), reference pages of the
    # datasets OrderedSample and NonorderedSample, head() output: Quintile 1 (poorest)
    # estimate 75.60530, se 1.5996131, population 2072.436; aceh 95.11784, se 1.5384434,
    # population 230.20508, reference_subgroup 1; setting_average 91.59669; scale 100.
    parsed = read_heat_template((FIXTURES / "who_example.csv").read_bytes())
    frame = check_frame(parsed.frame)
    poorest = frame[frame["subgroup"] == "Quintile 1 (poorest)"].iloc[0]
    assert poorest[["value", "se", "population", "subgroup_order", "scale"]].tolist() == [
        75.60530, 1.5996131, 2072.436, 1, 100.0]
    assert frame[frame["dimension"] == "economic_status_(wealth_quintile)"][
        "subgroup_order"].tolist() == [1, 2, 3, 4, 5]
    aceh = frame[frame["subgroup"] == "aceh"].iloc[0]
    assert aceh[["value", "se", "population"]].tolist() == [95.11784, 1.5384434, 230.20508]
    assert bool(aceh["reference_subgroup"]) and not aceh["dimension_ordered"]
    assert frame.loc[frame["dimension"] == "total", "value"].tolist() == [91.59669]
    assert parsed.details["iso3"] == {"Indonesia": "IDN"}


@pytest.mark.parametrize("name", ["goteborg.csv", "who_example.csv"])
def test_xlsx_reads_like_csv(name):
    from_csv = read_heat_template((FIXTURES / name).read_bytes()).frame
    parsed = read_heat_template(xlsx_bytes(rows_of(name)), file="mall.xlsx")
    pd.testing.assert_frame_equal(parsed.frame, from_csv)
    assert parsed.details["format"] == "xlsx" and parsed.details["sheet"] == "Sheet"


def test_xlsx_column_named_like_the_row_label():
    columns = [c if c != "flag" else "_row" for c in TEMPLATE_COLUMNS]
    with pytest.raises(InputError, match="^rad 1, kolumn '_row': kolumnnamnet '_row' används"):
        read_heat_template(xlsx_bytes(rows_of("who_example.csv"), columns=columns))


def test_xlsx_data_sheet_after_an_instruction_sheet():
    data = xlsx_bytes(rows_of("who_example.csv"), sheets=["Instruktioner"])
    parsed = read_heat_template(data)
    assert parsed.details["sheet"] == "data" and len(parsed.frame) == 12


def test_swedish_excel_export_windows_1252_semicolon_decimal_comma():
    utf8 = read_heat_template((FIXTURES / "goteborg.csv").read_bytes())
    export = read_heat_template((FIXTURES / "goteborg_excel_export.csv").read_bytes())
    pd.testing.assert_frame_equal(export.frame, utf8.frame)
    assert utf8.details["encoding"] == "utf-8" and utf8.details["separator"] == ","
    assert (export.details["encoding"], export.details["separator"],
            export.details["decimal"]) == ("windows-1252", ";", ",")


def test_utf8_with_bom_and_old_column_names():
    text = (FIXTURES / "who_example.csv").read_text(encoding="utf-8")
    text = text.replace("setting,date,", "Country,Year,", 1).replace(
        "setting_average", "national", 1)
    parsed = read_heat_template(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert parsed.details["date_column"] == "Year"
    assert parsed.frame["period"].unique().tolist() == ["2017"]


def test_optional_columns_may_be_left_out_and_extra_columns_are_ignored():
    rows = rows_of("who_example.csv")
    columns = [c for c in TEMPLATE_COLUMNS if c not in ("se", "ci_lb", "ci_ub", "flag", "iso3",
                                                        "population", "setting_average")]
    data = xlsx_bytes([{**r, "whoreg6": "SEAR"} for r in rows], columns=[*columns, "whoreg6"])
    parsed = read_heat_template(data)
    assert parsed.details["ignored_columns"] == ["whoreg6"]
    assert parsed.details["iso3"] == {}
    frame = check_frame(parsed.frame)
    assert frame["se"].isna().all() and not (frame["dimension"] == "total").any()


def test_area_version_option():
    frame = read_heat_template((FIXTURES / "who_example.csv").read_bytes(),
                               area_version="Land").frame
    assert set(frame["area_version"]) == {"Land"}


@pytest.mark.parametrize("value", ["", "  ", None, 3])
def test_area_version_argument_error(value):
    with pytest.raises(ArgumentError, match=f"^area_version måste vara en icke-tom text, "
                       f"fick {value!r}$"):
        read_heat_template(b"setting\n", area_version=value)


@pytest.mark.parametrize("name", ["goteborg.csv", "who_example.csv"])
def test_round_trip_template_to_tidy_to_template(name):
    parsed = read_heat_template((FIXTURES / name).read_bytes())
    written = write_heat_template(parsed.frame, iso3=parsed.details["iso3"])
    pd.testing.assert_frame_equal(written, expected_template(name), check_dtype=False)
    assert written.dtypes["date"] == "Int64" and written.dtypes["estimate"] == float


def test_round_trip_from_xlsx():
    parsed = read_heat_template(xlsx_bytes(rows_of("goteborg.csv")))
    written = write_heat_template(parsed.frame, iso3=parsed.details["iso3"])
    pd.testing.assert_frame_equal(written, expected_template("goteborg.csv"), check_dtype=False)


def test_write_from_other_sources():
    frame = pd.DataFrame({
        "indicator": ["N00945"] * 3, "area_code": ["1480"] * 3, "area_name": ["Göteborg"] * 3,
        "period": ["2023"] * 3, "dimension": ["total", "kon", "kon"],
        "subgroup": ["total", "kvinnor", "man"], "subgroup_name": [None, "Kvinnor", "Män"],
        "dimension_name": [None, "Kön", "Kön"], "value": [74.2, 77.5, 70.9],
        "polarity": ["higher_better"] * 3, "scale": [1.0] * 3, "indicator_source": ["Kolada"] * 3,
    })
    written = write_heat_template(frame)
    assert written[["setting", "source", "dimension", "subgroup", "estimate", "setting_average",
                    "favourable_indicator", "ordered_dimension", "subgroup_order",
                    "reference_subgroup"]].values.tolist() == [
        ["Göteborg", "Kolada", "Kön", "Kvinnor", 77.5, 74.2, 1, 0, 0, 0],
        ["Göteborg", "Kolada", "Kön", "Män", 70.9, 74.2, 1, 0, 0, 0]]
    assert written["indicator_name"].tolist() == ["N00945", "N00945"]
    assert written["iso3"].isna().all()


def valid_tidy(**changes):
    frame = pd.DataFrame({
        "indicator": ["x"], "area_code": ["A"], "period": ["2023"], "dimension": ["kon"],
        "subgroup": ["kvinnor"], "value": [1.0], "source": ["S"], "polarity": ["lower_better"],
        "scale": [100.0],
    })
    for column, value in changes.items():
        frame[column] = [value]
    return frame


@pytest.mark.parametrize("frame, kwargs, message", [
    ([1], {}, "^frame måste vara en pandas.DataFrame, fick list$"),
    (valid_tidy(), {"iso3": ["SWE"]}, "^iso3 måste vara en mappning setting → landskod, "
                                      "fick list$"),
    (pd.DataFrame({"indicator": ["x"]}), {}, "^frame saknar kolumnerna area_code, period$"),
    (valid_tidy(period="2019-2023"), {}, "^HEAT Plus-mallen har bara år med fyra siffror; "
     "indikatorn 'x' \\(A, 2019-2023\\) har perioden '2019-2023'$"),
    (valid_tidy(source=None), {}, "^HEAT Plus-mallen kräver source; indikatorn 'x' "
     "\\(A, 2023\\) saknar både source och indicator_source$"),
    (valid_tidy(polarity="neutral"), {}, "^HEAT Plus-mallen kräver favourable_indicator; "
     "indikatorn 'x' \\(A, 2023\\) har polariteten 'neutral', behöver higher_better eller "
     "lower_better$"),
    (valid_tidy(scale=None), {}, "^HEAT Plus-mallen kräver ett heltal > 0 som indicator_scale; "
     "indikatorn 'x' \\(A, 2023\\) har scale saknas$"),
    (valid_tidy(scale=2.5), {}, "^HEAT Plus-mallen kräver ett heltal > 0 som indicator_scale; "
     "indikatorn 'x' \\(A, 2023\\) har scale 2.5$"),
    (valid_tidy(confidence=0.9, lower=0.5, upper=1.5), {}, "^HEAT Plus-mallen har 95 % "
     "konfidensintervall; indikatorn 'x' \\(A, 2023\\) har confidence 0.9$"),
    (valid_tidy(dimension_ordered=True), {}, "^subgroup_order saknas för subgruppen 'kvinnor' "
     "i den ordnade dimensionen 'kon' \\(indikatorn 'x' \\(A, 2023\\)\\)$"),
])
def test_write_argument_errors(frame, kwargs, message):
    with pytest.raises(ArgumentError, match=message):
        write_heat_template(frame, **kwargs)


def test_write_names_the_first_bad_row_and_its_first_problem():
    """The checks are set-wise (issue 8: 20,000 rows in milliseconds), the message stays the
    one of the first row in order that breaks a rule, and of the first rule it breaks."""
    frame = pd.concat([valid_tidy(), valid_tidy(indicator="y", polarity="neutral", scale=2.5),
                       valid_tidy(indicator="z", period="2019-2023")], ignore_index=True)
    with pytest.raises(ArgumentError, match="^HEAT Plus-mallen kräver favourable_indicator; "
                       "indikatorn 'y' "):
        write_heat_template(frame)
    frame.loc[1, "polarity"] = "higher_better"
    with pytest.raises(ArgumentError, match="indicator_scale; indikatorn 'y' .* scale 2.5$"):
        write_heat_template(frame)
    frame.loc[1, "scale"] = 100.0
    with pytest.raises(ArgumentError, match="indikatorn 'z' .* perioden '2019-2023'$"):
        write_heat_template(frame)


def test_sniff_and_registration():
    fmt = FORMATS["heat"]
    assert fmt.read is read_heat_template
    assert fmt.sniff((FIXTURES / "goteborg_excel_export.csv").read_bytes(), "g.csv")
    assert fmt.sniff(xlsx_bytes(rows_of("who_example.csv"), sheets=["Info"]), "m.xlsx")
    assert not fmt.sniff(b"indicator,area_code,period,value\nx,1480,2023,1\n", "t.csv")
    assert not fmt.sniff(b"PK\x03\x04 not really a zip", "m.xlsx")
    assert not FORMATS["kolada"].sniff((FIXTURES / "goteborg.csv").read_bytes(), "g.csv")
