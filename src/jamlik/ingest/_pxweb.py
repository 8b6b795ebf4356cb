"""Statistics Sweden's PxWeb API → jamlik's tidy rows: :func:`read_pxweb` (fetching is :mod:`jamlik.connectors`).

SCB's "API för Statistikdatabasen" answers a POSTed query in two JSON shapes:

- ``json`` (API v1, ``"response": {"format": "json"}``): ``columns`` (``code``,
  ``text``, ``type`` ``d`` dimension, ``t`` time, ``c`` contents), ``data``
  (``key``: the codes of the d/t columns, ``values``: one string per contents
  column) and ``metadata`` (``infofile``, ``label``, ``source``). It carries no
  value texts, so area and subgroup names stay empty, and no table id: pass
  ``table_id=`` or ``url=``; without them the product code (``infofile``) is
  used, with a warning.
- ``json-stat2`` (API v1 ``"format": "json-stat2"``, and API v2's default):
  ``id``, ``size``, ``dimension`` (``category.index``/``label``/``unit``,
  ``extension.elimination``/``eliminationValueCode``), ``role`` (``time``,
  ``metric``, ``geo``), ``value`` in row-major order, ``status`` (a symbol
  per cell) and ``extension.px`` (``tableid``, ``matrix``, ``infofile``). A
  cell with a value and a status (a footnote sign) keeps the value and gets
  the status as ``flag``; a null value with a status is that symbol. A sparse
  ``value`` object holds only the cells it lists.

Both become tidy rows as :mod:`jamlik.ingest._scb_cube` describes (areas with
versions, periods, ``{table_id}_{contents code}`` indicators, breakdowns,
symbols that mean missing, never zero). Errors name the JSON path.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import urlparse

import numpy as np

from jamlik.errors import ArgumentError, InputError, option

from ._base import Format, Parsed, register
from ._scb_cube import MAX_CELLS, Cells, Table, Variable, check_options, to_tidy, unravel

__all__ = ["read_pxweb", "read_pxweb_json", "read_pxweb_jsonstat2", "sniff_pxweb_json",
           "sniff_pxweb_jsonstat2"]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_SYMBOL = re.compile(r"[^\w\s]{0,7}")  # "..", "-", "*", "" : no letters or digits


class _Duplicate(Exception):
    pass


def _pairs(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(f'nyckeln "{key}" förekommer två gånger i samma objekt (med '
                             f"{', '.join(list(result)[:4])}); väntade den en gång")
        result[key] = value
    return result


def _constant(name):
    raise _Duplicate(f"väntade ett tal eller null, fick {name}")


def _load(data: bytes, file: str | None):
    try:
        return json.loads(bytes(data), object_pairs_hook=_pairs, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise InputError(f"väntade JSON: {error.msg} (kolumn {error.colno})", file=file,
                         row=error.lineno) from None
    except UnicodeDecodeError as error:
        byte = bytes(data[error.start:error.start + 1]).hex()
        raise InputError(f"väntade JSON i UTF-8, fick byten 0x{byte} på position {error.start}",
                         file=file) from None
    except _Duplicate as error:
        raise InputError(str(error), file=file) from None
    except RecursionError:
        raise InputError("JSON-strukturen är för djupt nästlad", file=file) from None


def _get(obj, key, kind, path, file, *, required=True):
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None and not required:
        return None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        names = {list: "en lista", dict: "ett objekt", str: "en text", int: "ett heltal"}
        found = "inget" if value is None else type(value).__name__
        raise InputError(f"väntade {names.get(kind, kind.__name__)}, fick {found}", file=file,
                         row=f"{path}.{key}" if path else key)
    return value


def _text(value, path, file) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"väntade en text, fick {type(value).__name__}", file=file, row=path)


def _cell(value, path, file):
    """A JSON value as ``(number, symbol)``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value) if abs(value) < 1e308 else math.inf
        if not math.isfinite(number):
            raise InputError(f"väntade ett ändligt tal, fick {value}", file=file, row=path)
        return number, None
    if value is None:
        return math.nan, ""
    if isinstance(value, str):
        text = value.strip()
        if _NUMBER.fullmatch(text):
            return _cell(float(text), path, file)
        if _SYMBOL.fullmatch(text):
            return math.nan, text
    raise InputError(f"väntade ett tal eller en symbol som '..', fick {value!r}", file=file,
                     row=path)


def _table_id_from(url: str | None) -> str | None:
    if not url:
        return None
    path = urlparse(url).path.rstrip("/")
    match = re.search(r"/tables/([^/]+)/data$", path)
    return match.group(1) if match else (path.rsplit("/", 1)[-1] or None)


