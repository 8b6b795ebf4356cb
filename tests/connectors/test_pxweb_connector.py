"""Fetching PxWeb tables from a local fake of SCB's API: splitting, limits, resuming, updates."""

import itertools
import json

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.connectors import (
    PoliteClient, PxLimits, RateLimit, ResponseCache, fetch_pxweb_parts, parse_selection,
    pxweb_limits, pxweb_table, split_selection,
)
from jamlik.errors import ArgumentError, ConnectorError

from .fake_api import TABLE_ID, V1_PATH, FakeServer, cell_value

DEFAULT = PxLimits(150_000, RateLimit(30, 10.0))


@pytest.fixture
def server():
    with FakeServer() as fake:
        yield fake


def polite(server, **options):
    return PoliteClient(httpx.Client(timeout=5), name="SCB", **options)


def values_by_codes(body: bytes) -> dict[tuple, float]:
    """An independent reading of a json-stat2 body: codes of each cell → value."""
    obj = json.loads(body)
    codes = []
    for name in obj["id"]:
        index = obj["dimension"][name]["category"]["index"]
        codes.append(sorted(index, key=index.get))
    return dict(zip(itertools.product(*codes), obj["value"]))


def fetch_all(server, client, cache, api="v2", selects=(), default=DEFAULT):
    base = f"{server.url}/api/{api}"
    limits = pxweb_limits(client, base_url=base, api=api, default=default)
    client.rate_limit = limits.rate_limit
    table = pxweb_table(client, TABLE_ID if api == "v2" else V1_PATH, base_url=base, api=api)
    selection = parse_selection(list(selects), table)
    parts = split_selection(selection, max_cells=limits.max_cells)
    return table, parts, fetch_pxweb_parts(client, table, parts, cache=cache)


@pytest.mark.parametrize("api", ["v2", "v1"])
def test_a_large_query_is_split_under_the_cell_limit_and_every_value_arrives_once(server, api,
                                                                                   tmp_path):
    client = polite(server)
    # v1 has no /config: the limit comes from jamlik's settings (here the fake's 20).
    table, parts, bodies = fetch_all(server, client, ResponseCache(tmp_path), api=api,
                                     selects=["Tid=2017..2023"],
                                     default=PxLimits(20, RateLimit(5, 1.0)))
    assert table.updated == ("2024-01-01T08:00:00Z" if api == "v2" else None)
    assert len(parts) > 1 and all(
        len(p["Region"]) * len(p["Kon"]) * len(p["ContentsCode"]) * len(p["Tid"]) <= 20
        for p in parts)
    got = {}
    for body in bodies:
        cells = values_by_codes(body)
        assert not set(cells) & set(got), "a cell arrived twice"
        got.update(cells)
    expected = {combo: cell_value(combo, 1) for combo in itertools.product(
        server.api.variables["Region"], ["1", "2"], ["BE0101N1"],
        [str(y) for y in range(2017, 2024)])}
    assert got == expected


def test_the_rate_limit_from_config_is_respected_and_429s_are_waited_out(server, tmp_path):
    server.api.calls, server.api.window = 3, 1.0
    client = polite(server)
    fetch_all(server, client, ResponseCache(tmp_path))
    times = [t for t, _, _ in server.api.log]
    assert len(times) > 6
    # The client keeps to the limit the API announces, so the server never had to say 429.
    for start in times:
        assert sum(1 for t in times if start <= t < start + 0.95) <= 3


def test_when_another_client_spends_the_window_a_429_with_retry_after_is_waited_out(server,
                                                                                  tmp_path):
    server.api.calls, server.api.window = 2, 1.0
    client = polite(server, rate_limit=None)  # this client does not know the limit
    table = pxweb_table(client, TABLE_ID, base_url=f"{server.url}/api/v2", api="v2")
    parts = split_selection(parse_selection([], table), max_cells=20)
    bodies = fetch_pxweb_parts(client, table, parts, cache=ResponseCache(tmp_path))
    assert len(bodies) == len(parts) and client.waited >= 1.0


