"""read_px on small hand-made files: syntax, encodings, periods, KEYS, and every error message."""

from __future__ import annotations

import re

import numpy as np
import pytest

from jamlik.errors import ArgumentError, InputError
from jamlik.ingest import _scb_cube
from jamlik.ingest._px import read_px

# Line numbers matter for the messages: DATA= is line 15.
BASE = """CHARSET="ANSI";
CODEPAGE="utf-8";
LANGUAGE="sv";
MATRIX="TEST01";
CONTENTS="Folkmängd";
UNITS="antal";
STUB="region","kön";
HEADING="år";
VALUES("region")="1480 Göteborg";
VALUES("kön")="män","kvinnor";
VALUES("år")="2023","2024";
CODES("region")="1480";
CODES("kön")="1","2";
TIMEVAL("år")=TLIST(A1),"2023","2024";
DATA=
1 2
3 4;
"""


def px(text: str = BASE, *, replace: dict | None = None, encoding: str = "utf-8") -> bytes:
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text.encode(encoding)


def fails(data: bytes, message: str, **options):
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        read_px(data, file="t.px", **options)


def values(parsed) -> dict:
    return {(r.subgroup, r.period): r.value for r in parsed.frame.itertuples()}


def test_base_file():
    parsed = read_px(px(), file="t.px")
    assert values(parsed) == {("1", "2023"): 1, ("1", "2024"): 2, ("2", "2023"): 3,
                              ("2", "2024"): 4}
    assert set(parsed.frame._row) == {16, 17}
    assert parsed.frame.indicator.unique().tolist() == ["TEST01"]
    assert parsed.frame.indicator_name.unique().tolist() == ["Folkmängd"]


def test_swedish_is_chosen_when_the_default_language_is_english():
    data = px(replace={
        'LANGUAGE="sv";': 'LANGUAGE="en";\nLANGUAGES="en","sv";',
        'STUB="region","kön";\nHEADING="år";': 'STUB="region","sex";\nHEADING="year";\n'
        'STUB[sv]="region","kön";\nHEADING[sv]="år";',
        'VALUES("kön")="män","kvinnor";': 'VALUES("sex")="men","women";\n'
        'VALUES[sv]("kön")="män","kvinnor";',
        'VALUES("år")': 'VALUES("year")', 'CODES("kön")': 'CODES("sex")',
        'TIMEVAL("år")': 'TIMEVAL("year")'})
    swedish = read_px(data)
    assert swedish.details["language"] == "sv"
    assert sorted(swedish.frame.subgroup_name.unique()) == ["kvinnor", "män"]
    assert set(swedish.frame.dimension_name) == {"kön"}
    assert set(swedish.frame.dimension) == {"sex"}  # the code is the default language's name
    english = read_px(data, language="en")
    assert sorted(english.frame.subgroup_name.unique()) == ["men", "women"]


