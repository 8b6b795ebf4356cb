"""Reading submitted form fields that are ids: one rule for every form.

A browser sends what the page offers, but a form can be posted by anything:
``organisations=abc``, ``organisations=²`` (a digit to ``str.isdigit`` yet not to
``int``), a 30-digit id, the same organisation twice. Each becomes a message on
its field (or, for duplicates, one id), never a server error or an overflow in
the database.
"""

from __future__ import annotations

from fastapi import Depends, Request
from starlette.exceptions import HTTPException

from ._i18n import gettext as _

__all__ = ["MAX_ID", "POSTED_FORM", "form_id", "form_ids", "posted_form"]

#: the largest id the store holds (a 32-bit signed integer in PostgreSQL)
MAX_ID = 2_147_483_647


def _parse(value) -> int | None:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def form_ids(form, name: str) -> tuple[list[int], list[dict]]:
    """The ids of a multi-valued field, each once, in the order given, and the problems."""
    ids, bad = [], []
    for value in form.getlist(name):
        if str(value).strip() == "":
            continue
        number = _parse(value)
        if number is None:
            bad.append(str(value)[:40])
        elif number not in ids:
            ids.append(number)
    errors = [{"field": name, "message": _("%(value)s är inget giltigt id (ett heltal från 1 "
                                           "till %(max)d).") % {"value": value, "max": MAX_ID}}
              for value in bad]
    return ids, errors


def form_id(form, name: str) -> tuple[int | None, list[dict]]:
    """One optional id field: None when empty, else the id or a problem."""
    value = form.get(name)
    if value is None or str(value).strip() == "":
        return None, []
    number = _parse(value)
    if number is None:
        return None, [{"field": name, "message": _(
            "%(value)s är inget giltigt id (ett heltal från 1 till %(max)d).") % {
            "value": str(value)[:40], "max": MAX_ID}}]
    return number, []


async def posted_form(request: Request):
    """The submitted form, read on the event loop (a dependency).

    Routes that take it are plain functions, so FastAPI runs their database work,
    password hashing and imports in a worker thread: the event loop stays free to
    answer every other visitor meanwhile.
    """
    try:
        return await request.form()
    except ExceptionGroup as group:
        # a middleware's task group wraps the body limit's 413: answer it, not a 500
        limit, _rest = group.split(HTTPException)
        while isinstance(limit, ExceptionGroup):
            limit = limit.exceptions[0]
        if limit is None:
            raise
        raise limit from None


#: ``form = POSTED_FORM`` in a route's parameters
POSTED_FORM = Depends(posted_form)
