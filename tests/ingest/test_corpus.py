"""Issue 11: a corpus of real files from several agencies (tests/fixtures/corpus, README there).

Every file either imports with every value equal to the source, or is refused with one
clear message (jamlik's InputError naming the file). "Equal to the source" is checked by
a checker independent of the importer: a few lines that find ``DATA=`` and split it into
tokens (or read the json-stat ``value`` array), then compare the count of cells, the
multiset of numbers and the count of each symbol with the importer's tidy rows. Files that
need an option a user must give (the area of a national table from abroad) are imported
with the options in ``OPTIONS`` and checked the same way. Then the corpus is mutated
byte-wise (hypothesis): no importer may raise anything but jamlik's own errors.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.errors import InputError, JamlikError
from jamlik.ingest import parse_file

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in (".px", ".json"))

# What a user must say for the tables that do not say it (a national table from abroad has
# no region variable; Sweden's 00 is never assumed for it).
LAND = {"area_version": "Land"}
OPTIONS = {
    "pxmake_BEXSTA_windows_1252.px": {**LAND, "area_code": "GL"},
    "pxmake_PRXPRISH.px": {**LAND, "area_code": "GL"},
    "pxmake_SOXATI4.px": {**LAND, "area_code": "GL"},
    "pxmake_TUX01.px": {**LAND, "area_code": "GL"},
    "pxmake_multilingual_no_codes.px": {**LAND, "area_code": "GL", "period": "2020"},
    "pxmake_population_gl.px": {**LAND, "area_code": "GL"},
    "pxmake_semicolon_in_values.px": {**LAND, "area_code": "GL"},
    "pxmake_CONTVARIABLE_multiple_languages.px": {**LAND, "area_code": "FI"},
    "pxmake_TIMEVAL_long.px": {"area_version": "Statistics_Norway_Region"},
    "pyaxis_1001.px": {**LAND, "area_code": "ES"},
    "pyaxis_14001.px": {**LAND, "area_code": "ES", "period": "2018"},
    "pyaxis_27067.px": {**LAND, "area_code": "ES"},
    "pyaxis_px-x-0602000000_107.px": {**LAND, "area_code": "CH"},
    "scb_Hierarchies_GeneveEUhierarch.px": {**LAND, "area_code": "EU"},
}
SYMBOLS = {".", "..", "...", "....", ".....", "......", "-", "–", ""}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


# --- the independent checker ---------------------------------------------------------------

def px_source_cells(data: bytes) -> tuple[int, Counter, Counter]:
    """(cells, numbers, symbols) written in a PX file's DATA part."""
    start = re.search(rb"(?m)^\s*DATA\s*=", data)
    head, body = data[: start.start()], data[start.end():]
    keys = re.search(rb'(?m)^KEYS\(', head) is not None
    text = body.decode("latin-1")
    numbers, symbols, cells = Counter(), Counter(), 0
    for token in re.findall(r'"[^"]*"|[^\s,;"]+', text):
        quoted = token.startswith('"')
        inner = token[1:-1] if quoted else token
        if keys and quoted and inner not in SYMBOLS:
            continue  # a key of a KEYS row, not a cell
        cells += 1
        if not quoted and _NUMBER.fullmatch(inner):
            numbers[float(inner)] += 1
        else:
            symbols[inner] += 1
    return cells, numbers, symbols


def jsonstat_source_cells(data: bytes) -> tuple[int, Counter, Counter]:
    obj = json.loads(data)
    values = obj["value"] if isinstance(obj["value"], list) else list(obj["value"].values())
    numbers = Counter(float(v) for v in values if v is not None)
    return len(values), numbers, Counter({"(null)": sum(v is None for v in values)})


def imported_cells(frame, *, json_shape: bool) -> tuple[int, Counter, Counter]:
    numbers, symbols = Counter(), Counter()
    for value, suppressed, reason, flag in zip(frame["value"], frame["suppressed"],
                                               frame["suppression_reason"], frame["flag"]):
        if bool(suppressed):
            symbol = str(reason).split(" ", 1)[0]
            symbols["(null)" if json_shape else ("" if symbol == '""' else symbol)] += 1
        elif isinstance(flag, str) and flag[:2] in ("- ", "– "):
            symbols[flag[0]] += 1  # a nil dash, stored as 0 with its meaning
        else:
            numbers[float(value)] += 1
    return len(frame), numbers, symbols


