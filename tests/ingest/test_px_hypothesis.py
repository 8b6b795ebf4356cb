"""read_px on arbitrary and mutated bytes: a checked frame or InputError, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.errors import InputError
from jamlik.ingest._px import read_px
from jamlik.ingest._tidy import check_frame

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "px").glob("*.px"))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes) -> None:
    """What the importer does with a PC-Axis file: read it, then check the frame
    (codes, periods, numbers); either step may refuse it, naming the file."""
    try:
        parsed = read_px(data, file="fuzz.px")
        check_frame(parsed.frame, file="fuzz.px")
    except InputError as error:  # e.g. a MATRIX of " TAB3554": a code may not start blank
        assert str(error).startswith("fuzz.px: ")
        return
    assert parsed.table_id


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    outcome(data)


@SETTINGS
@given(st.text(alphabet='ABCDEFGHIJKLMNOPQRSTUVWXYZ"=;,()[]-.0123456789 åäö\n', max_size=600))
def test_px_like_text(text):
    outcome(("STUB=\"a\";\n" + text).encode())


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(FIXTURES)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate"]))
        at = draw(st.integers(0, len(data)))
        if kind == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([b'"', b";", b",", b"=", b"(", b"..", b"-", b"\n",
                                                b"\xe5", b"\x00", b"DATA=", b"KEYS(\"x\")=CODES;",
                                                b"1e999", b'"\xc3"', b"\xef\xbb\xbf"]))
        elif kind == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "duplicate":
            lines = bytes(data).split(b"\n")
            line = draw(st.integers(0, max(len(lines) - 1, 0)))
            lines.insert(line, lines[line])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@SETTINGS
@given(mutated())
def test_mutated_fixtures(data):
    outcome(data)
