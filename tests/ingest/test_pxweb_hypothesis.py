"""read_pxweb on arbitrary and mutated responses: a checked frame or InputError, nothing else."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.errors import InputError
from jamlik.ingest._pxweb import read_pxweb
from jamlik.ingest._tidy import check_frame

FIXTURES = [p for p in sorted((Path(__file__).parents[1] / "fixtures" / "pxweb").glob("*.json"))
            if not p.name.startswith("error")]
DOCUMENTS = [json.loads(p.read_bytes()) for p in FIXTURES]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes) -> None:
    # What an import does: read, then check the whole table; either may refuse the file.
    try:
        parsed = read_pxweb(data, file="fuzz.json", table_id="T1")
        check_frame(parsed.frame, file="fuzz.json")
    except InputError as error:
        assert str(error).startswith("fuzz.json: ")


@SETTINGS
@given(st.binary(max_size=1000))
def test_arbitrary_bytes(data):
    outcome(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=8) | st.sampled_from(["..", "-", "", "2024", "1+2", "00", "TOT"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=4),
    max_leaves=12)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, (*prefix, i))


@st.composite
def mutated(draw):
    document = copy.deepcopy(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(list(paths(document))))
        if not where:
            continue
        parent = document
        for step in where[:-1]:
            parent = parent[step]
        if draw(st.booleans()) or isinstance(parent, list):
            parent[where[-1]] = draw(JSON)
        else:
            del parent[where[-1]]
    return json.dumps(document).encode()


@SETTINGS
@given(mutated())
def test_mutated_documents(data):
    outcome(data)


@SETTINGS
@given(st.sampled_from(FIXTURES), st.integers(0, 5000), st.integers(1, 30))
def test_cut_responses(path, at, length):
    data = path.read_bytes()
    outcome(data[:at] + data[at + length:])