def check_values(path: Path, parsed, frame) -> None:
    data = path.read_bytes()
    is_json = path.suffix == ".json"
    cells, numbers, symbols = (jsonstat_source_cells if is_json else px_source_cells)(data)
    got_cells, got_numbers, got_symbols = imported_cells(frame, json_shape=is_json)
    filled = got_cells - cells  # KEYS files: rows left out are zeros, as the format says
    assert filled == 0 or parsed.details.get("keys"), (cells, got_cells)
    if filled:
        numbers[0.0] += filled
    assert got_numbers == numbers
    assert got_symbols == +symbols


# --- the corpus test -------------------------------------------------------------------------

def test_the_corpus_has_at_least_30_files_from_at_least_4_agencies():
    readme = (CORPUS / "README.md").read_text("utf-8")
    listed = re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", readme, re.M)
    assert sorted(name for name, _agency in listed) == sorted(p.name for p in FILES)
    agencies = {re.sub(r" \(.*", "", agency.strip()) for _name, agency in listed}
    assert len(FILES) >= 30 and len(agencies) >= 4, agencies


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_file_imports_exactly_or_is_refused_clearly(path):
    try:
        _format, parsed, frame, _hash = parse_file(path)
    except InputError as error:
        message = str(error)
        assert message.startswith(str(path)) and "Traceback" not in message
        assert "\n" not in message
        if path.name not in OPTIONS:
            return  # refused with one clear message
        try:
            _format, parsed, frame, _hash = parse_file(path, **OPTIONS[path.name])
        except InputError as again:  # e.g. a code check_frame refuses: still one clear message
            assert str(again).startswith(str(path)) and "\n" not in str(again)
            assert "area_code" not in str(again) and "ingen tidsvariabel" not in str(again)
            return
    else:
        assert path.name not in OPTIONS, "imports without the options: drop them from OPTIONS"
    check_values(path, parsed, frame)


def test_most_of_the_corpus_imports_exactly():
    exact = 0
    for path in FILES:
        try:
            _format, parsed, frame, _ = parse_file(path, **OPTIONS.get(path.name, {}))
        except InputError:
            continue
        check_values(path, parsed, frame)
        exact += 1
    assert exact >= 30, exact


def test_a_foreign_national_table_is_refused_without_an_area_and_never_swedish():
    with pytest.raises(InputError, match="inte svensk .källan 'Statistics Greenland'.; raderna "
                                         "antas inte gälla Sverige"):
        parse_file(CORPUS / "pxmake_BEXSTA_windows_1252.px")
    _format, _parsed, frame, _ = parse_file(CORPUS / "pxmake_CONTVARIABLE.px")
    assert set(frame.area_version) == {"Statistics_Norway_Region"}  # Oslo is not a kommun


# --- byte-wise mutation ----------------------------------------------------------------------

SMALL = [p for p in FILES if p.stat().st_size < 20_000]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_corpus_files_never_raise_anything_but_jamlik_errors(data):
    path = data.draw(st.sampled_from(SMALL))
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(raw) - 1))
        kind = data.draw(st.sampled_from(["replace", "delete", "insert", "truncate"]))
        byte = data.draw(st.sampled_from(
            [0, 10, 13, 34, 44, 59, 61, 40, 41, 91, 93, 0x80, 0x96, 0xC3, 0xE5, 0xF6, 0xFF]
            + list(range(48, 58))))
        if kind == "replace":
            raw[position] = byte
        elif kind == "delete":
            del raw[position]
        elif kind == "insert":
            raw.insert(position, byte)
        else:
            del raw[position:]
        if not raw:
            raw = bytearray(b" ")
    options = OPTIONS.get(path.name, {})
    try:
        parse_file(path, data=bytes(raw), **options)
    except JamlikError:
        pass
