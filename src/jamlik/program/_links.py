"""Links that people type (evidence, examples, sources) are web addresses, nothing else.

A link ends up as ``<a href>`` in pages and in the annual report; only an absolute
http(s) address with a host is accepted, so ``javascript:``, ``data:``, ``file:``
and plain text such as "not a url" are refused with one message wherever a link is
entered: the web form, the API, the Excel follow-up template, the Python API.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from jamlik.errors import ArgumentError

__all__ = ["check_link", "is_web_link"]

MAX_LINK = 2000


def is_web_link(value: object) -> bool:
    """Whether ``value`` is an absolute http:// or https:// address with a host."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text or len(text) > MAX_LINK or any(c.isspace() or ord(c) < 32 for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def check_link(value: object, *, field: str) -> str:
    """``value`` stripped, when it is a web link; else ArgumentError naming ``field``.

    >>> check_link(" https://goteborg.se/rapport.pdf ", field="evidence_links[0]")
    'https://goteborg.se/rapport.pdf'
    """
    if is_web_link(value):
        return str(value).strip()
    shown = str(value)[:80]
    raise ArgumentError(f"{field}: {shown!r} är ingen webbadress; ange en länk som börjar med "
                        "http:// eller https://")