def test_a_busy_server_and_a_dropped_connection_are_retried_without_duplicates(server, tmp_path):
    server.api.busy, server.api.drop = 2, 1
    client = polite(server, backoff=0.01)
    _, parts, bodies = fetch_all(server, client, ResponseCache(tmp_path))
    cells = [cell for body in bodies for cell in values_by_codes(body)]
    assert len(cells) == len(set(cells)) == 6 * 2 * 1 * 9


def test_an_interrupted_fetch_resumes_with_the_parts_it_already_has(server, tmp_path):
    cache = ResponseCache(tmp_path)
    limit = RateLimit(server.api.calls, server.api.window)
    first = polite(server, max_retries=0, rate_limit=limit)
    base = f"{server.url}/api/v2"
    table = pxweb_table(first, TABLE_ID, base_url=base, api="v2")
    parts = split_selection(parse_selection([], table), max_cells=20)
    server.api.busy = 0
    # The connection drops on the fourth part; with no retries the fetch stops there.
    original = server.api.data
    calls = {"n": 0}

    def failing(selection):
        calls["n"] += 1
        if calls["n"] == 3:  # drop is read before data(): this drops the fourth part
            server.api.drop = 1
        return original(selection)

    server.api.data = failing
    with pytest.raises(ConnectorError, match="förbindelsen bröts"):
        fetch_pxweb_parts(first, table, parts, cache=cache)
    server.api.data = original
    posts_before = sum(1 for _, method, _ in server.api.log if method == "POST")
    bodies = fetch_pxweb_parts(polite(server, rate_limit=limit), table, parts, cache=cache)
    posts_after = sum(1 for _, method, _ in server.api.log if method == "POST")
    assert posts_after - posts_before == len(parts) - 3
    assert len(bodies) == len(parts)


def test_an_updated_table_is_fetched_anew_not_read_from_the_cache(server, tmp_path):
    cache = ResponseCache(tmp_path)
    _, _, before = fetch_all(server, polite(server), cache)
    server.api.version = 2
    table, _, after = fetch_all(server, polite(server), cache)
    assert table.updated == "2024-02-01T08:00:00Z"
    old, new = values_by_codes(before[0]), values_by_codes(after[0])
    assert all(new[key] == old[key] + 1000 for key in old)
    _, _, again = fetch_all(server, polite(server), cache)
    assert again == after and cache.hits >= len(after)


def test_selection_errors_name_the_flag_and_what_exists(server):
    table = pxweb_table(polite(server), TABLE_ID, base_url=f"{server.url}/api/v2", api="v2")
    with pytest.raises(ArgumentError) as error:
        parse_selection(["Region=9999"], table)
    assert str(error.value) == ("--select Region: tabellen TAB9999 har ingen kod '9999'; den har "
                                "00, 0180, 1280, 1480, 0114, 0115")
    with pytest.raises(ArgumentError, match="ingen variabel 'Ålder'; den har Region, Kon"):
        parse_selection(["Ålder=*"], table)
    with pytest.raises(ArgumentError, match="väntade VARIABEL=KOD,KOD"):
        parse_selection(["Region"], table)


@settings(deadline=None)  # up to 12**5 cells are enumerated: time varies with the machine's load
@given(st.dictionaries(st.sampled_from("ABCDE"), st.integers(1, 12), min_size=1),
       st.integers(1, 200))
def test_split_covers_the_selection_exactly_once_within_the_limit(sizes, limit):
    selection = {name: [f"{name}{i}" for i in range(size)] for name, size in sizes.items()}
    parts = split_selection(selection, max_cells=limit)
    seen = []
    for part in parts:
        cells = list(itertools.product(*(part[name] for name in selection)))
        assert len(cells) <= max(limit, 1) or all(len(v) == 1 for v in part.values())
        seen.extend(cells)
    assert sorted(seen) == sorted(itertools.product(*selection.values()))
