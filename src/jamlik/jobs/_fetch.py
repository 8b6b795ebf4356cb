"""The use case "fetch": ask an API (:mod:`jamlik.connectors`), read what it answers
(:mod:`jamlik.ingest`) and write it as one batch (:mod:`jamlik.store`).

A fetch is one batch however many requests it took: the parts are parsed one by one,
joined and checked as one table, and written with a hash of all their bytes, so fetching
an unchanged table again is a no-op, and a table updated since is a new batch whose
revised values supersede the old ones (history kept).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pandas as pd
from sqlalchemy import Engine

from jamlik.config import get_settings
from jamlik.connectors import (
    KoladaQuery, PoliteClient, PxLimits, RateLimit, ResponseCache, fetch_kolada_pages,
    fetch_pxweb_parts, parse_selection, pxweb_limits, pxweb_table, split_selection,
)
from jamlik.errors import ArgumentError
from jamlik.ingest import check_frame, parse_file
from jamlik.store import BatchResult, write_batch

__all__ = ["FetchResult", "fetch_kolada", "fetch_scb"]


@dataclass
class FetchResult:
    """What a fetch did: the batch written, and how many parts came from the API or cache."""

    batch: BatchResult
    table_id: str | None
    parts: int
    from_cache: int
    updated: str | None = None


def _cache(directory: str | None) -> ResponseCache:
    chosen = get_settings().fetch_cache if directory is None else directory
    return ResponseCache(chosen or None)


def _client(client: httpx.Client | None) -> httpx.Client:
    return client if client is not None else httpx.Client(
        timeout=httpx.Timeout(60.0, connect=10.0), follow_redirects=True,
        headers={"User-Agent": "jamlik"})


def _write(engine: Engine, bodies: list[bytes], *, format: str, name: str, source: str,
           area_version: str | None, details: dict) -> tuple[BatchResult, str | None]:
    frames, table_id, warnings = [], None, []
    for number, body in enumerate(bodies, start=1):
        _, parsed, frame, _ = parse_file(f"{name} (del {number})", format=format, data=body,
                                         area_version=area_version)
        frame["_row"] = f"del {number}: " + frame["_row"].astype(str)
        frames.append(frame)
        table_id = table_id or parsed.table_id
        warnings += [w for w in parsed.details.get("warnings", []) if w not in warnings]
    frame = check_frame(pd.concat(frames, ignore_index=True), file=name)
    digest = hashlib.sha256(b"\0".join(bodies)).hexdigest()
    batch = write_batch(engine, frame, format=format, source=source, file_hash=digest,
                        table_id=table_id, details={**details, "warnings": warnings}, file=name)
    return batch, table_id


def fetch_scb(table: str, *, engine: Engine, select: list[str] | tuple[str, ...] = (),
              api: str = "v2", language: str = "sv", area_version: str | None = None,
              client: httpx.Client | None = None, cache_dir: str | None = None,
              progress: Callable[[int, int], None] | None = None) -> FetchResult:
    """Fetch a Statistics Sweden table through PxWeb (v2, or v1) and import it as one batch.

    Parameters
    ----------
    table : str
        A v2 table id (``TAB638``) or a v1 table path (``BE/BE0101/BE0101A/BefolkningNy``).
    select : list of str
        ``VARIABLE=CODE,CODE``, ``VARIABLE=*`` or ``VARIABLE=FROM..TO``; variables not named
        take all their values. The query is split under the API's cell limit.
    client : httpx.Client, optional
        Injected by tests and by callers behind a proxy; one with sane timeouts otherwise.
    cache_dir : str, optional
        Where parts are kept for resuming (the ``fetch_cache`` setting by default; ``""``
        keeps nothing).
    progress : callable(done, total), optional
        Called after each part.

    Raises
    ------
    jamlik.errors.ConnectorError
        The API refused, failed or could not be reached after retries.
    jamlik.errors.ArgumentError
        An unknown variable or code in ``select`` (the message lists what exists).
    jamlik.errors.InputError
        A part could not be read (names the part and the JSON path).
    """
    settings = get_settings()
    base = {"v2": settings.scb_url, "v1": settings.scb_v1_url}.get(api)
    if base is None:
        raise ArgumentError(f"api: väntade v2 eller v1, fick {api!r}")
    default = PxLimits(settings.pxweb_max_cells,
                       RateLimit(settings.pxweb_calls_per_window, settings.pxweb_window_seconds))
    polite = PoliteClient(_client(client), name="SCB", rate_limit=default.rate_limit)
    limits = pxweb_limits(polite, base_url=base, api=api, default=default)
    polite.rate_limit = limits.rate_limit
    meta = pxweb_table(polite, table, base_url=base, api=api, language=language)
    selection = parse_selection(list(select), meta)
    parts = split_selection(selection, max_cells=limits.max_cells)
    cache = _cache(cache_dir)
    bodies = fetch_pxweb_parts(polite, meta, parts, cache=cache, language=language,
                               progress=(lambda done: progress(done, len(parts))) if progress
                               else None)
    details = {"fetched_from": meta.url, "api": api, "updated": meta.updated, "parts": len(parts),
               "selection": selection}
    batch, table_id = _write(engine, bodies, format="pxweb-jsonstat2", name=meta.table_id,
                             source=meta.url, area_version=area_version, details=details)
    return FetchResult(batch, table_id or meta.table_id, len(parts), cache.hits, meta.updated)


def fetch_kolada(*, engine: Engine, kpis: list[str], years: list[int],
                 municipalities: list[str] | tuple[str, ...] = (),
                 units: list[str] | tuple[str, ...] = (), client: httpx.Client | None = None,
                 cache_dir: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> FetchResult:
    """Fetch KPIs from Kolada (v3) for municipalities/groups or units and import one batch.

    Every page is followed to the end; pages are cached under the KPIs' publication dates.
    Raises as :func:`fetch_scb`; ``progress(done, 0)`` is called per page (the number of
    pages is not known in advance).
    """
    settings = get_settings()
    query = KoladaQuery(kpis=list(kpis), years=list(years), municipalities=list(municipalities),
                        units=list(units))
    polite = PoliteClient(_client(client), name="Kolada",
                          rate_limit=RateLimit(settings.kolada_calls_per_window, 10.0))
    cache = _cache(cache_dir)
    pages = fetch_kolada_pages(polite, query, base_url=settings.kolada_url, cache=cache,
                               progress=(lambda done: progress(done, 0)) if progress else None)
    body = json.dumps(pages, ensure_ascii=False).encode("utf-8")
    details = {"fetched_from": settings.kolada_url, "kpis": list(kpis), "pages": len(pages)}
    batch, table_id = _write(engine, [body], format="kolada", name="Kolada " + ",".join(kpis),
                             source=settings.kolada_url, area_version=None, details=details)
    return FetchResult(batch, table_id, len(pages), cache.hits)
