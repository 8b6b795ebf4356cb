"""fetch_kolada against recorded-style responses served by httpx.MockTransport."""

import json
from pathlib import Path

import httpx
import pytest

from jamlik.errors import ArgumentError, ConnectorError
from jamlik.ingest._kolada import fetch_kolada, parse_kolada

FIXTURES = Path(__file__).parents[1] / "fixtures" / "kolada"
V3 = "https://api.kolada.se/v3/data/kpi/N00945/municipality/1480,0180/year/2023"


def serve(routes):
    """A client answering each URL in ``routes`` (str → Response or callable); 404 else."""
    seen = []

    def handler(request):
        seen.append(str(request.url))
        answer = routes.get(str(request.url))
        if answer is None:
            return httpx.Response(404, json={"error": "not found"})
        return answer(request) if callable(answer) else answer

    return httpx.Client(transport=httpx.MockTransport(handler)), seen


def fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_follows_next_url_through_all_pages():
    first, second = fixture("v3_page1.json"), fixture("v3_page2.json")
    client, seen = serve({V3: httpx.Response(200, json=first),
                          first["next_url"]: httpx.Response(200, json=second)})
    pages = fetch_kolada(V3, client=client)
    assert pages == [first, second]
    assert seen == [V3, V3 + "?page=2&per_page=2"]
    frame = parse_kolada(pages, file=V3).frame
    assert len(frame) == 7


def test_follows_v2_next_page():
    first, second = json.loads((FIXTURES / "v2_pages.json").read_text(encoding="utf-8"))
    start = first["next_page"].replace("?page=2&per_page=2", "")
    client, seen = serve({start: httpx.Response(200, json=first),
                          first["next_page"]: httpx.Response(200, json=second)})
    assert fetch_kolada(start, client=client) == [first, second]
    assert len(seen) == 2


def test_relative_next_link_is_resolved_against_the_page_url():
    first = {"count": 0, "values": [], "next_url": "?page=2"}
    second = {"count": 0, "values": []}
    client, seen = serve({V3: httpx.Response(200, json=first),
                          V3 + "?page=2": httpx.Response(200, json=second)})
    fetch_kolada(V3, client=client)
    assert seen[1] == V3 + "?page=2"


@pytest.mark.parametrize("routes, message", [
    ({}, f"^Kolada svarade 404 Not Found för {V3}$"),
    ({V3: httpx.Response(200, text="<html>")}, f"^Kolada svarade inte med JSON för {V3}$"),
    ({V3: httpx.Response(200, json=[1])}, f"^väntade ett JSON-objekt från Kolada för {V3}$"),
    ({V3: httpx.Response(200, json={"values": [], "next_url": 7})},
     "^väntade en webbadress som nästa sida, fick 7$"),
    ({V3: httpx.Response(200, json={"values": [], "next_url": V3})},
     f"^Kolada pekar tillbaka på en sida som redan är hämtad: {V3}$"),
])
def test_connector_errors(routes, message):
    client, _ = serve(routes)
    with pytest.raises(ConnectorError, match=message.replace("?", r"\?")):
        fetch_kolada(V3, client=client)


def test_too_many_pages():
    def page(request):
        number = int(request.url.params.get("page", "1"))
        return httpx.Response(200, json={"values": [], "next_url": f"{V3}?page={number + 1}"})

    client = httpx.Client(transport=httpx.MockTransport(page))
    with pytest.raises(ConnectorError, match=f"^Kolada-svaret har fler än 3 sidor \\({V3}\\); "
                       "dela upp frågan eller höj max_pages$"):
        fetch_kolada(V3, client=client, max_pages=3)


def test_network_error():
    def fail(request):
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(fail))
    with pytest.raises(ConnectorError, match=f"^kunde inte hämta {V3}: connection refused$"):
        fetch_kolada(V3, client=client)


@pytest.mark.parametrize("kwargs, message", [
    ({"url": "api.kolada.se/v3"},
     "^url måste börja med http:// eller https://, fick 'api.kolada.se/v3'$"),
    ({"url": None}, "^url måste börja med http:// eller https://, fick None$"),
    ({"client": "httpx"}, "^client måste vara en httpx.Client, fick str$"),
    ({"max_pages": 0}, "^max_pages måste vara ett heltal ≥ 1, fick 0$"),
    ({"max_pages": True}, "^max_pages måste vara ett heltal ≥ 1, fick True$"),
])
def test_argument_errors(kwargs, message):
    client, _ = serve({})
    arguments = {"url": V3, "client": client, **kwargs}
    url = arguments.pop("url")
    with pytest.raises(ArgumentError, match=message):
        fetch_kolada(url, **arguments)