class TestPeriods:
    def test_timeval_range_makes_the_values(self):
        data = px(replace={'VALUES("år")="2023","2024";\n': "",
                           'TIMEVAL("år")=TLIST(A1),"2023","2024";':
                           'TIMEVAL("år")=TLIST(A1, "2023"-"2024");'})
        assert sorted(read_px(data).frame.period.unique()) == ["2023", "2024"]

    def test_quarters_and_months_in_timeval_format(self):
        quarters = px(replace={'"2023","2024";\nCODES': '"20241","20242";\nCODES',
                               'TLIST(A1),"2023","2024"': 'TLIST(Q1),"20241","20242"'})
        assert sorted(read_px(quarters).frame.period.unique()) == ["2024K1", "2024K2"]
        months = px(replace={'"2023","2024";\nCODES': '"202401","202412";\nCODES',
                             'TLIST(A1),"2023","2024"': 'TLIST(M1),"202401","202412"'})
        assert sorted(read_px(months).frame.period.unique()) == ["2024M01", "2024M12"]

    def test_spans_and_q_quarters(self):
        spans = px(replace={'"2023","2024";\nCODES': '"2019–2023","2020-2024";\nCODES',
                            'TLIST(A1),"2023","2024"': 'TLIST(A1),"2019–2023","2020-2024"'})
        assert sorted(read_px(spans).frame.period.unique()) == ["2019-2023", "2020-2024"]
        scb = px(replace={'"2023","2024";\nCODES': '"2024K1","2024Q2";\nCODES'})
        assert sorted(read_px(scb).frame.period.unique()) == ["2024K1", "2024K2"]

    def test_time_variable_by_code(self):
        data = px(replace={'TIMEVAL("år")=TLIST(A1),"2023","2024";\n':
                           'VARIABLECODE("år")="Tid";\n'})
        assert sorted(read_px(data).frame.period.unique()) == ["2023", "2024"]

    def test_bad_period(self):
        fails(px(replace={'"2023","2024";\nCODES': '"2023","2024X1";\nCODES'}),
              "t.px: rad 14: tidsvariabeln 'år': väntade en period som '2024', '2019-2023', "
              "'2024K1', '2024H1', '2024M01', '2023V29' eller '2023/24', fick '2024X1'")

    def test_no_time_variable(self):
        data = px(replace={'HEADING="år";': 'HEADING="ålder";', 'VALUES("år")': 'VALUES("ålder")',
                           'TIMEVAL("år")=TLIST(A1),"2023","2024";\n': ""})
        fails(data, "t.px: tabellen har ingen tidsvariabel (TIMEVAL, 'Tid' eller rollen time); "
                    "ange perioden med argumentet period")
        frame = read_px(data, period="2024").frame
        assert set(frame.period) == {"2024"} and set(frame.dimension) == {"kon×alder"}


class TestAreas:
    def test_no_region_variable_is_riket(self):
        data = px(replace={'STUB="region","kön";': 'STUB="kön";',
                           'VALUES("region")="1480 Göteborg";\n': "",
                           'CODES("region")="1480";\n': ""})
        parsed = read_px(data)
        assert set(parsed.frame.area_code) == {"00"} and set(parsed.frame.area_name) == {"Riket"}
        assert parsed.details["warnings"] == [
            "tabellen har ingen regionvariabel; raderna gäller riket (00), eftersom tabellen är "
            "svensk enligt språket (svenska)"]
        forced = read_px(data, area_code="1480")
        assert set(forced.frame.area_version) == {"Kommun_2025"} and not forced.details["warnings"]

    def test_region_found_by_code_shape(self):
        data = px(replace={'CODES("region")="1480"': 'CODES("region")="1480C1010_DeSO2025"'})
        data = data.replace(b'"region"', b'"enhet"')
        frame = read_px(data).frame
        assert set(frame.area_code) == {"1480C1010"} and set(frame.area_version) == {"DeSO_2025"}

    def test_area_version_option(self):
        data = px(replace={'"1480 Göteborg"': '"1480R001 Göteborg (Angered)","1480 Göteborg"',
                           'CODES("region")="1480"': 'CODES("region")="1480R001","1480"',
                           "1 2\n3 4;": "1 2\n3 4\n5 6\n7 8;"})
        plain = read_px(data).frame.drop_duplicates("area_code").set_index("area_code")
        assert plain.area_version.to_dict() == {"1480R001": "RegSO_2020", "1480": "Kommun_2025"}
        forced = read_px(data, area_version="RegSO_2025").frame
        forced = forced.drop_duplicates("area_code").set_index("area_code")
        assert forced.area_version.to_dict() == {"1480R001": "RegSO_2025", "1480": "Kommun_2025"}
        assert forced.area_name.to_dict() == {"1480R001": "Göteborg (Angered)", "1480": "Göteborg"}

    def test_two_codes_for_one_area(self):
        fails(px(replace={'"1480 Göteborg"': '"Riket","Sverige"', 'CODES("region")="1480"':
                          'CODES("region")="00","SE"', "1 2\n3 4;": "1 2\n3 4\n5 6\n7 8;"}),
              "t.px: rad 9: regionkoderna '00' och 'SE' blir samma område (00, Riket); väntade "
              "olika områden")


