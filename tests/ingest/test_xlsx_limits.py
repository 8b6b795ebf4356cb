"""Excel is read as it is, not as it claims to be (issue 10, kind 2).

Every Excel reader (the long format, WHO's HEAT template, the follow-up and
activity templates, the statistics commands) reads a sheet by its real cells,
and refuses a workbook beyond :data:`jamlik.ingest.XLSX_LIMITS` before building
anything from it. The files are built by editing the xlsx XML, as the cases found
by trying the product had it.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap

import pytest

from jamlik.errors import InputError
from jamlik.ingest import XLSX_LIMITS, XlsxLimits, open_xlsx, parse_file, read_heat_template

from xlsx_build import with_dimension, with_rows, workbook_bytes

HEADER = ["indicator", "area_code", "period", "value"]
ROWS = [["ind_a", "1480", str(2000 + i), float(i)] for i in range(10)]


def test_a_sheet_claiming_a1_d5_with_ten_data_rows_imports_ten(tmp_path):
    path = tmp_path / "claims_a1_d5.xlsx"
    path.write_bytes(with_dimension(workbook_bytes([HEADER, *ROWS]), "A1:D5"))
    _name, _parsed, frame, _digest = parse_file(path)
    assert len(frame) == 10
    assert sorted(frame["period"].astype(str)) == [str(2000 + i) for i in range(10)]


def test_a_sheet_claiming_more_than_it_has_reads_what_it_has(tmp_path):
    path = tmp_path / "claims_a1_z900.xlsx"
    path.write_bytes(with_dimension(workbook_bytes([HEADER, *ROWS[:3]]), "A1:Z900"))
    assert len(parse_file(path)[2]) == 3


def test_a_sheet_claiming_a1_d2_with_fifty_thousand_rows_imports_them_all(tmp_path):
    rows = ([f"ind_{i % 7}", "1480", str(1990 + i // 7 % 30), i] for i in range(210))
    body = itertools.chain([HEADER], rows)
    path = tmp_path / "claims_a1_d2.xlsx"
    path.write_bytes(with_rows(workbook_bytes([HEADER]), body, dimension="A1:D2"))
    assert len(parse_file(path)[2]) == 210


def test_a_two_million_row_file_claiming_a1_d2_is_refused_not_read_as_one_row(tmp_path):
    rows = itertools.chain([HEADER], ([1, 2, 3, 4] for _ in range(2_000_000)))
    path = tmp_path / "two_million.xlsx"
    path.write_bytes(with_rows(workbook_bytes([HEADER]), rows, dimension="A1:D2"))
    with pytest.raises(InputError, match=r"two_million.xlsx: Excel-filen är \d+ MB uppackad; "
                                         r"jamlik läser högst 100 MB"):
        parse_file(path)


def xfd_file() -> bytes:
    """The 103 KB file: 20,000 rows, the last with a cell in column XFD, claiming A1:XFD20001."""
    rows = itertools.chain([HEADER], (["ind_a", "1480", "2020", i] for i in range(19_999)))
    extra = '<row r="20001"><c r="XFD20001"><v>1</v></c></row>'
    return with_rows(workbook_bytes([HEADER]), rows, dimension="A1:XFD20001", extra=extra)


def test_a_cell_in_column_xfd_is_refused_in_bounded_memory(tmp_path):
    path = tmp_path / "xfd.xlsx"
    path.write_bytes(xfd_file())
    assert len(path.read_bytes()) < 200_000
    # VmHWM is the reading process's own peak (ru_maxrss would inherit the parent's);
    # writing 5 to clear_refs resets it after the imports.
    script = textwrap.dedent(f"""
        import re
        from jamlik.errors import InputError
        from jamlik.ingest import parse_file
        def peak():
            with open("/proc/self/status") as status:
                return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1)) // 1024
        def current():
            with open("/proc/self/status") as status:
                return int(re.search(r"VmRSS:\\s+(\\d+)", status.read()).group(1)) // 1024
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        before = current()
        try:
            parse_file({str(path)!r})
        except InputError as error:
            print(error)
        print(peak() - before)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == (f"{path}: rad 20001: arbetsboken är för stor: en cell i kolumn XFD "
                      "(kolumn 16384); jamlik läser högst 256 kolumner. Dela upp filen eller "
                      "spara den som CSV.")
    assert int(out[1]) < 100, f"reading the refused file grew memory by {out[1]} MB"


def test_every_excel_reader_shares_the_limits(tmp_path):
    narrow = XlsxLimits(cells=30)
    with open_xlsx(workbook_bytes([HEADER, *ROWS]), file="f.xlsx", limits=narrow) as book:
        with pytest.raises(InputError, match=r"^f.xlsx: rad 8: arbetsboken är för stor: fler "
                                             r"än 30 celler i bladet"):
            list(book.rows(width=4))
    assert XLSX_LIMITS.columns == 256 and XLSX_LIMITS.cells == 2_000_000


def test_a_value_outside_the_named_columns_is_refused(tmp_path):
    path = tmp_path / "stray.xlsx"
    path.write_bytes(workbook_bytes([HEADER, ["ind_a", "1480", "2020", 1.0, None, "x"]]))
    with pytest.raises(InputError, match="stray.xlsx: rad 2, kolumn 'F': värde i en kolumn "
                                         "utan kolumnnamn på rad 1"):
        parse_file(path)


def test_the_heat_template_reader_reads_real_cells():
    header = ["setting", "year", "source", "indicator_abbr", "indicator_name", "dimension",
              "subgroup", "estimate", "population", "flag", "setting_average",
              "indicator_scale", "favourable_indicator", "ordered_dimension", "subgroup_order",
              "reference_subgroup", "iso3", "se", "ci_lb", "ci_ub"]
    rows = [["Göteborg", 2020, "SCB", "ind", "Indikator", "Kön", sex, value, 100, None, 5.0,
             100, 1, 0, 0, reference, None, None, None, None]
            for sex, value, reference in (("Kvinnor", 4.0, 0), ("Män", 6.0, 1))]
    data = with_dimension(workbook_bytes([header, *rows]), "A1:T2")
    parsed = read_heat_template(data, file="heat.xlsx")
    assert set(parsed.frame["subgroup"]) >= {"Kvinnor", "Män"}
