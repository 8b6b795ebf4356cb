"""Kolada (api.kolada.se, RKA's key-figure database) data responses → tidy table.

Kolada answers a data query (``/data/kpi/N00945/municipality/1480/year/2023``,
``/oudata/...`` for organisational units) with pages of the shape::

    {"count": 2, "values": [
        {"kpi": "N00945", "municipality": "1480", "period": 2023,
         "values": [{"count": 1, "gender": "T", "status": "", "value": 12.3}, ...]},
        ...],
     "next_page": "https://api.kolada.se/v2/...?page=2"}

Version 2 links pages with ``next_page``/``previous_page`` and documents ``count``
as the number of entries in ``values`` (github.com/Hypergene/kolada, README.rst,
sections "Routes" and "Query data"). Version 3 (released 2025-04-04, kolada.se/om-oss/api)
keeps the entries (``kpi``, ``municipality`` or ``ou``, ``period`` as a number, and
``values`` with ``gender``, ``count``, ``status``, ``value``) and links pages with
``next_url``/``previous_url`` (as public v3 clients follow them, e.g. a pipeline that
pages ``/v3/data/kpi/{kpi}/year/...`` via ``next_url``). Both are read here; a file
holds one page or a JSON array of pages, and a page set that is visibly incomplete
(an unfollowed next link, or fewer entries than a page's ``count``) is refused
rather than half imported.

Mapping to the tidy columns:

* ``kpi`` → ``indicator`` (e.g. ``N00945``), ``source`` ``"Kolada"``.
* ``gender`` T → dimension/subgroup ``total``; K → ``kon``/``kvinnor``; M → ``kon``/``man``.
* ``status`` non-empty with ``value`` null → ``suppressed`` with the status as reason
  (never zero); ``value`` null without status → suppressed, reason "värde saknas i
  Kolada"; a status next to a value is kept as ``flag``.
* ``count`` (members behind a municipality group's unweighted mean) → extra column
  ``kolada_count``.
* Area ids: ``0000`` → Riket (area_code ``00``, version ``Riket``); ``00NN`` →
  region/län NN, mapped to area_code ``NN``, version ``Lan_2025``, because Kolada
  gives regions their county code behind ``00`` and the 21 county codes are those of
  the 2025 division; ``NNNN`` → kommun, version ``Kommun_2025``; ``G…`` → Kolada's
  municipality groups, version ``Kolada_grupp``; organisational units (``ou``) keep
  their id, version ``Kolada_OU``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pandas as pd

from jamlik.errors import InputError

from ._base import Format, Parsed, location, register
from ._tidy import TOTAL

__all__ = ["KOLADA_SOURCE", "read_kolada", "parse_kolada"]

KOLADA_SOURCE = "Kolada"
_GENDERS = {
    "T": (TOTAL, None, TOTAL, None),
    "K": ("kon", "Kön", "kvinnor", "Kvinnor"),
    "M": ("kon", "Kön", "man", "Män"),
}
_COUNTIES_2025 = frozenset(
    "01 03 04 05 06 07 08 09 10 12 13 14 17 18 19 20 21 22 23 24 25".split())
_INCOMPLETE = ("svaret är ofullständigt: {what}; hämta alla sidor och spara dem "
               "tillsammans som en JSON-lista av sidor")


def _area(code: str, unit: str) -> tuple[str, str, str] | None:
    """(area_code, area_version, area_level) of a Kolada id, or None if unknown.

    >>> _area("0014", "municipality"), _area("1480", "municipality")
    (('14', 'Lan_2025', 'lan'), ('1480', 'Kommun_2025', 'kommun'))
    """
    if unit == "ou":
        return (code, "Kolada_OU", "enhet") if code.strip() == code and code else None
    if code == "0000":
        return "00", "Riket", "riket"
    if re.fullmatch(r"00[0-9][0-9]", code):
        return (code[2:], "Lan_2025", "lan") if code[2:] in _COUNTIES_2025 else None
    if re.fullmatch(r"[0-9]{4}", code):
        return code, "Kommun_2025", "kommun"
    if re.fullmatch(r"G[0-9]+", code):
        return code, "Kolada_grupp", "kommungrupp"
    return None


def _reject_constant(name: str):
    raise ValueError(f"ogiltigt tal {name}")


def _load(data: bytes, file: str | None) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise InputError("väntade JSON i UTF-8, fick annan kodning eller binärdata",
                         file=file) from None
    except RecursionError:
        raise InputError("JSON-strukturen är för djupt nästlad", file=file) from None
    except ValueError as error:
        raise InputError(f"väntade JSON: {error}", file=file) from None


def read_kolada(data: bytes, *, file: str | None = None, **_options) -> Parsed:
    """Read a saved Kolada data response (one page or a JSON array of pages).

    Options such as ``area_version`` are ignored: Kolada's ids say which
    classification an area belongs to.
    """
    return parse_kolada(_load(data, file), file=file)


def parse_kolada(pages: Any, *, file: str | None = None) -> Parsed:
    """Turn Kolada data pages (a page dict or a list of them) into a tidy table.

    ``details`` keeps the API version seen (``v2``/``v3``), the number of pages
    and entries, the KPI ids, and the counts that are not 1 (municipality groups).
    """
    single = isinstance(pages, dict)
    pages = [pages] if single else pages
    if not isinstance(pages, list) or not pages:
        raise InputError('väntade ett Kolada-svar {"count": …, "values": […]} eller en '
                         "JSON-lista av sådana sidor", file=file)
    rows: list[dict[str, Any]] = []
    counts: list[int] = []
    entries = 0
    for number, page in enumerate(pages):
        prefix = "" if single else f"[{number}]."
        values = page.get("values") if isinstance(page, dict) else None
        if not isinstance(values, list):
            raise InputError('väntade en sida med listan "values"', file=file,
                             row=prefix.rstrip(".") or None)
        count = page.get("count")
        if count is not None:
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise InputError(f"väntade ett heltal ≥ 0, fick {count!r}", file=file,
                                 row=prefix.rstrip(".") or None, column="count")
            counts.append(count)
        entries += len(values)
        for index, entry in enumerate(values):
            rows.extend(_entry_rows(entry, f"{prefix}values[{index}]", file))
    _check_complete(pages, single, counts, entries, file)
    if not rows:
        raise InputError("svaret innehåller inga värden", file=file)
    frame = _frame(rows)
    _check_duplicates(frame, file)
    kpis = sorted(frame["indicator"].unique())
    links = {key for page in pages for key in page
             if isinstance(key, str) and key.endswith(("_page", "_url"))}
    version = "v3" if links & {"next_url", "previous_url"} else "v2" if links else None
    # The store keeps only the tidy columns; members behind a group mean also go with the batch.
    groups = frame[frame["kolada_count"].fillna(1) != 1]
    group_counts = [{"kpi": k, "area_code": a, "period": p, "subgroup": g, "count": int(c)}
                    for k, a, p, g, c in groups[["indicator", "area_code", "period", "subgroup",
                                                 "kolada_count"]].itertuples(index=False)]
    details = {"api_version": version, "pages": len(pages), "entries": entries, "kpis": kpis,
               "counts": group_counts}
    return Parsed(frame, table_id=kpis[0] if len(kpis) == 1 else None, details=details)


def _check_complete(pages, single, counts, entries, file):
    link = pages[-1].get("next_page") or pages[-1].get("next_url")
    if link:
        raise InputError(_INCOMPLETE.format(what=f"nästa sida ({link}) finns inte i filen"),
                         file=file, row=None if single else f"[{len(pages) - 1}]")
    if counts and entries < max(counts):
        raise InputError(_INCOMPLETE.format(
            what=f"count anger {max(counts)} poster men filen innehåller {entries}"), file=file)


def _entry_rows(entry: Any, path: str, file: str | None) -> list[dict[str, Any]]:
    if not isinstance(entry, dict) or "kpi" not in entry:
        raise InputError('väntade en datapost med "kpi", "municipality" eller "ou", '
                         '"period" och "values" (är det ett metadatasvar?)', file=file, row=path)
    unit = "ou" if "ou" in entry else "municipality"
    kpi, code, period = entry.get("kpi"), entry.get(unit), entry.get("period")
    if not isinstance(kpi, str) or not re.fullmatch(r"[A-Z]+[0-9]+", kpi):
        raise InputError(f"väntade ett nyckeltals-id som 'N00945', fick {kpi!r}", file=file,
                         row=path, column="kpi")
    area = _area(code, unit) if isinstance(code, str) else None
    if area is None:
        expected = ("en enhets-id" if unit == "ou" else
                    "'0000' (riket), '00NN' (region), 'NNNN' (kommun) eller 'G…' (kommungrupp)")
        raise InputError(f"väntade {expected}, fick {code!r}", file=file, row=path, column=unit)
    if isinstance(period, bool) or not re.fullmatch(r"[0-9]{4}", str(period)):
        raise InputError(f"väntade ett år med fyra siffror, fick {period!r}", file=file,
                         row=path, column="period")
    values = entry.get("values")
    if not isinstance(values, list):
        raise InputError('väntade listan "values" med ett värde per kön', file=file, row=path)
    base = {"indicator": kpi, "area_code": area[0], "area_version": area[1],
            "area_level": area[2], "period": str(period), "source": KOLADA_SOURCE}
    return [_value_row(base, value, f"{path}.values[{number}]", file)
            for number, value in enumerate(values)]


def _value_row(base: dict, value: Any, path: str, file: str | None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError('väntade ett objekt med "gender" och "value"', file=file, row=path)
    gender = value.get("gender")
    if not isinstance(gender, str) or gender not in _GENDERS:
        raise InputError(f"väntade kön T, K eller M, fick {gender!r}", file=file, row=path,
                         column="gender")
    number, status, count = value.get("value"), value.get("status"), value.get("count")
    if number is not None and (isinstance(number, bool) or not isinstance(number, (int, float))):
        raise InputError(f"väntade ett tal eller null, fick {number!r}", file=file, row=path,
                         column="value")
    if status is not None and not isinstance(status, str):
        raise InputError(f"väntade text, fick {status!r}", file=file, row=path, column="status")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)
                              or not 0 <= count < 2**31):
        raise InputError(f"väntade ett heltal ≥ 0, fick {count!r}", file=file, row=path,
                         column="count")
    if number is not None and not _finite(number):
        raise InputError(f"väntade ett ändligt tal, fick {number!r}", file=file, row=path,
                         column="value")
    status = (status or "").strip() or None
    dimension, dimension_name, subgroup, subgroup_name = _GENDERS[gender]
    missing = number is None
    return {**base, "dimension": dimension, "dimension_name": dimension_name,
            "dimension_ordered": False if dimension != TOTAL else None,
            "subgroup": subgroup, "subgroup_name": subgroup_name,
            "value": np.nan if missing else float(number), "suppressed": missing,
            "suppression_reason": (status or "värde saknas i Kolada") if missing else None,
            "flag": None if missing else status, "kolada_count": count, "_row": path}


def _finite(number: int | float) -> bool:
    try:
        return bool(np.isfinite(float(number)))
    except OverflowError:
        return False


_TEXT = ("indicator", "area_code", "area_version", "area_level", "period", "source",
         "dimension", "dimension_name", "subgroup", "subgroup_name", "suppression_reason",
         "flag", "_row")


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*_TEXT, "dimension_ordered", "value", "suppressed",
                                        "kolada_count"])
    for column in _TEXT:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["value"] = frame["value"].astype(float)
    frame["suppressed"] = frame["suppressed"].astype("boolean")
    frame["dimension_ordered"] = frame["dimension_ordered"].astype("boolean")
    frame["kolada_count"] = frame["kolada_count"].astype("Int64")
    return frame


def _check_duplicates(frame: pd.DataFrame, file: str | None) -> None:
    key = frame[["indicator", "area_version", "area_code", "period", "subgroup"]]
    duplicated = np.flatnonzero(key.duplicated().to_numpy())
    if duplicated.size:
        second = int(duplicated[0])
        same = key.eq(key.iloc[second]).all(axis=1).to_numpy()
        first = int(np.flatnonzero(same)[0])
        raise InputError(f"samma kpi, område, år och kön som {frame['_row'].iloc[first]}",
                         file=file, row=location(frame["_row"].iloc[second]))


def _sniff(data: bytes, file: str) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return (head[:1] in (b"{", b"[") and b'"kpi"' in head and b'"period"' in head
            and (b'"municipality"' in head or b'"ou"' in head))


register(Format("kolada", "Kolada-svar i JSON (api.kolada.se v2 eller v3)", read_kolada, _sniff))
