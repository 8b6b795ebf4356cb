"""Property: any input gives a tidy table that passes check_frame, or an InputError."""

import copy
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamlik.errors import InputError
from jamlik.ingest._kolada import parse_kolada, read_kolada
from jamlik.ingest._tidy import check_frame

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kolada"
PAGES = [json.loads((FIXTURES / name).read_text(encoding="utf-8"))
         for name in ("v2_N00945.json", "v3_oudata_N15033.json", "v2_pages.json")]
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=False),
    st.sampled_from(["", "T", "K", "M", "X", "0000", "0014", "0011", "1480", "G1", "14",
                     "N00945", "2023", "23", "Saknas", "http://x/?page=2"]),
    st.text(max_size=8))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(
        st.sampled_from(["kpi", "municipality", "ou", "period", "values", "gender", "value",
                         "status", "count", "next_page", "next_url", "x"]), inner, max_size=5)),
    max_leaves=20)


def parses_or_refuses(parse, data):
    try:
        parsed = parse(data)
    except InputError:
        return
    check_frame(parsed.frame, file="k.json")


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data):
    parses_or_refuses(read_kolada, data)


@SETTINGS
@given(json_values)
def test_arbitrary_json(obj):
    parses_or_refuses(parse_kolada, obj)
    parses_or_refuses(read_kolada, json.dumps(obj).encode())


def paths(node, prefix=()):
    yield prefix
    children = (node.items() if isinstance(node, dict)
                else enumerate(node) if isinstance(node, list) else ())
    for key, child in children:
        yield from paths(child, (*prefix, key))


@st.composite
def mutated(draw):
    document = copy.deepcopy(draw(st.sampled_from(PAGES)))
    for _ in range(draw(st.integers(1, 3))):
        candidates = [p for p in paths(document) if p]
        path = draw(st.sampled_from(candidates))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return document


@SETTINGS
@given(mutated())
def test_mutated_fixtures(document):
    parses_or_refuses(parse_kolada, document)
