"""read_px on realistic PC-Axis files (tests/fixtures/px, provenance in its README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import InputError
from jamlik.ingest._base import FORMATS
from jamlik.ingest._px import read_px, sniff_px
from jamlik.ingest._tidy import check_frame

FIXTURES = Path(__file__).parents[1] / "fixtures" / "px"


def read(name: str, **options):
    return read_px((FIXTURES / name).read_bytes(), file=name, **options)


def row(frame: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    assert mask.sum() == 1, f"{where} matches {mask.sum()} rows"
    return frame[mask].iloc[0]


class TestCivilstandAnsi:
    """Windows-1252 file; values are SCB's published Folkmängd by civilstånd, Riket 2015–2017.

    Source of the numbers: SCB API v1 response for BE0101A/BefolkningNy recorded in
    github.com/rOpenGov/pxweb, tests/testthat/api.scb.se/OV0104/v1/doris/sv/ssd/BE/BE0101/
    BE0101A/BefolkningNy-21059a-POST.json (OG 2015 = 5157443, ÄNKL 2017 = 435643, ...).
    """

    def test_reads_windows_1252_and_every_cell(self):
        parsed = read("befolkning_civilstand_ansi.px")
        frame = parsed.frame
        assert parsed.table_id == "BefolkningNy"
        assert parsed.details["encoding"] == "windows-1252"
        assert len(frame) == 12  # 1 region × 4 civilstånd × 1 contents × 3 years
        published = {("OG", "2015"): 5157443, ("OG", "2016"): 5257563, ("OG", "2017"): 5347489,
                     ("G", "2015"): 3291001, ("G", "2016"): 3329589, ("G", "2017"): 3358397,
                     ("SK", "2015"): 957814, ("SK", "2016"): 967638, ("SK", "2017"): 978713,
                     ("ÄNKL", "2015"): 444759, ("ÄNKL", "2016"): 440363, ("ÄNKL", "2017"): 435643}
        got = {(r.subgroup, r.period): r.value for r in frame.itertuples()}
        assert got == published
        check_frame(frame, file="befolkning_civilstand_ansi.px")

    def test_texts_keep_swedish_letters(self):
        frame = read("befolkning_civilstand_ansi.px").frame
        first = row(frame, subgroup="ÄNKL", period="2017")
        assert first.subgroup_name == "änkor/änklingar"
        assert first.dimension == "civilstand"
        assert first.dimension_name == "civilstånd"
        assert first.subgroup_order == 4
        assert first.indicator == "BefolkningNy_BE0101N1"
        assert first.indicator_name == "Folkmängd"
        assert first.indicator_name_en == "Population"
        assert first.unit == "antal"
        assert (first.area_code, first.area_name, first.area_version, first.area_level) == (
            "00", "Riket", "Riket", "riket")
        assert first.source == "SCB, BefolkningNy"
        assert first._row == 62  # the fourth data line

    def test_multiline_note_is_joined_and_en_dash_decoded(self):
        details = read("befolkning_civilstand_ansi.px").details
        assert details["title"] == "Folkmängd efter region, civilstånd, tabellinnehåll och år"
        note = details["notes"][0]
        assert note.startswith("Registrerat partnerskap reglerade parförhållanden")
        assert "kön och fanns från 1995" in note  # two quoted lines joined without a space
        assert note.endswith("Åren 1995–2009 redovisas enligt detta.")

    def test_english(self):
        parsed = read("befolkning_civilstand_ansi.px", language="en")
        first = row(parsed.frame, subgroup="OG", period="2015")
        assert first.subgroup_name == "single"
        assert first.dimension_name == "marital status"
        assert first.dimension == "civilstand"  # codes come from the default language
        assert first.indicator_name == "Population"
        assert first.unit == "number"
        assert first.area_name == "Sweden"
        assert parsed.details["title"].startswith("Population by region")


class TestIncomeUtf8:
    """UTF-8 file; Riket medianinkomst is SCB's published TAB3554 (HE0110), the rest invented.

    Source of the Riket medianinkomst: SCB API v1 json-stat2 response for TAB3554 recorded in
    github.com/stefur/pxwebpy, tests/mock/response_se.json (män 2020 = 332.8 tkr, ...).
    """

    def test_row_count_and_published_values(self):
        parsed = read("he0110_inkomst_utf8.px")
        frame = parsed.frame
        assert parsed.table_id == "TAB3554"
        assert parsed.details["encoding"] == "utf-8"
        assert len(frame) == 54  # 3 regions × 3 kön × 1 ålder × 2 contents × 3 years
        median = frame[(frame.indicator == "TAB3554_HE0110J8") & (frame.area_code == "00")]
        got = {(r.subgroup, r.period): r.value for r in median.itertuples()}
        assert got == {("1", "2020"): 332.8, ("1", "2021"): 343.9, ("1", "2022"): 359.9,
                       ("2", "2020"): 254.6, ("2", "2021"): 263.0, ("2", "2022"): 277.3,
                       ("total", "2020"): 291.9, ("total", "2021"): 301.5,
                       ("total", "2022"): 316.6}
        check_frame(frame, file="he0110_inkomst_utf8.px")

    def test_elimination_value_is_the_total(self):
        frame = read("he0110_inkomst_utf8.px").frame
        total = row(frame, area_code="1480", indicator="TAB3554_HE0110K1", period="2020",
                    subgroup="total")
        assert total.dimension == "total"
        assert total.value == 465801
        women = row(frame, area_code="1480", indicator="TAB3554_HE0110K1", period="2020",
                    subgroup="2")
        assert (women.dimension, women.dimension_name, women.subgroup_name) == (
            "kon", "kön", "kvinnor")
        assert women.subgroup_order == 2
        assert set(frame.dimension) == {"kon", "total"}  # ålder has only its total

    def test_symbols_are_suppressed_never_zero(self):
        frame = read("he0110_inkomst_utf8.px").frame
        two = row(frame, area_code="1480", indicator="TAB3554_HE0110J8", period="2022",
                  subgroup="1")
        assert np.isnan(two.value) and two.suppressed
        assert two.suppression_reason == (
            ".. uppgift inte tillgänglig eller för osäker för att anges")
        three = row(frame, area_code="1280", indicator="TAB3554_HE0110J8", period="2020",
                    subgroup="1")
        assert np.isnan(three.value) and three.suppressed
        assert three.suppression_reason == "... uppgift saknas (PX-datasymbol 3)"
        empty = row(frame, area_code="1280", indicator="TAB3554_HE0110K1", period="2022",
                    subgroup="total")
        assert np.isnan(empty.value) and empty.suppressed
        assert empty.suppression_reason == '"" uppgift saknas (tomt värde)'
        assert int(frame.suppressed.sum()) == 5
        assert not frame.loc[~frame.suppressed.astype(bool), "value"].isna().any()

    def test_contents_units_precision_and_datanote(self):
        parsed = read("he0110_inkomst_utf8.px")
        frame = parsed.frame
        assert dict(frame.groupby("indicator").unit.first()) == {
            "TAB3554_HE0110J8": "tkr", "TAB3554_HE0110K1": "antal"}
        assert dict(frame.groupby("indicator").indicator_name.first()) == {
            "TAB3554_HE0110J8": "Medianinkomst, tkr", "TAB3554_HE0110K1": "Antal personer"}
        assert parsed.details["precision"] == {"tabellinnehåll=Medianinkomst, tkr": 1}
        assert parsed.details["decimals"] == "1"
        # DATANOTE("år","2022")="*": every 2022 cell carries the note, no other cell does
        assert set(frame.loc[frame.period == "2022", "flag"]) == {"*"}
        assert frame.loc[frame.period != "2022", "flag"].isna().all()
        # the file has no English texts, so English falls back to the default language's
        with pytest.raises(InputError, match="^he0110_inkomst_utf8.px: språket 'en' finns inte "
                                             "i filen; LANGUAGES anger sv$"):
            read("he0110_inkomst_utf8.px", language="en")

    def test_areas(self):
        frame = read("he0110_inkomst_utf8.px").frame
        areas = frame.drop_duplicates("area_code").set_index("area_code")
        assert areas.loc["00", ["area_name", "area_version", "area_level"]].tolist() == [
            "Riket", "Riket", "riket"]
        assert areas.loc["1480", ["area_name", "area_version", "area_level"]].tolist() == [
            "Göteborg", "Kommun_2025", "kommun"]
        assert areas.loc["1280", "area_name"] == "Malmö"


class TestRegsoKeys:
    """KEYS (sparse) file with RegSO 2025 codes carrying SCB's suffix; values invented."""

    def test_rows_left_out_are_zero(self):
        parsed = read("regso_keys.px")
        frame = parsed.frame
        assert parsed.details["keys"] is True
        assert parsed.details["keys_rows_filled"] == 3  # 4 regions × 3 ages = 12 rows, 9 given
        assert len(frame) == 48
        missing = frame[(frame.area_code == "1480R002") & (frame.subgroup.str.startswith("6-15"))]
        assert len(missing) == 4 and (missing.value == 0).all() and not missing.suppressed.any()
        check_frame(frame, file="regso_keys.px")

    def test_cells_land_in_their_keys(self):
        frame = read("regso_keys.px").frame
        # "1480R009_RegSO2025","6-15 år",902 866 911 874  (män 2024, män 2025, kvinnor 2024, 2025)
        cells = frame[(frame.area_code == "1480R009") & frame.subgroup.str.startswith("6-15")]
        got = {(r.subgroup, r.period): r.value for r in cells.itertuples()}
        assert got == {("6-15×1", "2024"): 902, ("6-15×1", "2025"): 866,
                       ("6-15×2", "2024"): 911, ("6-15×2", "2025"): 874}
        assert row(frame, area_code="1480", subgroup="16-19×2", period="2025").value == 13702

    def test_regso_suffix_gives_version(self):
        parsed = read("regso_keys.px")
        frame = parsed.frame
        regso = row(frame, area_code="1480R001", subgroup="0-5×1", period="2024")
        assert (regso.area_version, regso.area_level) == ("RegSO_2025", "regso")
        assert regso.area_name == "Göteborg (Angered centrum-Agnesberg)"
        assert regso.source == "SCB, TAB6574 (region 1480R001_RegSO2025)"
        kommun = row(frame, area_code="1480", subgroup="0-5×1", period="2024")
        assert (kommun.area_version, kommun.area_name, kommun.source) == (
            "Kommun_2025", "Göteborg", "SCB, TAB6574")
        assert parsed.details["area_codes"]["1480R009_RegSO2025"] == "1480R009"

    def test_combined_breakdown(self):
        frame = read("regso_keys.px").frame
        cell = row(frame, area_code="1480R001", subgroup="6-15×2", period="2025")
        assert (cell.dimension, cell.dimension_name, cell.subgroup_name) == (
            "alder×kon", "ålder, kön", "6-15 år, kvinnor")
        assert cell.subgroup_order == 4  # (6-15 is 2nd of 3 ages) × 2 + (kvinnor 2nd of 2)
        assert cell.value == 1003

    def test_symbols_and_cell_notes(self):
        frame = read("regso_keys.px").frame
        nil = row(frame, area_code="1480R009", subgroup="0-5×1", period="2025")
        assert nil.value == 0 and not nil.suppressed
        assert nil.flag == "- inget finns att redovisa (värdet noll)"
        dots = row(frame, area_code="1480R002", subgroup="0-5×2", period="2024")
        assert np.isnan(dots.value) and dots.suppressed
        # DATANOTECELL("1480R009_RegSO2025","*","2","2025")="p"
        noted = frame[frame.flag == "p"]
        assert sorted(noted.subgroup) == ["0-5×2", "16-19×2", "6-15×2"]
        assert set(noted.area_code) == {"1480R009"} and set(noted.period) == {"2025"}