def _jsonstat_table(obj, file, table_id, url):
    ids = _get(obj, "id", list, "", file)
    sizes = _get(obj, "size", list, "", file)
    dims = _get(obj, "dimension", dict, "", file)
    if len(ids) != len(sizes):
        raise InputError(f"id har {len(ids)} dimensioner men size {len(sizes)}", file=file,
                         row="size")
    roles = obj.get("role") if isinstance(obj.get("role"), dict) else {}
    variables = []
    for k, (dim_id, size) in enumerate(zip(ids, sizes)):
        dim_id = _text(dim_id, f"id[{k}]", file)
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise InputError(f"väntade ett heltal ≥ 1, fick {size!r}", file=file, row=f"size[{k}]")
        path = f"dimension.{dim_id}"
        dim = _get(dims, dim_id, dict, "dimension", file)
        category = _get(dim, "category", dict, path, file)
        codes = _codes(category, size, f"{path}.category", file)
        labels = category.get("label") if isinstance(category.get("label"), dict) else {}
        units = category.get("unit") if isinstance(category.get("unit"), dict) else {}
        extension = dim.get("extension") if isinstance(dim.get("extension"), dict) else {}
        total = extension.get("eliminationValueCode")
        var = Variable(
            dim_id, _text(dim.get("label", dim_id), f"{path}.label", file), codes,
            [_text(labels.get(c, c), f"{path}.category.label.{c}", file) for c in codes],
            total=total if total in codes else None, where=path,
            units={c: u["base"] for c in codes if isinstance(u := units.get(c), dict)
                   and isinstance(u.get("base"), str)})
        for role in ("time", "metric", "geo"):
            if isinstance(roles.get(role), list) and dim_id in roles[role]:
                var.role = var.role or role
        variables.append(var)
    total = math.prod(sizes)
    if total > MAX_CELLS:
        raise InputError(f"tabellen har {total} celler enligt size; högst {MAX_CELLS} kan läsas "
                         "på en gång (dela upp uttaget)", file=file, row="size")
    positions, value, symbol, note = _jsonstat_cells(obj, total, file)
    px = obj.get("extension", {}).get("px", {}) if isinstance(obj.get("extension"), dict) else {}
    px = px if isinstance(px, dict) else {}
    found = table_id or px.get("tableid") or px.get("matrix") or _table_id_from(url)
    if not isinstance(found, str) or not found.strip():
        raise InputError(f"tabell-id saknas (extension.px.tableid); ange det med "
                         f"{option('table_id')}",
                         file=file, row="extension.px.tableid")
    rows = np.array([f"value[{p}]" for p in positions], dtype=object)
    cells = Cells(list(unravel(positions, sizes)), value, symbol, rows, note)
    source = obj.get("source") if isinstance(obj.get("source"), str) else None
    notes = obj.get("note") if isinstance(obj.get("note"), list) else []
    details = {"format": "pxweb-jsonstat2", "title": obj.get("label"),
               "updated": obj.get("updated"), "infofile": px.get("infofile"),
               "notes": [n for n in notes if isinstance(n, str)]}
    language = px.get("language")
    return Table(variables, cells, found.strip(), source=source,
                 contents=px.get("contents") if isinstance(px.get("contents"), str) else None,
                 details=details,
                 languages=[language] if isinstance(language, str) and language else None)


def _codes(category, size, path, file):
    index = category.get("index")
    if index is None:
        labels = category.get("label")
        if isinstance(labels, dict) and len(labels) == size:
            return [_text(c, f"{path}.label", file) for c in labels]
        raise InputError("väntade category.index (eller en label per värde)", file=file, row=path)
    if isinstance(index, list):
        codes = [_text(c, f"{path}.index[{i}]", file) for i, c in enumerate(index)]
    elif isinstance(index, dict):
        order = sorted(index.items(), key=lambda item: item[1] if isinstance(item[1], int) else -1)
        if [p for _c, p in order] != list(range(len(order))):
            raise InputError("väntade positionerna 0, 1, 2, … i category.index", file=file,
                             row=f"{path}.index")
        codes = [c for c, _p in order]
    else:
        raise InputError(f"väntade en lista eller ett objekt, fick {type(index).__name__}",
                         file=file, row=f"{path}.index")
    if len(codes) != size or len(set(codes)) != len(codes):
        raise InputError(f"väntade {size} olika koder enligt size, fick {len(set(codes))}",
                         file=file, row=f"{path}.index")
    return codes


