"""HTTP fetchers for the statistics APIs (Kolada, Statistics Sweden's PxWeb).

Connectors fetch bytes politely (rate limit, retries, ``Retry-After``) and resumably
(an on-disk cache of every part); they parse nothing themselves: what they fetch goes to
the importers in :mod:`jamlik.ingest` through the fetch job in :mod:`jamlik.jobs`.
The HTTP client is always injected, so tests run against recorded responses and local
fake servers, never the internet.
"""

from ._cache import ResponseCache, cache_key
from ._http import PoliteClient, RateLimit, retry_after
from ._kolada import KoladaQuery, fetch_kolada_pages, kolada_urls, kpi_publication_dates
from ._pxweb import (
    PxLimits, PxTable, fetch_pxweb_parts, parse_selection, pxweb_limits, pxweb_table,
    split_selection,
)

__all__ = [
    "KoladaQuery", "PoliteClient", "PxLimits", "PxTable", "RateLimit", "ResponseCache", "cache_key",
    "fetch_kolada_pages", "fetch_pxweb_parts", "kolada_urls", "kpi_publication_dates",
    "parse_selection", "pxweb_limits", "pxweb_table", "retry_after", "split_selection",
]
