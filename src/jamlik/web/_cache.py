"""A response cache in front of the app for visitors who are not signed in.

Public pages and API answers depend only on the URL, the language and the data,
so once rendered they are kept as bytes (plain and gzip) under the URL, the
language and the data version, and served again without routing, querying or
rendering. An endpoint opts in by sending the header ``x-jamlik-cache: public``
(removed before the response leaves). Requests with a session cookie, other
methods than GET, and language switches (which set a cookie) always reach the app.

The data version is read at most once a second per process, so a change in the
store shows on the public pages within a second.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

__all__ = ["LIMIT_ENTRIES", "MARK", "MAX_KEY", "ResponseCache"]

MARK = b"x-jamlik-cache"
LIMIT_BYTES = 256 * 1024 * 1024
#: stored responses at most (a bound of its own: many tiny answers fill no bytes budget)
LIMIT_ENTRIES = 4096
#: a longer path and query is never stored (query-string padding must not grow memory)
MAX_KEY = 1024
SKIP = ("/static/", "/assets/", "/api/docs/assets/")


class _Store:
    def __init__(self) -> None:
        self.items: OrderedDict = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.version = None

    def current(self, version) -> None:
        """Drop every response of an older data version: its key can never be asked
        for again, and an import would otherwise leave a full copy of the pages behind."""
        if version != self.version:
            with self.lock:
                if version != self.version:
                    self.items.clear()
                    self.size = 0
                    self.version = version

    def get(self, key):
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key, value) -> None:
        size = len(value[2]) + len(value[3])
        with self.lock:
            if key in self.items:
                return
            self.items[key] = value
            self.size += size
            while (self.size > LIMIT_BYTES or len(self.items) > LIMIT_ENTRIES) and self.items:
                _, old = self.items.popitem(last=False)
                self.size -= len(old[2]) + len(old[3])


def _cookies(headers: list) -> dict[str, str]:
    out = {}
    for name, value in headers:
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, val = part.strip().partition("=")
                out[key] = val
    return out


class ResponseCache:
    """ASGI middleware: serve stored public responses, store new ones."""

    def __init__(self, app, version) -> None:
        self.app = app
        self.version = version  # callable → the current data version
        self.store = _Store()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or any(
                scope["path"].startswith(p) for p in SKIP):
            return await self.app(scope, receive, send)
        headers = scope["headers"]
        cookies = _cookies(headers)
        query = scope.get("query_string", b"")
        if ("jamlik_session" in cookies or b"lang=" in query
                or len(scope["path"]) + len(query) > MAX_KEY):
            return await self.app(scope, receive, send)
        wants_gzip = any(name == b"accept-encoding" and b"gzip" in value
                         for name, value in headers)
        key = (scope["path"], query, cookies.get("jamlik_lang", ""), self.version())
        self.store.current(key[3])
        found = self.store.get(key)
        if found is not None:
            status, response_headers, plain, packed = found
            tag = dict(response_headers).get(b"etag")
            if tag is not None and any(name == b"if-none-match" and tag in value
                                       for name, value in headers):
                # the browser has these bytes already (the map's shapes file)
                await send({"type": "http.response.start", "status": 304, "headers": [
                    (n, v) for n, v in response_headers if n in (b"etag", b"cache-control")]})
                await send({"type": "http.response.body", "body": b""})
                return
            body = packed if wants_gzip and packed else plain
            extra = [(b"content-encoding", b"gzip")] if body is packed else []
            await send({"type": "http.response.start", "status": status,
                        "headers": response_headers + extra + [
                            (b"content-length", str(len(body)).encode()),
                            (b"vary", b"Accept-Encoding, Cookie")]})
            await send({"type": "http.response.body",
                        "body": b"" if scope["method"] == "HEAD" else body})
            return
        # the inner app answers uncompressed, so that the stored bytes are plain
        inner = dict(scope, headers=[(n, v) for n, v in headers if n != b"accept-encoding"])
        captured: dict = {"start": None, "chunks": [], "cache": False}

        async def capture(message):
            if message["type"] == "http.response.start":
                names = [n.lower() for n, _ in message.get("headers", [])]
                # a response that sets a cookie is somebody's own, never shared
                captured["cache"] = (message["status"] == 200 and MARK in names
                                     and b"set-cookie" not in names)
                captured["start"] = message
                return  # held back until the whole body is known
            captured["chunks"].append(message.get("body", b""))
            if message.get("more_body"):
                return
            await self._finish(key, captured, wants_gzip, scope, send)

        await self.app(inner, receive, capture)

    async def _finish(self, key, captured, wants_gzip, scope, send) -> None:
        start = captured["start"]
        plain = b"".join(captured["chunks"])
        kept = [(n, v) for n, v in start.get("headers", [])
                if n.lower() not in (MARK, b"content-length", b"content-encoding", b"vary")]
        packed = b""
        if captured["cache"] or (wants_gzip and len(plain) > 1000):
            packed = gzip.compress(plain, compresslevel=6) if len(plain) > 1000 else b""
        if captured["cache"] and key[3] == self.store.version:  # not one made stale meanwhile
            self.store.put(key, (start["status"], kept, plain, packed))
        body = packed if wants_gzip and packed else plain
        extra = [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")] \
            if body is packed and packed else []
        await send({"type": "http.response.start", "status": start["status"],
                    "headers": kept + extra + [(b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})
