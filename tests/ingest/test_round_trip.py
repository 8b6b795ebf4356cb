"""Every importer round-trips: import, export, re-import gives the same store
(on SQLite and PostgreSQL), and re-importing the export into the first store
changes nothing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from jamlik.jobs import write_export
from jamlik.jobs import import_file
from jamlik.store import export_frame

FIXTURES = Path(__file__).parents[1] / "fixtures"

VALID = [
    ("kolada", "kolada/v2_N00945.json"),
    ("kolada", "kolada/v2_pages.json"),
    ("kolada", "kolada/v3_oudata_N15033.json"),
    ("heat", "heat_template/goteborg.csv"),
    ("heat", "heat_template/goteborg_excel_export.csv"),
    ("heat", "heat_template/who_example.csv"),
    ("px", "px/befolkning_civilstand_ansi.px"),
    ("px", "px/he0110_inkomst_utf8.px"),
    ("px", "px/regso_keys.px"),
    ("pxweb-json", "pxweb/befolkningny_v1.json"),
    ("pxweb-jsonstat2", "pxweb/he0110_tab3554_jsonstat2.json"),
    ("pxweb-jsonstat2", "pxweb/tab6638_regso_v2.json"),
]


@pytest.mark.parametrize("fmt,name", VALID, ids=[name for _, name in VALID])
def test_import_export_reimport(store, tmp_path, make_second_store, fmt, name):
    result = import_file(FIXTURES / name, engine=store)
    assert result.rows_inserted == result.rows_read > 0
    first = export_frame(store)
    assert len(first) == result.rows_read
    path = write_export(first, tmp_path / "export.csv", fmt="csv")
    second = make_second_store(store.dialect.name)
    import_file(path, engine=second)
    pd.testing.assert_frame_equal(export_frame(second), first)
    again = import_file(path, engine=store)
    assert (again.rows_inserted, again.rows_revised, again.rows_unchanged) == (0, 0, len(first))


def test_detected_formats():
    from jamlik.ingest import detect_format

    for fmt, name in VALID:
        path = FIXTURES / name
        assert detect_format(path.read_bytes(), str(path)) == fmt, name
