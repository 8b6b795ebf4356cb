"""The chart library served from the package: Vega, Vega-Lite and vega-embed.

``vl-convert-python`` carries the three libraries; ``vl_convert.javascript_bundle()``
builds one self-contained script from them (a few seconds), so the bundle is built
once per installed version and kept in a cache folder (``$XDG_CACHE_HOME/jamlik`` or
``~/.cache/jamlik``). Its URL names the version, so browsers may cache it for good.
No CDN is ever used.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ._errors import ApiError

__all__ = ["bundle_path", "bundle_version", "ensure_bundle", "router"]

router = APIRouter(include_in_schema=False)
_lock = threading.Lock()


@lru_cache(maxsize=1)
def bundle_version() -> str:
    import vl_convert

    return f"{vl_convert.__version__}-vl{vl_convert.get_vegalite_versions()[-1]}".replace(
        "/", "_")


def bundle_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jamlik" / f"vega-bundle-{bundle_version()}.js"


def ensure_bundle() -> Path:
    """Build the bundle into the cache folder if it is not there yet; return its path."""
    path = bundle_path()
    if path.exists():
        return path
    with _lock:
        if not path.exists():
            import vl_convert

            text = vl_convert.javascript_bundle()
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)  # atomic: another process never reads half a file
    return path


@lru_cache(maxsize=1)
def _bundle_bytes() -> bytes:
    return ensure_bundle().read_bytes()


@lru_cache(maxsize=1)
def _bundle_gzip() -> bytes:
    import gzip

    return gzip.compress(_bundle_bytes(), compresslevel=9, mtime=0)


@router.get("/assets/vega-{version}.js")
def vega_bundle(version: str, request: Request):
    if version != bundle_version():
        raise ApiError(404, "okänd version av diagrambiblioteket")
    headers = {"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        # compressed once, not per request (GZipMiddleware leaves encoded bodies alone)
        return Response(_bundle_gzip(), media_type="text/javascript; charset=utf-8",
                        headers={**headers, "Content-Encoding": "gzip"})
    return Response(_bundle_bytes(), media_type="text/javascript; charset=utf-8",
                    headers=headers)
