"""Excel is read cell by cell as it is (issue 10, kind 2, cases found after the first fix).

openpyxl builds each ``<row>`` whole before jamlik could look at it, silently drops a
row whose number goes backwards and overwrites a cell given twice, and opens every
sheet of a workbook when it loads it. Each case below is a small hostile file.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from jamlik.errors import InputError
from jamlik.ingest import parse_file

from xlsx_build import with_sheet_xml, with_sheets, workbook_bytes

HEADER = ["indicator", "area_code", "period", "value"]


def _row(number: int, area: str, value: int) -> str:
    cells = [f'<c r="A{number}" t="inlineStr"><is><t>ind_a</t></is></c>',
             f'<c r="B{number}" t="inlineStr"><is><t>{area}</t></is></c>',
             f'<c r="C{number}" t="inlineStr"><is><t>2024</t></is></c>',
             f'<c r="D{number}"><v>{value}</v></c>']
    return f'<row r="{number}">' + "".join(cells) + "</row>"


def _header() -> str:
    return '<row r="1">' + "".join(
        f'<c r="{letter}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for letter, name in zip("ABCD", HEADER)) + "</row>"


def _file(tmp_path, sheet_data: str):
    path = tmp_path / "bok.xlsx"
    path.write_bytes(with_sheet_xml(workbook_bytes([HEADER]), sheet_data))
    return path


def test_rows_out_of_order_are_refused_not_dropped(tmp_path):
    # before: rows 4, 2, 3 imported one row (2 and 3 dropped) and answered ok
    path = _file(tmp_path, _header() + _row(4, "1480", 3) + _row(2, "1280", 1)
                 + _row(3, "0180", 2))
    with pytest.raises(InputError) as caught:
        parse_file(path, area_version="Kommun")
    assert str(caught.value) == f"{path}: rad 2: rad 2 står efter rad 4 i bladet; " \
                                "Excel-filen är skadad"


def test_a_row_given_twice_is_refused(tmp_path):
    # before: the second row 2 was dropped silently
    path = _file(tmp_path, _header() + _row(2, "1480", 1) + _row(2, "1280", 2))
    with pytest.raises(InputError) as caught:
        parse_file(path, area_version="Kommun")
    assert str(caught.value) == f"{path}: rad 2: rad 2 finns två gånger i bladet; " \
                                "Excel-filen är skadad"


def test_a_cell_given_twice_is_refused(tmp_path):
    # before: the second D2 overwrote the first
    row = _row(2, "1480", 1).replace("</row>", '<c r="D2"><v>99</v></c></row>')
    path = _file(tmp_path, _header() + row)
    with pytest.raises(InputError) as caught:
        parse_file(path, area_version="Kommun")
    assert str(caught.value) == (f"{path}: rad 2, kolumn 'D': cellen finns två gånger i "
                                 "bladet; Excel-filen är skadad")


def test_the_rows_present_are_read_with_gaps_and_without_row_numbers(tmp_path):
    rows = _header() + _row(5, "1480", 1) + re.sub(r' r="[A-Z]*\d+"', "", _row(6, "1280", 2))
    frame = parse_file(_file(tmp_path, rows), area_version="Kommun")[2]
    assert frame["_row"].tolist() == [5, 6]
    assert frame["value"].tolist() == [1.0, 2.0]


def test_a_row_beyond_excels_last_is_refused_without_reading_the_gap(tmp_path):
    path = _file(tmp_path, _header() + _row(2_000_000, "1480", 1))
    with pytest.raises(InputError, match="rad 2000000: arbetsboken är för stor: fler än "
                                         "1 048 576 rader"):
        parse_file(path, area_version="Kommun")


def test_a_row_of_millions_of_empty_cells_is_refused_in_bounded_memory(tmp_path):
    # before: a 9 KB file with 2,000,000 <c/> in one row took 755 MB and 18 s
    path = _file(tmp_path, _header() + '<row r="2">' + "<c/>" * 2_000_000 + "</row>")
    assert len(path.read_bytes()) < 60_000  # compresslevel 1
    script = textwrap.dedent(f"""
        import re
        from jamlik.errors import InputError
        from jamlik.ingest import parse_file
        def rss(key):
            with open("/proc/self/status") as status:
                return int(re.search(key + r":\\s+(\\d+)", status.read()).group(1)) // 1024
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        before = rss("VmRSS")
        try:
            parse_file({str(path)!r}, area_version="Kommun")
        except InputError as error:
            print(error)
        print(rss("VmHWM") - before)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == (f"{path}: rad 2: arbetsboken är för stor: en cell i kolumn IW (kolumn "
                      "257); jamlik läser högst 256 kolumner. Dela upp filen eller spara den "
                      "som CSV.")
    assert int(out[1]) < 100, f"reading the refused file grew memory by {out[1]} MB"


def test_a_workbook_of_thousands_of_sheets_is_refused_before_they_are_opened(tmp_path):
    # before: 5,000 empty sheets took 38 s (each sheet's first row read to find HEAT)
    path = tmp_path / "blad.xlsx"
    path.write_bytes(with_sheets(2_000))
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert str(caught.value) == (f"{path}: arbetsboken är för stor: 2000 blad; jamlik läser "
                                 "högst 100. Dela upp filen eller spara den som CSV.")
