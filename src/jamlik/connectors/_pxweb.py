"""Fetch tables from a PxWeb API (Statistics Sweden's statistical database; v2, and v1).

A fetch reads the table's metadata (its variables, their value codes and when the table
was last updated), turns the user's selection into value codes, splits it so that no
request asks for more cells than the API allows, and sends the parts through a
:class:`~jamlik.connectors.PoliteClient`, each part cached under the table's update time.
Every part comes back as json-stat2 for :func:`jamlik.ingest.read_pxweb_jsonstat2`.

API v2 (``…/api/v2``): ``GET /config`` gives the cell limit and the rate limit,
``GET /tables/{id}/metadata`` the variables (json-stat2), ``POST /tables/{id}/data`` the
data. API v1 (``…/OV0104/v1/doris/sv/ssd``): ``GET {table path}`` gives the variables,
``POST {table path}`` with a query the data.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jamlik.errors import ArgumentError, ConnectorError

from ._cache import ResponseCache, cache_key
from ._http import PoliteClient, RateLimit

__all__ = ["PxTable", "PxLimits", "pxweb_limits", "pxweb_table", "parse_selection",
           "split_selection", "fetch_pxweb_parts"]


@dataclass(frozen=True)
class PxLimits:
    """What the API allows: cells per request and calls per time window."""

    max_cells: int
    rate_limit: RateLimit


@dataclass(frozen=True)
class PxTable:
    """A table's identity and variables (``variables``: code → value codes, in order)."""

    api: str
    url: str
    table_id: str
    title: str
    updated: str | None
    variables: dict[str, list[str]]


def pxweb_limits(client: PoliteClient, *, base_url: str, api: str, default: PxLimits) -> PxLimits:
    """The API's own limits from v2's ``/config``; ``default`` where it does not say (v1)."""
    if api != "v2":
        return default
    url = f"{base_url.rstrip('/')}/config"
    config = _json(client.get(url), url, client.name)
    cells = config.get("maxDataCells")
    calls, window = config.get("maxCallsPerTimeWindow"), config.get("timeWindow")
    ok = all(isinstance(x, int) and not isinstance(x, bool) and x > 0 for x in (cells, calls, window))
    return PxLimits(cells, RateLimit(calls, float(window))) if ok else default


def _json(response, url: str, name: str):
    try:
        return response.json()
    except ValueError:
        raise ConnectorError(f"{name} svarade inte med JSON för {url}") from None


def pxweb_table(client: PoliteClient, table: str, *, base_url: str, api: str,
                language: str = "sv") -> PxTable:
    """Read a table's metadata. ``table`` is a v2 table id (``TAB638``) or a v1 path."""
    base = base_url.rstrip("/")
    if api == "v2":
        url = f"{base}/tables/{table}"
        meta = _json(client.get(f"{url}/metadata", params={"lang": language}), url, client.name)
        return _v2_table(meta, url, table, client.name)
    if api == "v1":
        url = f"{base}/{table.strip('/')}"
        meta = _json(client.get(url), url, client.name)
        return _v1_table(meta, url, table.strip("/").rsplit("/", 1)[-1], client.name)
    raise ArgumentError(f"api: väntade 'v2' eller 'v1', fick {api!r}")


def _v2_table(meta, url: str, table_id: str, name: str) -> PxTable:
    try:
        variables = {}
        for code in meta["id"]:
            index = meta["dimension"][code]["category"]["index"]
            codes = sorted(index, key=index.get) if isinstance(index, dict) else list(index)
            variables[code] = [str(value) for value in codes]
    except (KeyError, TypeError, AttributeError):
        raise ConnectorError(f"{name}: metadata för {url} är inte json-stat2 med id och "
                             "dimension.*.category.index") from None
    extension = meta.get("extension")
    px = extension.get("px") if isinstance(extension, dict) else None
    found = px.get("tableid") if isinstance(px, dict) else None
    return PxTable("v2", url, str(found or table_id), str(meta.get("label") or table_id),
                   meta.get("updated"), variables)


def _v1_table(meta, url: str, table_id: str, name: str) -> PxTable:
    try:
        variables = {str(v["code"]): [str(value) for value in v["values"]] for v in meta["variables"]}
    except (KeyError, TypeError):
        raise ConnectorError(f"{name}: metadata för {url} saknar variables[].code/values") from None
    return PxTable("v1", url, table_id, str(meta.get("title") or table_id), meta.get("updated"),
                   variables)


