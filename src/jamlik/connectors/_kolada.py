"""Fetch Kolada (the Swedish municipalities' and regions' database, api.kolada.se v3).

A query names KPIs, municipalities (or municipality groups, ``G…``) or organisational
units, and years. Kolada answers in pages linked by ``next_url``; every page is followed
to the end and cached, keyed by the URL and the KPIs' publication dates, so a fetch that
was interrupted resumes and a KPI republished since the last fetch is fetched anew.
The pages go to :func:`jamlik.ingest.parse_kolada` unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from jamlik.errors import ArgumentError, ConnectorError

from ._cache import ResponseCache, cache_key
from ._http import PoliteClient

__all__ = ["KoladaQuery", "fetch_kolada_pages", "kolada_urls"]

_KPI = re.compile(r"^[NU]\d{5}$")
_MUNICIPALITY = re.compile(r"^(\d{4}|\d{2}|0000|G\d{1,9})$")
_UNIT = re.compile(r"^V\d{2}E\d{9}$|^[A-Z0-9]{5,20}$")
# Kolada v3 accepts comma-separated ids; URLs are kept short by sending at most this many.
_IDS_PER_URL = 20
_YEARS_PER_URL = 30


@dataclass(frozen=True)
class KoladaQuery:
    """What to fetch from Kolada.

    Exactly one of ``municipalities`` (municipality, county or group ids such as
    ``"1480"``, ``"14"``, ``"G124026"``) and ``units`` (organisational-unit ids such as
    ``"V15E148000301"``) is given; ``years`` are calendar years.
    """

    kpis: Sequence[str]
    years: Sequence[int]
    municipalities: Sequence[str] = field(default_factory=tuple)
    units: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        _check_ids(self.kpis, _KPI, "kpi", "ett Kolada-nyckeltal som N00945 eller U15010")
        if bool(self.municipalities) == bool(self.units):
            raise ArgumentError("ange antingen municipality (kommuner, län eller grupper) eller "
                                "ou (organisatoriska enheter), inte båda och inte ingetdera")
        if self.municipalities:
            _check_ids(self.municipalities, _MUNICIPALITY, "municipality",
                       "en kommunkod (1480), länskod (14), 0000 för riket eller en grupp (G124026)")
        else:
            _check_ids(self.units, _UNIT, "ou", "en Kolada-enhet som V15E148000301")
        if not self.years:
            raise ArgumentError("years: ange minst ett år")
        for year in self.years:
            if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
                raise ArgumentError(f"years: väntade årtal mellan 1900 och 2100, fick {year!r}")


def _check_ids(ids: Sequence[str], pattern: re.Pattern, name: str, what: str) -> None:
    if isinstance(ids, str):
        raise ArgumentError(f"{name}: väntade en lista av id:n, fick en sträng {ids!r}")
    for value in ids:
        if not isinstance(value, str) or not pattern.match(value):
            raise ArgumentError(f"{name}: väntade {what}, fick {value!r}")


def _batches(values: Sequence, size: int) -> list[list]:
    values = list(dict.fromkeys(values))
    return [values[start:start + size] for start in range(0, len(values), size)]


def kolada_urls(query: KoladaQuery, *, base_url: str, per_page: int = 5000) -> list[str]:
    """The v3 data URLs for ``query``, split so that no URL names too many ids.

    >>> q = KoladaQuery(kpis=["N00945"], municipalities=["1480", "0180"], years=[2022, 2023])
    >>> kolada_urls(q, base_url="https://api.kolada.se/v3")
    ['https://api.kolada.se/v3/data/kpi/N00945/municipality/1480,0180/year/2022,2023?per_page=5000']
    """
    base = base_url.rstrip("/")
    kind, places = ("municipality", query.municipalities) if query.municipalities else ("ou", query.units)
    prefix = "data" if kind == "municipality" else "oudata"
    urls = []
    for kpis in _batches(query.kpis, _IDS_PER_URL):
        for chunk in _batches(places, _IDS_PER_URL):
            for years in _batches(sorted(query.years), _YEARS_PER_URL):
                urls.append(f"{base}/{prefix}/kpi/{','.join(kpis)}/{kind}/{','.join(chunk)}"
                            f"/year/{','.join(map(str, years))}?per_page={per_page}")
    return urls


def _json(response, url: str) -> dict:
    try:
        page = response.json()
    except ValueError:
        raise ConnectorError(f"Kolada svarade inte med JSON för {url}") from None
    if not isinstance(page, dict):
        raise ConnectorError(f"väntade ett JSON-objekt från Kolada för {url}")
    return page


def kpi_publication_dates(client: PoliteClient, kpis: Sequence[str], *, base_url: str) -> dict:
    """Each KPI's publication date (Kolada's ``publication_date``), or ``None`` if not given."""
    dates: dict[str, str | None] = {}
    for batch in _batches(kpis, _IDS_PER_URL):
        url = f"{base_url.rstrip('/')}/kpi/{','.join(batch)}"
        page = _json(client.get(url), url)
        for entry in page.get("values") or []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                dates[entry["id"]] = entry.get("publication_date")
    missing = sorted(set(kpis) - set(dates))
    if missing:
        raise ConnectorError(f"Kolada känner inte till nyckeltalen {', '.join(missing)}")
    return dates


def fetch_kolada_pages(client: PoliteClient, query: KoladaQuery, *, base_url: str,
                       cache: ResponseCache, max_pages: int = 10_000,
                       progress: Callable[[int], None] | None = None) -> list[dict]:
    """Every page of every URL of ``query``, following ``next_url`` to the end.

    Returns the pages in order (parsed JSON), ready for
    :func:`jamlik.ingest.parse_kolada`. Pages come from ``cache`` when an earlier
    fetch got them for the same KPIs' publication dates. ``progress(n)`` is called with
    the number of pages done after each page.
    """
    dates = kpi_publication_dates(client, query.kpis, base_url=base_url)
    pages: list[dict] = []
    for url in kolada_urls(query, base_url=base_url):
        current: str | None = url
        seen: set[str] = set()
        while current:
            if current in seen or len(pages) >= max_pages:
                raise ConnectorError(f"Kolada slutar inte länka till nya sidor ({current}); "
                                     f"avbröt efter {len(pages)} sidor")
            seen.add(current)
            key = cache_key("kolada", current, sorted(dates.items(), key=lambda item: item[0]))
            body = cache.get(key)
            if body is None:
                response = client.get(current)
                page = _json(response, current)
                cache.put(key, response.content)
            else:
                page = json.loads(body)
            pages.append(page)
            if progress is not None:
                progress(len(pages))
            link = page.get("next_url") or page.get("next_page")
            if link is not None and not isinstance(link, str):
                raise ConnectorError(f"väntade en webbadress som nästa sida, fick {link!r}")
            current = str(httpx.URL(current).join(link)) if link else None
    return pages
