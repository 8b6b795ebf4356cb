"""Why jamlik reads PC-Axis itself instead of with pyaxis (the dependency decision in _px.py).

pyaxis (0.4.3) is run in a subprocess, because importing it calls
``logging.basicConfig(level=INFO)`` and would change logging for the whole test
session. Each assertion is one observed reason; if a new pyaxis release fixes
them, this test fails and the decision should be revisited.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jamlik.ingest._px import read_px

FIXTURES = Path(__file__).parents[1] / "fixtures" / "px"

SCRIPT = textwrap.dedent("""
    import contextlib, io, json, logging, sys
    out = {}
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        from pyaxis import pyaxis
        out["logging_level_after_import"] = logging.getLogger().level
        px = pyaxis.parse("befolkning_civilstand_ansi.px", encoding="cp1252")
    out["printed"] = buffer.getvalue().strip()
    out["columns"] = list(px["DATA"].columns)
    out["notex"] = None
    try:
        pyaxis.parse("befolkning_civilstand_ansi.px", encoding="utf-8")
    except Exception as error:
        out["wrong_encoding"] = type(error).__name__
    he = pyaxis.parse("he0110_inkomst_utf8.px", encoding="utf-8")
    data = he["DATA"]["DATA"]
    out["cells"] = [data.iloc[i] if isinstance(data.iloc[i], str) else None for i in (20, 36, 53)]
    out["first"] = data.iloc[0]
    out["notex"] = he["METADATA"]["NOTEX"]
    try:
        pyaxis.parse("regso_keys.px", encoding="utf-8")
    except Exception as error:
        out["keys"] = type(error).__name__
    with open("note.px", "w", encoding="utf-8") as f:
        f.write(open("he0110_inkomst_utf8.px", encoding="utf-8").read().replace(
            'SOURCE="SCB";', 'SOURCE="SCB";\\nNOTE="Se DATA=2024 i tabellen";'))
    try:
        pyaxis.parse("note.px", encoding="utf-8")
    except Exception as error:
        out["data_in_note"] = type(error).__name__
    print(json.dumps(out))
""")


@pytest.fixture(scope="module")
def observed(tmp_path_factory):
    work = tmp_path_factory.mktemp("pyaxis")
    for fixture in FIXTURES.glob("*.px"):
        (work / fixture.name).write_bytes(fixture.read_bytes())
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=work, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_pyaxis_misreads_what_read_px_reads(observed):
    # KEYS files: pyaxis pairs the full cartesian product (48 cells) with 45 sparse tokens
    assert observed["keys"] == "ValueError"
    assert len(read_px((FIXTURES / "regso_keys.px").read_bytes()).frame) == 48
    # symbols other than "." and "..": '"..."' and '""' stay strings among the numbers
    assert observed["cells"] == [None, '"..."', '""']
    assert observed["first"] == "332.8"  # numbers stay text
    # CODES never reach the table; only the value texts do
    assert observed["columns"] == ["region", "civilstånd", "tabellinnehåll", "år", "DATA"]
    # the caller must know the encoding; CHARSET/CODEPAGE are not read
    assert observed["wrong_encoding"] == "UnicodeDecodeError"
    # a text split over two lines becomes two notes instead of one
    assert len(observed["notex"]) == 2
    # the file is split at the first "DATA=", even inside a note
    assert observed["data_in_note"] == "ValueError"  # "too many values to unpack"
    # side effects on import and parse
    assert observed["logging_level_after_import"] == 20  # logging.INFO for the whole program
    assert observed["printed"] == "Multilingual PX file"