def parse_selection(selections: Sequence[str], table: PxTable) -> dict[str, list[str]]:
    """Turn ``["Region=0180,1480", "Tid=2019..2023"]`` into value codes per variable.

    A value list is codes separated by commas, ``*`` for all, or ``FROM..TO`` for a run of
    codes in the table's order (years, months). A variable not named takes all its values.
    Unknown variables or codes are errors that list what exists.
    """
    chosen = {code: list(values) for code, values in table.variables.items()}
    for text in selections:
        name, sep, values = text.partition("=")
        name, values = name.strip(), values.strip()
        if not sep or not name or not values:
            raise ArgumentError(f"--select: väntade VARIABEL=KOD,KOD (eller *), fick {text!r}")
        if name not in table.variables:
            raise ArgumentError(f"--select: tabellen {table.table_id} har ingen variabel {name!r}; "
                                f"den har {', '.join(table.variables)}")
        chosen[name] = _values(name, values, table.variables[name], table.table_id)
    return chosen


def _values(name: str, text: str, known: list[str], table_id: str) -> list[str]:
    if text == "*":
        return list(known)
    if ".." in text:
        first, _, last = text.partition("..")
        for code in (first, last):
            if code not in known:
                raise ArgumentError(_unknown(name, code, known, table_id))
        start, stop = known.index(first), known.index(last)
        if start > stop:
            raise ArgumentError(f"--select {name}: {first} kommer efter {last} i tabellen")
        return known[start:stop + 1]
    codes = [code.strip() for code in text.split(",") if code.strip()]
    for code in codes:
        if code not in known:
            raise ArgumentError(_unknown(name, code, known, table_id))
    return list(dict.fromkeys(codes))


def _unknown(name: str, code: str, known: list[str], table_id: str) -> str:
    shown = ", ".join(known[:10]) + (f" … ({len(known)} koder)" if len(known) > 10 else "")
    return f"--select {name}: tabellen {table_id} har ingen kod {code!r}; den har {shown}"


def split_selection(selection: dict[str, list[str]], *, max_cells: int) -> list[dict[str, list[str]]]:
    """Split a selection into parts of at most ``max_cells`` cells each, covering it once.

    The variable with most values is cut first, so parts are few.

    >>> parts = split_selection({"Region": list("abcdef"), "Tid": ["1", "2"]}, max_cells=4)
    >>> [len(part["Region"]) * len(part["Tid"]) for part in parts]
    [4, 4, 4]
    """
    cells = math.prod(len(values) for values in selection.values())
    if cells <= max_cells:
        return [selection]
    name = max(selection, key=lambda code: len(selection[code]))
    values = selection[name]
    rest = cells // len(values)
    if rest > max_cells:
        return [part for value in values
                for part in split_selection({**selection, name: [value]}, max_cells=max_cells)]
    step = max_cells // rest
    return [{**selection, name: values[start:start + step]} for start in range(0, len(values), step)]


def _request(table: PxTable, part: dict[str, list[str]], language: str):
    if table.api == "v2":
        body = {"selection": [{"variableCode": code, "valueCodes": values}
                              for code, values in part.items()]}
        return f"{table.url}/data", {"lang": language, "outputFormat": "json-stat2"}, body
    body = {"query": [{"code": code, "selection": {"filter": "item", "values": values}}
                      for code, values in part.items()],
            "response": {"format": "json-stat2"}}
    return table.url, None, body


def fetch_pxweb_parts(client: PoliteClient, table: PxTable, parts: list[dict[str, list[str]]], *,
                      cache: ResponseCache, language: str = "sv",
                      progress: Callable[[int], None] | None = None) -> list[bytes]:
    """The json-stat2 body of every part, from ``cache`` when fetched before for the same
    table update, else from the API (each part cached as soon as it has arrived whole)."""
    bodies = []
    for done, part in enumerate(parts, start=1):
        url, params, body = _request(table, part, language)
        key = cache_key("pxweb", table.api, url, table.updated, language, body)
        data = cache.get(key)
        if data is None:
            response = client.post(url, json=body, params=params)
            data = response.content
            try:
                json.loads(data)
            except ValueError:
                raise ConnectorError(f"{client.name} svarade inte med JSON för {url}") from None
            cache.put(key, data)
        bodies.append(data)
        if progress is not None:
            progress(done)
    return bodies