class TestEncodings:
    def test_bom(self):
        frame = read_px(b"\xef\xbb\xbf" + px(replace={'CODEPAGE="utf-8";\n': ""})).frame
        assert set(frame.area_name) == {"Göteborg"}

    def test_declared_utf8_with_latin1_bytes(self):
        fails(px(encoding="latin-1"),
              "t.px: rad 5: filen är inte giltig utf-8 som CODEPAGE=\"utf-8\" anger (byte 0xE4); "
              "spara den i den kodning som anges, eller rätta CODEPAGE")

    def test_declared_ansi_but_saved_as_utf8(self):
        parsed = read_px(px(replace={'CODEPAGE="utf-8";\n': ""}))
        assert set(parsed.frame.area_name) == {"Göteborg"}
        assert parsed.details["encoding"] == "utf-8"
        assert parsed.details["warnings"] == [
            "filen anger teckenkodningen 'ansi' men är giltig UTF-8; den lästes som UTF-8"]

    def test_without_charset_dos_text(self):
        data = px(replace={'CHARSET="ANSI";\nCODEPAGE="utf-8";\n': ""}, encoding="cp850")
        parsed = read_px(data)
        assert parsed.details["encoding"] == "cp850"
        assert set(parsed.frame.area_name) == {"Göteborg"}

    def test_encoding_option_and_unknown_codepage(self):
        data = px(replace={'CODEPAGE="utf-8"': 'CODEPAGE="x-klingon"'}, encoding="cp1252")
        fails(data, 't.px: rad 2: okänd teckenkodning CODEPAGE="x-klingon"; väntade t.ex. '
                    '"utf-8" eller "iso-8859-1"')
        assert set(read_px(data, encoding="cp1252").frame.area_name) == {"Göteborg"}
        fails(px(replace={'CODEPAGE="utf-8"': 'CODEPAGE="base64"'}),
              't.px: rad 2: okänd teckenkodning CODEPAGE="base64"; väntade t.ex. "utf-8" eller '
              '"iso-8859-1"')


class TestSymbols:
    def test_every_symbol(self):
        data = px(replace={"1 2\n3 4;": '"." ".."\n"...", "-" ;',
                           'VALUES("kön")="män","kvinnor";': 'VALUES("kön")="män","kvinnor";\n'
                           'DATASYMBOL1="x";'})
        frame = read_px(data).frame.set_index(["subgroup", "period"])
        assert frame.loc[("1", "2023"), "suppression_reason"] == (
            '. uppgift kan inte förekomma (visas som "x")')
        assert frame.loc[("1", "2024"), "suppression_reason"] == (
            ".. uppgift inte tillgänglig eller för osäker för att anges")
        assert frame.loc[("2", "2023"), "suppression_reason"] == (
            "... uppgift saknas (PX-datasymbol 3)")
        assert frame.loc[("2", "2024"), ["value", "flag"]].tolist() == [
            0.0, "- inget finns att redovisa (värdet noll)"]
        assert frame.suppressed.tolist() == [True, True, True, False]

    def test_unquoted_symbols_and_commas(self):
        frame = read_px(px(replace={"1 2\n3 4;": '..,-\n"",4.5;'})).frame
        assert frame.suppressed.tolist() == [True, False, True, False]
        assert frame.value.tolist()[1::2] == [0.0, 4.5]

    @pytest.mark.parametrize("token", ["abc", "nan", "inf", "1_000", "1e999", "١٢", "0x10"])
    def test_not_a_number(self, token):
        fails(px(replace={"3 4;": f"3 {token};"}),
              f"t.px: rad 17: väntade ett tal eller en av symbolerna . .. ... .... ..... ...... - "
              f"\"\", fick '{token}'")


