"""Issue 11: the small cases rebuilt from real agency files (tests/fixtures/real-files).

Each test is one "Why" bullet of the issue, or one kind it names; each failed
before the fix (traceback, silent Riket, lost warning, wrong letters, refusal).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jamlik.errors import InputError, render_options
from jamlik.ingest import parse_file, parse_period, read_px, read_pxweb
from jamlik.jobs import import_file
from jamlik.store import list_batches

FIXTURES = Path(__file__).parents[1] / "fixtures"
REAL = FIXTURES / "real-files"


def read(name: str, **options):
    reader = read_px if name.endswith(".px") else read_pxweb
    return reader((REAL / name).read_bytes(), file=name, **options)


# --- areas are never guessed -------------------------------------------------------------

@pytest.mark.parametrize("name", ["jsonstat2_unknown_region_min.json",
                                  "pxwebjson_v1_unknown_region_min.json"])
def test_foreign_region_codes_are_refused_clearly_not_a_traceback(name):
    # before: ValueError int('value[0]') in _fill_area_versions
    with pytest.raises(InputError) as caught:
        parse_file(REAL / name)
    message = str(caught.value)
    assert "regionvariabeln 'region' har koder som inte är SCB:s (t.ex. 'KU091'" in message
    assert "argumentet area_version" in message
    assert caught.value.row == "dimension.Region" if "jsonstat2" in name else "columns"


@pytest.mark.parametrize("name", ["jsonstat2_unknown_region_min.json",
                                  "pxwebjson_v1_unknown_region_min.json"])
def test_foreign_region_codes_go_into_the_named_area_version(name):
    _format, parsed, frame, _hash = parse_file(REAL / name, area_version="Byra_X_Region",
                                               table_id="T1")
    assert frame[["area_code", "area_version"]].drop_duplicates().values.tolist() == [
        ["KU091", "Byra_X_Region"]]


def test_a_known_foreign_agency_gets_its_own_area_version_never_swedish_municipalities():
    data = json.loads((REAL / "jsonstat2_unknown_region_min.json").read_text("utf-8"))
    data["source"] = "Statistics Norway"
    data["dimension"]["Region"]["category"] = {"index": {"0301": 0},
                                               "label": {"0301": "Oslo"}}
    parsed = read_pxweb(json.dumps(data).encode(), file="ssb.json")
    row = parsed.frame.iloc[0]
    assert (row.area_code, row.area_version, row.area_name) == (
        "0301", "Statistics_Norway_Region", "Oslo")
    assert any("Statistics_Norway_Region" in w for w in parsed.details["warnings"])


def test_a_foreign_national_table_is_not_swedens_total():
    text = (REAL / "i07_triple_dots.px").read_text("latin-1")
    finnish = (text.replace('SOURCE="SCB"', 'SOURCE="Tilastokeskus"')
               .replace('STUB="region","kön"', 'STUB="kön"'))
    finnish = "\n".join(line for line in finnish.split("\n") if '("region")' not in line)
    finnish = finnish.replace("DATA=\n\"...\" 2\n3 4\n5 6\n7 8;", "DATA=\n1 2\n3 4;")
    data = finnish.encode("latin-1")
    with pytest.raises(InputError, match="ingen regionvariabel och är inte svensk .källan "
                                         "'Tilastokeskus'.; raderna antas inte gälla Sverige"):
        read_px(data, file="fi.px")
    parsed = read_px(data, file="fi.px", area_code="FI", area_version="Land")
    assert set(parsed.frame.area_code) == {"FI"} and set(parsed.frame.area_version) == {"Land"}


def test_a_swedish_national_table_is_riket():
    text = (REAL / "i07_triple_dots.px").read_text("latin-1")
    national = text.replace('STUB="region","kön"', 'STUB="kön"')
    national = "\n".join(line for line in national.split("\n") if '("region")' not in line)
    national = national.replace("DATA=\n\"...\" 2\n3 4\n5 6\n7 8;", "DATA=\n1 2\n3 4;")
    parsed = read_px(national.encode("latin-1"), file="se.px")
    assert set(parsed.frame.area_code) == {"00"}


# --- every warning reaches the user and the batch record ---------------------------------

def test_every_warning_is_kept_from_every_step(store):
    import_file(REAL / "i07_triple_dots.px", engine=store)  # stores Malmö as 'Malmö'
    result = import_file(REAL / "i12_utf8_renamed.px", engine=store)
    assert result.warnings == [
        "filen anger teckenkodningen 'iso-8859-1' men är giltig UTF-8; den lästes som UTF-8",
        "området '1280' (Kommun_2025) heter 'Malmö' i databasen, 'Malmö stad' i filen"]
    [batch] = [b for b in list_batches(store) if b.id == result.batch_id]
    assert batch.details["warnings"] == result.warnings


# --- encodings ---------------------------------------------------------------------------

def test_undeclared_windows_1252_is_not_read_as_code_page_850_silently():
    parsed = read("i11_no_charset_cp1252.px")
    assert set(parsed.frame.area_name) == {"Göteborg", "Malmö"}
    assert set(parsed.frame.subgroup_name) == {"män", "kvinnor"}
    assert parsed.details["encoding"] == "windows-1252"
    [warning] = [render_options(w) for w in parsed.details["warnings"]]
    assert "kodsida 850" in warning and "'k÷n'" in warning and "argumentet encoding 'cp850'" in warning


def test_the_user_can_choose_the_encoding():
    parsed = read("i11_no_charset_cp1252.px", encoding="cp850")
    assert "Malm÷" in set(parsed.frame.area_name)  # the user's choice is honoured
    assert any("felkodad" in w for w in parsed.details["warnings"])


def test_a_file_wrong_in_every_guess_asks_for_the_encoding():
    data = (REAL / "i11_no_charset_cp1252.px").read_bytes().replace(b"MATRIX", b"\x81\x8d\x8fX")
    with pytest.raises(InputError, match=r"ange filens kodning med argumentet encoding"):
        read_px(data, file="x.px")


# --- PX dialects PxWeb reads --------------------------------------------------------------

def test_a_quoted_text_continued_on_the_next_line():
    parsed = read("i09_multiline_string.px")
    assert parsed.details["notes"] == ["Första raden andra raden"]
    assert parsed.frame.value.tolist() == [1, 2, 3, 4, 5, 6, 7, 8]


def test_a_note_continued_as_further_quoted_strings():
    parsed = read("i01_note_semicolon_statements.px")
    assert parsed.details["notes"] == ["Första stycket. Andra stycket med åäö."]


def test_triple_dots_stay_suppressed_with_their_meaning():
    frame = read("i07_triple_dots.px").frame
    cell = frame[frame.suppressed.astype(bool)]
    assert len(cell) == 1 and cell.suppression_reason.iloc[0] == (
        "... uppgift saknas (PX-datasymbol 3)")


def test_a_decimal_comma_is_read_when_unambiguous_and_named():
    parsed = read("i08_decimal_comma.px")
    assert sorted(parsed.frame.value) == [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5]
    assert parsed.details["warnings"] == [
        "DATA skriver decimaltal med decimalkomma (t.ex. '1,5'); kommat lästes som decimaltecken"]


def test_a_decimal_comma_that_does_not_fit_is_named_in_the_message():
    data = (REAL / "i08_decimal_comma.px").read_bytes().replace(b"7,5 8,5;", b"7,5;")
    with pytest.raises(InputError, match=r"DATA har 14 värden; väntade 8 .* DATA verkar ha "
                                         r"decimalkomma \(t.ex. '1,5'\)"):
        read_px(data, file="x.px")


def test_data_rows_ending_in_semicolons():
    data = (REAL / "i07_triple_dots.px").read_bytes().replace(
        b'"..." 2\n3 4\n5 6\n7 8;', b'1 2;\n3 4;\n5 6;\n7 8;')
    assert read_px(data, file="x.px").frame.value.tolist() == [1, 2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize(("scale", "codes", "periods", "kind"), [
    ("H1", ["19951", "19952"], ["1995H1", "1995H2"], "half_year"),
    ("Q1", ["19951", "19952"], ["1995K1", "1995K2"], "quarter"),
    ("M1", ["199501", "199502"], ["1995M01", "1995M02"], "month"),
    ("W1", ["202328", "202329"], ["2023V28", "2023V29"], "week"),
])
def test_tlist_periods_are_period_types_of_their_own(scale, codes, periods, kind):
    data = (REAL / "i07_triple_dots.px").read_bytes()
    data = data.replace(b'VALUES("\xe5r")="2022","2023"',
                        b'VALUES("\xe5r")=' + b",".join(b'"%s"' % c.encode() for c in codes))
    data = data.replace(b'TLIST(A1),"2022","2023"', b"TLIST(%s)," % scale.encode()
                        + b",".join(b'"%s"' % c.encode() for c in codes))
    frame = read_px(data, file="t.px").frame
    assert sorted(frame.period.unique()) == periods
    assert {parse_period(p)[1] for p in frame.period} == {kind}


def test_written_periods_of_every_agency():
    assert parse_period("2023U29")[:2] == ("2023V29", "week")
    assert parse_period("2023W29")[0] == parse_period("2023V29")[0]
    assert parse_period("1995H2")[1:] == ("half_year", *parse_period("1995K3")[2:3],
                                          *parse_period("1995K4")[3:])
    assert parse_period("2024Q1")[0] == "2024K1"
    with pytest.raises(ValueError):
        parse_period("2021W53")  # 2021 has 52 ISO weeks


def test_a_dash_is_nil_for_scb_and_missing_elsewhere_unless_the_user_says():
    swedish = (REAL / "i07_triple_dots.px").read_bytes().replace(b'"..." 2', b'"-" 2')
    row = read_px(swedish, file="se.px").frame.iloc[0]
    assert row.value == 0 and not row.suppressed
    foreign = swedish.replace(b'SOURCE="SCB"', b'SOURCE="Statistics Norway"')
    parsed = read_px(foreign, file="no.px")
    row = parsed.frame.iloc[0]
    assert row.suppressed and row.suppression_reason == "- uppgift saknas"
    assert any("argumentet dash 'nil'" in render_options(w) for w in parsed.details["warnings"])
    assert read_px(foreign, file="no.px", dash="nil").frame.iloc[0].value == 0
    declared = foreign.replace(b"DATA=", b'DATASYMBOLNIL="-";\nDATA=')
    assert read_px(declared, file="no.px").frame.iloc[0].value == 0


def test_datasymbol_texts_are_the_meaning():
    data = (REAL / "i07_triple_dots.px").read_bytes().replace(
        b"DATA=", b'DATASYMBOL3="konfidentiellt";\nDATA=')
    row = read_px(data, file="x.px").frame.iloc[0]
    assert row.suppression_reason == "... konfidentiellt (enligt filens teckenförklaring)"


# --- options for everything a message asks for ---------------------------------------------

def test_a_missing_table_id_can_be_given():
    with pytest.raises(InputError, match="ange det med argumentet table_id"):
        parse_file(REAL / "j01_v1_no_metadata.json")
    _format, parsed, frame, _ = parse_file(REAL / "j01_v1_no_metadata.json", table_id="BE0101N1")
    assert parsed.table_id == "BE0101N1" and len(frame) == 3


def test_an_option_a_format_does_not_take_is_refused():
    with pytest.raises(InputError, match="argumentet period gäller inte formatet csv"):
        parse_file(FIXTURES / "heat_template" / "goteborg.csv", format="csv", period="2024")