@pytest.mark.parametrize("name", ["befolkning_civilstand_ansi.px", "he0110_inkomst_utf8.px",
                                  "regso_keys.px"])
def test_details_can_be_stored_as_json(name):
    details = read(name).details
    assert json.loads(json.dumps(details)) == details


def test_datanote_falls_back_to_the_default_language():
    data = (FIXTURES / "he0110_inkomst_utf8.px").read_text(encoding="utf-8").replace(
        'LANGUAGE="sv";', 'LANGUAGE="sv";\nLANGUAGES="sv","en";').replace(
        'VALUES("år")=', 'VALUES[en]("year")="2020","2021","2022";\nVALUES("år")=').replace(
        'HEADING="tabellinnehåll","år";', 'HEADING="tabellinnehåll","år";\n'
        'HEADING[en]="observations","year";\nSTUB[en]="region","sex","age";')
    frame = read_px(data.encode(), language="en").frame
    assert set(frame.loc[frame.period == "2022", "flag"]) == {"*"}
    assert frame.loc[frame.period != "2022", "flag"].isna().all()


def test_registered_with_sniffer():
    assert FORMATS["px"].read is read_px
    for name in ("befolkning_civilstand_ansi.px", "he0110_inkomst_utf8.px", "regso_keys.px"):
        data = (FIXTURES / name).read_bytes()
        assert sniff_px(data, name)
        assert sniff_px(data, "download")  # by content, without the extension
    assert not sniff_px(b"indicator,area_code,period,value\nx,1480,2024,1\n", "data.csv")
    assert not sniff_px(b'{"columns": []}', "svar.json")


@pytest.mark.parametrize("name", ["befolkning_civilstand_ansi.px", "he0110_inkomst_utf8.px",
                                  "regso_keys.px"])
def test_rows_point_at_data_lines(name):
    data = (FIXTURES / name).read_bytes()
    lines = data.decode("cp1252" if "ansi" in name else "utf-8").splitlines()
    frame = read(name).frame
    first_data = next(i for i, line in enumerate(lines, 1) if line.startswith("DATA="))
    assert frame._row.min() >= first_data
    assert frame._row.max() <= len(lines)
