"""Request bodies are limited while they stream in, not after they have been read.

An upload larger than the limit is refused as soon as its declared length or its
bytes so far exceed it (413 in the one error shape), so no request can fill the
memory or the disk of the server before a route sees it.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException

from ._admin import MAX_UPLOAD
from ._i18n import gettext as _

__all__ = ["BodyLimit", "UPLOAD_PATHS", "limit_for"]

#: paths that take a file; every other body (forms, JSON) is small
UPLOAD_PATHS = ("/admin/import", "/api/v1/admin/imports")
#: room for the multipart envelope and the other fields of an upload form
ENVELOPE = 1024 * 1024
FORM_LIMIT = 1024 * 1024


def limit_for(path: str) -> int:
    return MAX_UPLOAD + ENVELOPE if path in UPLOAD_PATHS else FORM_LIMIT


def _too_large(limit: int) -> HTTPException:
    return HTTPException(413, _("Det som skickades är större än %(mb)d MB.") % {
        "mb": max(limit // (1024 * 1024), 1)})


class BodyLimit:
    """ASGI middleware: refuse a body past :func:`limit_for` its path while streaming."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        limit = limit_for(scope["path"])
        declared = next((value for name, value in scope["headers"]
                         if name == b"content-length"), None)
        state = {"seen": 0, "declared_checked": False}

        async def limited():
            if not state["declared_checked"]:
                state["declared_checked"] = True
                if declared is not None and declared.isdigit() and int(declared) > limit:
                    raise _too_large(limit)
            message = await receive()
            if message["type"] == "http.request":
                state["seen"] += len(message.get("body", b""))
                if state["seen"] > limit:
                    raise _too_large(limit)
            return message

        await self.app(scope, limited, send)