def _jsonstat_cells(obj, total, file):
    values, status = obj.get("value"), obj.get("status")
    if isinstance(values, list):
        if len(values) != total:
            raise InputError(f"value har {len(values)} celler; väntade {total} (produkten av size)",
                             file=file, row="value")
        positions, items = np.arange(total), values
    elif isinstance(values, dict):
        positions = []
        for key in values:
            if not (isinstance(key, str) and key.isdigit() and int(key) < total):
                raise InputError(f"väntade en cellposition 0–{total - 1}, fick {key!r}", file=file,
                                 row="value")
            positions.append(int(key))
        positions, items = np.array(positions, dtype=np.intp), list(values.values())
    else:
        raise InputError("väntade value som en lista (eller ett objekt)", file=file, row="value")
    statuses = _statuses(status, positions, total, file)
    value = np.empty(len(items))
    symbol = np.full(len(items), None, dtype=object)
    note = np.full(len(items), None, dtype=object)
    for i, (item, flag) in enumerate(zip(items, statuses)):
        value[i], symbol[i] = _cell(item, f"value[{positions[i]}]", file)
        if symbol[i] is not None and flag is not None:
            symbol[i] = flag
        elif flag is not None:
            note[i] = flag
    return positions, value, symbol, note if any(n is not None for n in note) else None


def _statuses(status, positions, total, file):
    if status is None:
        return [None] * len(positions)
    if isinstance(status, str):
        return [status] * len(positions)
    if isinstance(status, list):
        if len(status) != total:
            raise InputError(f"status har {len(status)} celler; väntade {total}", file=file,
                             row="status")
        found = [status[p] for p in positions]
    elif isinstance(status, dict):
        found = [status.get(str(p)) for p in positions]
    else:
        raise InputError("väntade status som en text, lista eller ett objekt", file=file,
                         row="status")
    for p, s in zip(positions, found):
        if s is not None and not isinstance(s, str):
            raise InputError(f"väntade en symbol (text), fick {s!r}", file=file, row=f"status[{p}]")
    return [s.strip() if s is not None else None for s in found]


def _json_table(obj, file, table_id, url):
    columns = _get(obj, "columns", list, "", file)
    data = _get(obj, "data", list, "", file)
    key_columns, value_columns = _json_columns(columns, file)
    variables = [Variable(code, text, [], [], role="time" if kind == "t" else None,
                          where="columns") for code, text, kind in key_columns]
    cells = _json_cells(data, variables, len(value_columns), file)
    metric = Variable("ContentsCode", "tabellinnehåll", [c for c, _t, _k in value_columns],
                      [t for _c, t, _k in value_columns], role="metric", where="columns")
    meta = obj.get("metadata")
    meta = meta[0] if isinstance(meta, list) and meta and isinstance(meta[0], dict) else {}
    warnings = []
    found = table_id or _table_id_from(url)
    if not found:
        found = meta.get("infofile") if isinstance(meta.get("infofile"), str) else None
        if not found:
            raise InputError(f"tabell-id saknas (PxWeb-json anger inget); ange det med "
                             f"{option('table_id')}",
                             file=file, row="metadata")
        warnings.append(f"PxWeb-json anger inget tabell-id; produktkoden '{found}' (infofile) "
                        f"används; ange tabellens id med {option('table_id')}")
    comments = obj.get("comments") if isinstance(obj.get("comments"), list) else []
    details = {"format": "pxweb-json", "title": meta.get("label"), "updated": meta.get("updated"),
               "infofile": meta.get("infofile"), "warnings": warnings,
               "notes": [c.get("comment") for c in comments
                         if isinstance(c, dict) and isinstance(c.get("comment"), str)]}
    source = meta.get("source") if isinstance(meta.get("source"), str) else None
    return Table([*variables, metric], cells, found.strip(), source=source, details=details)


def _json_columns(columns, file):
    """The key columns and the value columns (type "c") as (code, text, type)."""
    key_columns, value_columns = [], []
    for i, column in enumerate(columns):
        path = f"columns[{i}]"
        code = _text(_get(column, "code", str, path, file), f"{path}.code", file)
        text = _text(column.get("text", code) if isinstance(column, dict) else code,
                     f"{path}.text", file)
        kind = column.get("type") if isinstance(column, dict) else None
        (value_columns if kind == "c" else key_columns).append((code, text, kind))
    if not value_columns:
        raise InputError("väntade minst en kolumn med type \"c\" (tabellinnehåll)", file=file,
                         row="columns")
    return key_columns, value_columns


