"""The city's small-number rule holds wherever values reach people (issue 9, item 5): a
value under the threshold is never in the page, the JSON API, a table download or an
export, and its reason is, in Swedish and in English."""

from __future__ import annotations

import csv
import io
import warnings

import pytest
from openpyxl import load_workbook

from jamlik.config import get_settings
from jamlik.jobs import import_file, write_export
from jamlik.store import connect, export_frame

pytestmark = pytest.mark.xdist_group("web")

HEADER = ("indicator,indicator_name,kind,unit,scale,polarity,area_code,area_version,period,value,"
          "numerator,denominator\n")
# R002 has 3 cases: under a minimum numerator of 5. 3 of 40 is 7.5 %, a value no page shows.
ROWS = ("andel,Andel,proportion,procent,100,higher_better,1480,Kommun_2025,2023,25.0,250,1000\n"
        "andel,Andel,proportion,procent,100,higher_better,1480R001,RegSO_2025,2023,30.0,120,400\n"
        "andel,Andel,proportion,procent,100,higher_better,1480R002,RegSO_2025,2023,7.5,3,40\n"
        "andel,Andel,proportion,procent,100,higher_better,1480R003,RegSO_2025,2023,22.4,127,560\n")
SMALL = ">7,5<"  # how the page would write the withheld value in a cell
REASON_SV = "färre än 5 i täljaren (regeln om små tal)"
REASON_EN = "fewer than 5 in the numerator (small-number rule)"


@pytest.fixture
def rule(monkeypatch):
    monkeypatch.setenv("JAMLIK_SMALL_NUMBER_MIN_NUMERATOR", "5")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def client(tmp_path, rule):
    from fastapi.testclient import TestClient

    from jamlik.demo._geography import load_geography
    from jamlik.web import create_app

    engine = connect(f"sqlite:///{tmp_path / 'store.db'}")
    load_geography(engine)
    path = tmp_path / "andel.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    import_file(path, engine=engine)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        app = create_app(engine)
    return TestClient(app, base_url="https://testserver", raise_server_exceptions=False)


def test_a_small_count_is_withheld_in_page_api_download_and_export(client, tmp_path):
    page = client.get("/indikatorer/andel?municipality=1480")
    assert page.status_code == 200
    assert REASON_SV in page.text and "30,0" in page.text and SMALL not in page.text
    english = client.get("/indikatorer/andel?municipality=1480&lang=en")
    assert REASON_EN in english.text and ">7.5<" not in english.text
    assert "Why the value is not shown" in english.text

    api = client.get("/api/v1/indicators/andel/values?municipality=1480&lang=sv")
    assert api.status_code == 200
    rows = {row["code"]: row for row in api.json()["items"]}
    assert rows["1480R002"]["value"] is None and rows["1480R002"]["suppressed"] == REASON_SV
    assert rows["1480R001"]["value"] == 30.0 and rows["1480R001"]["suppressed"] is None

    download = client.get("/indikatorer/andel?municipality=1480&tabell=rangordning&format=csv"
                          "&lang=sv")
    assert download.status_code == 200
    table = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    withheld = next(row for row in table if row["Kod"] == "1480R002")
    assert withheld["procent"] == "" and withheld["Varför värdet inte visas"] == REASON_SV
    assert "7.5" not in download.text
    excel = client.get("/indikatorer/andel?municipality=1480&tabell=rangordning&format=xlsx"
                       "&lang=sv")
    sheet = list(load_workbook(io.BytesIO(excel.content), read_only=True).worksheets[0]
                 .iter_rows(values_only=True))
    withheld = dict(zip(sheet[0], next(row for row in sheet if row[2] == "1480R002")))
    assert withheld["procent"] is None and withheld["Varför värdet inte visas"] == REASON_SV

    target = write_export(export_frame(client.app.state.engine), tmp_path / "export.csv",
                          format="csv")
    exported = {row["area_code"]: row for row in csv.DictReader(target.open(encoding="utf-8"))}
    assert exported["1480R002"]["value"] == "" and exported["1480R002"]["numerator"] == ""
    assert exported["1480R002"]["suppressed"] == "1"
    assert exported["1480R002"]["suppression_reason"] == REASON_SV
    assert float(exported["1480R001"]["value"]) == 30.0


def test_without_the_rule_the_value_is_shown(tmp_path, monkeypatch):
    monkeypatch.delenv("JAMLIK_SMALL_NUMBER_MIN_NUMERATOR", raising=False)
    get_settings.cache_clear()
    frame = export_frame(_store(tmp_path))
    target = write_export(frame, tmp_path / "export.csv", format="csv")
    exported = {row["area_code"]: row for row in csv.DictReader(target.open(encoding="utf-8"))}
    assert float(exported["1480R002"]["value"]) == 7.5


def _store(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'plain.db'}")
    path = tmp_path / "andel.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    import_file(path, engine=engine)
    return engine
