"""SCB region codes → areas, and the cube → tidy mapping shared by the px and PxWeb readers."""

from __future__ import annotations

import numpy as np
import pytest

from jamlik.ingest._scb_areas import Area, area_name, looks_like_region_code, scb_area
from jamlik.ingest._scb_cube import Cells, Table, Variable, symbol_meaning, to_tidy
from jamlik.ingest._tidy import check_frame


@pytest.mark.parametrize(("code", "expected"), [
    ("00", ("00", "Riket", "riket")),
    ("SE", ("00", "Riket", "riket")),
    ("14", ("14", "Lan_2025", "lan")),
    ("1480", ("1480", "Kommun_2025", "kommun")),
    ("1480R001_RegSO2025", ("1480R001", "RegSO_2025", "regso")),
    ("0114A0010_DeSO2025", ("0114A0010", "DeSO_2025", "deso")),
    # SCB's code lists vs_RegSO2020 / vs_DeSO2018 ("t.o.m. år 2023") write the codes without
    # suffix, vs_RegSO2025 / vs_DeSO2025 ("fr.o.m. år 2024") with it (github.com/deno-li/
    # fuzzy-MCP, docs/KALLKONTROLL.md, SCB PxWebApi 2 /codelists).
    ("1480R001", ("1480R001", "RegSO_2020", "regso")),
    ("0114A0010", ("0114A0010", "DeSO_2018", "deso")),
    ("2584C1110", ("2584C1110", "DeSO_2018", "deso")),
    ("SE11", ("SE11", None, None)),
    ("Angered", ("Angered", None, None)),
])
def test_scb_area(code, expected):
    area = scb_area(code)
    assert (area.code, area.version, area.level) == expected
    assert area.original == code


def test_forced_version_applies_to_its_own_level():
    assert scb_area("1480R001", area_version="RegSO_2025").version == "RegSO_2025"
    assert scb_area("1480R001_RegSO2025", area_version="RegSO_2030").version == "RegSO_2030"
    assert scb_area("1480", area_version="RegSO_2025").version == "Kommun_2025"
    assert scb_area("00", area_version="RegSO_2025").version == "Riket"
    assert scb_area("1480", area_version="Kommun_2024").version == "Kommun_2024"
    unknown = scb_area("Angered", area_version="Stadsdel_2021")
    assert (unknown.version, unknown.level) == ("Stadsdel_2021", None)
    guessed = scb_area("Centrum", area_version="RegSO_2025")
    assert (guessed.version, guessed.level) == ("RegSO_2025", "regso")


def test_looks_like_region_code():
    assert looks_like_region_code("1480R001") and looks_like_region_code("0114A0010_DeSO2025")
    assert not any(looks_like_region_code(c) for c in ("2024", "20", "1+2", "tot", "0-5"))


def test_area_name():
    assert area_name("1480 Göteborg", scb_area("1480")) == "Göteborg"
    assert area_name("Göteborg", scb_area("1480")) == "Göteborg"
    assert area_name("1480R001_RegSO2025 Angered", scb_area("1480R001_RegSO2025")) == "Angered"
    assert area_name("00", scb_area("00")) == "Riket"
    assert area_name(None, scb_area("SE")) == "Riket"
    assert area_name(None, scb_area("1480")) is None
    assert area_name("0114A0010", scb_area("0114A0010_DeSO2025")) is None
    assert isinstance(scb_area("1480"), Area)


def test_symbol_meanings():
    # SCB's teckenförklaring: ".." = "uppgift inte tillgänglig eller för osäker för att anges",
    # "." = "uppgift kan inte förekomma", "–" = "inget finns att redovisa (värdet noll)"
    # (SCB, På tal om kvinnor och män, http://jamstalld.se/lasanvisning/; Trafikanalys,
    # https://www.trafa.se/kommunikationsvanor/varufloden/).
    assert symbol_meaning("..") == "uppgift inte tillgänglig eller för osäker för att anges"
    assert symbol_meaning(".") == "uppgift kan inte förekomma"
    assert symbol_meaning("-") == symbol_meaning("–") == "inget finns att redovisa (värdet noll)"
    assert symbol_meaning("x") is None


def cube(variables, values, symbols=None):
    sizes = [len(v.codes) for v in variables]
    n = int(np.prod(sizes))
    return Table(variables, Cells(list(np.unravel_index(np.arange(n), sizes)),
                                  np.asarray(values, dtype=float),
                                  np.array(symbols or [None] * n, dtype=object),
                                  np.arange(2, n + 2)), "T1", source="SCB")


def test_breakdowns_total_single_and_combined():
    kon = Variable("Kon", "kön", ["1", "2", "1+2"], ["män", "kvinnor", "totalt"])
    alder = Variable("Alder", "ålder", ["tot", "0-19", "20-64"], ["totalt", "0-19 år", "20-64 år"])
    utb = Variable("Utb", "utbildning", ["F", "E", "S"],
                   ["förgymnasial", "eftergymnasial", "samtliga"])
    tid = Variable("Tid", "år", ["2024"], ["2024"])
    frame, _details = to_tidy(cube([kon, alder, utb, tid], np.arange(27)))
    check_frame(frame)
    by_cell = frame.set_index("_row")
    total = by_cell.loc[2 + 2 * 9 + 0 * 3 + 2]  # 1+2, tot, samtliga
    assert (total.dimension, total.subgroup, total.value) == ("total", "total", 20)
    single = by_cell.loc[2 + 1 * 9 + 0 * 3 + 2]  # kvinnor, tot, samtliga
    assert (single.dimension, single.dimension_name, single.subgroup, single.subgroup_name,
            single.subgroup_order) == ("kon", "kön", "2", "kvinnor", 2)
    pair = by_cell.loc[2 + 2 * 9 + 2 * 3 + 1]  # 1+2, 20-64, eftergymnasial
    assert (pair.dimension, pair.dimension_name, pair.subgroup, pair.subgroup_name,
            pair.subgroup_order) == ("alder×utb", "ålder, utbildning", "20-64×E",
                                     "20-64 år, eftergymnasial", 4)
    triple = by_cell.loc[2 + 1 * 9 + 1 * 3 + 0]  # kvinnor, 0-19, förgymnasial
    assert (triple.dimension, triple.subgroup, triple.subgroup_name, triple.subgroup_order) == (
        "kon×alder×utb", "2×0-19×F", "kvinnor, 0-19 år, förgymnasial", 5)
    assert frame.groupby("dimension").size().to_dict() == {
        "total": 1, "kon": 2, "alder": 2, "utb": 2, "kon×alder": 4, "kon×utb": 4,
        "alder×utb": 4, "kon×alder×utb": 8}


def test_elimination_value_code_is_total():
    region = Variable("Region", "region", ["00"], ["Riket"])
    fodd = Variable("InrikesUtrikes", "inrikes/utrikes född", ["11", "21", "83"],
                    ["inrikes född", "utrikes född", "inrikes och utrikes födda"], total="83")
    tid = Variable("Tid", "år", ["2024"], ["2024"], role="time")
    frame, _ = to_tidy(cube([region, fodd, tid], [1, 2, 3]))
    assert frame.dimension.tolist() == ["inrikesutrikes", "inrikesutrikes", "total"]
    assert frame.dimension_name.tolist()[:2] == ["inrikes/utrikes född"] * 2
