"""read_pxweb on SCB API responses (tests/fixtures/pxweb; provenance in fixtures/px/README.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import ArgumentError, InputError, render_options
from jamlik.ingest._base import FORMATS
from jamlik.ingest._pxweb import (
    read_pxweb, read_pxweb_json, read_pxweb_jsonstat2, sniff_pxweb_json, sniff_pxweb_jsonstat2,
)
from jamlik.ingest._tidy import check_frame

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pxweb"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fails(data: bytes, message: str, **options):
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        read_pxweb(data, file="svar.json", **options)


def cells(frame, **where):
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).to_numpy()
    return frame[mask]


class TestJsonStat2V1:
    """SCB API v1 json-stat2, TAB3554 medianinkomst; the published numbers as recorded in
    github.com/stefur/pxwebpy, tests/mock/response_se.json (män 2020 = 332.8 tkr, ...)."""

    def test_values(self):
        parsed = read_pxweb(load("he0110_tab3554_jsonstat2.json"), file="x.json")
        frame = parsed.frame
        assert parsed.table_id == "TAB3554"
        assert len(frame) == 9
        got = {(r.subgroup, r.period): r.value for r in frame.itertuples()}
        assert got == {("1", "2020"): 332.8, ("1", "2021"): 343.9, ("1", "2022"): 359.9,
                       ("2", "2020"): 254.6, ("2", "2021"): 263.0, ("2", "2022"): 277.3,
                       ("total", "2020"): 291.9, ("total", "2021"): 301.5,
                       ("total", "2022"): 316.6}
        check_frame(frame)

    def test_metadata(self):
        parsed = read_pxweb(load("he0110_tab3554_jsonstat2.json"))
        first = parsed.frame.iloc[0]
        assert (first.indicator, first.indicator_name, first.unit, first.indicator_source) == (
            "TAB3554_HE0110J8", "Medianinkomst, tkr", "tkr", "SCB")
        assert (first.dimension, first.dimension_name, first.subgroup_name) == ("kon", "kön", "män")
        assert (first.area_code, first.area_version, first._row) == ("00", "Riket", "value[0]")
        assert parsed.details["infofile"] == "HE0110"
        assert parsed.details["warnings"] == [
            "tabellen har ingen regionvariabel; raderna gäller riket (00), eftersom tabellen är "
            "svensk enligt källan 'SCB'"]


class TestJsonStat2V2RegSO:
    """SCB API v2 json-stat2 with RegSO/DeSO 2025 codes (suffixed) and symbols; values invented."""

    def test_areas_and_versions(self):
        parsed = read_pxweb(load("tab6638_regso_v2.json"))
        frame = parsed.frame
        assert parsed.table_id == "TAB6638" and len(frame) == 24
        areas = frame.drop_duplicates("area_code").set_index("area_code")
        assert areas.area_version.to_dict() == {"1480R001": "RegSO_2025", "1480R009": "RegSO_2025",
                                                "1480C1010": "DeSO_2025"}
        assert areas.area_level.to_dict() == {"1480R001": "regso", "1480R009": "regso",
                                              "1480C1010": "deso"}
        assert areas.area_name[["1480R001", "1480R009"]].tolist() == [
            "Göteborg (Angered centrum-Agnesberg)", "Göteborg (Bergsjön centrala)"]
        assert pd.isna(areas.area_name["1480C1010"])  # DeSO have no names, only codes
        assert areas.source["1480C1010"] == "SCB, TAB6638 (region 1480C1010_DeSO2025)"
        check_frame(frame)

    def test_elimination_value_code_and_values(self):
        frame = read_pxweb(load("tab6638_regso_v2.json")).frame
        totals = cells(frame, dimension="total")
        assert totals.value.tolist() == [2710, 2744, 3620, 3655, 612, 618]
        rent = cells(frame, area_code="1480R009", subgroup="1", period="2025").iloc[0]
        assert (rent.value, rent.dimension, rent.dimension_name, rent.subgroup_name,
                rent.subgroup_order) == (3201, "upplatelseform", "upplåtelseform", "hyresrätt", 1)
        assert (rent.indicator, rent.unit) == ("TAB6638_000007G4", "antal")

    def test_status(self):
        frame = read_pxweb(load("tab6638_regso_v2.json")).frame.set_index("_row")
        for position in ("value[15]", "value[20]", "value[21]"):
            assert np.isnan(frame.loc[position, "value"]) and frame.loc[position, "suppressed"]
            assert frame.loc[position, "suppression_reason"] == (
                ".. uppgift inte tillgänglig eller för osäker för att anges")
        assert frame.loc["value[22]", ["value", "suppressed", "flag"]].tolist() == [
            0.0, False, "- inget finns att redovisa (värdet noll)"]
        assert frame.loc["value[1]", ["value", "flag"]].tolist() == [2744.0, "*"]  # a note
        assert frame.loc["value[23]", ["value", "suppressed"]].tolist() == [0.0, False]
        assert int(frame.suppressed.sum()) == 3


class TestJsonV1:
    """SCB API v1 json (columns/data) with '..', '-' and '' cells; values invented."""

    def test_values_and_symbols(self):
        parsed = read_pxweb(load("befolkningny_v1.json"), url="https://api.scb.se/OV0104/v1/doris/"
                            "sv/ssd/START/BE/BE0101/BE0101A/BefolkningNy")
        frame = parsed.frame
        assert parsed.table_id == "BefolkningNy" and len(frame) == 24
        assert parsed.details["warnings"] == []
        row = cells(frame, area_code="1480", subgroup="2", period="2024",
                    indicator="BefolkningNy_BE0101N2").iloc[0]
        assert np.isnan(row.value) and row.suppressed and row._row == "data[7].values[1]"
        nil = cells(frame, area_code="2021", subgroup="1", period="2023",
                    indicator="BefolkningNy_BE0101N2").iloc[0]
        assert (nil.value, nil.suppressed, nil.flag) == (
            0.0, False, "- inget finns att redovisa (värdet noll)")
        empty = cells(frame, area_code="2021", subgroup="2", period="2023",
                      indicator="BefolkningNy_BE0101N2").iloc[0]
        assert empty.suppression_reason == '"" uppgift saknas (tomt värde)'
        negative = cells(frame, area_code="2021", subgroup="1", period="2024",
                         indicator="BefolkningNy_BE0101N2").iloc[0]
        assert negative.value == -19
        assert cells(frame, area_code="00", subgroup="1", period="2023",
                     indicator="BefolkningNy_BE0101N1").value.tolist() == [5277787]
        check_frame(frame)

    def test_codes_without_texts(self):
        frame = read_pxweb(load("befolkningny_v1.json"), table_id="TAB638").frame
        first = frame.iloc[0]
        assert (first.indicator, first.indicator_name) == ("TAB638_BE0101N1", "Folkmängd")
        assert (first.dimension, first.dimension_name) == ("kon", "kön")
        assert frame.subgroup_name.isna().all()  # the json shape has codes only
        assert set(frame.area_version) == {"Riket", "Kommun_2025"}
        assert frame.area_name.isna().tolist() == [a != "00" for a in frame.area_code]

    def test_without_table_id_uses_the_product_code(self):
        parsed = read_pxweb(load("befolkningny_v1.json"))
        assert parsed.table_id == "BE0101"
        assert [render_options(w) for w in parsed.details["warnings"]] == [
            "PxWeb-json anger inget tabell-id; produktkoden 'BE0101' (infofile) används; ange "
            "tabellens id med argumentet table_id"]
        assert parsed.details["notes"] == ["Folkökning 2024 för Göteborg publiceras senare."]


def test_registered_and_sniffed():
    assert FORMATS["pxweb-json"].read is read_pxweb_json
    assert FORMATS["pxweb-jsonstat2"].read is read_pxweb_jsonstat2
    v1, v2, stat = (load(n) for n in ("befolkningny_v1.json", "tab6638_regso_v2.json",
                                      "he0110_tab3554_jsonstat2.json"))
    assert sniff_pxweb_json(v1, "a.json") and not sniff_pxweb_jsonstat2(v1, "a.json")
    for data in (v2, stat):
        assert sniff_pxweb_jsonstat2(data, "a.json") and not sniff_pxweb_json(data, "a.json")
    assert not sniff_pxweb_json(b'{"values": [{"kpi": "N00945"}]}', "kolada.json")
    assert not sniff_pxweb_jsonstat2(b'CHARSET="ANSI";', "x.px")
    assert len(read_pxweb_json(v1, file="a.json").frame) == 24
    with pytest.raises(InputError, match="^a.json: columns: väntade en lista, fick inget$"):
        read_pxweb_json(v2, file="a.json")


def stat(**changes) -> bytes:
    obj = json.loads(load("he0110_tab3554_jsonstat2.json"))
    for path, value in changes.items():
        target = obj
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        if value is ...:
            del target[last]
        else:
            target[last] = value
    return json.dumps(obj).encode()


@pytest.mark.parametrize(("changes", "message"), [
    ({"value": [1, 2]}, "value: value har 2 celler; väntade 9 (produkten av size)"),
    ({"size": [3, 1, 1]}, "size: id har 4 dimensioner men size 3"),
    ({"size": [3, 1, 1, 0]}, "size[3]: väntade ett heltal ≥ 1, fick 0"),
    ({"dimension__Kon": ...}, "dimension.Kon: väntade ett objekt, fick inget"),
    ({"dimension__Kon__category__index": {"1": 0, "2": 2, "1+2": 3}},
     "dimension.Kon.category.index: väntade positionerna 0, 1, 2, … i category.index"),
    ({"dimension__Tid__category__index": ["2020", "2021", "2021"]},
     "dimension.Tid.category.index: väntade 3 olika koder enligt size, fick 2"),
    ({"value": [332.8, "abc", 1, 2, 3, 4, 5, 6, 7]},
     "value[1]: väntade ett tal eller en symbol som '..', fick 'abc'"),
    ({"value": [332.8, True, 1, 2, 3, 4, 5, 6, 7]},
     "value[1]: väntade ett tal eller en symbol som '..', fick True"),
    ({"status": {"1": 5}}, "status[1]: väntade en symbol (text), fick 5"),
    ({"extension": ...}, "extension.px.tableid: tabell-id saknas (extension.px.tableid); ange "
                         "det med argumentet table_id"),
    ({"dimension__Tid__category__index": {"2020": 0, "2021": 1, "2022H": 2},
      "dimension__Tid__category__label": {}},
     "dimension.Tid: tidsvariabeln 'år': väntade en period som '2024', '2019-2023', '2024K1', "
     "'2024H1', '2024M01', '2023V29' eller '2023/24', fick '2022H'"),
])
def test_jsonstat2_errors_name_the_path(changes, message):
    fails(stat(**changes), f"svar.json: {message}")


def test_json_errors():
    fails(b'{"columns": [{"code": "Tid", "type": "t"}, {"code": "X", "type": "c"}], '
          b'"data": [{"key": ["2024"], "values": ["1"]}, {"key": ["2024"], "values": ["2"]}]}',
          "svar.json: data[1]: samma key som data[0]; väntade varje kombination en gång",
          table_id="T")
    fails(b'{"columns": [{"code": "Tid", "type": "t"}, {"code": "X", "type": "c"}], '
          b'"data": [{"key": ["2024", "1"], "values": ["1"]}]}',
          "svar.json: data[0]: väntade 1 koder i key och 1 i values, fick 2 och 1", table_id="T")
    fails(b'{"columns": [{"code": "Tid", "type": "t"}], "data": []}',
          'svar.json: columns: väntade minst en kolumn med type "c" (tabellinnehåll)')
    fails(b'{"columns": [{"code": "Tid", "type": "t"}, {"code": "X", "type": "c"}], "data": []}',
          "svar.json: metadata: tabell-id saknas (PxWeb-json anger inget); ange det "
          "med argumentet table_id")


@pytest.mark.parametrize(("data", "message"), [
    (b"", "svar.json: rad 1: väntade JSON: Expecting value (kolumn 1)"),
    (b'{"id": [1,', "svar.json: rad 1: väntade JSON: Expecting value (kolumn 11)"),
    (b'{"a": 1, "a": 2}', 'svar.json: nyckeln "a" förekommer två gånger i samma objekt (med a); '
                          "väntade den en gång"),
    (b'{"value": [NaN]}', "svar.json: väntade ett tal eller null, fick NaN"),
    (b'\xff\xfe{\x00', "svar.json: rad 1: väntade JSON: Expecting property name enclosed in "
                      "double quotes (kolumn 2)"),
    (b'{"x": "\xe5"}', "svar.json: väntade JSON i UTF-8, fick byten 0xe5 på position 7"),
    (b"[1, 2]", "svar.json: väntade ett JSON-objekt, fick list"),
    (b"[" * 100000 + b"]" * 100000, "svar.json: JSON-strukturen är för djupt nästlad"),
    (b'{"kpi": "N00945"}', "svar.json: väntade ett PxWeb-svar: json-stat2 (id, size, dimension, "
                           "value) eller json (columns, data)"),
])
def test_not_pxweb(data, message):
    fails(data, message)


def test_too_many_cells(monkeypatch):
    monkeypatch.setattr("jamlik.ingest._pxweb.MAX_CELLS", 8)
    fails(stat(), "svar.json: size: tabellen har 9 celler enligt size; högst 8 kan läsas på en "
                  "gång (dela upp uttaget)")


def test_sparse_value_object_holds_only_its_cells():
    frame = read_pxweb(stat(value={"0": 332.8, "8": None}, status={"8": ".."})).frame
    assert frame._row.tolist() == ["value[0]", "value[8]"]
    assert frame.suppressed.tolist() == [False, True]


@pytest.mark.parametrize(("options", "message"), [
    ({"data": {"a": 1}}, "data måste vara bytes (filens innehåll), fick dict"),
    ({"url": "ftp://x"}, "url måste börja med http:// eller https://, fick 'ftp://x'"),
    ({"table_id": ""}, "table_id måste vara en text utan inledande eller avslutande blanksteg, "
                       "t.ex. 'TAB638', fick ''"),
    ({"area_version": 2025}, "area_version måste vara en text utan inledande eller avslutande "
                             "blanksteg, t.ex. 'RegSO_2025', fick 2025"),
])
def test_argument_errors(options, message):
    options = {"data": stat(), **options}
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        read_pxweb(options.pop("data"), **options)
