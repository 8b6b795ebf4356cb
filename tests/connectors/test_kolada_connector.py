"""Fetching Kolada v3 from a local fake: pages to the end, a dropped page, publication dates."""

import httpx
import pytest

from jamlik.connectors import (
    KoladaQuery, PoliteClient, ResponseCache, fetch_kolada_pages, kolada_urls,
)
from jamlik.errors import ArgumentError, ConnectorError

from .fake_api import FakeServer, cell_value


@pytest.fixture
def server():
    with FakeServer() as fake:
        fake.api.calls = 100
        yield fake


def client(**options):
    return PoliteClient(httpx.Client(timeout=5), name="Kolada", backoff=0.01, **options)


QUERY = KoladaQuery(kpis=["N00945", "N01951"], municipalities=["1480", "0180"],
                    years=[2021, 2022, 2023])


def test_every_page_is_followed_to_the_end_and_every_value_is_there(server, tmp_path):
    pages = fetch_kolada_pages(client(), QUERY, base_url=f"{server.url}/v3",
                               cache=ResponseCache(tmp_path))
    assert len(pages) == 3 and pages[-1]["next_url"] is None
    got = {(e["kpi"], e["municipality"], str(e["period"]), v["gender"]): v["value"]
           for page in pages for e in page["values"] for v in e["values"]}
    assert len(got) == 2 * 2 * 3 * 3
    assert all(value == cell_value(key, 1) for key, value in got.items())


def test_a_page_dropped_mid_body_is_fetched_again_without_duplicates(server, tmp_path):
    server.api.drop = 1
    pages = fetch_kolada_pages(client(), QUERY, base_url=f"{server.url}/v3",
                               cache=ResponseCache(tmp_path))
    entries = [(e["kpi"], e["municipality"], e["period"]) for p in pages for e in p["values"]]
    assert len(entries) == len(set(entries)) == 12


def test_a_republished_kpi_is_fetched_anew(server, tmp_path):
    cache = ResponseCache(tmp_path)
    base = f"{server.url}/v3"
    fetch_kolada_pages(client(), QUERY, base_url=base, cache=cache)
    fetch_kolada_pages(client(), QUERY, base_url=base, cache=cache)
    assert cache.hits == 3
    server.api.version = 2
    pages = fetch_kolada_pages(client(), QUERY, base_url=base, cache=cache)
    assert cache.hits == 3
    first = pages[0]["values"][0]
    assert first["values"][0]["value"] == cell_value(
        (first["kpi"], first["municipality"], str(first["period"]), "K"), 2)


def test_an_unknown_kpi_is_named(server, tmp_path):
    query = KoladaQuery(kpis=["U99999"], municipalities=["1480"], years=[2023])
    with pytest.raises(ConnectorError, match="Kolada känner inte till nyckeltalen U99999"):
        fetch_kolada_pages(client(), query, base_url=f"{server.url}/v3",
                           cache=ResponseCache(None))


def test_urls_are_split_so_none_names_too_many_ids():
    many = KoladaQuery(kpis=[f"N{n:05d}" for n in range(45)], municipalities=["1480"],
                       years=list(range(1990, 2025)))
    urls = kolada_urls(many, base_url="https://api.kolada.se/v3/")
    assert len(urls) == 3 * 2
    assert all(url.startswith("https://api.kolada.se/v3/data/kpi/") for url in urls)
    units = KoladaQuery(kpis=["N15033"], units=["V15E148000301"], years=[2023])
    assert kolada_urls(units, base_url="https://api.kolada.se/v3") == [
        "https://api.kolada.se/v3/oudata/kpi/N15033/ou/V15E148000301/year/2023?per_page=5000"]


@pytest.mark.parametrize(("options", "message"), [
    ({"kpis": ["X1"], "municipalities": ["1480"], "years": [2023]},
     "kpi: väntade ett Kolada-nyckeltal som N00945 eller U15010, fick 'X1'"),
    ({"kpis": ["N00945"], "years": [2023]},
     "ange antingen municipality (kommuner, län eller grupper) eller ou"),
    ({"kpis": ["N00945"], "municipalities": ["Göteborg"], "years": [2023]},
     "municipality: väntade en kommunkod (1480)"),
    ({"kpis": ["N00945"], "municipalities": ["1480"], "years": [23]},
     "years: väntade årtal mellan 1900 och 2100, fick 23"),
    ({"kpis": "N00945", "municipalities": ["1480"], "years": [2023]},
     "kpi: väntade en lista av id:n, fick en sträng 'N00945'"),
])
def test_a_query_is_checked_with_messages_that_name_the_option(options, message):
    with pytest.raises(ArgumentError) as error:
        KoladaQuery(**options)
    assert str(error.value).startswith(message)


def scripted_kolada(pages: dict[str, dict]) -> PoliteClient:
    """A client serving Kolada pages by URL (a KPI list answers every KPI)."""

    def handler(request):
        url = str(request.url)
        if "/kpi/" in url and "/data/" not in url:
            return httpx.Response(200, json={"values": [{"id": "N00945"}]})
        return httpx.Response(200, json=pages[url]) if url in pages else httpx.Response(404)

    return PoliteClient(httpx.Client(transport=httpx.MockTransport(handler)), name="Kolada")


FIRST = "https://k.test/v3/data/kpi/N00945/municipality/1480/year/2023?per_page=5000"


def test_a_relative_next_link_and_v2_next_page_are_followed():
    pages = {FIRST: {"values": [], "next_page": "?page=2&per_page=5000"},
             FIRST.replace("?per_page=5000", "?page=2&per_page=5000"): {"values": []}}
    query = KoladaQuery(kpis=["N00945"], municipalities=["1480"], years=[2023])
    got = fetch_kolada_pages(scripted_kolada(pages), query, base_url="https://k.test/v3",
                             cache=ResponseCache(None))
    assert len(got) == 2


def test_a_page_that_links_back_is_an_error_not_a_loop():
    pages = {FIRST: {"values": [], "next_url": FIRST}}
    query = KoladaQuery(kpis=["N00945"], municipalities=["1480"], years=[2023])
    with pytest.raises(ConnectorError, match="slutar inte länka till nya sidor"):
        fetch_kolada_pages(scripted_kolada(pages), query, base_url="https://k.test/v3",
                           cache=ResponseCache(None))