def _json_cells(data, variables, width, file) -> Cells:
    """The cells of the data rows; each variable's codes are collected in order of appearance."""
    lookups = [{} for _ in variables]
    seen, index, value, symbol, rows = {}, [[] for _ in range(len(variables) + 1)], [], [], []
    for r, row in enumerate(data):
        path = f"data[{r}]"
        key = _get(row, "key", list, path, file)
        values = _get(row, "values", list, path, file)
        if len(key) != len(variables) or len(values) != width:
            raise InputError(f"väntade {len(variables)} koder i key och {width} i "
                             f"values, fick {len(key)} och {len(values)}", file=file, row=path)
        key = [_text(k, f"{path}.key[{j}]", file) for j, k in enumerate(key)]
        if tuple(key) in seen:
            raise InputError(f"samma key som data[{seen[tuple(key)]}]; väntade varje "
                             "kombination en gång", file=file, row=path)
        seen[tuple(key)] = r
        positions = []
        for var, lookup, code in zip(variables, lookups, key):
            if code not in lookup:
                lookup[code] = len(var.codes)
                var.codes.append(code)
                var.labels.append(None)
            positions.append(lookup[code])
        for j, item in enumerate(values):
            number, sym = _cell(item, f"{path}.values[{j}]", file)
            for column, position in zip(index, [*positions, j]):
                column.append(position)
            value.append(number)
            symbol.append(sym)
            rows.append(f"{path}.values[{j}]")
    return Cells([np.array(c, dtype=np.intp) for c in index], np.array(value, dtype=float),
                 np.array(symbol, dtype=object), np.array(rows, dtype=object))


def _read(data, shape, *, file, table_id, url, area_version, area_code, period,
          dash=None) -> Parsed:
    check_options(data, file=file, area_version=area_version, area_code=area_code,
                  period=period, table_id=table_id, dash=dash)
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise ArgumentError(f"url måste börja med http:// eller https://, fick {url!r}")
    obj = _load(data, file)
    if not isinstance(obj, dict):
        raise InputError(f"väntade ett JSON-objekt, fick {type(obj).__name__}", file=file)
    if shape is None:
        shape = "jsonstat2" if "dimension" in obj else "json" if "columns" in obj else None
        if shape is None:
            raise InputError("väntade ett PxWeb-svar: json-stat2 (id, size, dimension, value) "
                             "eller json (columns, data)", file=file)
    build = _jsonstat_table if shape == "jsonstat2" else _json_table
    table = build(obj, file, table_id, url)
    frame, details = to_tidy(table, file=file, area_version=area_version, area_code=area_code,
                             period=period, dash=dash)
    return Parsed(frame=frame, table_id=table.table_id, details=details)


def read_pxweb(data: bytes, *, file: str | None = None, table_id: str | None = None,
               url: str | None = None, area_version: str | None = None,
               area_code: str | None = None, period: str | None = None,
               dash: str | None = None) -> Parsed:
    """Read a PxWeb response (``json`` or ``json-stat2``, detected) into tidy rows.

    Parameters
    ----------
    data
        The response body.
    file
        A name for messages (a file name or the URL).
    table_id, url
        The table id, or the URL it was fetched from (``…/BefolkningNy`` or
        ``…/tables/TAB638/data``); json-stat2 responses carry their own.
    area_version
        Force the area version of the region codes (see :mod:`._scb_areas`).
    area_code, period
        The area and period of every row when the table has no region or time
        variable.
    """
    return _read(data, None, file=file, table_id=table_id, url=url, area_version=area_version,
                 area_code=area_code, period=period, dash=dash)


def read_pxweb_json(data: bytes, **options) -> Parsed:
    """:func:`read_pxweb` for the API v1 ``json`` shape only."""
    return _read(data, "json", **{**_DEFAULTS, **options})


def read_pxweb_jsonstat2(data: bytes, **options) -> Parsed:
    """:func:`read_pxweb` for the ``json-stat2`` shape only."""
    return _read(data, "jsonstat2", **{**_DEFAULTS, **options})


_DEFAULTS = {"file": None, "table_id": None, "url": None, "area_version": None,
             "area_code": None, "period": None, "dash": None}


def _head(data: bytes) -> bytes:
    return bytes(data[:4096]).lstrip(b"\xef\xbb\xbf \t\r\n")


def sniff_pxweb_jsonstat2(data: bytes, file: str) -> bool:
    """A JSON object with ``"class": "dataset"``, or with id, size and dimension."""
    head = _head(data)
    return head.startswith(b"{") and (
        re.search(rb'"class"\s*:\s*"dataset"', head) is not None
        or all(k in head for k in (b'"id"', b'"size"', b'"dimension"')))


def sniff_pxweb_json(data: bytes, file: str) -> bool:
    """A JSON object with ``columns`` (code/text/type) and ``data`` or ``comments``."""
    head = _head(data)
    return (head.startswith(b"{") and re.search(rb'"columns"\s*:\s*\[', head) is not None
            and b'"type"' in head and not sniff_pxweb_jsonstat2(data, file))


register(Format("pxweb-jsonstat2", "PxWeb-svar i json-stat2 (SCB:s API v1 och v2)",
                read_pxweb_jsonstat2, sniff_pxweb_jsonstat2))
register(Format("pxweb-json", "PxWeb-svar i json (SCB:s API v1, columns/data)",
                read_pxweb_json, sniff_pxweb_json))
