"""fetch_pxweb against recorded responses replayed by httpx.MockTransport."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from jamlik.errors import ArgumentError, ConnectorError
from jamlik.ingest._pxweb import fetch_pxweb, read_pxweb

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pxweb"
V1 = "https://api.scb.se/OV0104/v1/doris/sv/ssd/START/HE/HE0110/HE0110A/SamForvInk1"
V2 = "https://statistikdatabasen.scb.se/api/v2/tables/TAB6638/data"
QUERY_V1 = {"query": [{"code": "Kon", "selection": {"filter": "item", "values": ["1", "2", "1+2"]}},
                      {"code": "Tid", "selection": {"filter": "top", "values": ["3"]}}],
            "response": {"format": "json"}}
QUERY_V2 = {"selection": [{"variableCode": "Region", "valueCodes": ["1480R001_RegSO2025"]},
                          {"variableCode": "Tid", "valueCodes": ["2024", "2025"]}]}


def replay(name: str, status: int = 200, seen: list | None = None, headers=None) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, content=(FIXTURES / name).read_bytes(), headers=headers)

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_v1_asks_for_json_stat2_in_the_body():
    seen = []
    body = fetch_pxweb(V1, QUERY_V1, client=replay("he0110_tab3554_jsonstat2.json", seen=seen))
    request = seen[0]
    assert request.method == "POST" and str(request.url) == V1
    sent = json.loads(request.content)
    assert sent["response"] == {"format": "json-stat2"}
    assert sent["query"] == QUERY_V1["query"]
    assert QUERY_V1["response"] == {"format": "json"}  # the caller's query is not changed
    parsed = read_pxweb(body, url=V1)
    assert parsed.table_id == "TAB3554"  # the response's own id wins over the URL's name
    assert len(parsed.frame) == 9


def test_v2_asks_for_json_stat2_in_the_url():
    seen = []
    body = fetch_pxweb(V2, QUERY_V2, client=replay("tab6638_regso_v2.json", seen=seen))
    request = seen[0]
    assert request.url.params["outputFormat"] == "json-stat2"
    assert json.loads(request.content) == QUERY_V2
    assert read_pxweb(body, url=V2).table_id == "TAB6638"


def test_429_is_a_clear_connector_error():
    client = replay("error_429.json", status=429, headers={"Retry-After": "10"})
    message = (f"{V2}: svarade 429, för många anrop (SCB tillåter 30 anrop per 10 sekunder); "
               "vänta 10 s och försök igen")
    with pytest.raises(ConnectorError, match=f"^{re.escape(message)}$"):
        fetch_pxweb(V2, QUERY_V2, client=client)


def test_400_shows_the_problem():
    message = (f'{V2}: svarade 400: {{ "type": "about:blank", "title": "Bad Request", "status": '
               f'400, "detail": "Non-existent value code 9999 for variable Region" }}')
    with pytest.raises(ConnectorError, match=f"^{re.escape(message)}$"):
        fetch_pxweb(V2, QUERY_V2, client=replay("error_400.json", status=400))


def test_network_error_and_empty_body():
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    with pytest.raises(ConnectorError,
                       match=f"^{re.escape(V1)}: kunde inte hämta \\(ConnectError: connection "
                             "refused\\)$"):
        fetch_pxweb(V1, QUERY_V1, client=client)
    empty = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=b"")))
    with pytest.raises(ConnectorError, match=f"^{re.escape(V1)}: svarade 200 utan innehåll$"):
        fetch_pxweb(V1, QUERY_V1, client=empty)


@pytest.mark.parametrize(("url", "query", "client", "message"), [
    ("api.scb.se/x", {}, "client",
     "url måste börja med http:// eller https://, fick 'api.scb.se/x'"),
    (V1, "[]", "client", "query måste vara ett dict (frågan som JSON), fick str"),
    (V1, {}, None, "client måste vara en httpx.Client, fick NoneType"),
])
def test_argument_errors(url, query, client, message):
    real = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    with pytest.raises(ArgumentError, match=f"^{re.escape(message)}$"):
        fetch_pxweb(url, query, client=real if client == "client" else client)