class TestKeys:
    KEYS = BASE.replace('TIMEVAL', 'KEYS("region")=CODES;\nKEYS("kön")=VALUES;\nTIMEVAL').replace(
        "1 2\n3 4;", '"1480","kvinnor",3 4\n;')

    def test_missing_rows_are_zero(self):
        parsed = read_px(px(self.KEYS))
        assert values(parsed) == {("1", "2023"): 0, ("1", "2024"): 0, ("2", "2023"): 3,
                                  ("2", "2024"): 4}
        assert parsed.frame.set_index("subgroup")._row.to_dict() == {"1": 17, "2": 18}

    def test_unknown_key(self):
        fails(px(self.KEYS.replace('"1480","kvinnor"', '"1480","flickor"')),
              "t.px: rad 18: okänd nyckel 'flickor' för variabeln 'kön' (KEYS=VALUES)")

    def test_duplicate_row(self):
        fails(px(self.KEYS.replace('3 4\n;', '3 4\n"1480","kvinnor",5 6\n;')),
              "t.px: rad 19: raden med nycklarna 1480, kvinnor finns redan på rad 18; väntade "
              "varje rad en gång")

    def test_incomplete_row(self):
        fails(px(self.KEYS.replace('3 4\n;', '3\n;')),
              "t.px: rad 19: DATA-raden är ofullständig: 3 fält, väntade 2 nycklar och 2 värden")

    def test_every_stub_variable_needs_keys(self):
        fails(px(self.KEYS.replace('KEYS("kön")=VALUES;\n', "")),
              't.px: KEYS("kön") saknas eller är inte CODES/VALUES; med KEYS måste varje variabel '
              "i STUB ha det")


class TestErrors:
    def test_duplicated_keyword(self):
        fails(px(replace={'CODES("kön")="1","2";': 'CODES("kön")="1","2";\nCODES("kön")="1","2";'}),
              't.px: rad 14: CODES("kön") förekommer två gånger (först på rad 13); väntade en gång')

    def test_truncated_metadata(self):
        data = px()
        fails(data[:data.index(b'"region",') + 9], "t.px: rad 7: filen tar slut; väntade ';' efter "
              "värdena för STUB (saknas DATA=, eller är filen avkortad?)")
        fails(data[:data.index(b'"region",') + 11],
              't.px: rad 7: en text saknar avslutande citattecken (") på raden')

    def test_truncated_data(self):
        fails(px()[:-3], "t.px: rad 17: DATA saknar avslutande ';' och har 3 värden; väntade 4 "
              "(är filen avkortad?)")

    def test_too_few_and_too_many_cells(self):
        fails(px(replace={"3 4;": "3;"}),
              "t.px: rad 17: DATA har 3 värden; väntade 4 (= 1 × 2 × 2 enligt VALUES)")
        fails(px(replace={"3 4;": "3 4 5;"}),
              "t.px: rad 17: DATA har 5 värden; väntade 4 (= 1 × 2 × 2 enligt VALUES)")

    def test_text_after_data(self):
        fails(px(replace={"3 4;\n": "3 4;\nTITLE=\"x\";\n"}),
              "t.px: rad 17: väntade filens slut efter DATA-delens ';', fick 'TITLE=\"x\";'")

    def test_unterminated_text(self):
        fails(px(replace={'UNITS="antal";': 'UNITS="antal;'}),
              't.px: rad 6: en text saknar avslutande citattecken (") på raden')

    def test_broken_sub_key(self):
        fails(px(replace={'VALUES("kön")=': 'VALUES("kön"='}),
              "t.px: rad 10: väntade ',' eller ')' i VALUES( ), fick '='")

    def test_missing_values(self):
        fails(px(replace={'VALUES("kön")="män","kvinnor";\n': ""}),
              't.px: VALUES("kön") saknas; väntade värdena för varje variabel i STUB och HEADING')

    def test_codes_and_values_disagree(self):
        fails(px(replace={'CODES("kön")="1","2"': 'CODES("kön")="1"'}),
              't.px: rad 13: CODES("kön") har 1 värden och VALUES 2; väntade lika många '
              "(minst ett)")
        fails(px(replace={'CODES("kön")="1","2"': 'CODES("kön")="1","1"'}),
              't.px: rad 13: CODES("kön") har "1" två gånger; väntade olika koder')

    def test_no_stub_or_heading(self):
        fails(px(replace={'STUB="region","kön";\nHEADING="år";\n': ""}),
              "t.px: STUB och HEADING saknas; väntade minst en av dem")

    def test_no_table_id(self):
        fails(px(replace={'MATRIX="TEST01";\n': ""}), "t.px: MATRIX (tabellens id) saknas; "
                                                       "ange den med argumentet table_id")
        assert read_px(px(replace={'MATRIX="TEST01";\n': ""}), table_id="X1").table_id == "X1"

    def test_unknown_language(self):
        fails(px(), "t.px: språket 'fi' finns inte i filen; LANGUAGES anger sv", language="fi")

    def test_too_many_cells(self, monkeypatch):
        monkeypatch.setattr("jamlik.ingest._px.MAX_CELLS", 3)
        fails(px(), "t.px: tabellen har 4 celler enligt VALUES; högst 3 kan läsas på en gång "
                    "(dela upp uttaget)")
        monkeypatch.setattr(_scb_cube, "MAX_CELLS", 3)

    def test_not_a_keyword(self):
        fails(b'"TITLE"="x";\nDATA=1;', "t.px: rad 1: väntade ett nyckelord, fick '\"TITLE\"'")


