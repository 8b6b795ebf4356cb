"""A local fake of Statistics Sweden's PxWeb API (v2 and v1) and of Kolada v3.

It runs a real HTTP server on 127.0.0.1 in a thread and behaves like the services do at
their limits: a cell limit per request (v2 ``/config`` says how many), a rate limit per
time window answered with 429 and ``Retry-After``, 503 when told to be busy, a connection
dropped in the middle of a body, and a table that can be updated between two fetches.
Values are a deterministic function of the cell's codes and the table's version, so a
test can check every value it gets back.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TABLE_ID = "TAB9999"
V1_PATH = "BE/BE0101/BE0101A/BefolkningNy"


def cell_value(codes: tuple[str, ...], version: int) -> float:
    """The value the fake table holds for one combination of codes."""
    return float(zlib.crc32("|".join(codes).encode()) % 10_000) / 10 + 1000 * (version - 1)


class FakeApi:
    """State and knobs of the fake services (set them from a test, between requests)."""

    def __init__(self) -> None:
        self.variables = {
            "Region": ["00", "0180", "1280", "1480", "0114", "0115"],
            "Kon": ["1", "2"],
            "ContentsCode": ["BE0101N1"],
            "Tid": [str(year) for year in range(2015, 2024)],
        }
        self.max_cells = 20
        self.calls, self.window = 5, 1.0
        self.version = 1
        self.busy = 0             # answer 503 this many times
        self.drop = 0             # drop the connection mid-body this many times
        self.kolada_pages = 3
        self.log: list[tuple[float, str, str]] = []
        self._sent: list[float] = []
        self.lock = threading.Lock()

    def updated(self) -> str:
        return f"2024-0{self.version}-01T08:00:00Z"

    # --- PxWeb ------------------------------------------------------------------------
    def metadata_v2(self) -> dict:
        return {"version": "2.0", "class": "dataset", "label": "Folkmängd (fake)",
                "source": "SCB", "updated": self.updated(),
                "id": list(self.variables), "size": [len(v) for v in self.variables.values()],
                "dimension": {name: {"label": name.lower(), "category": {
                    "index": {code: i for i, code in enumerate(codes)},
                    "label": {code: f"namn {code}" for code in codes}}}
                    for name, codes in self.variables.items()},
                "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
                "extension": {"px": {"tableid": TABLE_ID}}}

    def metadata_v1(self) -> dict:
        return {"title": "Folkmängd (fake)", "variables": [
            {"code": name, "text": name.lower(), "values": codes,
             "valueTexts": [f"namn {code}" for code in codes], "time": name == "Tid"}
            for name, codes in self.variables.items()]}

    def data(self, selection: dict[str, list[str]]) -> dict:
        names = list(self.variables)
        chosen = [[c for c in self.variables[n] if c in selection.get(n, self.variables[n])]
                  for n in names]
        meta = self.metadata_v2()
        meta["size"] = [len(codes) for codes in chosen]
        for name, codes in zip(names, chosen):
            meta["dimension"][name]["category"] = {
                "index": {code: i for i, code in enumerate(codes)},
                "label": {code: f"namn {code}" for code in codes}}
        meta["value"] = [cell_value(combo, self.version) for combo in itertools.product(*chosen)]
        return meta

    def rate_limited(self) -> bool:
        with self.lock:
            now = time.monotonic()
            self._sent = [t for t in self._sent if now - t < self.window]
            if len(self._sent) >= self.calls:
                return True
            self._sent.append(now)
            return False

    # --- Kolada -----------------------------------------------------------------------
    def kolada_values(self, kpis, places, years) -> list[dict]:
        return [{"kpi": kpi, "municipality": place, "period": int(year), "values": [
            {"gender": gender, "count": 1, "status": "",
             "value": cell_value((kpi, place, year, gender), self.version)}
            for gender in ("K", "M", "T")]}
            for kpi in kpis for place in places for year in years]


class _Handler(BaseHTTPRequestHandler):
    api: FakeApi

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, payload, headers: dict | None = None, drop: bool = False):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if drop:  # half the body, then the connection goes away
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def _gate(self) -> bool:
        api = self.api
        api.log.append((time.monotonic(), self.command, self.path))
        if api.rate_limited():
            self._send(429, {"error": "too many requests"}, {"Retry-After": "1"})
            return False
        if api.busy:
            api.busy -= 1
            self._send(503, {"error": "busy"})
            return False
        return True

    def do_GET(self):  # noqa: N802 (http.server's name)
        if not self._gate():
            return
        url = urlparse(self.path)
        path, query = url.path, parse_qs(url.query)
        api = self.api
        if path == "/api/v2/config":
            return self._send(200, {"apiVersion": "2.0", "maxDataCells": api.max_cells,
                                    "maxCallsPerTimeWindow": api.calls,
                                    "timeWindow": int(api.window)})
        if path == f"/api/v2/tables/{TABLE_ID}/metadata":
            return self._send(200, api.metadata_v2())
        if path == f"/api/v1/{V1_PATH}":
            return self._send(200, api.metadata_v1())
        if path.startswith("/v3/kpi/"):
            ids = path.rsplit("/", 1)[-1].split(",")
            known = [i for i in ids if i.startswith("N")]
            return self._send(200, {"count": len(known), "values": [
                {"id": i, "title": f"KPI {i}", "publication_date": f"2024-0{api.version}-15"}
                for i in known]})
        if path.startswith("/v3/data/kpi/"):
            return self._kolada(path, query)
        self._send(404, {"error": f"no such path {path}"})

    def _kolada(self, path, query):
        api = self.api
        parts = path.split("/")
        kpis, places, years = parts[4].split(","), parts[6].split(","), parts[8].split(",")
        values = api.kolada_values(kpis, places, years)
        page = int(query.get("page", ["1"])[0])
        per = -(-len(values) // api.kolada_pages)
        chunk = values[(page - 1) * per: page * per]
        more = page * per < len(values)
        next_url = (f"{path}?page={page + 1}&per_page={query.get('per_page', ['5000'])[0]}"
                    if more else None)
        drop = api.drop > 0 and page == 2
        if drop:
            api.drop -= 1
        self._send(200, {"count": len(values), "values": chunk, "next_url": next_url,
                         "previous_url": None}, drop=drop)

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if not self._gate():
            return
        api = self.api
        path = urlparse(self.path).path
        query = parse_qs(urlparse(self.path).query)
        if path == f"/api/v2/tables/{TABLE_ID}/data":
            if query.get("outputFormat") != ["json-stat2"]:  # v2 asks for the format in the URL
                return self._send(400, {"error": "outputFormat=json-stat2 expected"})
            selection = {s["variableCode"]: s["valueCodes"] for s in body.get("selection", [])}
        elif path == f"/api/v1/{V1_PATH}":
            if body.get("response") != {"format": "json-stat2"}:  # v1 asks in the body
                return self._send(400, {"error": "response.format json-stat2 expected"})
            selection = {q["code"]: q["selection"]["values"] for q in body.get("query", [])}
        else:
            return self._send(404, {"error": f"no such table {path}"})
        cells = 1
        for name, codes in api.variables.items():
            cells *= len(selection.get(name, codes))
        if cells > api.max_cells:
            return self._send(403, {"error": f"too many cells: {cells} > {api.max_cells}"})
        drop = api.drop > 0
        if drop:
            api.drop -= 1
        self._send(200, api.data(selection), drop=drop)


class FakeServer:
    """``with FakeServer() as server:`` — ``server.url`` and ``server.api`` (the knobs)."""

    def __init__(self) -> None:
        self.api = FakeApi()
        handler = type("Handler", (_Handler,), {"api": self.api})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
