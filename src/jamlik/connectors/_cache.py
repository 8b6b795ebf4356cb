"""An on-disk cache of API responses, so that an interrupted fetch resumes where it stopped.

Each part of a fetch (a page, a chunk of a split query) is written once it has arrived
whole, under a key made of everything that decides its content: the service, the URL, the
query and the table's update time. A fetch run again after a dropped connection or a
killed process reads the parts it already has and asks only for the rest; a table updated
in between gets new keys, so stale parts are never mixed with new ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

__all__ = ["ResponseCache", "cache_key"]


def cache_key(*parts: object) -> str:
    """A stable key for a response: the SHA-256 of the parts as canonical JSON.

    >>> cache_key("scb", "TAB1", {"b": [1], "a": 2}) == cache_key("scb", "TAB1", {"a": 2, "b": [1]})
    True
    """
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ResponseCache:
    """Responses as files under ``directory`` (created when first written).

    ``directory=None`` keeps nothing (every call fetches). Writes are atomic: a part is
    written to a temporary file in the same folder and renamed, so a part is either whole
    or absent.
    """

    def __init__(self, directory: str | os.PathLike | None) -> None:
        self.directory = None if directory is None else Path(directory)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / key

    def get(self, key: str) -> bytes | None:
        if self.directory is None:
            self.misses += 1
            return None
        try:
            data = self._path(key).read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, key: str, data: bytes) -> None:
        if self.directory is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