@pytest.mark.parametrize(("options", "message"), [
    ({"data": "text"}, "data måste vara bytes (filens innehåll), fick str"),
    ({"file": 3}, "file måste vara ett filnamn (text), fick int"),
    ({"language": "svenska"},
     "language måste vara en språkkod som 'sv' eller 'en', fick 'svenska'"),
    ({"encoding": "klingon"}, "encoding måste vara en teckenkodning som 'utf-8' eller 'cp1252', "
                              "fick 'klingon'"),
    ({"encoding": "rot13"}, "encoding måste vara en teckenkodning som 'utf-8' eller 'cp1252', "
                            "fick 'rot13'"),
    ({"area_version": ""}, "area_version måste vara en text utan inledande eller avslutande "
                           "blanksteg, t.ex. 'RegSO_2025', fick ''"),
    ({"area_code": 1480}, "area_code måste vara en text utan inledande eller avslutande blanksteg, "
                          "t.ex. '1480', fick 1480"),
    ({"table_id": " TAB1"}, "table_id måste vara en text utan inledande eller avslutande "
                            "blanksteg, t.ex. 'TAB638', fick ' TAB1'"),
    ({"period": "2024H3"}, "period måste vara en period som '2024', '2019-2023', '2024K1', "
                           "'2024H1', '2024M01', '2023V29' eller '2023/24', fick '2024H3'"),
])
def test_argument_errors(options, message):
    options = {"data": px(), **options}
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        read_px(options.pop("data"), **options)


def test_large_file_is_vectorised():
    # 200 × 2 × 50 = 20 000 cells with symbols mixed in: exact sums check every cell's place
    rng = np.random.default_rng(7)
    cells = rng.integers(0, 1000, size=(400, 50))
    lines = [" ".join(map(str, r)) for r in cells]
    lines[5] = lines[5].replace(str(cells[5, 0]), '".."', 1)
    regions = [f"{1400 + i:04d}" for i in range(200)]
    years = [str(1975 + i) for i in range(50)]
    text = (BASE.split("DATA=")[0]
            .replace('"1480 Göteborg"', ",".join(f'"{r}"' for r in regions))
            .replace('CODES("region")="1480"',
                     'CODES("region")=' + ",".join(f'"{r}"' for r in regions))
            .replace('"2023","2024"', ",".join(f'"{y}"' for y in years))
            + "DATA=\n" + "\n".join(lines) + "\n;\n")
    frame = read_px(text.encode()).frame
    assert len(frame) == 20000
    assert frame.suppressed.sum() == 1
    expected = cells.astype(float)
    expected[5, 0] = 0
    assert frame.value.fillna(0).sum() == expected.sum()
    def cell(region, sex, year):
        found = frame[(frame.area_code == region) & (frame.subgroup == sex)
                      & (frame.period == year)]
        assert len(found) == 1
        return found.iloc[0]

    assert cell("1402", "2", "1975").suppressed  # row 5 = region 2 × 2 + kön 1
    assert cell("1403", "1", "1985").value == cells[6, 10]
    assert cell("1599", "2", "2024").value == cells[399, 49]
